"""The enrichment controller: health, breakers, rate limits, budgets and sessions behind three calls.

* ``views(loads)`` — a snapshot of every tier for one dispatch pass (what the dispatcher reads);
* ``admit(tier, n)`` — may a call with ``n`` candidates go to ``tier`` now? (budget, tokens, session,
  breaker — in that order, so a refusal rarely wastes what an earlier check took);
* ``observe(dispatch, result)`` — count a finished call: health, breaker, 429 pauses, spend, session.

State lives in ``open_state(settings)``: Redis when configured (shared by every driver), else this process.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from scout_core.enrich.breaker import NOT_FAILURES, CircuitBreakers, is_source_failure
from scout_core.enrich.budget import CostLedger, SpendReader, store_spend
from scout_core.enrich.dispatcher import TierView
from scout_core.enrich.enricher import BatchResult
from scout_core.enrich.health import HealthMonitor, NodeHealth
from scout_core.enrich.ratelimit import RateLimiter, bound_per_s, credential_id
from scout_core.enrich.routing import BROWSER_SOURCES, worker_kind
from scout_core.enrich.sessions import SessionPool
from scout_core.enrich.state import ControllerState, open_state
from scout_core.settings import Settings

DEFAULT_SLOTS = 16
MAX_SLOTS = 64  # per tier, whatever the quotas would allow
HEALTH_CACHE_S = 1.0  # dispatch passes run many times a second; health needs no fresher view


@dataclass(frozen=True)
class Admission:
    go: bool
    wait_s: float = 0.0  # when refused: seconds until worth asking again (inf: not today)
    session: str | None = None
    reason: str = ""  # budget | rate | sessions | breaker
    reserved_usd: float = 0.0  # held against the tier's daily cap until the call is observed


def health_nodes() -> list[str]:
    """Every node health is kept for: each source (search included), then each worker kind."""
    from scout_core.sources import SOURCE_NAMES

    return [*SOURCE_NAMES, "worker:api", "worker:browser"]


class Controller:
    def __init__(self, settings: Settings, state: ControllerState | None = None,
                 clock: Callable[[], float] = time.time, recorded_spend: SpendReader | None = None) -> None:
        cfg = settings.controller
        self.settings = settings
        self.state = state or open_state(settings)
        self.clock = clock
        self.health = HealthMonitor(self.state, cfg.health_window_s, clock)
        self.breakers = CircuitBreakers(self.state, cfg, clock)
        self.limiter = RateLimiter(self.state, cfg, clock)
        # Today's spend comes from the store's cost ledger (the state only caches it): caps hold across runs.
        self.ledger = CostLedger(self.state, cfg, clock,
                                 recorded_spend or store_spend(settings.resolved_database_url))
        self.sessions = SessionPool(self.state, settings, "x_web", clock)
        self._health: dict[str, tuple[float, NodeHealth]] = {}

    # -- per-tier facts ---------------------------------------------------------------------------
    def credential(self, tier: str) -> str:
        secret = self.settings.source(tier).credential()
        return credential_id(secret.get_secret_value() if secret else None)

    def batch_size(self, tier: str) -> int:
        return max(1, self.settings.controller.batch_size.get(tier, 1))

    def slots(self, tier: str, browser_pages: int) -> int:
        """Calls the tier may have in flight: its setting, raised to what its quotas can keep busy.

        Little's law: a tier paced at ``bound`` profiles/s whose calls take ``p95`` seconds needs
        ``bound × p95 / batch`` calls in flight to stay at its bound.
        """
        if tier in BROWSER_SOURCES:
            return browser_pages
        configured = self.settings.controller.max_in_flight.get(tier, DEFAULT_SLOTS)
        quotas = self.settings.controller.rate_limits.get(tier)
        latency = self.node_health(tier).p95_s
        if not quotas or not latency:
            return configured
        batch = self.batch_size(tier)
        needed = math.ceil(bound_per_s(quotas, batch) * latency / batch) + 1
        return min(MAX_SLOTS, max(configured, needed))

    def node_health(self, node: str) -> NodeHealth:
        now = self.clock()
        cached = self._health.get(node)
        if cached is None or now - cached[0] > HEALTH_CACHE_S:
            cached = (now, self.health.snapshot(node))
            self._health[node] = cached
        return cached[1]

    def views(self, tiers: list[str], in_flight: dict[str, int], browser_pages: int) -> dict[str, TierView]:
        """A fresh snapshot of each tier for one dispatch pass."""
        cfg = self.settings.controller
        found = {}
        for tier in tiers:
            health = self.node_health(tier)
            cost = self.ledger.cost_per_profile(tier)
            found[tier] = TierView(
                name=tier, cost=cost, slots=self.slots(tier, browser_pages), batch=self.batch_size(tier),
                busy=float(in_flight.get(tier, 0)), breaker_open=self.breakers.is_open(tier),
                budget_spent=not self.ledger.allows(tier, cost),
                paused_s=self.limiter.paused_for(tier, self.credential(tier)),
                error_rate=health.error_rate if health.calls >= cfg.health_min_samples else 0.0,
                p50_s=health.p50_s or 0.0, credits_left=self.ledger.left_share(tier))
        return found

    # -- before a call ----------------------------------------------------------------------------
    def admit(self, tier: str, n: int) -> Admission:
        estimate = self.ledger.cost_per_profile(tier) * n
        if not self.ledger.allows(tier, estimate):
            return Admission(False, math.inf, reason="budget")
        wait = self.limiter.acquire(tier, self.credential(tier), n, self.batch_size(tier))
        if wait > 0:
            return Admission(False, wait, reason="rate")
        session = None
        if tier in BROWSER_SOURCES and self.sessions.configured:
            session, wait = self.sessions.checkout()
            if session is None:
                return Admission(False, math.inf if wait < 0 else wait, reason="sessions")
        if not self.breakers.allow(tier):
            return Admission(False, self.breakers.config(tier).reset_s, reason="breaker")
        if not self.ledger.reserve(tier, estimate):  # last: the cap is shared, so another driver may have won
            return Admission(False, math.inf, reason="budget")
        return Admission(True, session=session, reserved_usd=estimate if self.ledger.cap(tier) is not None else 0.0)

    # -- after a call -----------------------------------------------------------------------------
    def observe(self, tier: str, result: BatchResult, latency_s: float, session: str | None = None,
                reserved_usd: float = 0.0) -> None:
        """Count a finished worker call with everything it tells about its tier."""
        kinds = [o.error_kind for o in result.outcomes]
        self._record_health(tier, result, latency_s)
        self.breakers.record(tier, _call_failure(kinds))
        if result.calls.windows:
            self.limiter.observe(tier, self.credential(tier), result.calls.windows)
        if result.calls.rate_limited or "RateLimitedError" in kinds or result.calls.retry_after:
            self.limiter.pause(tier, self.credential(tier), result.calls.retry_after)
        spent = sum(o.cost_usd for o in result.outcomes)
        self.ledger.charge(tier, spent, profiles=sum(1 for o in result.outcomes if o.ok), reserved=reserved_usd)
        if session is not None:
            first = next((k for k in kinds if k), None)
            self.sessions.report(session, first, result.calls.retry_after)

    def _record_health(self, tier: str, result: BatchResult, latency_s: float) -> None:
        requests = result.calls.requests
        for i, outcome in enumerate(result.outcomes):
            share = requests // len(result.outcomes) + (requests % len(result.outcomes) if i == 0 else 0)
            self.health.record(tier, not is_source_failure(outcome.error_kind), outcome.seconds or latency_s,
                               outcome.error_kind or "", share)
        died = any(o.error_kind == "ActorDiedError" for o in result.outcomes)
        # A worker's request is the call it was sent: its rate is calls per minute.
        self.health.record(f"worker:{worker_kind(tier)}", not died, latency_s, "ActorDiedError" if died else "", 1)

    def report(self, tiers: list[str]) -> dict[str, dict[str, object]]:
        """Health, breaker state and spend per tier (for logs, `scout health` and the benchmark)."""
        return {t: {**self.health.snapshot(t).as_dict(), "breaker": self.breakers.state_of(t),
                    "spent_usd": round(self.ledger.spent(t), 4)} for t in tiers}

    def run_report(self, tiers: list[str]) -> dict[str, dict[str, object]]:
        """Like ``report``, over every call this controller observed (a run's figures, kept with the run)."""
        return {t: {**self.health.total(t).as_dict(), "breaker": self.breakers.state_of(t),
                    "spent_usd": round(self.ledger.spent(t), 4)} for t in tiers}


def _call_failure(kinds: list[str | None]) -> str | None:
    """What one call means for its breaker: None (a success) when the source answered for any candidate,
    its most common failure when it failed for all, else a kind the breaker ignores (rate limited)."""
    if any(k is None or k in NOT_FAILURES for k in kinds):
        return None
    failures = [k for k in kinds if is_source_failure(k)]
    return Counter(failures).most_common(1)[0][0] if failures else "RateLimitedError"
