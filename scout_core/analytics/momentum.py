"""Keyword momentum: how often posts mention each topic, week by week, and whether that is speeding up.

A post mentions a topic when the topic's words appear in it as words (case-insensitive). Counts are kept
per ISO week (Monday 00:00 UTC); momentum reads the last ``WEEKS`` weeks as the share of that week's posts
(per 1,000), so a week with more posts overall does not look like a trend. Growth is the mean share of
the last third of the weeks over the first third, acceleration the last third over the middle third
(above 1: speeding up); both are smoothed by ``SMOOTHING`` per 1,000 so a topic from nothing is not infinite.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from scout_core.store.analytics_records import TopicMomentum

WEEKS = 12
SMOOTHING = 1.0
ALL_POSTS = ""  # the topic key under which every post is counted


def week_start(at: datetime) -> datetime:
    day = at.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


class TopicMatcher:
    """Finds which of the topics a text mentions, in one pass of one regular expression."""

    def __init__(self, topics: Iterable[str]) -> None:
        names = sorted({t.strip().lower() for t in topics if t.strip()}, key=lambda t: (-len(t), t))
        self.topics = names
        body = "|".join(r"\s+".join(re.escape(word) for word in name.split()) for name in names)
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE) if names else None

    def mentioned(self, text: str) -> set[str]:
        if self._pattern is None or not text:
            return set()
        return {" ".join(found.lower().split()) for found in self._pattern.findall(text)}


def count_weeks(posts: Iterable[tuple[str, datetime]], matcher: TopicMatcher) -> Counter[tuple[str, datetime]]:
    """(topic, week start) -> posts mentioning it; (ALL_POSTS, week) -> every post that week."""
    counts: Counter[tuple[str, datetime]] = Counter()
    for text, at in posts:
        week = week_start(at)
        counts[(ALL_POSTS, week)] += 1
        for topic in matcher.mentioned(text):
            counts[(topic, week)] += 1
    return counts


def momentum(counts: Mapping[tuple[str, datetime], int], topics: Iterable[str], now: datetime,
             roi: Mapping[str, tuple[float, int]] | None = None, weeks: int = WEEKS) -> list[TopicMomentum]:
    """Every topic's momentum over the ``weeks`` weeks up to ``now``'s week, fastest growing first."""
    last = week_start(now)
    window = [last - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    totals = [counts.get((ALL_POSTS, w), 0) for w in window]
    third = max(1, weeks // 3)
    found = []
    for topic in sorted({t.strip().lower() for t in topics if t.strip()}):
        mentions = [counts.get((topic, w), 0) for w in window]
        share = [round(1000.0 * m / t, 4) if t else 0.0 for m, t in zip(mentions, totals, strict=True)]
        first, middle, end = share[:third], share[third:-third] or share[:third], share[-third:]
        growth = (_mean(end) + SMOOTHING) / (_mean(first) + SMOOTHING)
        acceleration = (_mean(end) + SMOOTHING) / (_mean(middle) + SMOOTHING)
        value, runs = (roi or {}).get(topic, (None, 0))
        found.append(TopicMomentum(topic, share, sum(mentions), round(growth, 4), round(acceleration, 4),
                                   value, runs))
    found.sort(key=lambda m: (-m.growth, m.topic))
    return found


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
