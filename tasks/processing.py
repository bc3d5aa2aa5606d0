"""Processing: dedupe, identity, filter, score, classify, store."""

from __future__ import annotations

from prefect import get_run_logger, task

from scout_core.process import BatchReport, process_outcomes
from scout_core.runtime import RunContext, open_repository
from scout_core.schema import EnrichmentOutcome
from tasks.naming import batch_run_name
from tasks.options import OPTIONS


@task(name="process-batch", task_run_name=batch_run_name("process"), **OPTIONS["process_batch"])
def process_batch_task(ctx: RunContext, outcomes: list[EnrichmentOutcome], batch_no: int = 0) -> BatchReport:
    repo = open_repository(ctx.settings, migrate=False)
    report = process_outcomes(ctx.settings, repo, outcomes, ctx.run_id)
    get_run_logger().info("stored %d (scored %d, filtered out %d), dead letters %d",
                          report.stored, report.scored, report.filtered_out, report.dead_letters)
    return report
