"""Classify a profile: who is behind it, then which class its own words support, or none.

1. The account kind (account_kind.py): an organization or a bot is noise, with the kind as the reason.
2. Each class gets a score in [0, 1]: ``SEMANTIC_WEIGHT`` of its TF-IDF prototype similarity (scaled)
   plus ``CUE_WEIGHT`` of its cue strength (saturating), cues counted by the voice they are said in
   (cues.py: the person's own words count, words about others do not). Little AI vocabulary raises a
   floor under "noise", since every other class is about AI.
3. Abstention: the best builder class must have evidence for it — cues of at least
   ``MIN_CLASS_EVIDENCE``, AI vocabulary in their own voice, and something they did (a first-person
   shipping statement, an own repo/model/launch, or the class's activity cues in their posts; a title
   in the bio alone is a claim, not evidence). Without it the profile is noise: "no evidence of building".
4. Confidence is the calibrated probability that the label is right (calibration.py).
"""

from __future__ import annotations

import math

from scout_core.schema import AccountKind, Classification, ClassificationResult, InternalProfile, ScoreCard
from scout_core.scoring.account_kind import KindJudgement, judge_account_kind
from scout_core.scoring.calibration import calibrated
from scout_core.scoring.cues import CueEvidence, cue_evidence
from scout_core.scoring.keywords import TIER_WEIGHTS
from scout_core.scoring.semantic import semantic_space
from scout_core.scoring.signals import ProfileSignals, analyze_profile, term_tiers

SEMANTIC_WEIGHT, CUE_WEIGHT = 0.45, 0.55
SEMANTIC_FULL_SIMILARITY = 0.3  # similarity at which the prototype part is full
CUE_SATURATION = 4.0  # cue strength at which a class's cue part reaches 1 - 1/e
LOW_AI_VOCABULARY = 1.5  # voiced AI vocabulary (see voiced_vocabulary) below which a profile leans to noise
NOISE_FLOOR = 0.55  # noise score of a profile with no AI vocabulary at all
LOW_OVERALL_SCORE, LOW_SCORE_NOISE_BONUS = 20.0, 0.15
MIN_CLASS_EVIDENCE = 2.0  # cue strength a builder class needs (one strong cue, or two weak ones)
MIN_OWN_AI = 1.0  # voiced AI vocabulary a builder class needs
MIN_OWN_AI_INVESTOR = 0.5  # an angel names what they back ("AI founders"), rarely more
MIN_ACTIVITY = 1.0  # weighted activity cues in posts that count as doing the class's work
NO_EVIDENCE = "no evidence of building"
BUILDERS = tuple(label for label in Classification if label is not Classification.NOISE)
_ORDER = {label: i for i, label in enumerate(Classification)}  # stable tie-break


def classify_profile(profile: InternalProfile, scorecard: ScoreCard | None = None,
                     signals: ProfileSignals | None = None, kind: KindJudgement | None = None,
                     startup_accounts_as_founders: bool = False) -> ClassificationResult:
    """Label a profile as one of ``Classification``, with a confidence, the reasons and the account kind.

    ``startup_accounts_as_founders``: a startup's own account (an organization shipping its own AI
    product to a small audience) may be an early founder; by default every organization is noise.
    """
    signals = signals or analyze_profile(profile)
    kind = kind or judge_account_kind(profile, signals)
    similarity = semantic_space().similarities(signals.text)
    cues = cue_evidence(signals)
    scores = {label: _class_score(similarity[label], cues.strength(label)) for label in Classification}
    noise_reasons = _raise_noise(scores, signals, scorecard)
    ranked = sorted(scores, key=lambda label: (-scores[label], _ORDER[label]))
    best, second = ranked[0], ranked[1]
    reasons = _reasons(best, second, scores, similarity, cues, signals) + noise_reasons
    margin = scores[best] - scores[second]
    if best is not Classification.NOISE and kind.form == "startup" and startup_accounts_as_founders:
        best = Classification.EARLY_FOUNDER  # a startup's own account speaks for its founders
        reasons = ["a startup's own account: read as its founders", *reasons]
    if best is not Classification.NOISE:
        refusal = _refusal(best, kind, cues, signals, startup_accounts_as_founders)
        if refusal is not None:
            reasons = [refusal, *reasons]
            margin = refusal_margin(best, kind, cues, signals)
            best = Classification.NOISE
    return ClassificationResult(label=best, confidence=calibrated(margin), reasons=reasons,
                                account_kind=kind.kind, account_evidence=kind.evidence)


def _class_score(similarity: float, strength: float) -> float:
    semantic = min(1.0, similarity / SEMANTIC_FULL_SIMILARITY)
    cues = 1 - math.exp(-strength / CUE_SATURATION)
    return SEMANTIC_WEIGHT * semantic + CUE_WEIGHT * cues


