"""The health canary as a task: sources reachable, breaker states, dead-letter counts."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task

from scout_core.canary import run_canary
from scout_core.runtime import open_repository, resolve_sources
from tasks.options import OPTIONS
from tasks.run_settings import run_settings


@task(name="health-check", **OPTIONS["health_check"])
def health_check_task() -> dict[str, Any]:
    # The sources a run would use: the sandbox's when it stands in (started here, as a run would).
    settings, _ = resolve_sources(run_settings())
    report = run_canary(settings, open_repository(settings))
    logger = get_run_logger()
    for problem in report.problems:
        logger.warning("unhealthy: %s", problem)
    logger.info("%d sources reachable of %d; dead letters %s", sum(p.reachable for p in report.sources),
                len(report.sources), report.dead_letters)
    return report.as_dict()
