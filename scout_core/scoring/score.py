"""The scorecard: six explained components summed to 0-100, rescaled when the LLM judge is absent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from scout_core.errors import ConfigurationError
from scout_core.schema import InternalProfile, ScoreCard, ScoreComponent, utcnow
from scout_core.scoring.components import (
    COMPONENT_MAX,
    as_utc,
    completeness,
    engagement,
    links,
    llm_evaluation,
    semantic_fit,
    technical_depth,
)
from scout_core.scoring.signals import ProfileSignals, analyze_profile

if TYPE_CHECKING:
    from scout_core.scoring.github_signals import GithubSignals

LlmJudge = Callable[[InternalProfile], ScoreComponent]
NO_JUDGE_NOTE = "LLM judge not configured: the other five components are rescaled to 100"


def score_profile(profile: InternalProfile, llm: LlmJudge | None = None,
                  now: datetime | None = None, github: GithubSignals | None = None,
                  signals: ProfileSignals | None = None) -> ScoreCard:
    """Score a profile. Deterministic: recency depends only on ``now`` (default: the newest post's date).

    ``llm`` is the judge for the 35-point component; without it (or when it returns ``points=None``)
    the other five components, worth 65, are rescaled to 100 and the card says so. ``github`` (the
    builder's GitHub signals, see github_signals.py) adds its bounded adjustments and evidence.
    """
    signals = signals or analyze_profile(profile)
    moment = as_utc(now) if now else default_now(profile)
    components = [
        _judge(profile, llm),
        semantic_fit(profile, signals),
        technical_depth(profile, signals),
        engagement(profile, moment),
        links(profile, signals),
        completeness(profile),
    ]
    if github is not None:
        components = [_adjusted(c, github) for c in components]
    return _card(components, judged=llm is not None)


def _adjusted(component: ScoreComponent, github: GithubSignals) -> ScoreComponent:
    """The component with GitHub's points for it added (capped at its max) and GitHub's evidence."""
    extra = github.adjustments.get(component.name)
    if extra is None or component.points is None:
        return component
    points = round(min(component.max_points, component.points + extra), 2)
    return component.model_copy(update={"points": points, "evidence": [*component.evidence, *github.evidence]})


def default_now(profile: InternalProfile) -> datetime:
    """The newest post's date, so a stored profile scores the same whenever it is rescored."""
    newest = profile.last_post_at()
    return as_utc(newest) if newest else utcnow()


def _judge(profile: InternalProfile, llm: LlmJudge | None) -> ScoreComponent:
    if llm is None:
        return llm_evaluation(profile)
    result = llm(profile)
    if not isinstance(result, ScoreComponent):
        raise ConfigurationError(f"LLM judge returned {type(result).__name__}, expected a ScoreComponent")
    top = COMPONENT_MAX["llm_evaluation"]
    evidence = list(result.evidence)
    points = result.points
    if points is not None and not 0 <= points <= top:
        evidence.append(f"judge returned {points} points, clamped to [0, {top:g}]")
        points = min(max(points, 0.0), top)
    return ScoreComponent(name="llm_evaluation", points=None if points is None else round(points, 2),
                          max_points=top, evidence=evidence)


def _card(components: list[ScoreComponent], judged: bool) -> ScoreCard:
    """The sum of the components; when some are unknown (points None), the known ones rescaled to 100,
    and the card names them (``rescaled_from``) and says how the overall follows from them."""
    missing = [c for c in components if c.points is None]
    known = [c for c in components if c.points is not None]
    total = sum(c.points for c in known if c.points is not None)
    if not missing:
        return ScoreCard(overall=_bounded(total), components=components)
    available = sum(c.max_points for c in known)
    overall = total / available * 100 if available else 0.0
    return ScoreCard(overall=_bounded(overall), components=components, rescaled=True,
                     rescaled_from=[c.name for c in known], note=_rescale_note(missing, judged, total, available))


def _rescale_note(missing: list[ScoreComponent], judged: bool, total: float, available: float) -> str:
    sums = (f"{total:.2f} of the {available:g} known points = {total / available * 100:.2f}/100"
            if available else "nothing is known: 0/100")
    if [c.name for c in missing] == ["llm_evaluation"] and not judged:
        return f"{NO_JUDGE_NOTE} ({sums})"
    names = ", ".join(c.name for c in missing)
    why = "; ".join(e for c in missing for e in c.evidence[:1]) or "no points"
    others = len(COMPONENT_MAX) - len(missing)
    return f"{names} unknown ({why}): the other {others} components are rescaled to 100 ({sums})"


def _bounded(value: float) -> float:
    return round(min(max(value, 0.0), 100.0), 2)
