"""Scheduled replay of the dead-letter queue: enrich pending letters again, store what now succeeds.

The flow only composes tasks; what replay means lives in scout_core.deadletters.
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from tasks.artifacts import publish_markdown_task
from tasks.dlq import check_replay_target_task, replay_dead_letters_task
from tasks.flow_run import label_flow_run_task
from tasks.reports import dlq_replay_report
from tasks.results import flow_result_storage
from tasks.run import abandon_runs, finish_run_task, prepare_run_task

REPORT_KEY = "scout-dlq-replay"


@flow(name="scout-dlq-replay", flow_run_name="dlq-replay", log_prints=False, validate_parameters=True,
      persist_result=True, result_storage=flow_result_storage(), on_failure=[abandon_runs],
      on_crashed=[abandon_runs])
def dlq_replay(limit: int | None = None, to: str | None = None) -> dict[str, Any]:
    """Enrich pending dead letters again and store the ones that now succeed.

    Args:
        limit: Letters to replay at most, oldest failure first (default: the SCOUT_DLQ__REPLAY_LIMIT setting).
        to: Force this enrichment tier for every replayed letter (e.g. x_web, x_api, github); default: the
            usual routing.
    """
    ctx = prepare_run_task({"replay": True, "to": to, "limit": limit}, None, None)
    label_flow_run_task(f"dlq-replay-{ctx.run_id}", [ctx.run_id])
    check_replay_target_task(ctx, to)
    report = replay_dead_letters_task(ctx, to, limit)
    stats = {k: v for k, v in report.items() if k != "errors"}
    finish_run_task(ctx, "completed", stats, {})
    publish_markdown_task(REPORT_KEY, dlq_replay_report(ctx.run_id, report), f"Dead-letter replay {ctx.run_id}")
    return {"run_id": ctx.run_id, **report}
