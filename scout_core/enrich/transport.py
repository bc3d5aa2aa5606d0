"""An httpx transport that retries transient statuses by the retry policy and counts every request.

API sources whose adapter accepts a ``transport`` get this one, so a 503 inside a batch (say, one
timeline call among ten) is retried where it happened instead of failing the batch. Each request
is counted into the ``CallStats`` of the task that made it (a context variable, so concurrent
calls in one worker never mix their counts); the controller reads them back from the worker.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx

from scout_core.enrich.retry import RetryPolicy, backoff_s

_REMAINING = ("x-rate-limit-remaining", "x-ratelimit-remaining")


@dataclass
class CallStats:
    """What one worker call cost in requests, and what the service said about its limits."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    retry_after: float | None = None  # from the last 429, or a window found exhausted (remaining 0)

    def note_rate_limit(self, retry_after: float | None) -> None:
        if retry_after is not None:
            self.retry_after = max(self.retry_after or 0.0, retry_after)

    def as_dict(self) -> dict[str, Any]:
        return {"requests": self.requests, "retries": self.retries, "rate_limited": self.rate_limited,
                "statuses": {str(k): v for k, v in self.statuses.items()}, "retry_after": self.retry_after}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallStats:
        return cls(int(data.get("requests", 0)), int(data.get("retries", 0)), int(data.get("rate_limited", 0)),
                   Counter({int(k): v for k, v in (data.get("statuses") or {}).items()}), data.get("retry_after"))


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
    def __init__(self, policy: RetryPolicy, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx.AsyncHTTPTransport()

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
            self._count(response)
            if response.status_code in self.policy.retry_statuses and attempt < self.policy.attempts:
                await response.aclose()
                await self._before_retry(attempt)
                continue
            return response

    async def _before_retry(self, attempt: int) -> None:
        stats = _current.get()
        if stats is not None:
            stats.retries += 1
        await asyncio.sleep(backoff_s(self.policy, attempt))

    @staticmethod
    def _count(response: httpx.Response) -> None:
        stats = _current.get()
        if stats is None:
            return
        from scout_core.sources.http import retry_after_from

        stats.requests += 1
        stats.statuses[response.status_code] += 1
        if response.status_code == 429:
            stats.rate_limited += 1
            stats.note_rate_limit(retry_after_from(response.headers))
        elif any(response.headers.get(h) == "0" for h in _REMAINING):
            stats.note_rate_limit(retry_after_from(response.headers))  # honour the reset before the 429

    async def aclose(self) -> None:
        await self.inner.aclose()
