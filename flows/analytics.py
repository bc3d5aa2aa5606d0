"""The hourly analytics refresh: insights the API serves (builder facts, the interaction graph, topic
momentum, source quality, series) recomputed from the store, only where something changed."""

from __future__ import annotations

from typing import Any

from prefect import flow

from tasks.analytics import refresh_analytics_task
from tasks.artifacts import publish_markdown_task
from tasks.reports import analytics_report
from tasks.results import flow_result_storage

REPORT_KEY = "scout-analytics"


@flow(name="scout-analytics", flow_run_name="analytics-refresh", log_prints=False, validate_parameters=True,
      persist_result=True, result_storage=flow_result_storage())
def analytics_refresh(full: bool = False) -> dict[str, Any]:
    """Refresh the analytics tables behind the API.

    Args:
        full: Recompute everything instead of only the builders, edges and posts that changed.
    """
    report = refresh_analytics_task(full)
    publish_markdown_task(REPORT_KEY, analytics_report(report), "Analytics refresh: what changed and how long")
    return report
