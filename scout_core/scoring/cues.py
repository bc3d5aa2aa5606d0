"""Class cues as the person says them: each match weighted by the voice of its sentence.

A cue in the bio counts ``1 + BIO_CUE_BOOST`` (how people describe themselves is the strongest signal),
in their own post sentence 1, in a neutral one half, in a sentence about others, a quote or a repost
nothing. A role noun ("founder", "PhD", "investor") in a post counts only when the author names
themselves with it. Two cues have no words of their own: a cashtag ("$ZEPHY", token promotion) and a
money claim ("$5,000/month", "$500 daily") both count for noise.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from scout_core.schema import Classification
from scout_core.scoring.keywords import CLASS_CUES, ROLE_CUES
from scout_core.scoring.lexicon_i18n import CLASS_CUES_I18N, ROLE_CUES_I18N
from scout_core.scoring.signals import ProfileSignals, TermMatcher
from scout_core.scoring.voice import Sentence, Voice, self_identified

BIO_CUE_BOOST = 1.0  # extra weight of a cue in the bio over the same cue in the person's own post
_CASHTAG = re.compile(r"(?<![\w$])\$[A-Za-z][A-Za-z0-9]{1,9}\b")
_MONEY_CLAIM = re.compile(
    r"\$\s?\d[\d,.]*\s?[kKmM]?\+?\s*(?:/|per\s+|a\s+|an\s+|in\s+\d+\s+)?(?:hr|hour|day|daily|week|weekly|month|"
    r"monthly|mo|year|days|hours)\b", re.IGNORECASE)


def class_weights() -> dict[Classification, dict[str, float]]:
    """Every class's cues and their weights, English and the other languages."""
    return {label: {**cues, **CLASS_CUES_I18N.get(label, {})} for label, cues in CLASS_CUES.items()}


@lru_cache(maxsize=1)
def cue_matchers() -> dict[Classification, TermMatcher]:
    return {label: TermMatcher({cue: () for cue in cues}) for label, cues in class_weights().items()}


@dataclass(frozen=True)
class CueEvidence:
    """Per class: cue -> weighted count, and the part of it said in posts (activity, not a title)."""

    hits: dict[Classification, dict[str, float]]
    in_posts: dict[Classification, float]

    def strength(self, label: Classification) -> float:
        """Sum of cue weights; a repeated cue counts a little more (square root, capped at three uses)."""
        weights = class_weights()[label]
        return sum(weights[cue] * math.sqrt(min(count, 3.0)) for cue, count in self.hits[label].items())

    def top(self, label: Classification, limit: int = 6) -> list[str]:
        weights = class_weights()[label]
        found = self.hits[label]
        return sorted(found, key=lambda cue: (-weights[cue] * found[cue], cue))[:limit]


def cue_evidence(signals: ProfileSignals) -> CueEvidence:
    hits: dict[Classification, dict[str, float]] = {label: defaultdict(float) for label in Classification}
    in_posts: dict[Classification, float] = dict.fromkeys(Classification, 0.0)
    for sentence in signals.sentences:
        if sentence.voice is Voice.OTHER:
            continue
        for label, matcher in cue_matchers().items():
            for cue, start in matcher.matches(sentence.text):
                weight = _weight(sentence, cue, start)
                if weight:
                    hits[label][cue] += weight
                    if sentence.where.startswith("post") and cue not in ROLE_CUES:
                        in_posts[label] += weight * class_weights()[label][cue]
        noise = _noise_marks(sentence)
        for cue, n in noise.items():
            hits[Classification.NOISE][cue] += n * sentence.weight * (1 + _bio_boost(sentence))
    return CueEvidence({k: dict(v) for k, v in hits.items()}, in_posts)


def _bio_boost(sentence: Sentence) -> float:
    return BIO_CUE_BOOST if sentence.where in ("bio", "name") else 0.0


def _weight(sentence: Sentence, cue: str, start: int) -> float:
    if sentence.where in ("bio", "name"):
        return 1.0 + BIO_CUE_BOOST
    if cue in ROLE_CUES or cue in ROLE_CUES_I18N:
        return 1.0 if self_identified(sentence.text, start) else 0.0
    return sentence.weight


def _noise_marks(sentence: Sentence) -> dict[str, int]:
    marks = {"cashtag": len(_CASHTAG.findall(sentence.text)), "money claim": len(_MONEY_CLAIM.findall(sentence.text))}
    return {cue: n for cue, n in marks.items() if n}
