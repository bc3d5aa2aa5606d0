"""Topics rise and fall: each topic's weekly popularity on the clock (keyword momentum, as truth).

Popularity is 1.0 for every topic up to day 0 (the generated world's posts follow people's own topics
only). From then on each topic drifts as a slow random walk in log space; a few topics take off (a
smooth step up by 2.5-5x over 4-10 weeks, starting at a random week) and a few fade (down to 0.3-0.5x).
Posts made on the clock pick part of their topics in proportion to this popularity (``history_posts``),
so the mentions a pipeline counts follow it, with sampling noise.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

RISING, FADING = 3, 3  # topics that take off, and that fade, over the horizon


@dataclass(frozen=True)
class TopicCurves:
    """Weekly popularity per topic: ``weekly[topic][w]`` for week ``w`` since day 0."""

    topics: tuple[str, ...]
    weekly: dict[str, tuple[float, ...]]
    rising: tuple[str, ...]
    fading: tuple[str, ...]

    def popularity(self, topic: str, week: int) -> float:
        if week < 0:
            return 1.0
        values = self.weekly[topic]
        return values[min(week, len(values) - 1)]

    def weights(self, week: int) -> list[float]:
        """Popularity of every topic in ``week``, in ``topics`` order."""
        return [self.popularity(topic, week) for topic in self.topics]


def draw_topic_curves(rng: random.Random, topics: list[str], weeks: int) -> TopicCurves:
    """Curves over ``weeks`` weeks (at least one) for ``topics``; the same stream gives the same curves."""
    weeks = max(1, weeks)
    order = rng.sample(topics, len(topics))
    rising, fading = order[:RISING], order[RISING:RISING + FADING]
    weekly = {}
    for topic in topics:
        level, walk = 0.0, []
        shape = _step(rng, weeks, up=topic in rising) if topic in rising or topic in fading else None
        for week in range(weeks):
            level += rng.gauss(0.0, 0.04)
            factor = shape(week) if shape else 1.0
            walk.append(round(math.exp(level) * factor, 4))
        weekly[topic] = tuple(walk)
    return TopicCurves(topics=tuple(topics), weekly=weekly, rising=tuple(rising), fading=tuple(fading))


def _step(rng: random.Random, weeks: int, up: bool) -> Callable[[int], float]:
    """A smooth step from 1 to a target multiple, starting somewhere in the first half of the horizon."""
    target = rng.uniform(2.5, 5.0) if up else rng.uniform(0.3, 0.5)
    begin = rng.uniform(0, max(1.0, weeks / 2))
    length = rng.uniform(4, 10)

    def factor(week: int) -> float:
        u = min(1.0, max(0.0, (week - begin) / length))
        return float(target ** (u * u * (3.0 - 2.0 * u)))

    return factor
