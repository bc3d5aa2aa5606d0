"""One fault scenario, end to end: discovery → work queue → pool.enrich → process_outcomes → a temp store.

Candidates travel through a durable work queue (SQLite, or Redis streams on a private server) the way
the pipeline would use one between discovery and enrichment: a batch is acked only after its outcomes
are stored or dead-lettered, so whatever breaks mid-batch (a worker, Redis, the store) leaves the
batch to be delivered again. Afterwards every candidate is looked up: stored, dead-lettered, or lost.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scout_core.errors import ScoutError
from scout_core.schema import Candidate, EnrichmentOutcome
from scout_core.settings import Settings

log = logging.getLogger(__name__)
CONSUMER = "bench-consumer"


@dataclass
class ScenarioResult:
    """The figures one scenario reports (seconds are wall-clock from the fault's injection)."""

    name: str
    candidates: int = 0
    stored: int = 0
    dlq: int = 0
    lost: int = 0
    duplicates: int = 0
    breaker_opened_s: float | None = None
    recovered_s: float | None = None
    seconds: float = 0.0
    redeliveries: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    faults_injected: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class Tracker:
    """Sees every outcome as it completes: fires the fault once, times the breaker and the recovery."""

    def __init__(self, trigger_at: int, inject: Callable[[], None], fault_tier: str | None,
                 breaker_state: Callable[[str], str | None], crash: bool = False) -> None:
        self.trigger_at = trigger_at
        self.crash = crash
        self.inject = inject
        self.fault_tier = fault_tier
        self.breaker_state = breaker_state
        self.done = 0
        self.injected_at: float | None = None
        self.breaker_opened_at: float | None = None
        self.recovered_at: float | None = None

    def __call__(self, outcome: EnrichmentOutcome) -> None:
        self.done += 1
        now = time.monotonic()
        if self.injected_at is None:
            if self.done >= self.trigger_at:
                self.injected_at = now
                self.inject()
            return
        self._watch(outcome, now)

    def _watch(self, outcome: EnrichmentOutcome, now: float) -> None:
        if self.fault_tier and self.breaker_opened_at is None and self.breaker_state(self.fault_tier) == "open":
            self.breaker_opened_at = now
        if self.recovered_at is None and outcome.ok and self._routed_around(outcome):
            self.recovered_at = now

    def batch_settled(self) -> None:
        """A batch was stored and acked: after a crash (no failing tier), that is traffic recovered."""
        if self.crash and self.injected_at is not None and self.recovered_at is None:
            self.recovered_at = time.monotonic()

    def _routed_around(self, outcome: EnrichmentOutcome) -> bool:
        """A success through another tier than the failing one, for a platform that tier serves."""
        if self.fault_tier is None:
            return False  # crash scenarios recover when a batch settles (batch_settled)
        from scout_core.enrich.routing import ROUTES

        served = {p for p, tiers in ROUTES.items() if self.fault_tier in tiers}
        return outcome.candidate.platform in served and outcome.source != self.fault_tier

    def since_injection(self, at: float | None) -> float | None:
        return None if at is None or self.injected_at is None else round(at - self.injected_at, 2)


def breaker_probe(pool: Any) -> Callable[[str], str | None]:
    """Reads a tier's breaker state from the pool's controller; None while the pool has no breakers."""
    breakers = getattr(getattr(pool, "controller", None), "breakers", None)
    if breakers is None or not hasattr(breakers, "state_of"):
        return lambda tier: None

    def state(tier: str) -> str | None:
        try:
            return str(breakers.state_of(tier))
        except ScoutError as exc:  # the breaker's state store is down (e.g. Redis restarting)
            log.warning("breaker state of %s unreadable: %s", tier, exc)
            return None

    return state


def discover(settings: Settings, repo: Any, limit: int) -> list[Candidate]:
    from scout_core.discovery.candidates import discover_candidates

    result = asyncio.run(discover_candidates(settings, repo, settings.pipeline.topics, limit))
    return list(result.candidates)


def open_bench_queue(settings: Settings, data_dir: Path, visibility_timeout_s: float) -> Any:
    from scout_core.queue import RedisStreamQueue, SqliteQueue

    name = f"bench-enrich-{uuid.uuid4().hex[:8]}"
    if settings.redis_url:
        return RedisStreamQueue(settings.redis_url, name, visibility_timeout_s=visibility_timeout_s)
    return SqliteQueue(data_dir / "queue.db", name, visibility_timeout_s=visibility_timeout_s)


@dataclass
class Consumer:
    """Drains the queue in batches: enrich, store, then ack; a failed step leaves the batch for redelivery."""

    settings: Settings
    repo: Any
    pool: Any
    queue: Any
    tracker: Tracker
    batch_size: int
    deadline: float
    run_id: str = "bench-faults"
    finals: dict[str, EnrichmentOutcome] = field(default_factory=dict)
    redeliveries: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def drain(self) -> None:
        while time.monotonic() < self.deadline:
            batch = self._next_batch()
            if batch is None:
                return
            if batch:
                self._handle(batch)

    def _next_batch(self) -> list[Any] | None:
        """The next deliveries; [] while only unacked ones wait out their timeout; None when all are done."""
        try:
            batch = self.queue.get(CONSUMER, count=self.batch_size)
            if batch or (self.queue.pending() == 0 and self.queue.backlog() == 0):
                return batch or None
        except ScoutError as exc:
            self.problems.append(f"queue get: {exc}")
        time.sleep(0.25)  # entries held by a lost reply come back after the visibility timeout
        return []

    def _handle(self, batch: list[Any]) -> None:
        self.redeliveries += sum(1 for d in batch if d.deliveries > 1)
        try:
            candidates = [Candidate.model_validate(d.payload) for d in batch]
            outcomes = self.pool.enrich(candidates, on_done=self.tracker)
            from scout_core.process import process_outcomes

            process_outcomes(self.settings, self.repo, outcomes, self.run_id)
            for outcome in outcomes:
                self.finals[outcome.candidate.key] = outcome
            self.queue.ack(d.id for d in batch)
            self.tracker.batch_settled()
        except Exception as exc:  # noqa: BLE001 - not acked: the batch comes back after the visibility timeout
            # Anything, not only ScoutError: the benchmark's job is to show what escapes, and to lose nothing.
            self.problems.append(f"batch of {len(batch)} not acked: {type(exc).__module__}.{type(exc).__name__}: "
                                 f"{str(exc)[:200]}")
