"""An httpx transport that retries transient statuses by the retry policy and counts every request.

API sources whose adapter accepts a ``transport`` get this one, so a 503 inside a batch (say, one
timeline call among ten) is retried where it happened instead of failing the batch, and a 429 whose
window resets within ``max_rate_limit_wait_s`` is waited out there too. Each request is counted into
the ``CallStats`` of the task that made it (a context variable, so concurrent calls in one worker never
mix their counts), with what the service said is left of each quota window (``windows``: the
quota's ``path`` names which answers speak for it); the controller reads them back from the worker.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx

from scout_core.enrich.retry import RetryPolicy, backoff_s

_REMAINING = ("x-rate-limit-remaining", "x-ratelimit-remaining")
_RESET = ("x-rate-limit-reset", "x-ratelimit-reset")


@dataclass
class CallStats:
    """What one worker call cost in requests, and what the service said about its limits."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    retry_after: float | None = None  # from the last 429, or a window found exhausted (remaining 0)
    windows: dict[str, tuple[float, float]] = field(default_factory=dict)  # quota -> (remaining, reset epoch)

    def note_rate_limit(self, retry_after: float | None) -> None:
        if retry_after is not None:
            self.retry_after = max(self.retry_after or 0.0, retry_after)

    def note_window(self, endpoint: str, remaining: float, reset: float) -> None:
        """The lowest count the service gave for its latest window of this quota."""
        held = self.windows.get(endpoint)
        if held is None or reset > held[1] + 0.5:
            self.windows[endpoint] = (remaining, reset)
        elif reset >= held[1] - 0.5:
            self.windows[endpoint] = (min(held[0], remaining), held[1])

    def as_dict(self) -> dict[str, Any]:
        return {"requests": self.requests, "retries": self.retries, "rate_limited": self.rate_limited,
                "statuses": {str(k): v for k, v in self.statuses.items()}, "retry_after": self.retry_after,
                "windows": {k: list(v) for k, v in self.windows.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallStats:
        windows = {str(k): (float(v[0]), float(v[1])) for k, v in (data.get("windows") or {}).items()}
        return cls(int(data.get("requests", 0)), int(data.get("retries", 0)), int(data.get("rate_limited", 0)),
                   Counter({int(k): v for k, v in (data.get("statuses") or {}).items()}), data.get("retry_after"),
                   windows)


_current: ContextVar[CallStats | None] = ContextVar("scout_call_stats", default=None)


@contextmanager
def collecting() -> Iterator[CallStats]:
    """Count the requests made inside the block (in this task) into a fresh ``CallStats``."""
    stats = CallStats()
    token = _current.set(stats)
    try:
        yield stats
    finally:
        _current.reset(token)


def current_stats() -> CallStats | None:
    return _current.get()


class RetryingTransport(httpx.AsyncBaseTransport):
    def __init__(self, policy: RetryPolicy, inner: httpx.AsyncBaseTransport | None = None,
                 windows: Sequence[tuple[str, str]] = ()) -> None:
        """``windows``: (quota endpoint, regex on the request path) for the quotas whose count to read."""
        self.policy = policy
        self.inner = inner or httpx.AsyncHTTPTransport()
        self.windows = [(endpoint, re.compile(path)) for endpoint, path in windows]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self.inner.handle_async_request(request)
            except httpx.TransportError:
                if attempt >= self.policy.attempts:
                    raise
                await self._before_retry(attempt)
                continue
            self._count(request, response)
            if response.status_code in self.policy.retry_statuses and attempt < self.policy.attempts:
                await response.aclose()
                await self._before_retry(attempt)
                continue
            wait = self._rate_limit_wait(response)
            if wait is not None and attempt < self.policy.attempts:
                await response.aclose()
                await asyncio.sleep(wait)  # the window resets in a moment: cheaper than failing the batch
                continue
            return response

    def _rate_limit_wait(self, response: httpx.Response) -> float | None:
        """Seconds to wait in place for a 429 whose window ends within the policy's limit, else None."""
        if response.status_code != 429:
            return None
        from scout_core.sources.http import retry_after_from

        wait = retry_after_from(response.headers)
        return wait if wait is not None and wait <= self.policy.max_rate_limit_wait_s else None

    async def _before_retry(self, attempt: int) -> None:
        stats = _current.get()
        if stats is not None:
            stats.retries += 1
        await asyncio.sleep(backoff_s(self.policy, attempt))

    def _count(self, request: httpx.Request, response: httpx.Response) -> None:
        stats = _current.get()
        if stats is None:
            return
        from scout_core.sources.http import retry_after_from

        self._note_windows(stats, request, response)
        stats.requests += 1
        stats.statuses[response.status_code] += 1
        if response.status_code == 429:
            stats.rate_limited += 1
            stats.note_rate_limit(retry_after_from(response.headers))
        elif any(response.headers.get(h) == "0" for h in _REMAINING):
            stats.note_rate_limit(retry_after_from(response.headers))  # honour the reset before the 429

    def _note_windows(self, stats: CallStats, request: httpx.Request, response: httpx.Response) -> None:
        remaining = next((response.headers[h] for h in _REMAINING if h in response.headers), None)
        reset = next((response.headers[h] for h in _RESET if h in response.headers), None)
        if remaining is None or reset is None:
            return
        try:
            count, epoch = float(remaining), float(reset)
        except ValueError:
            return  # a header we cannot read says nothing
        for endpoint, path in self.windows:
            if path.search(request.url.path):
                stats.note_window(endpoint, count, epoch)

    async def aclose(self) -> None:
        await self.inner.aclose()
