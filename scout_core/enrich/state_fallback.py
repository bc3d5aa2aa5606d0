"""Controller state that outlives a Redis outage: Redis while it answers, this process's state when not.

Every primitive goes to Redis; one that fails there after the client's own retries (a few seconds of
backoff, enough for a restart) is done on an in-process ``LocalState`` instead, with one warning, and
the run goes on. While degraded, Redis is asked again (one quick ping) every ``retry_s``; when it
answers, the state is Redis's again. What the local state held meanwhile (token levels, breaker
counts, sessions' rests) stays behind: those are pacing hints the services' own headers re-establish.
Spend is not among them: the cost ledger in the database is the record, and every cap is checked
against it (``budget.CostLedger``), whichever state is in use.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from scout_core.enrich.state import Bucket, ControllerState, Event, LocalState, SessionState
from scout_core.errors import ConfigurationError, StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")


class FallbackState(ControllerState):
    """``RedisState`` at ``url``, degrading to a ``LocalState`` (and back) as Redis fails (and returns)."""

    def __init__(self, url: str, prefix: str = "scout:ctl", retry_s: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.prefix = prefix
        self.url = url
        self.retry_s = retry_s
        self.clock = clock
        self.local = LocalState(prefix)
        self._lock = threading.Lock()
        self._redis: ControllerState | None = None
        self._down_since: float | None = None
        self._connect()

    @property
    def degraded(self) -> bool:
        """Whether the state is this process's (Redis failed and has not answered since)."""
        return self._down_since is not None

    def _connect(self) -> None:
        from scout_core.enrich.state_redis import RedisState

        try:
            self._redis = RedisState(self.url, self.prefix)
        except ConfigurationError as exc:
            self._degrade("connect", exc)

    def _degrade(self, what: str, exc: Exception) -> None:
        with self._lock:
            if self._down_since is None:
                log.warning("controller state: Redis failed (%s: %s); going on with this process's state, "
                            "asking Redis again every %.0f s", what, exc, self.retry_s)
            self._down_since = self.clock()

    def _current(self) -> ControllerState:
        with self._lock:
            down_since = self._down_since
        if down_since is None and self._redis is not None:
            return self._redis
        if down_since is not None and self.clock() - down_since >= self.retry_s and self._answers():
            return self._redis or self.local
        return self.local

    def _answers(self) -> bool:
        """One quick ping (no retries): a Redis still down costs a refused connection, not seconds."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=0.5,
                                      retry=Retry(NoBackoff(), 0))
        try:
            client.ping()
        except redis.RedisError:
            with self._lock:
                self._down_since = self.clock()  # next look in retry_s
            return False
        finally:
            client.close()
        if self._redis is None:
            self._connect()
        with self._lock:
            if self._redis is not None:
                log.warning("controller state: Redis answers again; the controller's state is shared again")
                self._down_since = None
        return self._redis is not None

    def _do(self, what: str, work: Callable[[ControllerState], T]) -> T:
        state = self._current()
        if state is self.local:
            return work(state)
        try:
            return work(state)
        except StoreError as exc:  # RedisState's own retries are spent
            self._degrade(what, exc)
            return work(self.local)

    # -- the primitives, each on the current state --
    def add_event(self, node: str, event: Event, keep_s: float) -> None:
        self._do("add_event", lambda s: s.add_event(node, event, keep_s))

    def events(self, node: str, since: float) -> list[Event]:
        return self._do("events", lambda s: s.events(node, since))

    def breaker_allow(self, node: str, now: float, reset_s: float, probe_ttl_s: float) -> str:
        return self._do("breaker_allow", lambda s: s.breaker_allow(node, now, reset_s, probe_ttl_s))

    def breaker_record(self, node: str, ok: bool, now: float, threshold: int) -> str:
        return self._do("breaker_record", lambda s: s.breaker_record(node, ok, now, threshold))

    def breaker_state(self, node: str) -> tuple[str, int, float, float]:
        return self._do("breaker_state", lambda s: s.breaker_state(node))

    def take_tokens(self, buckets: list[Bucket], pauses: list[str], now: float) -> float:
        return self._do("take_tokens", lambda s: s.take_tokens(buckets, pauses, now))

    def observe_window(self, key: str, remaining: float, reset: float, now: float) -> None:
        self._do("observe_window", lambda s: s.observe_window(key, remaining, reset, now))

    def pause(self, key: str, until: float) -> None:
        self._do("pause", lambda s: s.pause(key, until))

    def add_amount(self, key: str, amount: float, ttl_s: float) -> float:
        return self._do("add_amount", lambda s: s.add_amount(key, amount, ttl_s))

    def amount(self, key: str) -> float:
        return self._do("amount", lambda s: s.amount(key))

    def add_amount_capped(self, key: str, amount: float, cap: float, ttl_s: float, floor: float = 0.0) -> bool:
        return self._do("add_amount_capped", lambda s: s.add_amount_capped(key, amount, cap, ttl_s, floor))

    def checkout_session(self, pool: str, sessions: list[str], now: float,
                         min_interval_s: float) -> tuple[str | None, float]:
        return self._do("checkout_session", lambda s: s.checkout_session(pool, sessions, now, min_interval_s))

    def report_session(self, pool: str, session: str, now: float, outcome: str, rest_s: float = 0.0,
                       retire_after: int = 3) -> SessionState:
        return self._do("report_session",
                        lambda s: s.report_session(pool, session, now, outcome, rest_s, retire_after))

    def clear(self) -> None:
        self.local.clear()
        self._do("clear", lambda s: s.clear())

    def close(self) -> None:
        if self._redis is not None:
            self._redis.close()
