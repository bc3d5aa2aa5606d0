"""A TF-IDF space over the prototype texts: how close a profile's text is to each kind of account.

The vectorizer is fitted once per process on the prototypes from ``keywords`` plus a little generic
background text (so everyday words get a low weight) and then reused; it is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from scout_core.scoring.keywords import AI_BUILDER_PROTOTYPE, BACKGROUND_TEXTS, CLASS_PROTOTYPES

AI_BUILDER = "ai_builder"
MAX_SEMANTIC_CHARS = 20_000  # beyond this a profile's text adds no meaning, only cost


@dataclass(frozen=True, eq=False)  # hashed by identity: the similarity cache keys on it
class SemanticSpace:
    vectorizer: TfidfVectorizer
    labels: tuple[str, ...]
    prototypes: csr_matrix  # one L2-normalised row per label

    def similarities(self, text: str) -> dict[str, float]:
        """Cosine similarity of ``text`` to every prototype (rows are unit length, so a dot product)."""
        text = text[:MAX_SEMANTIC_CHARS]
        if not text.strip():
            return dict.fromkeys(self.labels, 0.0)
        return dict(zip(self.labels, self._scores(text), strict=True))

    @lru_cache(maxsize=64)  # noqa: B019 - one space per process; scoring then classifying reuses the result
    def _scores(self, text: str) -> tuple[float, ...]:
        vector = self.vectorizer.transform([text])
        return tuple(float(score) for score in (self.prototypes @ vector.T).toarray().ravel())


@lru_cache(maxsize=1)
def semantic_space() -> SemanticSpace:
    labels = (AI_BUILDER, *(str(label) for label in CLASS_PROTOTYPES))
    texts = [AI_BUILDER_PROTOTYPE, *CLASS_PROTOTYPES.values()]
    vectorizer = TfidfVectorizer(
        lowercase=True, ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
        token_pattern=r"(?u)\b\w[\w.+-]*\w\b",
    )
    vectorizer.fit([*texts, *BACKGROUND_TEXTS])
    return SemanticSpace(vectorizer=vectorizer, labels=labels, prototypes=vectorizer.transform(texts))
