"""The analytics refresh as a task: the tables the API reads, brought up to date with the store."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task

from scout_core.analytics import refresh_analytics
from scout_core.runtime import open_repository
from scout_core.store.analytics import AnalyticsRepository
from tasks.options import OPTIONS
from tasks.run_settings import run_settings


@task(name="refresh-analytics", **OPTIONS["refresh_analytics"])
def refresh_analytics_task(full: bool = False) -> dict[str, Any]:
    settings = run_settings()
    repo = AnalyticsRepository(open_repository(settings).engine)
    report = refresh_analytics(repo, full=full, seed_topics=settings.pipeline.topics)
    get_run_logger().info("analytics: %d builders updated, %d removed, graph %s, %d posts counted, %.2f s",
                          report.builders_updated, report.builders_removed,
                          "recomputed" if report.graph_recomputed else "unchanged", report.posts_counted,
                          sum(report.seconds.values()))
    return report.as_dict()
