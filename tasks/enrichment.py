"""Enrichment: one task per batch; the Ray actor pool does the per-candidate work."""

from __future__ import annotations

from prefect import get_run_logger, task

from scout_core.enrich.pool import shared_pool
from scout_core.progress import progress
from scout_core.runtime import RunContext
from scout_core.schema import Candidate, EnrichmentOutcome
from tasks.options import OPTIONS


@task(name="enrich-batch", **OPTIONS["enrich_batch"])
def enrich_batch_task(ctx: RunContext, candidates: list[Candidate]) -> list[EnrichmentOutcome]:
    pool = shared_pool(ctx.settings)
    outcomes = pool.enrich(candidates, on_done=lambda o: progress().advance("enrich", note=o.source))
    ok = sum(1 for o in outcomes if o.ok)
    get_run_logger().info("enriched %d/%d (by tier: %s)", ok, len(outcomes), _by_source(outcomes))
    return outcomes


def _by_source(outcomes: list[EnrichmentOutcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for o in outcomes:
        if o.ok and o.source:
            counts[o.source] = counts.get(o.source, 0) + 1
    return counts
