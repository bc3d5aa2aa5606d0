"""A whole replay run, as ``scout dlq replay`` does it: the run's settings resolved like ``scout run``."""

from __future__ import annotations

from typing import Any

from scout_core.deadletters.replay import ReplayReport, check_target, replay_dead_letters
from scout_core.settings import Settings


def run_replay(settings: Settings, *, to: str | None = None, limit: int | None = None) -> tuple[ReplayReport, str]:
    """Replay pending dead letters in a recorded run; returns the report and the run id."""
    from scout_core.enrich.pool import release_shared_pool
    from scout_core.lease import release_run_lease
    from scout_core.runtime import open_repository, prepare_run

    if to:
        check_target(settings, to)  # refuse before starting the sandbox or Ray
    ctx = prepare_run(settings, {"replay": True, "to": to, "limit": limit})
    repo = open_repository(ctx.settings, migrate=False)
    status = "failed"
    report = ReplayReport(to=to)
    try:
        report = replay_dead_letters(ctx.settings, repo, ctx.run_id, to=to, limit=limit)
        status = "completed"
    finally:
        release_shared_pool()
        repo.finish_run(ctx.run_id, status, _stats(report))
        release_run_lease(ctx.run_id)
    return report, ctx.run_id


def _stats(report: ReplayReport) -> dict[str, Any]:
    stats = report.as_dict()
    stats.pop("errors", None)
    return stats
