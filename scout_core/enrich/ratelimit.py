"""Rate limits per source and per credential: token buckets drawn atomically, pauses from 429s.

Each quota in ``settings.controller.rate_limits`` becomes a token bucket per credential, refilled at
``limit × (1 - headroom) / window`` with a small burst, so in any window of the service's own clock
fewer than ``limit`` requests arrive. A dispatch draws from every bucket of its source at once or
from none. A 429 pauses the source for that credential until the window resets (``retry_after`` from
``x-rate-limit-reset`` / ``Retry-After``); it never counts as a failure and never burns a session.

Our own count is a guess: another client of the same app (a second token, another deployment) spends
the same quota, and the service's window is not ours. So where the service says what is left
(``x-rate-limit-remaining`` and ``-reset`` on answers to the quota's ``path``), that count rules:
the rest of the window is spread evenly until its reset, and nothing is sent once it is spent
(``observe`` keeps it; ``Bucket.window`` says how a draw uses it). The headroom then no longer applies:
it only guards our own guess.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable

from scout_core.enrich.state import Bucket, ControllerState
from scout_core.settings import ControllerSettings, QuotaCfg

BURST_SHARE = 0.02  # of each quota, drawable at once
DEFAULT_PAUSE_S = 60.0  # a 429 without a reset header


def credential_id(secret: str | None) -> str:
    """A short, stable, non-reversible name for a credential (keys never hold secrets)."""
    if not secret:
        return "anon"
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def draw_cost(quota: QuotaCfg, profiles: int) -> float:
    """Requests one dispatch of ``profiles`` candidates spends from ``quota``."""
    return quota.requests if quota.per == "call" else quota.requests * profiles


def bound_per_s(quotas: list[QuotaCfg], batch: int) -> float:
    """Profiles per second the quotas allow at ``batch`` candidates per call (inf without quotas)."""
    rates = [q.limit / q.window_s / (draw_cost(q, batch) / batch) for q in quotas]
    return min(rates, default=math.inf)


class RateLimiter:
    def __init__(self, state: ControllerState, cfg: ControllerSettings,
                 clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self.cfg = cfg
        self.clock = clock

    def _pause_key(self, source: str, credential: str) -> str:
        return self.state.key("rl", source, credential, "pause")

    def buckets(self, source: str, credential: str, profiles: int, largest: int) -> list[Bucket]:
        """The buckets one dispatch draws from; ``largest`` sizes the burst to fit the biggest dispatch."""
        found = []
        for quota in self.cfg.rate_limits.get(source, []):
            rate = quota.limit * (1.0 - self.cfg.rate_headroom) / quota.window_s
            burst = max(draw_cost(quota, largest), math.ceil(quota.limit * BURST_SHARE), 1.0)
            key = self.state.key("rl", source, credential, quota.endpoint)
            window = self._window_key(source, credential, quota.endpoint) if quota.path else ""
            found.append(Bucket(key, rate, float(burst), draw_cost(quota, profiles), window))
        return found

    def _window_key(self, source: str, credential: str, endpoint: str) -> str:
        return self.state.key("rl", source, credential, endpoint, "window")

    def observe(self, source: str, credential: str, windows: dict[str, tuple[float, float]]) -> None:
        """The service's own count per quota endpoint: (requests remaining, reset epoch) from its headers."""
        paths = {q.endpoint for q in self.cfg.rate_limits.get(source, []) if q.path}
        for endpoint, (remaining, reset) in windows.items():
            if endpoint in paths:
                self.state.observe_window(self._window_key(source, credential, endpoint), remaining, reset,
                                          self.clock())

    def acquire(self, source: str, credential: str, profiles: int = 1, largest: int = 1) -> float:
        """0.0 when the dispatch may go now (tokens taken), else seconds to wait (nothing taken)."""
        buckets = self.buckets(source, credential, profiles, max(largest, profiles))
        return self.state.take_tokens(buckets, [self._pause_key(source, credential)], self.clock())

    def pause(self, source: str, credential: str, retry_after: float | None) -> float:
        """Hold the source for this credential until its window resets; returns the pause in seconds."""
        pause_s = DEFAULT_PAUSE_S if retry_after is None else max(0.0, retry_after)
        self.state.pause(self._pause_key(source, credential), self.clock() + pause_s)
        return pause_s

    def paused_for(self, source: str, credential: str) -> float:
        """Seconds the source is still paused for this credential (draws nothing)."""
        return self.state.take_tokens([], [self._pause_key(source, credential)], self.clock())
