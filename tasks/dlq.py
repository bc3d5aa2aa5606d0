"""Dead-letter replay as a task: the core's replay over the run's settings."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task

from scout_core.runtime import RunContext, open_repository
from tasks.options import OPTIONS


@task(name="replay-dead-letters", **OPTIONS["replay_dead_letters"])
def replay_dead_letters_task(ctx: RunContext, to: str | None, limit: int | None) -> dict[str, Any]:
    from scout_core.deadletters import replay_dead_letters

    repo = open_repository(ctx.settings, migrate=False)
    report = replay_dead_letters(ctx.settings, repo, ctx.run_id, to=to,
                                 limit=limit or ctx.settings.dlq.replay_limit)
    get_run_logger().info("replayed %d of %d dead letters (still failing %d, skipped %d); closed %d that no "
                          "replay can help %s", report.replayed, report.selected, report.still_failing,
                          report.skipped, report.closed, report.closed_by_reason or "")
    return report.as_dict()


@task(name="check-replay-target", **OPTIONS["check_replay_target"])
def check_replay_target_task(ctx: RunContext, to: str | None) -> None:
    """Refuse an impossible ``to`` before any enrichment starts."""
    from scout_core.deadletters import check_target

    if to:
        check_target(ctx.settings, to)
