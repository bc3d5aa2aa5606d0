"""Retry policy: one function decides what is retried, and how long to wait."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from scout_core.errors import RateLimitedError, RetryableSourceError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    base_s: float = 0.2
    max_wait_s: float = 5.0
    max_rate_limit_wait_s: float = 10.0  # longer windows go to another tier instead of waiting here


def is_retryable(exc: BaseException, policy: RetryPolicy) -> bool:
    """Transient errors are retried; a rate limit only when its window ends soon."""
    if isinstance(exc, RateLimitedError):
        return exc.retry_after is not None and exc.retry_after <= policy.max_rate_limit_wait_s
    return isinstance(exc, RetryableSourceError)


def _wait(policy: RetryPolicy) -> Callable[..., float]:
    jitter = wait_random_exponential(multiplier=policy.base_s, max=policy.max_wait_s)

    def wait(state: object) -> float:
        exc = state.outcome.exception() if state.outcome else None  # type: ignore[attr-defined]
        if isinstance(exc, RateLimitedError) and exc.retry_after:
            return float(exc.retry_after)
        return jitter(state)  # type: ignore[arg-type]

    return wait


async def with_retries(call: Callable[[], Awaitable[T]], policy: RetryPolicy) -> T:
    """Run ``call`` under the policy; the last error is re-raised as it was."""
    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(policy.attempts),
        wait=_wait(policy),
        retry=retry_if_exception(lambda e: is_retryable(e, policy)),
        reraise=True,
    ):
        with attempt:
            return await call()
    raise AssertionError("unreachable")  # pragma: no cover
