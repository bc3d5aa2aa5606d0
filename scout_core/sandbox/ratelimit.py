"""Rate-limit windows the sandbox routes enforce, with the real services' limits as defaults.

Benchmarks compress time by passing a ``SandboxLimits`` with short windows. Windows are aligned to
the clock (``floor(now / window)``), so ``reset`` is the same for every caller in a window, as X's
``x-rate-limit-reset`` and GitHub's ``x-ratelimit-reset`` epochs are.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

REVOKED_TOKEN_PREFIX = "revoked-"  # credentials the sandbox treats as revoked: 401 Bad credentials


@dataclass(frozen=True)
class SandboxLimits:
    """Requests allowed per window, per credential and endpoint (X app-auth and GitHub REST defaults)."""

    x_window_s: float = 900.0
    x_users_lookup: int = 300  # /2/users/by and /2/users/by/username/:u
    x_user_tweets: int = 1500  # /2/users/:id/tweets
    x_search_recent: int = 450  # /2/tweets/search/recent
    github_window_s: float = 3600.0
    github_core: int = 5000  # authenticated
    github_anonymous: int = 60
    search_window_s: float = 60.0
    search_requests: int = 1000
    # Bearer tokens issued to one app: X counts app-auth quotas per app, so every token of the app
    # draws from one window (token -> app). Tokens not named here are an app of their own.
    apps: Mapping[str, str] = field(default_factory=dict)
    clock: Callable[[], float] = field(default=time.time, compare=False)

    def quota_holder(self, token: str) -> str:
        """Whose window a request with ``token`` spends: its app's, when the token belongs to one."""
        return self.apps.get(token, token)


@dataclass(frozen=True)
class Quota:
    limit: int
    remaining: int
    reset: int  # epoch seconds, rounded up like the real headers
    allowed: bool
    used: int

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.reset - now))


class RateWindows:
    """Counts requests per (credential, endpoint) in fixed windows. Thread-safe; never touches the world."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._used: dict[tuple[str, str], tuple[int, int]] = {}
        self._lock = threading.Lock()

    def take(self, credential: str, endpoint: str, limit: int, window_s: float) -> Quota:
        """Count one request; ``allowed`` is False (and nothing is counted) once the window is spent."""
        now = self.clock()
        index = math.floor(now / window_s)
        reset = math.ceil((index + 1) * window_s)
        with self._lock:
            start, used = self._used.get((credential, endpoint), (index, 0))
            if start != index:
                used = 0
            allowed = used < limit
            used += 1 if allowed else 0
            self._used[(credential, endpoint)] = (index, used)
        return Quota(limit=limit, remaining=max(0, limit - used), reset=reset, allowed=allowed, used=used)


def bearer_of(authorization: str | None) -> str | None:
    """The credential in an ``Authorization: Bearer <t>`` (or GitHub's ``token <t>``) header."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() not in ("bearer", "token") or not value.strip():
        return None
    return value.strip()
