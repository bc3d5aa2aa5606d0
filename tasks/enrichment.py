"""Enrichment: one task per batch; the Ray actor pool does the per-candidate work.

Actors log into Ray's own files, so what they report comes back as data: each call's warnings and
errors (``EnrichmentPool.drain_worker_logs``) and each failed candidate's error. This task logs both in
the Prefect run, where an operator looks.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from prefect import get_run_logger, task

from scout_core.enrich.pool import shared_pool
from scout_core.enrich.worker_logs import WorkerLog
from scout_core.progress import progress
from scout_core.runtime import RunContext
from scout_core.schema import Candidate, EnrichmentOutcome
from tasks.naming import batch_run_name
from tasks.options import OPTIONS

RunLogger = logging.Logger | logging.LoggerAdapter[Any]
MAX_LOGGED = 20  # worker records and failure examples per batch; the rest are counted


@task(name="enrich-batch", task_run_name=batch_run_name("enrich"), **OPTIONS["enrich_batch"])
def enrich_batch_task(ctx: RunContext, candidates: list[Candidate], batch_no: int = 0) -> list[EnrichmentOutcome]:
    pool = shared_pool(ctx.settings)
    outcomes = pool.enrich(candidates, on_done=lambda o: progress().advance("enrich", note=o.source))
    logger = get_run_logger()
    ok = sum(1 for o in outcomes if o.ok)
    logger.info("enriched %d/%d (by tier: %s)", ok, len(outcomes), _by_source(outcomes))
    _log_worker_records(logger, pool.drain_worker_logs())
    _log_failures(logger, [o for o in outcomes if not o.ok])
    return outcomes


def _by_source(outcomes: list[EnrichmentOutcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for o in outcomes:
        if o.ok and o.source:
            counts[o.source] = counts.get(o.source, 0) + 1
    return counts


def _log_worker_records(logger: RunLogger, records: list[WorkerLog]) -> None:
    for record in records[:MAX_LOGGED]:
        logger.log(record["level"], "ray worker %s: %s", record.get("where", "?"), record["message"])
    if len(records) > MAX_LOGGED:
        logger.warning("ray workers logged %d more warnings or errors (see the Ray worker logs)",
                       len(records) - MAX_LOGGED)


def _log_failures(logger: RunLogger, failed: list[EnrichmentOutcome]) -> None:
    if not failed:
        return
    kinds = Counter(o.error_kind or "unknown" for o in failed)
    # INFO: a missing account is routine (the run's summary counts dead letters); `scout run` shows warnings.
    logger.info("%d candidates not enriched (%s)",
                   len(failed), ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    for outcome in failed[:MAX_LOGGED]:
        logger.info("  %s via %s: %s: %s", outcome.candidate.key, outcome.source or "-",
                       outcome.error_kind, (outcome.error or "")[:300])
