"""Retry policy as data: one function decides what is retried, one computes how long to wait.

The policy comes from ``settings.controller.retry`` (``RetryPolicy.from_settings``). Waits are
exponential with full jitter (tenacity's ``wait_random_exponential``). Rate limits are retried in place
only when the window ends within ``max_rate_limit_wait_s``; longer ones go back to the controller,
which pauses the source for every worker instead of holding one worker asleep.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

from scout_core.errors import RateLimitedError
from scout_core.settings import RetryCfg

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    base_s: float = 0.2
    max_wait_s: float = 5.0
    max_rate_limit_wait_s: float = 10.0  # longer windows go to the controller instead of waiting here
    retry_statuses: frozenset[int] = field(default_factory=lambda: frozenset({408, 425, 500, 502, 503, 504}))
    retry_kinds: frozenset[str] = field(
        default_factory=lambda: frozenset({"SourceUnavailableError", "RetryableSourceError"}))

    @classmethod
    def from_settings(cls, cfg: RetryCfg) -> RetryPolicy:
        return cls(attempts=cfg.attempts, base_s=cfg.base_s, max_wait_s=cfg.max_wait_s,
                   max_rate_limit_wait_s=cfg.max_rate_limit_wait_s, retry_statuses=frozenset(cfg.retry_statuses),
                   retry_kinds=frozenset(cfg.retry_kinds))

    def once(self) -> RetryPolicy:
        """The same policy with a single attempt (for sources whose transport already retries)."""
        return RetryPolicy(1, self.base_s, self.max_wait_s, self.max_rate_limit_wait_s, self.retry_statuses,
                           self.retry_kinds)


def is_retryable(exc: BaseException, policy: RetryPolicy) -> bool:
    """Transient errors named by the policy are retried; a rate limit only when its window ends soon."""
    if isinstance(exc, RateLimitedError):
        return exc.retry_after is not None and exc.retry_after <= policy.max_rate_limit_wait_s
    return any(cls.__name__ in policy.retry_kinds for cls in type(exc).__mro__)


def backoff_s(policy: RetryPolicy, attempt: int) -> float:
    """Wait before attempt ``attempt + 1``: uniform in [0, min(max, base × 2^attempt)] (full jitter)."""
    return random.uniform(0.0, min(policy.max_wait_s, policy.base_s * 2 ** attempt))  # noqa: S311 - jitter


def _wait(policy: RetryPolicy) -> Callable[..., float]:
    def wait(state: object) -> float:
        exc = state.outcome.exception() if state.outcome else None  # type: ignore[attr-defined]
        if isinstance(exc, RateLimitedError) and exc.retry_after:
            return float(exc.retry_after)
        return backoff_s(policy, state.attempt_number)  # type: ignore[attr-defined]

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
