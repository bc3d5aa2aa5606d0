"""The work-queue interface every backend implements, with the same semantics on each.

At-least-once delivery between pipeline stages::

    put(payload)            an entry waits until some consumer gets it
    get(consumer, count)    up to ``count`` entries: first ones whose consumer held them longer than the
                            visibility timeout without acking (it crashed), then new ones
    ack(ids)                done: the entry is gone for good
    reclaim(consumer, ...)  take over entries other consumers hold, idle for at least ``idle_s``

An entry that is never acked comes back (to whoever asks next after the timeout), so a consumer must
make its work idempotent; ``Delivery.deliveries`` says how many times an entry was handed out, which
is how a consumer spots a poison entry and dead-letters it instead of retrying forever.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scout_core.errors import InputError

DEFAULT_VISIBILITY_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Delivery:
    """One entry handed to a consumer: its id (for ack), its payload, and times delivered so far."""

    id: str
    payload: dict[str, Any]
    deliveries: int = 1


class WorkQueue(ABC):
    """A named, durable queue of JSON-object payloads shared by producers and consumers."""

    name: str
    visibility_timeout_s: float

    @abstractmethod
    def put_many(self, payloads: Iterable[dict[str, Any]]) -> list[str]:
        """Append entries; their ids, in order."""

    def put(self, payload: dict[str, Any]) -> str:
        return self.put_many([payload])[0]

    @abstractmethod
    def get(self, consumer: str, count: int = 1, block_s: float = 0.0) -> list[Delivery]:
        """Up to ``count`` entries for ``consumer`` (timed-out ones first), waiting up to ``block_s``."""

    @abstractmethod
    def ack(self, ids: Iterable[str]) -> int:
        """Finish entries; returns how many were still outstanding."""

    @abstractmethod
    def reclaim(self, consumer: str, idle_s: float | None = None, count: int = 100) -> list[Delivery]:
        """Hand ``consumer`` entries held (unacked) for at least ``idle_s`` (default: the visibility timeout)."""

    @abstractmethod
    def pending(self) -> int:
        """Entries handed out and not yet acked."""

    @abstractmethod
    def backlog(self) -> int:
        """Entries never handed out yet."""

    @abstractmethod
    def destroy(self) -> None:
        """Delete the queue and every entry in it."""

    def close(self) -> None:  # noqa: B027 - optional: backends without resources keep it
        """Release connections."""

    def __enter__(self) -> WorkQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def encode(payload: dict[str, Any]) -> str:
    if not isinstance(payload, dict):
        raise InputError(f"queue payloads must be JSON objects, got {type(payload).__name__}")
    try:
        return json.dumps(payload, separators=(",", ":"), sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InputError(f"queue payload is not JSON-serializable: {exc}") from exc


def decode(text: str | bytes) -> dict[str, Any]:
    return json.loads(text)  # type: ignore[no-any-return]


def check_count(count: int) -> int:
    if count < 1:
        raise InputError(f"count must be >= 1, got {count}")
    return count
