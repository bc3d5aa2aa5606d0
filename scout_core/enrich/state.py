"""Where the controller keeps its shared state: Redis when ``settings.redis_url`` is set, else this process.

Every mechanism (health, breakers, rate limits, budgets, sessions) is policy over the few primitives of
``ControllerState``; each primitive is atomic in both backends (a lock here, one Lua script or one
MULTI in ``state_redis``), so two drivers or a driver and its workers never see half a transition.
Times are epoch seconds passed in by the caller, which keeps every primitive testable with a fake clock.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from scout_core.enrich.windows import Window, drawn, observed, plan
from scout_core.settings import Settings

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
PROBE = "probe"  # breaker_allow: the caller is the one half-open probe


class Event(NamedTuple):
    """One call to a node, as the health monitor counts it."""

    ts: float
    ok: bool
    latency_s: float
    kind: str = ""  # error kind, "" on success
    requests: int = 1  # HTTP requests the call made


class Bucket(NamedTuple):
    """A token bucket to draw ``cost`` tokens from: refills ``rate`` per second up to ``burst``.

    ``window`` names the service's own count of this quota (``observe_window``). While that count is
    current it rules (``windows.plan``): a draw needs ``cost`` of what is left to us, and the bucket
    refills at what is left to us spread evenly until the reset instead of ``rate``. Once the window
    has reset, the bucket starts the new one full.
    """

    key: str
    rate: float
    burst: float
    cost: float
    window: str = ""


@dataclass
class SessionState:
    next_use: float = 0.0
    blocks: int = 0
    retired: bool = False


class ControllerState(ABC):
    """The atomic primitives the controller's mechanisms are built from."""

    prefix: str

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    # -- health: a sliding window of events per node --
    @abstractmethod
    def add_event(self, node: str, event: Event, keep_s: float) -> None: ...

    @abstractmethod
    def events(self, node: str, since: float) -> list[Event]: ...

    # -- circuit breakers --
    @abstractmethod
    def breaker_allow(self, node: str, now: float, reset_s: float, probe_ttl_s: float) -> str:
        """CLOSED (go), OPEN (refused) or PROBE (go: you are the half-open probe); moves OPEN → HALF_OPEN."""

    @abstractmethod
    def breaker_record(self, node: str, ok: bool, now: float, threshold: int) -> str:
        """Count a result; returns the state after it."""

    @abstractmethod
    def breaker_state(self, node: str) -> tuple[str, int, float, float]:
        """(state, consecutive failures, opened_at, end of the current half-open probe's lease)."""

    # -- rate limits --
    @abstractmethod
    def take_tokens(self, buckets: list[Bucket], pauses: list[str], now: float) -> float:
        """Draw from every bucket at once, or from none: 0.0 when taken, else seconds to wait."""

    @abstractmethod
    def observe_window(self, key: str, remaining: float, reset: float, now: float) -> None:
        """The service's count: ``remaining`` requests until ``reset`` (epoch s). A later window replaces the
        one held; the same window only ever lowers what is left (answers arrive out of order)."""

    @abstractmethod
    def pause(self, key: str, until: float) -> None:
        """Hold every draw that names this pause key until ``until`` (never shortens a pause)."""

    # -- amounts (spend per tier per day) --
    @abstractmethod
    def add_amount(self, key: str, amount: float, ttl_s: float) -> float: ...

    @abstractmethod
    def amount(self, key: str) -> float: ...

    @abstractmethod
    def add_amount_capped(self, key: str, amount: float, cap: float, ttl_s: float, floor: float = 0.0) -> bool:
        """Raise the total to at least ``floor``, then add ``amount`` only if it stays within ``cap``;
        whether it was added. (``floor`` is what a durable record says, for a state that lost it.)"""

    # -- cookie sessions --
    @abstractmethod
    def checkout_session(self, pool: str, sessions: list[str], now: float,
                         min_interval_s: float) -> tuple[str | None, float]:
        """(least recently used ready session, 0) or (None, seconds until one is ready; -1 when all retired)."""

    @abstractmethod
    def report_session(self, pool: str, session: str, now: float, outcome: str, rest_s: float = 0.0,
                       retire_after: int = 3) -> SessionState:
        """Count a use: ``outcome`` is ok, rested (rate limited: rest, never burn), blocked or banned."""

    @abstractmethod
    def clear(self) -> None:
        """Forget everything under this prefix (tests, benchmarks)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""


class LocalState(ControllerState):
    """The in-process backend: the same semantics under one lock, shared by every thread of the process."""

    def __init__(self, prefix: str = "scout:ctl") -> None:
        self.prefix = prefix
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self._events: dict[str, list[Event]] = defaultdict(list)
        self._breakers: dict[str, dict[str, float | str]] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, ts)
        self._windows: dict[str, Window] = {}
        self._pauses: dict[str, float] = {}
        self._amounts: dict[str, float] = defaultdict(float)
        self._sessions: dict[tuple[str, str], SessionState] = {}

    def add_event(self, node: str, event: Event, keep_s: float) -> None:
        with self._lock:
            events = self._events[node]
            events.append(event)
            cutoff = event.ts - keep_s
            if events[0].ts < cutoff:
                self._events[node] = [e for e in events if e.ts >= cutoff]

    def events(self, node: str, since: float) -> list[Event]:
        with self._lock:
            return [e for e in self._events.get(node, []) if e.ts >= since]

    def breaker_allow(self, node: str, now: float, reset_s: float, probe_ttl_s: float) -> str:
        with self._lock:
            b = self._breakers.setdefault(node, {"state": CLOSED, "failures": 0, "opened_at": 0.0, "probe": 0.0})
            if b["state"] == CLOSED:
                return CLOSED
            if b["state"] == OPEN and now - float(b["opened_at"]) < reset_s:
                return OPEN
            if b["state"] == HALF_OPEN and now < float(b["probe"]):
                return OPEN  # one probe at a time
            b["state"], b["probe"] = HALF_OPEN, now + probe_ttl_s
            return PROBE

    def breaker_record(self, node: str, ok: bool, now: float, threshold: int) -> str:
        with self._lock:
            b = self._breakers.setdefault(node, {"state": CLOSED, "failures": 0, "opened_at": 0.0, "probe": 0.0})
            if ok:
                b["state"], b["failures"] = CLOSED, 0
            elif b["state"] == HALF_OPEN:
                b["state"], b["opened_at"] = OPEN, now
            elif b["state"] == CLOSED:
                b["failures"] = int(b["failures"]) + 1
                if int(b["failures"]) >= threshold:
                    b["state"], b["opened_at"] = OPEN, now
            return str(b["state"])

    def breaker_state(self, node: str) -> tuple[str, int, float, float]:
        with self._lock:
            b = self._breakers.get(node) or {"state": CLOSED, "failures": 0, "opened_at": 0.0, "probe": 0.0}
            return str(b["state"]), int(b["failures"]), float(b["opened_at"]), float(b["probe"])

    def take_tokens(self, buckets: list[Bucket], pauses: list[str], now: float) -> float:
        with self._lock:
            paused = max((self._pauses.get(k, 0.0) for k in pauses), default=0.0)
            if paused > now:
                return paused - now
            plans = [self._plan(b, now) for b in buckets]
            wait = max((p[2] for p in plans), default=0.0)
            if wait > 0:
                return wait
            for b, (level, window, _) in zip(buckets, plans, strict=True):
                self._buckets[b.key] = (level - b.cost, now)
                if window is not None:
                    self._windows[b.window] = drawn(window, b.cost)
            return 0.0

    def _plan(self, bucket: Bucket, now: float) -> tuple[float, Window | None, float]:
        """(level, the service's current window or None, seconds to wait) for one draw."""
        tokens, ts = self._buckets.get(bucket.key, (bucket.burst, now))
        window = self._windows.get(bucket.window) if bucket.window else None
        rate = bucket.rate
        if window is not None and window.reset <= now:
            if ts < window.reset:
                tokens = bucket.burst  # the window turned over since the last draw: the service refilled
            window = None
        elif window is not None:
            wait, rate = plan(window, bucket.cost, now)
            if wait > 0:
                return 0.0, window, wait
        level = min(bucket.burst, tokens + max(0.0, now - ts) * rate)
        return level, window, 0.0 if level >= bucket.cost else (bucket.cost - level) / rate

    def observe_window(self, key: str, remaining: float, reset: float, now: float) -> None:
        with self._lock:
            window = observed(self._windows.get(key), remaining, reset, now)
            if window is not None:
                self._windows[key] = window

    def pause(self, key: str, until: float) -> None:
        with self._lock:
            self._pauses[key] = max(self._pauses.get(key, 0.0), until)

    def add_amount(self, key: str, amount: float, ttl_s: float) -> float:
        with self._lock:
            self._amounts[key] += amount
            return self._amounts[key]

    def amount(self, key: str) -> float:
        with self._lock:
            return self._amounts.get(key, 0.0)

    def add_amount_capped(self, key: str, amount: float, cap: float, ttl_s: float, floor: float = 0.0) -> bool:
        with self._lock:
            self._amounts[key] = max(self._amounts[key], floor)
            if self._amounts[key] + amount > cap + 1e-9:
                return False
            self._amounts[key] += amount
            return True

    def checkout_session(self, pool: str, sessions: list[str], now: float,
                         min_interval_s: float) -> tuple[str | None, float]:
        with self._lock:
            live = [(self._sessions.setdefault((pool, s), SessionState()), s) for s in sessions]
            live = [(st, s) for st, s in live if not st.retired]
            if not live:
                return None, -1.0
            state, session = min(live, key=lambda pair: pair[0].next_use)
            if state.next_use > now:
                return None, state.next_use - now
            state.next_use = now + min_interval_s
            return session, 0.0

    def report_session(self, pool: str, session: str, now: float, outcome: str, rest_s: float = 0.0,
                       retire_after: int = 3) -> SessionState:
        with self._lock:
            state = self._sessions.setdefault((pool, session), SessionState())
            state.next_use = max(state.next_use, now + rest_s)
            if outcome == "ok":
                state.blocks = 0
            elif outcome in ("blocked", "banned"):
                state.blocks += 1
            state.retired = state.retired or outcome == "banned" or state.blocks >= max(1, retire_after)
            return SessionState(state.next_use, state.blocks, state.retired)


def open_state(settings: Settings) -> ControllerState:
    """Redis when configured (shared by every process and worker), else an in-process state.

    On Redis, a failure that outlasts the client's retries degrades to this process's state with a
    warning instead of failing the run (``state_fallback``)."""
    prefix = settings.controller.key_prefix
    if settings.redis_url:
        from scout_core.enrich.state_fallback import FallbackState

        return FallbackState(settings.redis_url, prefix, retry_s=settings.controller.redis_retry_s)
    return LocalState(prefix)
