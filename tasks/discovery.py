"""Discovery tasks."""

from __future__ import annotations

import asyncio

from prefect import get_run_logger, task

from scout_core.discovery import DiscoveryResult, discover_candidates
from scout_core.progress import progress
from scout_core.runtime import RunContext, open_repository
from tasks.options import OPTIONS


@task(name="discover-candidates", task_run_name="discover-{limit}-from-topics", **OPTIONS["discover"])
def discover_task(ctx: RunContext, limit: int, topics: list[str]) -> DiscoveryResult:
    repo = open_repository(ctx.settings, migrate=False)
    result = asyncio.run(discover_candidates(ctx.settings, repo, topics, limit))
    progress().stage("enrich", total=limit)
    progress().stage("store")
    get_run_logger().info("discovered %d new candidates (%d already seen, %d unroutable)",
                          len(result.candidates), result.already_seen, result.unroutable)
    return result
