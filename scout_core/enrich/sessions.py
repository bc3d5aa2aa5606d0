"""Cookie sessions of the browser tier (and any cookie-based source): rotation, cool-down, retirement.

Sessions are the indexes of ``x_web.session_cookies``. Checkout hands out the least recently used
session whose cool-down has passed, and spaces pages on one session by ``min_interval_s``. A rate
limit rests the session until the window resets without counting against it; a login wall or block
rests it for ``block_cooldown_s`` and retires it after ``retire_after_blocks`` in a row; a ban
retires it at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scout_core.enrich.state import ControllerState, SessionState
from scout_core.settings import Settings

BLOCKED_KINDS = frozenset({"LoginWallError", "BlockedError"})


class SessionPool:
    def __init__(self, state: ControllerState, settings: Settings, source: str = "x_web",
                 clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self.source = source
        self.cfg = settings.controller.sessions
        cookies = getattr(settings.source(source), "session_cookies", [])
        self.sessions = [str(i) for i in range(len(cookies))]
        self.clock = clock

    @property
    def configured(self) -> bool:
        return bool(self.sessions)

    def checkout(self) -> tuple[str | None, float]:
        """(session, 0.0) to use now; (None, wait) when all rest; (None, -1.0) when every one is retired."""
        if not self.sessions:
            return None, 0.0
        return self.state.checkout_session(self.source, self.sessions, self.clock(), self.cfg.min_interval_s)

    def report(self, session: str, kind: str | None, retry_after: float | None = None) -> SessionState:
        """Count what happened on ``session`` (``kind`` None on success)."""
        outcome, rest = "neutral", 0.0
        if not kind:
            outcome = "ok"
        elif kind == "RateLimitedError":
            rest = retry_after if retry_after is not None else self.cfg.block_cooldown_s
        elif kind == "BannedError":
            outcome = "banned"
        elif kind in BLOCKED_KINDS:
            outcome, rest = "blocked", self.cfg.block_cooldown_s
        return self.state.report_session(self.source, session, self.clock(), outcome, rest,
                                         self.cfg.retire_after_blocks)
