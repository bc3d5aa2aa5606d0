"""Fault knobs for the sandbox: what goes wrong, per source, changeable while the server runs.

A ``Faults`` object holds one ``FaultSpec`` per source (the names of ``wiring.PREFIXES``). The
server's fault middleware asks ``decide(source)`` on every request and acts on the answer:

==================  ==========================================================================
knob                what the client sees
==================  ==========================================================================
latency_ms/jitter   every response waits ``latency_ms`` plus up to ``jitter_ms`` more
rate_limit          that fraction of requests answered 429 with the source's rate-limit headers
server_errors       that fraction answered ``server_error_status`` (a 5xx burst)
timeouts            that fraction hangs ``hang_s`` (longer than the client's timeout)
outage              every request fails: ``connection`` (reset) or ``503``
banned              403 with the service's suspension body (x_web: the suspended-session wall)
expired_cookies     x_web: every session cookie is rejected, so pages show the login wall
dom_drift           x_web: the page's ``data-testid`` values are renamed, so parsing fails
==================  ==========================================================================

Each spec may be limited to a window (``starts_at``/``ends_at``, epoch seconds of the clock), which
is how a benchmark makes "an outage 5 s into the run, for 10 s". A schedule on the world's clock
(``schedule.FaultSchedule``, attached with ``follow``) acts where no knob set by hand is in force.
Random draws come from one RNG per source seeded with ``(seed, source)``, so the n-th request to a
source meets the same fate for the same seed. Thread-safe: the server's threads read while a
benchmark or operator writes.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scout_core.errors import InputError
from scout_core.sandbox.wiring import PREFIXES

Action = Literal["pass", "outage_connection", "outage_503", "banned", "rate_limit", "server_error", "hang"]
SOURCES = tuple(PREFIXES)


class FaultSpec(BaseModel):
    """What goes wrong for one source. Every knob defaults to "nothing"."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    latency_ms: float = Field(0.0, ge=0, le=600_000, description="Added to every response.")
    jitter_ms: float = Field(0.0, ge=0, le=600_000, description="Up to this much more, uniformly drawn.")
    rate_limit: float = Field(0.0, ge=0, le=1, description="Fraction of requests answered 429.")
    retry_after_s: int = Field(30, ge=1, le=86_400, description="Wait the 429 asks for (reset header).")
    server_errors: float = Field(0.0, ge=0, le=1, description="Fraction of requests answered 5xx.")
    server_error_status: int = Field(503, ge=500, le=599, description="Status of those answers.")
    timeouts: float = Field(0.0, ge=0, le=1, description="Fraction of requests that hang.")
    hang_s: float = Field(30.0, gt=0, le=600, description="How long a hanging request hangs.")
    outage: Literal["none", "connection", "503"] = Field("none", description="Fail every request.")
    banned: bool = Field(False, description="403 with a ban body (x_web: suspended-session wall).")
    expired_cookies: bool = Field(False, description="x_web: reject every session cookie.")
    dom_drift: bool = Field(False, description="x_web: rename the page's data-testids.")
    starts_at: float | None = Field(None, description="Epoch seconds the spec takes effect; None = now.")
    ends_at: float | None = Field(None, description="Epoch seconds it stops; None = until cleared.")

    def active_at(self, now: float) -> bool:
        return (self.starts_at is None or now >= self.starts_at) and (self.ends_at is None or now < self.ends_at)


@dataclass(frozen=True)
class Decision:
    """The fate of one request: an action, the delay before it, and the spec it came from."""

    action: Action
    delay_s: float = 0.0
    spec: FaultSpec | None = None


PASS = Decision("pass")


class Scheduled(Protocol):
    """Fault windows on the world's clock (``schedule.FaultSchedule``)."""

    def spec_at(self, source: str, t: float) -> FaultSpec | None: ...


