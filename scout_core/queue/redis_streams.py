"""The production work queue: a Redis stream read through a consumer group.

``XADD`` appends; ``XREADGROUP ... >`` hands new entries to one consumer and records them in the
group's pending list; ``XACK`` + ``XDEL`` finish them; ``XAUTOCLAIM`` moves entries a crashed
consumer left pending for longer than the visibility timeout to whoever asks next. The pending list
lives in Redis, so entries survive the consumer's crash (and, with AOF on, Redis's own restart).
A short Redis outage is ridden out by the client's retries; a longer one is a StoreError.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scout_core.errors import StoreError
from scout_core.queue.base import (
    DEFAULT_VISIBILITY_TIMEOUT_S,
    Delivery,
    WorkQueue,
    check_count,
    decode,
    encode,
)

GROUP = "scout"
PREFIX = "scout:queue"
_FIELD = b"p"


def redis_client(url: str, *, retries: int = 12) -> Any:
    """A client that retries connection failures with backoff (up to ~15 s), enough to ride out a restart."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url, socket_connect_timeout=2, socket_timeout=10, health_check_interval=10,
        retry=Retry(ExponentialBackoff(cap=2.0, base=0.05), retries),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError])


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}:{parts.port or 6379}{parts.path}"


class RedisStreamQueue(WorkQueue):
    """A work queue on a Redis stream ``{prefix}:{name}`` with consumer group ``group``."""

    def __init__(self, url_or_client: str | Any, name: str, *, group: str = GROUP, prefix: str = PREFIX,
                 visibility_timeout_s: float = DEFAULT_VISIBILITY_TIMEOUT_S) -> None:
        self._owns = isinstance(url_or_client, str)
        self.client = redis_client(url_or_client) if isinstance(url_or_client, str) else url_or_client
        self.where = shown_url(url_or_client) if isinstance(url_or_client, str) else "redis"
        self.name = name
        self.key = f"{prefix}:{name}"
        self.group = group
        self.visibility_timeout_s = visibility_timeout_s
        self._group_ready = False

    def _call(self, what: str, work: Any) -> Any:
        """Run one Redis operation; connection trouble that outlasts the retries becomes a StoreError."""
        import redis

        try:
            if not self._group_ready:
                self._ensure_group()
            return work()
        except redis.RedisError as exc:
            raise StoreError(f"queue {self.name!r} on {self.where}: {what} failed: {exc}") from exc

    def _ensure_group(self) -> None:
        import redis

        try:
            self.client.xgroup_create(self.key, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._group_ready = True

    def put_many(self, payloads: Iterable[dict[str, Any]]) -> list[str]:
        bodies = [encode(p) for p in payloads]

        def work() -> list[str]:
            pipe = self.client.pipeline(transaction=False)
            for body in bodies:
                pipe.xadd(self.key, {_FIELD: body})
            return [_text(i) for i in pipe.execute()]

        return self._call("put", work) if bodies else []

    def get(self, consumer: str, count: int = 1, block_s: float = 0.0) -> list[Delivery]:
        check_count(count)
        taken = self.reclaim(consumer, self.visibility_timeout_s, count)
        if len(taken) < count:
            taken += self._read_new(consumer, count - len(taken), block_s)
        return taken

    def _read_new(self, consumer: str, count: int, block_s: float) -> list[Delivery]:
        block = int(block_s * 1000) or None  # BLOCK 0 would wait forever

        def work() -> list[Delivery]:
            reply = self.client.xreadgroup(self.group, consumer, {self.key: ">"}, count=count, block=block)
            entries = reply[0][1] if reply else []
            return [Delivery(_text(i), decode(f[_FIELD]), 1) for i, f in entries if f]

        return self._call("get", work)

    def reclaim(self, consumer: str, idle_s: float | None = None, count: int = 100) -> list[Delivery]:
        idle_ms = int(1000 * (self.visibility_timeout_s if idle_s is None else idle_s))
        check_count(count)

        def work() -> list[Delivery]:
            cursor, claimed = "0-0", []
            while len(claimed) < count:
                reply = self.client.xautoclaim(self.key, self.group, consumer, idle_ms, start_id=cursor,
                                               count=count - len(claimed))
                cursor, entries = _text(reply[0]), reply[1]
                claimed += [(i, f) for i, f in entries if f]  # entries deleted meanwhile come back empty
                if cursor == "0-0":
                    break
            return self._with_counts(claimed)

        return self._call("reclaim", work)

    def _with_counts(self, entries: list[tuple[Any, dict]]) -> list[Delivery]:
        if not entries:
            return []
        ids = [_text(i) for i, _ in entries]
        pipe = self.client.pipeline(transaction=False)
        for entry_id in ids:
            pipe.xpending_range(self.key, self.group, min=entry_id, max=entry_id, count=1)
        counts = [rows[0]["times_delivered"] if rows else 1 for rows in pipe.execute()]
        return [Delivery(i, decode(f[_FIELD]), n) for i, (_, f), n in zip(ids, entries, counts, strict=True)]

    def ack(self, ids: Iterable[str]) -> int:
        ids = list(ids)

        def work() -> int:
            pipe = self.client.pipeline(transaction=True)
            pipe.xack(self.key, self.group, *ids)
            pipe.xdel(self.key, *ids)  # acked entries are done: keep the stream from growing
            return int(pipe.execute()[0])

        return self._call("ack", work) if ids else 0

    def pending(self) -> int:
        return int(self._call("pending", lambda: self.client.xpending(self.key, self.group)["pending"]))

    def backlog(self) -> int:
        """Entries not handed out: acked ones are deleted, so the stream holds backlog + pending."""
        def work() -> int:
            pipe = self.client.pipeline(transaction=True)
            pipe.xlen(self.key)
            pipe.xpending(self.key, self.group)
            length, pending = pipe.execute()
            return int(length) - int(pending["pending"])

        return self._call("backlog", work)

    def destroy(self) -> None:
        self._call("destroy", lambda: self.client.delete(self.key))
        self._group_ready = False

    def close(self) -> None:
        if self._owns:
            self.client.close()

    def __repr__(self) -> str:
        return f"RedisStreamQueue({self.key!r} on {self.where})"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
