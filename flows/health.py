"""The health canary, every 15 minutes: sources reachable, breaker states, dead-letter counts.

It publishes what it found as an artifact and ends Failed when something is wrong (a source that does
not answer, a breaker that is not closed), so a Prefect automation on failed runs pages the operator.
"""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.states import Failed, State

from tasks.artifacts import publish_markdown_task
from tasks.health import health_check_task
from tasks.reports import health_report
from tasks.results import flow_result_storage

REPORT_KEY = "scout-health"


@flow(name="scout-health", flow_run_name="health-check", log_prints=False, validate_parameters=True,
      persist_result=True, result_storage=flow_result_storage())
def health() -> dict[str, Any] | State:
    """Probe every enabled source, read the breakers, count the dead letters; fail when something is wrong."""
    report = health_check_task()
    publish_markdown_task(REPORT_KEY, health_report(report), "Scout health canary")
    if report["problems"]:
        return Failed(message="unhealthy: " + "; ".join(report["problems"])[:500], data=report)
    return report