class Faults:
    """The live fault settings of one sandbox server."""

    def __init__(self, seed: int = 0, clock: Callable[[], float] = time.time) -> None:
        self.seed = seed
        self.clock = clock
        self._schedule: tuple[Scheduled, Callable[[], float]] | None = None
        self._specs: dict[str, FaultSpec] = {}
        self._rngs: dict[str, random.Random] = {}
        self._counts: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    # -- writing --------------------------------------------------------------------------------

    def set(self, source: str, spec: FaultSpec | None = None, *, delay_s: float = 0.0,
            duration_s: float | None = None, **knobs: Any) -> FaultSpec:
        """Replace ``source``'s faults with ``spec`` or ``knobs``, optionally for a window from now."""
        _check_source(source)
        spec = spec or _spec(knobs)
        if delay_s or duration_s is not None:
            start = self.clock() + delay_s
            end = None if duration_s is None else start + duration_s
            spec = _spec({**spec.model_dump(), "starts_at": start, "ends_at": end})  # validated, not copied
        with self._lock:
            self._specs[source] = spec
        return spec

    def follow(self, schedule: Scheduled | None, world_seconds: Callable[[], float]) -> None:
        """Also act on ``schedule``'s windows, read against ``world_seconds`` (the world clock's seconds
        since day 0); knobs set by hand take precedence while they are in force. None detaches it."""
        self._schedule = None if schedule is None else (schedule, world_seconds)

    def clear(self, source: str | None = None) -> None:
        """Remove the faults of one source, or of all; its counts and random draws start afresh."""
        with self._lock:
            names = list(PREFIXES) if source is None else [_check_source(source)]
            for name in names:
                self._specs.pop(name, None)
                self._rngs.pop(name, None)
            self._counts = Counter({k: n for k, n in self._counts.items() if k[0] not in names})

    def apply(self, command: Mapping[str, Any]) -> dict[str, Any]:
        """One operator command (the body of ``POST /sandbox/faults``); returns the new snapshot.

        ``{"clear": true}`` clears all; ``{"source": "x_api", "clear": true}`` one source;
        ``{"source": "x_api", "outage": "503", "duration_s": 10, "delay_s": 0}`` sets a source.
        """
        body = dict(command)
        source = body.pop("source", None)
        if source is not None and not isinstance(source, str):
            raise InputError(f"fault command: 'source' must be a string, got {type(source).__name__}")
        clear = body.pop("clear", False)
        if not isinstance(clear, bool):
            raise InputError(f"fault command: 'clear' must be true or false, got {clear!r:.40}")
        if clear:
            self.clear(source)
            return self.snapshot()
        if source is None:
            raise InputError("fault command needs a 'source' (one of " + ", ".join(SOURCES) + ") or 'clear'")
        delay = _number(body.pop("delay_s", 0.0), "delay_s")
        duration = body.pop("duration_s", None)
        self.set(str(source), delay_s=delay,
                 duration_s=None if duration is None else _number(duration, "duration_s"), **body)
        return self.snapshot()

    # -- reading --------------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        """True when no source has any faults set or scheduled: the middleware's fast path."""
        return not self._specs and self._schedule is None

    def active(self, source: str) -> FaultSpec | None:
        """The spec in force for ``source`` now, if any: set by hand, else scheduled on the world clock."""
        spec = self._specs.get(source)
        if spec is not None and spec.active_at(self.clock()):
            return spec
        if self._schedule is not None:
            schedule, world_seconds = self._schedule
            return schedule.spec_at(source, world_seconds())
        return None

    def decide(self, source: str) -> Decision:
        """The fate of the next request to ``source``; counted per source and action."""
        spec = self.active(source)
        if spec is None:
            return PASS
        with self._lock:
            rng = self._rngs.setdefault(source, random.Random(f"{self.seed}:{source}"))
            decision = _draw(spec, rng)
            self._counts[(source, decision.action)] += 1
        return decision

    def counts(self) -> dict[str, dict[str, int]]:
        """Requests per source per action since the start (what a benchmark injected)."""
        with self._lock:
            out: dict[str, dict[str, int]] = {}
            for (source, action), n in self._counts.items():
                out.setdefault(source, {})[action] = n
            return out

    def snapshot(self) -> dict[str, Any]:
        now = self.clock()
        with self._lock:
            specs = dict(self._specs)
        return {"seed": self.seed, "now": now, "sources": {
            name: {**spec.model_dump(exclude_defaults=True), "active": spec.active_at(now)}
            for name, spec in sorted(specs.items())}}

    def banned(self, source: str) -> bool:
        spec = self.active(source)
        return spec is not None and spec.banned

    def session_rejected(self) -> bool:
        """x_web: whether to refuse the page's session cookie now (counted as ``expired_cookies``)."""
        return self._page_fault("expired_cookies")

    def dom_drifted(self) -> bool:
        """x_web: whether to serve the page with drifted markup now (counted as ``dom_drift``)."""
        return self._page_fault("dom_drift")

    def _page_fault(self, knob: str) -> bool:
        spec = self.active("x_web")
        hit = spec is not None and bool(getattr(spec, knob))
        if hit:
            with self._lock:
                self._counts[("x_web", knob)] += 1
        return hit


def _draw(spec: FaultSpec, rng: random.Random) -> Decision:
    """Outages and bans hit every request; the fractions are drawn in a fixed order."""
    delay = spec.latency_ms / 1000 + (rng.uniform(0, spec.jitter_ms) / 1000 if spec.jitter_ms else 0.0)
    if spec.outage != "none":
        return Decision("outage_connection" if spec.outage == "connection" else "outage_503", delay, spec)
    if spec.banned:
        return Decision("banned", delay, spec)
    for action, fraction in (("rate_limit", spec.rate_limit), ("server_error", spec.server_errors),
                             ("hang", spec.timeouts)):
        if fraction and rng.random() < fraction:
            return Decision(action, delay + (spec.hang_s if action == "hang" else 0.0), spec)  # type: ignore[arg-type]
    return Decision("pass", delay, spec)


def _spec(knobs: Mapping[str, Any]) -> FaultSpec:
    try:
        return FaultSpec(**knobs)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "faults"
        raise InputError(f"invalid fault knob {where}: {first['msg']}") from exc


def _check_source(source: str) -> str:
    if source not in PREFIXES:
        raise InputError(f"unknown sandbox source {source!r}; known: {', '.join(SOURCES)}")
    return source


MAX_WINDOW_S = 10 * 365 * 86_400.0  # delays and durations: ten years is "forever" enough


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_WINDOW_S:
        raise InputError(f"invalid fault knob {name}: must be a number of seconds from 0 to {MAX_WINDOW_S:.0f}, "
                         f"got {value!r:.40}")
    return float(value)
