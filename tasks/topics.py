"""The daily topic refresh as a task: trending keywords remembered, every known topic ranked."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task

from scout_core.discovery import refresh_topics
from scout_core.runtime import open_repository
from tasks.options import OPTIONS
from tasks.run_settings import run_settings


@task(name="refresh-topics", **OPTIONS["refresh_topics"])
def refresh_topics_task(n: int | None = None) -> dict[str, Any]:
    settings = run_settings()
    refresh = refresh_topics(settings, open_repository(settings), n)
    get_run_logger().info("topics: %d known, %d tried, %d trending (%s); next cycle: %s", len(refresh.pool),
                          len(refresh.ranked), len(refresh.trends), ", ".join(t.keyword for t in refresh.trends),
                          ", ".join(refresh.next_cycle))
    return {"trending": [{"keyword": t.keyword, "slope": round(t.slope, 3), "posts": t.total} for t in refresh.trends],
            "suggested": refresh.suggested, "known": len(refresh.pool), "ranked": refresh.rows(),
            "next_cycle": refresh.next_cycle}
