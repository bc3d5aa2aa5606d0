"""Level 4: fuzzy name + bio similarity (rapidfuzz), compared only within blocks.

Fuzzy similarity never merges on its own. It corroborates explicit evidence whose names tell us nothing
(a GitHub account without a name declaring an X handle), and it ranks same-name, same-block pairs on
different platforms as suggestions for an operator to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from scout_core.identity.evidence import Node
from scout_core.identity.names import NameMatch, compare_names, fold, name_block

_STOPWORDS = frozenset(
    "a an and at for from in of on or the to with my i me we our your you is are be by it its this that as "
    "about into over so not but all just new more most now".split()
)
_URLISH = re.compile(r"\S*(?:https?://|www\.|\.com|\.ai|\.io|\.dev|\.co)\S*", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def bio_words(bio: str | None) -> str:
    """The bio's content words, sorted and de-duplicated (links dropped: they are evidence, not style)."""
    if not bio:
        return ""
    words = {w for w in fold(_URLISH.sub(" ", bio)).split() if len(w) > 2 and w not in _STOPWORDS}
    return " ".join(sorted(words))


def bio_similarity(a: str | None, b: str | None) -> float:
    """0-1: how much two bios talk about the same things (0 when either has nothing to say)."""
    left, right = bio_words(a), bio_words(b)
    if not left or not right:
        return 0.0
    return fuzz.token_set_ratio(left, right) / 100.0


@dataclass(frozen=True, slots=True)
class FuzzyScore:
    names: NameMatch
    name_similarity: float
    bio_similarity: float

    @property
    def score(self) -> float:
        return round(0.6 * self.name_similarity + 0.4 * self.bio_similarity, 3)

    def describe(self) -> str:
        return (f"names {self.names.name.lower()} ({self.name_similarity:.2f}), "
                f"bios {self.bio_similarity:.2f}")


def fuzzy_score(a: Node, b: Node) -> FuzzyScore:
    names, similarity = compare_names(a.name, b.name)
    return FuzzyScore(names, similarity, bio_similarity(a.bio, b.bio))


def block_of(node: Node) -> str | None:
    """The node's name block (surname + first initial); None when it has no full name to block on."""
    return name_block(node.name)
