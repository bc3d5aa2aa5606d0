"""Replay dead letters: enrich them again through the pool, store the ones that now succeed.

``--to SOURCE`` forces a tier: each replayed candidate's tiers become ``[SOURCE]``, done by running
the replay with every other tier of the candidate's platform switched off (routing reads settings),
so the pool itself needs no special case. The source must be one that enriches the platform
(``enrich.routing.ROUTES``); letters on platforms it does not serve are skipped and counted.

Before anything is enriched, letters no replay can help (``deadletters.policy``: not found, suspended,
invalid handle) are closed with their reason; they cost nothing and are never replayed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scout_core.deadletters.policy import closing_reason
from scout_core.deadletters.queue import DeadLetterQueue
from scout_core.enrich.routing import ROUTES, worker_kind
from scout_core.errors import ConfigurationError, InputError
from scout_core.schema import Candidate, EnrichmentOutcome
from scout_core.settings import Settings
from scout_core.store.operations import DeadLetter


@dataclass
class ReplayReport:
    """What a replay did: letters closed (no replay can help), picked, stored now, still failing, skipped."""

    selected: int = 0
    replayed: int = 0
    still_failing: int = 0
    skipped: int = 0
    closed: int = 0
    to: str | None = None
    by_source: dict[str, int] = field(default_factory=dict)
    closed_by_reason: dict[str, int] = field(default_factory=dict)  # the reason's first words -> letters
    errors: dict[str, str] = field(default_factory=dict)  # candidate key -> last error, for the still failing

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def platforms_served(source: str) -> list[str]:
    """The platforms whose profiles ``source`` can enrich."""
    return [platform for platform, tiers in ROUTES.items() if source in tiers]


def check_target(settings: Settings, source: str) -> list[str]:
    """Refuse a ``--to`` that cannot work, with a one-line reason; the platforms it serves otherwise."""
    platforms = platforms_served(source)
    if not platforms:
        tiers = sorted({t for ts in ROUTES.values() for t in ts})
        raise InputError(f"--to {source}: not an enrichment tier; choose one of {', '.join(tiers)}")
    if not settings.source(source).enabled:
        raise ConfigurationError(f"--to {source}: the source is disabled (SCOUT_{source.upper()}__ENABLED=false)")
    if worker_kind(source) == "browser" and not settings.ray.browser_workers:
        raise ConfigurationError(f"--to {source}: needs browser workers (SCOUT_RAY__BROWSER_WORKERS is 0)")
    return platforms


def forced_tier(settings: Settings, source: str) -> Settings:
    """Settings in which ``source`` is the only enabled tier of every platform it serves."""
    others = {t for p in platforms_served(source) for t in ROUTES[p] if t != source}
    updates: dict[str, Any] = {t: settings.source(t).model_copy(update={"enabled": False}) for t in others}
    if "x" in platforms_served(source) and source in ("x_api", "x_web"):
        updates["pipeline"] = settings.pipeline.model_copy(update={"x_tier": source})
    return settings.model_copy(update=updates)


def candidate_of(letter: DeadLetter) -> Candidate:
    """The letter's candidate as it was filed, marked as a replay."""
    data = dict(letter.payload or {"platform": letter.platform, "handle": letter.handle})
    data.update(discovered_via="replay", attempts=letter.attempts)
    return Candidate.model_validate(data)


def select_letters(dlq: DeadLetterQueue, to: str | None, platforms: list[str] | None,
                   limit: int | None) -> tuple[list[DeadLetter], int]:
    """Open letters a replay can help (oldest first) and how many were skipped for the forced tier."""
    letters = [d for d in dlq.list(include_closed=False) if closing_reason(d) is None]
    if to is None:
        return letters[:limit], 0
    eligible = [d for d in letters if d.platform in (platforms or [])]
    if letters and not eligible:
        on = sorted({d.platform for d in letters})
        raise InputError(f"--to {to}: it enriches {', '.join(platforms or [])} profiles, "
                         f"but the pending dead letters are on {', '.join(on)}")
    chosen = eligible[:limit] if limit else eligible
    return chosen, len(letters) - len(eligible)


def replay_dead_letters(settings: Settings, repo: Any, run_id: str, *, to: str | None = None,
                        limit: int | None = None, pool: Any = None) -> ReplayReport:
    """Re-enrich pending dead letters (through ``to`` only, when given); mark the stored ones replayed."""
    from scout_core.deadletters.queue import open_dead_letters
    from scout_core.process import process_outcomes

    if limit is not None and limit < 1:
        raise InputError(f"--limit must be >= 1, got {limit}")
    platforms = check_target(settings, to) if to else None
    run_settings = forced_tier(settings, to) if to else settings
    dlq = open_dead_letters(run_settings, repo)
    letters, skipped = select_letters(dlq, to, platforms, limit)  # a bad --to is refused before any write
    closed = close_hopeless(dlq)
    report = ReplayReport(selected=len(letters), skipped=skipped, to=to, closed=sum(closed.values()),
                          closed_by_reason=closed)
    if not letters:
        return report
    outcomes = _enrich(run_settings, [candidate_of(d) for d in letters], pool)
    process_outcomes(run_settings, repo, outcomes, run_id)
    _tally(dlq, outcomes, report)
    return report


def close_hopeless(dlq: DeadLetterQueue) -> dict[str, int]:
    """Close every open letter no replay can help; how many, by reason (its words before the kind)."""
    closed: dict[str, int] = {}
    for letter in dlq.list(include_closed=False):
        reason = closing_reason(letter)
        if reason is not None and dlq.close(letter.candidate_key, reason):
            short = reason.split(" (", 1)[0]
            closed[short] = closed.get(short, 0) + 1
    return closed


def _enrich(settings: Settings, candidates: list[Candidate], pool: Any) -> list[EnrichmentOutcome]:
    if pool is None:
        from scout_core.enrich.pool import shared_pool

        pool = shared_pool(settings)
    return pool.enrich(candidates)  # type: ignore[no-any-return]


def _tally(dlq: DeadLetterQueue, outcomes: list[EnrichmentOutcome], report: ReplayReport) -> None:
    for outcome in outcomes:
        if outcome.ok:
            dlq.mark_replayed(outcome.candidate.key)
            report.replayed += 1
            report.by_source[outcome.source or "?"] = report.by_source.get(outcome.source or "?", 0) + 1
        else:
            report.still_failing += 1  # process_outcomes re-filed it, one attempt more
            report.errors[outcome.candidate.key] = outcome.error or ""
