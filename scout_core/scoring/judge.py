"""One profile judged whole: signals, account kind, filter, scorecard and class, computed once.

    judgement = judge_profile(profile, rules=JudgementRules(), now=now)      # llm=, github= optional
    judgement.line()     # the JSON line of `scout score`

The filter decision sits beside the class, never instead of it: a profile the filter drops (too many
followers, silent too long) is still classified, so a reader sees what it is and why it is not kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from scout_core.schema import (
    ClassificationResult,
    InternalProfile,
    ScoreCard,
    ScoreComponent,
    utcnow,
)
from scout_core.scoring.account_kind import KindJudgement, judge_account_kind
from scout_core.scoring.classify import classify_profile
from scout_core.scoring.components import as_utc
from scout_core.scoring.filter import FilterDecision, filter_profile
from scout_core.scoring.llm_classify import merge_llm_verdict
from scout_core.scoring.score import score_profile
from scout_core.scoring.signals import analyze_profile, extract_signals

if TYPE_CHECKING:
    from scout_core.scoring.github_signals import GithubSignals
    from scout_core.scoring.llm import JudgeVerdict


class Judge(Protocol):
    """An LLM judge: the 35-point component, and the verdict it gave for a profile (class, kind)."""

    def __call__(self, profile: InternalProfile) -> ScoreComponent: ...

    def verdict_for(self, profile: InternalProfile) -> JudgeVerdict | None: ...


@dataclass(frozen=True)
class JudgementRules:
    """The plan's filter and the policy for startups' own accounts (settings: pipeline, scoring)."""

    max_followers: int = 10_000  # filtered at this many followers and above
    max_days_since_post: int = 25
    startup_accounts_as_founders: bool = False


@dataclass(frozen=True)
class Judgement:
    profile: InternalProfile  # with technical_keywords and shipping_signals filled in
    decision: FilterDecision
    card: ScoreCard
    label: ClassificationResult

    def line(self) -> dict[str, Any]:
        """The profile as `scout score` prints it (one JSON object)."""
        return {
            "handle": self.profile.handle,
            "source_platform": self.profile.source_platform,
            "source_id": self.profile.source_id,
            "account_kind": self.label.account_kind.value,
            "account_evidence": self.label.account_evidence,
            "filtered": not self.decision.keep,
            "filter_reasons": self.decision.reasons,
            "dropped_by": self.decision.dropped_by,
            "enrichment_quality": self.profile.enrichment_quality.value,
            "overall_score": self.card.overall,
            "components": {c.name: {"score": c.points, "max": c.max_points, "evidence": c.evidence}
                           for c in self.card.components},
            "rescaled_from": self.card.rescaled_from,
            "score_note": self.card.note,
            "classification": self.label.label.value,
            "class_confidence": self.label.confidence,
            "class_reasons": self.label.reasons,
        }


def judge_profile(profile: InternalProfile, rules: JudgementRules | None = None, now: datetime | None = None,
                  llm: Judge | None = None, github: GithubSignals | None = None,
                  ask_llm_when_filtered: bool = True) -> Judgement:
    """Judge one profile. Deterministic for a given ``now`` (default: the newest post's date for the
    score, the current time for the filter). ``ask_llm_when_filtered=False`` spares the (paid) LLM
    call for a profile the filter drops."""
    rules = rules or JudgementRules()
    signals = analyze_profile(profile)
    profile = extract_signals(profile, signals)
    moment = as_utc(now) if now else None
    decision = filter_profile(profile, rules.max_followers, rules.max_days_since_post, moment or utcnow())
    if not decision.keep and not ask_llm_when_filtered:
        llm = None
    card = score_profile(profile, llm=llm, now=moment, github=github, signals=signals)
    kind: KindJudgement = judge_account_kind(profile, signals)
    label = classify_profile(profile, card, signals=signals, kind=kind,
                             startup_accounts_as_founders=rules.startup_accounts_as_founders)
    if llm is not None:
        label = merge_llm_verdict(label, llm.verdict_for(profile))
    return Judgement(profile=profile, decision=decision, card=card, label=label)
