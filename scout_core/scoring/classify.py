"""Classify a profile: nearest TF-IDF class prototype, combined with weighted keyword cues per class.

Each class gets a score in [0, 1]: ``SEMANTIC_WEIGHT`` of its prototype similarity (scaled) plus
``CUE_WEIGHT`` of its cue strength (saturating; cues in the bio count twice). Little AI vocabulary
raises a floor under "noise", since every other class is about AI. Confidence grows with the margin
between the best two classes.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from scout_core.schema import Classification, ClassificationResult, InternalProfile, ScoreCard
from scout_core.scoring.keywords import CLASS_CUES
from scout_core.scoring.semantic import semantic_space
from scout_core.scoring.signals import ProfileSignals, TermMatcher, analyze_profile

SEMANTIC_WEIGHT, CUE_WEIGHT = 0.45, 0.55
SEMANTIC_FULL_SIMILARITY = 0.3  # similarity at which the prototype part is full
BIO_CUE_BOOST = 1.0  # extra weight of a cue in the bio over the same cue in a post
CUE_SATURATION = 4.0  # cue strength at which a class's cue part reaches 1 - 1/e
LOW_AI_VOCABULARY = 1.5  # weighted distinct AI terms below which a profile leans to noise
NOISE_FLOOR = 0.55  # noise score of a profile with no AI vocabulary at all
LOW_OVERALL_SCORE, LOW_SCORE_NOISE_BONUS = 20.0, 0.15
CONFIDENCE_STEEPNESS = 6.0
_ORDER = {label: i for i, label in enumerate(Classification)}  # stable tie-break


@lru_cache(maxsize=1)
def cue_matchers() -> dict[Classification, TermMatcher]:
    return {label: TermMatcher({cue: () for cue in cues}) for label, cues in CLASS_CUES.items()}


def cue_strength(label: Classification, hits: Counter[str]) -> float:
    """Sum of cue weights; a repeated cue counts a little more (square root, capped at three uses)."""
    weights = CLASS_CUES[label]
    return sum(weights[cue] * math.sqrt(min(count, 3)) for cue, count in hits.items())


def classify_profile(profile: InternalProfile, scorecard: ScoreCard | None = None,
                     signals: ProfileSignals | None = None) -> ClassificationResult:
    """Label a profile as one of ``Classification``, with a confidence and the cues that decided it."""
    signals = signals or analyze_profile(profile)
    similarity = semantic_space().similarities(signals.text)
    matchers = cue_matchers()
    hits = {label: matcher.count(signals.text) for label, matcher in matchers.items()}
    own = {label: matcher.count(signals.self_description) for label, matcher in matchers.items()}
    scores = {label: _class_score(similarity[label], _strength(label, hits[label], own[label]))
              for label in hits}
    noise_reasons = _raise_noise(scores, signals, scorecard)
    ranked = sorted(scores, key=lambda label: (-scores[label], _ORDER[label]))
    best, second = ranked[0], ranked[1]
    margin = scores[best] - scores[second]
    confidence = 1 / (1 + math.exp(-CONFIDENCE_STEEPNESS * margin))
    reasons = _reasons(best, second, scores, similarity, hits, signals) + noise_reasons
    return ClassificationResult(label=best, confidence=round(confidence, 3), reasons=reasons)


def _strength(label: Classification, hits: Counter[str], self_described: Counter[str]) -> float:
    """Cues in the name and bio count again: how people describe themselves is the strongest signal."""
    return cue_strength(label, hits) + BIO_CUE_BOOST * cue_strength(label, self_described)


def _class_score(similarity: float, strength: float) -> float:
    semantic = min(1.0, similarity / SEMANTIC_FULL_SIMILARITY)
    cues = 1 - math.exp(-strength / CUE_SATURATION)
    return SEMANTIC_WEIGHT * semantic + CUE_WEIGHT * cues


def _raise_noise(scores: dict[Classification, float], signals: ProfileSignals,
                 scorecard: ScoreCard | None) -> list[str]:
    """Lift the noise score when AI vocabulary is thin or the scorecard is low; say why."""
    reasons = []
    vocabulary = signals.weighted_terms()
    if vocabulary < LOW_AI_VOCABULARY:
        floor = NOISE_FLOOR * (1 - vocabulary / LOW_AI_VOCABULARY)
        scores[Classification.NOISE] = max(scores[Classification.NOISE], floor)
        reasons.append(f"little AI vocabulary (weight {vocabulary:.1f} < {LOW_AI_VOCABULARY})")
    if scorecard is not None and scorecard.overall < LOW_OVERALL_SCORE:
        scores[Classification.NOISE] = min(1.0, scores[Classification.NOISE] + LOW_SCORE_NOISE_BONUS)
        reasons.append(f"low overall score {scorecard.overall:.1f} (< {LOW_OVERALL_SCORE:g})")
    return reasons


def _reasons(best: Classification, second: Classification, scores: dict[Classification, float],
             similarity: dict[str, float], hits: dict[Classification, Counter[str]],
             signals: ProfileSignals) -> list[str]:
    reasons = [f"{best.value} score {scores[best]:.2f}, runner-up {second.value} {scores[second]:.2f}",
               f"similarity to the {best.value} prototype {similarity[best]:.2f}"]
    if hits[best]:
        reasons.append(f"{best.value} cues: {', '.join(_top_cues(best, hits[best]))}")
    if best is not Classification.NOISE and hits[Classification.NOISE]:
        noise = _top_cues(Classification.NOISE, hits[Classification.NOISE])
        reasons.append(f"noise cues present: {', '.join(noise)}")
    if signals.term_counts:
        reasons.append(f"AI terms: {', '.join(signals.ranked_terms()[:6])}")
    return reasons


def _top_cues(label: Classification, hits: Counter[str], limit: int = 6) -> list[str]:
    weights = CLASS_CUES[label]
    return sorted(hits, key=lambda cue: (-weights[cue] * hits[cue], cue))[:limit]
