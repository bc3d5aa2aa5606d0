"""The health monitor: per node (each source, each worker kind), over a sliding window.

A node's health is its success rate, p50/p95 latency, requests per minute and errors by kind. Only
source failures (``breaker.is_source_failure``) lower the success rate; a 429 or a missing profile
is the node answering correctly, so it shows under errors by kind but not as a failure.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from scout_core.enrich.state import ControllerState, Event, open_state
from scout_core.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NodeHealth:
    node: str
    calls: int = 0
    success_rate: float = 1.0
    p50_s: float | None = None
    p95_s: float | None = None
    requests_per_min: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def error_rate(self) -> float:
        return 1.0 - self.success_rate

    def as_dict(self) -> dict[str, object]:
        return {"node": self.node, "calls": self.calls, "success_rate": round(self.success_rate, 4),
                "p50_s": self.p50_s, "p95_s": self.p95_s, "requests_per_min": round(self.requests_per_min, 1),
                "errors": dict(self.errors)}


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile of ``values`` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, int(share * len(ordered) + 0.5) - 1))], 4)


def summarize(node: str, events: list[Event], window_s: float, now: float) -> NodeHealth:
    if not events:
        return NodeHealth(node)
    latencies = [e.latency_s for e in events]
    minutes = max(1.0, min(window_s, now - min(e.ts for e in events))) / 60.0  # a young window is shorter
    return NodeHealth(
        node=node, calls=len(events), success_rate=sum(e.ok for e in events) / len(events),
        p50_s=percentile(latencies, 0.50), p95_s=percentile(latencies, 0.95),
        requests_per_min=sum(e.requests for e in events) / minutes,
        errors=dict(Counter(e.kind for e in events if e.kind)))


class HealthMonitor:
    """Records calls and summarizes them; shared through the controller state (Redis or in-process).

    Besides the sliding window, it keeps every call this monitor recorded (``totals``): the figures of
    the run that owns it, which the run stores so that ``scout health`` can show them without Redis.
    """

    def __init__(self, state: ControllerState, window_s: float = 300.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self.window_s = window_s
        self.clock = clock
        self.totals: dict[str, list[Event]] = {}

    def record(self, node: str, ok: bool, latency_s: float, kind: str = "", requests: int = 1) -> None:
        event = Event(self.clock(), ok, round(latency_s, 4), kind, requests)
        self.state.add_event(node, event, keep_s=self.window_s)
        self.totals.setdefault(node, []).append(event)

    def snapshot(self, node: str) -> NodeHealth:
        now = self.clock()
        return summarize(node, self.state.events(node, now - self.window_s), self.window_s, now)

    def total(self, node: str) -> NodeHealth:
        """Every call recorded here to ``node``; the request rate over the time since the first of them."""
        return summarize(node, self.totals.get(node, []), math.inf, self.clock())


def share_events(settings: Settings, node: str, events: list[Event]) -> None:
    """Record calls made outside the controller (discovery's searches) in the shared state, so that
    `scout health` shows them with Redis. Health is never worth failing the work it describes."""
    if not settings.redis_url or not events:
        return
    try:
        state = open_state(settings)
    except Exception as exc:  # noqa: BLE001 - Redis unreachable: the run goes on, the view misses these calls
        log.warning("health: cannot record %d %s calls in Redis: %s", len(events), node, exc)
        return
    try:
        for event in events:
            state.add_event(node, event, keep_s=settings.controller.health_window_s)
    except Exception as exc:  # noqa: BLE001 - as above
        log.warning("health: cannot record %d %s calls in Redis: %s", len(events), node, exc)
    finally:
        state.close()
