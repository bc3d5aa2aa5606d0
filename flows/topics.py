"""The daily topic refresh: trending keywords from stored posts become topics; every topic is ranked.

The hourly pipeline chooses its topics from the same ranking; this run keeps trending topics fresh on
days the pipeline is paused, and shows the operator where each topic stands.
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from tasks.artifacts import publish_markdown_task
from tasks.reports import topics_report
from tasks.results import flow_result_storage
from tasks.topics import refresh_topics_task

REPORT_KEY = "scout-topics"


@flow(name="scout-topics", flow_run_name="topics-refresh", log_prints=False, validate_parameters=True,
      persist_result=True, result_storage=flow_result_storage())
def topics_refresh(n: int | None = None) -> dict[str, Any]:
    """Refresh trending topics and rank every known topic by what its runs brought.

    Args:
        n: How many topics the report marks as the next cycle's (default: the
            SCOUT_DISCOVERY__TOPICS_PER_CYCLE setting).
    """
    refresh = refresh_topics_task(n)
    publish_markdown_task(REPORT_KEY, topics_report(refresh), "Topic refresh: trending and ranked topics")
    return refresh
