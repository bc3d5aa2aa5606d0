"""`scout bench faults`: the pipeline's pieces through outages, 429 storms, walls, drift and crashes.

Every scenario runs the same discovery on the same sandbox world into a fresh temp SQLite store,
injects its fault a third of the way into enrichment, and reports per scenario: candidates, stored,
dlq, lost (= candidates − stored − dlq), duplicates (stored twice, or both stored and dead-lettered),
the seconds from the fault until the failing tier's circuit breaker opened (null when the pool has no
breakers or none tripped) and until a profile of the failing tier's platform was stored through
another tier (for crash scenarios: until a batch was stored and acked again). Targets: zero lost,
zero duplicates, a failing source routed around within 60 s.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scout_core.bench.fault_run import (
    Consumer,
    ScenarioResult,
    Tracker,
    breaker_probe,
    discover,
    open_bench_queue,
)
from scout_core.errors import InputError
from scout_core.settings import Settings

Inject = Callable[["Bench", Any], None]  # (bench, pool) -> None, run once mid-run


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    inject: Inject
    fault_tier: str | None = None  # the tier whose breaker and recovery are timed
    x_tier: str | None = None  # the first tier for X profiles, so the fault meets traffic
    disabled: tuple[str, ...] = ()  # sources switched off, e.g. x_api when pages are the main X tier
    redis: bool = False  # queue, DLQ and controller state on a private redis-server
    crash: bool = False  # recovery is the next batch stored and acked after the fault


def _fault(source: str, **knobs: Any) -> Inject:
    return lambda bench, pool: bench.faults.set(source, duration_s=600, **knobs)


def _kill_api_actor(bench: Bench, pool: Any) -> None:
    os.kill(bench.actor_pids[0], signal.SIGKILL)


def _restart_redis(bench: Bench, pool: Any) -> None:
    assert bench.redis is not None
    threading.Thread(target=bench.redis.restart, kwargs={"down_s": 2.0}, name="bench-redis-restart",
                     daemon=True).start()


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("baseline", "no faults: the reference run", lambda bench, pool: None),
    Scenario("source_outage", "x_api connections reset from a third into the run", _fault("x_api", outage="connection"),
             fault_tier="x_api"),
    Scenario("rate_limit_storm", "every x_api call answered 429, reset 120 s away", _fault(
        "x_api", rate_limit=1.0, retry_after_s=120), fault_tier="x_api"),
    Scenario("expired_cookies", "x_web sessions rejected: the login wall on every page", _fault(
        "x_web", expired_cookies=True), fault_tier="x_web", x_tier="x_web", disabled=("x_api",)),
    Scenario("dom_drift", "x_web profile data-testids renamed: pages no longer parse", _fault("x_web", dom_drift=True),
             fault_tier="x_web", x_tier="x_web", disabled=("x_api",)),
    Scenario("actor_killed", "an API worker process SIGKILLed mid-batch", _kill_api_actor, crash=True),
    Scenario("redis_restart", "the private redis-server SIGKILLed mid-run, back 2 s later", _restart_redis,
             redis=True, crash=True),
)


@dataclass
class BenchConfig:
    seed: int = 7
    size: int = 300
    limit: int = 24
    batch_size: int = 8
    api_workers: int = 2
    browser_workers: int = 1
    source_timeout_s: float = 3.0
    page_timeout_s: float = 4.0
    visibility_timeout_s: float = 10.0
    scenario_timeout_s: float = 240.0
    redis_port: int = 0  # 0: any free port for the private redis-server


class Bench:
    """The sandbox world with live fault knobs, shared by every scenario of one benchmark run."""

    def __init__(self, base: Settings, config: BenchConfig) -> None:
        from scout_core.sandbox.faults import Faults
        from scout_core.sandbox.server import SandboxServer
        from scout_core.sandbox.world import generate_world, world_anchor

        self.base = base
        self.config = config
        self.faults = Faults(seed=config.seed)
        self.server = SandboxServer(generate_world(config.seed, config.size, now=world_anchor()), faults=self.faults)
        self.redis: Any = None
        self.actor_pids: list[int] = []
        self.faults_seen: dict[str, dict[str, int]] = {}

    def __enter__(self) -> Bench:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    def settings_for(self, scenario: Scenario, data_dir: Path) -> Settings:
        from scout_core.sandbox.wiring import point_settings_at

        cfg = self.config
        s = point_settings_at(self.base.model_copy(update={"data_dir": data_dir, "database_url": None}),
                              self.server.base_url)
        timeouts = {n: s.source(n).model_copy(update={"timeout_s": cfg.source_timeout_s})
                    for n in s.SOURCE_FIELDS if n != "x_web"}
        updates: dict[str, Any] = {
            **timeouts,
            "x_web": s.x_web.model_copy(update={"page_timeout_s": cfg.page_timeout_s}),
            "ray": s.ray.model_copy(update={"namespace": "scout-bench", "api_workers": cfg.api_workers,
                                            "browser_workers": cfg.browser_workers, "detached": False}),
            "redis_url": self.redis.url if scenario.redis and self.redis else None,
        }
        if scenario.x_tier:
            updates["pipeline"] = s.pipeline.model_copy(update={"x_tier": scenario.x_tier})
        for name in scenario.disabled:
            updates[name] = updates.get(name, s.source(name)).model_copy(update={"enabled": False})
        return s.model_copy(update=updates)

    def run(self, scenario: Scenario) -> ScenarioResult:
        self.faults.clear()
        with tempfile.TemporaryDirectory(prefix=f"scout-bench-{scenario.name}-") as tmp:
            if scenario.redis:
                from scout_core.bench.private_redis import PrivateRedis

                try:
                    with PrivateRedis(port=self.config.redis_port) as self.redis:
                        return self._run_in(scenario, Path(tmp))
                finally:
                    self.redis = None
            return self._run_in(scenario, Path(tmp))

    def _run_in(self, scenario: Scenario, data_dir: Path) -> ScenarioResult:
        from scout_core.enrich.pool import EnrichmentPool
        from scout_core.runtime import open_repository

        settings = self.settings_for(scenario, data_dir / "data")
        repo = open_repository(settings)
        candidates = discover(settings, repo, self.config.limit)
        result = ScenarioResult(name=scenario.name, candidates=len(candidates))
        pool = EnrichmentPool(settings)
        try:
            self.actor_pids = _api_pids(pool, settings)
            consumer = self._consume(scenario, settings, repo, pool, candidates)
        finally:
            pool.shutdown()
            self.faults.clear()
        tally(result, candidates, consumer, repo)
        result.faults_injected = self.faults_seen
        return result

    def _consume(self, scenario: Scenario, settings: Settings, repo: Any, pool: Any, candidates: list) -> Consumer:
        cfg = self.config
        queue = open_bench_queue(settings, settings.data_dir, cfg.visibility_timeout_s)
        queue.put_many(c.model_dump(mode="json") for c in candidates)
        tracker = Tracker(max(1, len(candidates) // 3), lambda: scenario.inject(self, pool), scenario.fault_tier,
                          breaker_probe(pool), crash=scenario.crash)
        started = time.monotonic()
        consumer = Consumer(settings, repo, pool, queue, tracker, cfg.batch_size, started + cfg.scenario_timeout_s)
        try:
            consumer.drain()
        finally:
            self.faults_seen = self.faults.counts()
            queue.destroy()
            queue.close()
        consumer.seconds = round(time.monotonic() - started, 2)
        return consumer


def _api_pids(pool: Any, settings: Settings) -> list[int]:
    import ray

    kind = getattr(pool, "kinds", {}).get("api")
    return ray.get([a.configure.remote(settings) for a in kind.actors]) if kind else []


def tally(result: ScenarioResult, candidates: list, consumer: Consumer, repo: Any) -> None:
    """Count stored, dead-lettered, lost and duplicated candidates from the store itself."""
    keys = {c.key for c in candidates}
    stored = {k for k, o in consumer.finals.items() if o.ok and _in_store(repo, o)}
    dead = repo.pending_dead_letter_keys(keys)
    tracker = consumer.tracker
    result.stored, result.dlq = len(stored & keys), len(dead & keys)
    result.lost = len(keys - stored - dead)
    result.duplicates = len(stored & dead) + _duplicate_rows(repo)
    result.breaker_opened_s = tracker.since_injection(tracker.breaker_opened_at)
    result.recovered_s = tracker.since_injection(tracker.recovered_at)
    result.seconds = consumer.seconds
    result.redeliveries = consumer.redeliveries
    for outcome in consumer.finals.values():
        if outcome.ok:
            result.by_source[outcome.source or "?"] = result.by_source.get(outcome.source or "?", 0) + 1
        else:
            kind = outcome.error_kind or "?"
            result.errors_by_kind[kind] = result.errors_by_kind.get(kind, 0) + 1
    result.notes += consumer.problems[:5]


def _in_store(repo: Any, outcome: Any) -> bool:
    return all(repo.get_profile(p.source_platform, p.handle) is not None for p in outcome.profiles)


def _duplicate_rows(repo: Any) -> int:
    """Profile rows beyond the first for one (platform, handle): what idempotent upserts must prevent."""
    from sqlalchemy import func, select

    from scout_core.store.models import Profile

    stmt = (select(func.count()).select_from(Profile)
            .group_by(Profile.source_platform, Profile.handle_key).having(func.count() > 1))
    with repo.engine.connect() as conn:
        return sum(n - 1 for n in conn.scalars(stmt))


def select_scenarios(names: list[str] | None) -> list[Scenario]:
    if not names:
        return list(SCENARIOS)
    known = {s.name: s for s in SCENARIOS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"unknown scenario {unknown[0]!r}; choose from {', '.join(known)}")
    return [known[n] for n in names]


def run_fault_bench(base: Settings, names: list[str] | None = None, config: BenchConfig | None = None,
                    on_result: Callable[[ScenarioResult], None] | None = None) -> list[ScenarioResult]:
    """Run the scenarios (all, or those named) one after another on one sandbox world."""
    chosen = select_scenarios(names)
    results = []
    with Bench(base, config or BenchConfig()) as bench:
        for scenario in chosen:
            result = bench.run(scenario)
            if result.breaker_opened_s is None and scenario.fault_tier:
                moved = "traffic moved to other tiers without it" if result.recovered_s is not None else "no rerouting"
                result.notes.append(f"{scenario.fault_tier} breaker did not open ({moved}); a 429 never trips one")
            results.append(result)
            if on_result:
                on_result(result)
    return results