def voiced_vocabulary(signals: ProfileSignals) -> float:
    """Distinct AI terms weighted by tier, from their own words and, at half, neutral ones."""
    tiers = term_tiers()
    own = sum(TIER_WEIGHTS[tiers[t]] for t in signals.own_term_counts)
    rest = sum(TIER_WEIGHTS[tiers[t]] for t in signals.term_counts if t not in signals.own_term_counts)
    return own + 0.5 * rest


def _refusal(best: Classification, kind: KindJudgement, cues: CueEvidence, signals: ProfileSignals,
             startups: bool) -> str | None:
    """Why the best builder class may not be given (None when it may)."""
    if kind.kind is AccountKind.BOT:
        return f"bot: {'; '.join(kind.evidence[:3])}"
    if kind.kind is AccountKind.ORGANIZATION:
        if startups and kind.form == "startup" and best is Classification.EARLY_FOUNDER:
            return None  # the form is the evidence: it ships its own AI product (account_kind.py)
        return f"organization: {'; '.join(kind.evidence[:3])}"
    strength = cues.strength(best)
    if strength < MIN_CLASS_EVIDENCE:
        return f"{NO_EVIDENCE}: {best.value} cues {strength:.1f} < {MIN_CLASS_EVIDENCE:g}"
    vocabulary = voiced_vocabulary(signals)
    needed = MIN_OWN_AI_INVESTOR if best is Classification.ANGEL_INVESTOR else MIN_OWN_AI
    if vocabulary < needed:
        return f"{NO_EVIDENCE}: AI vocabulary in their own words {vocabulary:.1f} < {needed:g}"
    if best is not Classification.ANGEL_INVESTOR and not signals.shipping and cues.in_posts[best] < MIN_ACTIVITY:
        return f"{NO_EVIDENCE}: no shipping, no own repo or model, no {best.value} work in their posts"
    return None


def refusal_margin(best: Classification, kind: KindJudgement, cues: CueEvidence, signals: ProfileSignals) -> float:
    """How sure a refusal is, on the same scale as a class margin: strong kind evidence or a wide
    shortfall is sure; a near miss is not."""
    if kind.kind in (AccountKind.BOT, AccountKind.ORGANIZATION):
        return min(0.6, 0.08 * kind.weights.get(kind.kind.value, 0.0))
    shortfall = min(1.0 - min(1.0, cues.strength(best) / (2 * MIN_CLASS_EVIDENCE)),
                    1.0 - min(1.0, voiced_vocabulary(signals) / (2 * MIN_OWN_AI)))
    return max(0.05, 0.4 * shortfall + 0.1 * (not signals.shipping))


def _raise_noise(scores: dict[Classification, float], signals: ProfileSignals,
                 scorecard: ScoreCard | None) -> list[str]:
    """Lift the noise score when AI vocabulary is thin or the scorecard is low; say why."""
    reasons = []
    vocabulary = voiced_vocabulary(signals)
    if vocabulary < LOW_AI_VOCABULARY:
        floor = NOISE_FLOOR * (1 - vocabulary / LOW_AI_VOCABULARY)
        scores[Classification.NOISE] = max(scores[Classification.NOISE], floor)
        reasons.append(f"little AI vocabulary (weight {vocabulary:.1f} < {LOW_AI_VOCABULARY})")
    if scorecard is not None and scorecard.overall < LOW_OVERALL_SCORE:
        scores[Classification.NOISE] = min(1.0, scores[Classification.NOISE] + LOW_SCORE_NOISE_BONUS)
        reasons.append(f"low overall score {scorecard.overall:.1f} (< {LOW_OVERALL_SCORE:g})")
    return reasons


def _reasons(best: Classification, second: Classification, scores: dict[Classification, float],
             similarity: dict[str, float], cues: CueEvidence, signals: ProfileSignals) -> list[str]:
    reasons = [f"{best.value} score {scores[best]:.2f}, runner-up {second.value} {scores[second]:.2f}",
               f"similarity to the {best.value} prototype {similarity[best]:.2f}"]
    if cues.hits[best]:
        reasons.append(f"{best.value} cues: {', '.join(cues.top(best))}")
    if best is not Classification.NOISE and cues.hits[Classification.NOISE]:
        reasons.append(f"noise cues present: {', '.join(cues.top(Classification.NOISE))}")
    voices = signals.voices()
    if voices.get("other"):
        reasons.append(f"{voices['other']} post sentences about others or reposted: not counted")
    if signals.term_counts:
        reasons.append(f"AI terms: {', '.join(signals.ranked_terms()[:6])}")
    return reasons
