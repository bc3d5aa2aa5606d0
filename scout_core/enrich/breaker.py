"""Circuit breakers per node: CLOSED → OPEN after N source failures in a row → HALF-OPEN probe → CLOSED.

Thresholds are settings per node (X API 5 failures / 60 s, Apify 5 / 120 s, browser 3 / 300 s). State
lives in the controller state, so every driver and worker sharing a Redis sees one breaker per node;
each transition is one atomic script. What counts as a failure is decided here and nowhere else.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scout_core.enrich.state import CLOSED, HALF_OPEN, OPEN, PROBE, ControllerState
from scout_core.settings import BreakerCfg, ControllerSettings

# A 429, a missing profile or a bad handle is the source answering correctly: never a failure.
NOT_FAILURES = frozenset({"RateLimitedError", "NotFoundError", "InvalidHandleError", "PermanentSourceError"})
PROBE_TTL_S = 60.0  # a half-open probe that never reports back frees the slot after this long


def is_source_failure(kind: str | None) -> bool:
    """Whether an outcome's error kind counts against its node (breaker and health)."""
    return bool(kind) and kind not in NOT_FAILURES


class CircuitBreakers:
    def __init__(self, state: ControllerState, cfg: ControllerSettings,
                 clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self.cfg = cfg
        self.clock = clock

    def config(self, node: str) -> BreakerCfg:
        return self.cfg.breakers.get(node, self.cfg.default_breaker)

    def allow(self, node: str) -> bool:
        """May a call go to ``node`` now? Grants the single half-open probe once the reset time passed."""
        cfg = self.config(node)
        return self.state.breaker_allow(node, self.clock(), cfg.reset_s, PROBE_TTL_S) in (CLOSED, PROBE)

    def record(self, node: str, kind: str | None) -> str:
        """Count a call's result (``kind`` None or "" on success); returns the state after it."""
        if kind and not is_source_failure(kind):
            return self.state_of(node)  # neither a success nor a failure: the breaker does not move
        return self.state.breaker_record(node, not kind, self.clock(), self.config(node).failures)

    def state_of(self, node: str) -> str:
        return self.state.breaker_state(node)[0]

    def is_open(self, node: str) -> bool:
        """Read-only: True while calls would be refused (open and not yet due a probe, or a probe out)."""
        state, _, opened_at, probe = self.state.breaker_state(node)
        now = self.clock()
        if state == OPEN:
            return now - opened_at < self.config(node).reset_s
        return state == HALF_OPEN and now < probe
