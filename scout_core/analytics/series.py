"""Time series and period summaries from the builder facts: what the trends and summary endpoints read.

Hourly buckets are the raw series (discoveries by first discovery, mean score of those discovered, launches
by launch date); days, weeks and months are sums of hours, made when read. A period's summary counts the
builders discovered in it and describes the whole store as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from scout_core.store.analytics_records import HourBucket

PERIODS: dict[str, timedelta] = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30),
                                 "90d": timedelta(days=90)}
HIGH_SCORE = 80.0  # the hidden gems' line: a summary counts the builders above it


def hour_of(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def hourly(builders: Iterable[tuple[datetime, float | None]],
           launches: Iterable[datetime]) -> dict[datetime, HourBucket]:
    """Buckets per UTC hour from (discovered_at, overall score) pairs and launch dates."""
    buckets: dict[datetime, HourBucket] = {}
    for discovered, score in builders:
        bucket = buckets.setdefault(hour_of(discovered), HourBucket())
        bucket.discoveries += 1
        if score is not None:
            bucket.scored += 1
            bucket.score_sum += score
    for at in launches:
        buckets.setdefault(hour_of(at), HourBucket()).launches += 1
    return buckets


def summary(rows: list[dict[str, Any]], launches: list[datetime], now: datetime, period: str) -> dict[str, Any]:
    """The summary of ``period`` (a key of PERIODS) from builder fact rows and launch dates."""
    since = now - PERIODS[period]
    new = [r for r in rows if r["discovered_at"] >= since]
    scores = [r["overall_score"] for r in new if r["overall_score"] is not None]
    return {
        "period": period, "since": since.isoformat(), "until": now.isoformat(),
        "new_builders": len(new), "new_scored": len(scores),
        "avg_score": round(sum(scores) / len(scores), 2) if scores else None,
        "new_high_score": sum(s >= HIGH_SCORE for s in scores),
        "launches": sum(since <= at <= now for at in launches),
        "total_builders": len(rows),
        "by_classification": _counts(r["classification"] for r in new),
        "by_tier": _counts(r["follower_tier"] for r in new),
        "by_platform": _counts(p for r in new for p in r["platforms"]),
        "cross_platform": sum(len(r["platforms"]) > 1 for r in new),
    }


def _counts(values: Iterable[str | None]) -> dict[str, int]:
    counts = Counter(v or "unknown" for v in values)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
