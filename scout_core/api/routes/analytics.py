"""/analytics: the period summaries and the trends series (both computed by the analytics refresh)."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from scout_core.api.deps import InsightsDep, ReadKey
from scout_core.api.schemas import Summary, Trend, TrendPoint
from scout_core.schema import utcnow

router = APIRouter(prefix="/analytics", tags=["analytics"])
Granularity = Literal["hour", "day", "week", "month"]
DEFAULT_SPAN = {"hour": timedelta(hours=48), "day": timedelta(days=30), "week": timedelta(weeks=12),
                "month": timedelta(days=366)}


@router.get("/summary", response_model=Summary)
def summary(insights: InsightsDep, _who: ReadKey, period: Literal["24h", "7d", "30d", "90d"] = "7d") -> Summary:
    """New builders, scores, launches and breakdowns for the period, as of the last analytics refresh."""
    found = insights.summary(period)
    if found is None:
        return Summary(period=period, computed_at=None)
    payload, computed_at = found
    return Summary.model_validate({**payload, "computed_at": computed_at})


@router.get("/trends", response_model=Trend)
def trends(insights: InsightsDep, _who: ReadKey,
           metric: Literal["discoveries", "avg_score", "shipping"] = "discoveries",
           granularity: Granularity = "day",
           points: Annotated[int | None, Query(ge=1, le=1000, description="Buckets back from now.")] = None) -> Trend:
    """A series per bucket: builders discovered, their mean score, or launches (from hourly buckets)."""
    now = utcnow()
    since = bucket_start(now - _span(granularity, points), granularity)
    sums: OrderedDict[datetime, list[float]] = OrderedDict()
    for hour, discoveries, scored, score_sum, launches in insights.hours(since):
        slot = sums.setdefault(bucket_start(hour, granularity), [0, 0, 0.0, 0])
        slot[0] += discoveries
        slot[1] += scored
        slot[2] += score_sum
        slot[3] += launches
    return Trend(metric=metric, granularity=granularity,
                 points=[_point(at, values, metric) for at, values in sums.items()])


def _span(granularity: Granularity, points: int | None) -> timedelta:
    if points is None:
        return DEFAULT_SPAN[granularity]
    unit = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1),
            "month": timedelta(days=31)}[granularity]
    return unit * (points - 1)


def _point(at: datetime, values: list[float], metric: str) -> TrendPoint:
    discoveries, scored, score_sum, launches = values
    if metric == "avg_score":
        return TrendPoint(at=at, value=round(score_sum / scored, 2) if scored else None, count=int(scored))
    if metric == "shipping":
        return TrendPoint(at=at, value=float(launches), count=int(launches))
    return TrendPoint(at=at, value=float(discoveries), count=int(discoveries))


def bucket_start(at: datetime, granularity: Granularity) -> datetime:
    hour = at.replace(minute=0, second=0, microsecond=0)
    if granularity == "hour":
        return hour
    day = hour.replace(hour=0)
    if granularity == "day":
        return day
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)
