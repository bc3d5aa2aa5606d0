"""Durable work queues between pipeline stages: Redis streams in production, SQLite embedded.

``open_queue(settings, name)`` picks the backend: a ``RedisStreamQueue`` when ``settings.redis_url``
is set, else a ``SqliteQueue`` in ``data_dir/queue.db``. Both implement ``WorkQueue`` with the same
at-least-once semantics (see ``base``), and the same tests run on each. ``DatabaseQueue`` keeps a
queue in the store's own database: the pipeline's batch journal lives there (``journal.open_journal``),
whatever becomes of Redis.
"""

from __future__ import annotations

from scout_core.queue.base import DEFAULT_VISIBILITY_TIMEOUT_S, Delivery, WorkQueue
from scout_core.queue.database import DatabaseQueue
from scout_core.queue.redis_streams import RedisStreamQueue
from scout_core.queue.sqlite import SqliteQueue
from scout_core.settings import Settings


def open_queue(settings: Settings, name: str, visibility_timeout_s: float | None = None) -> WorkQueue:
    """The queue ``name`` on the configured backend (``settings.queue`` for prefix and timeout)."""
    timeout = visibility_timeout_s or settings.queue.visibility_timeout_s
    if settings.redis_url:
        return RedisStreamQueue(settings.redis_url, name, prefix=settings.queue.redis_prefix,
                                visibility_timeout_s=timeout)
    return SqliteQueue(settings.data_dir / "queue.db", name, visibility_timeout_s=timeout)


__all__ = ["DEFAULT_VISIBILITY_TIMEOUT_S", "DatabaseQueue", "Delivery", "RedisStreamQueue", "SqliteQueue", "WorkQueue",
           "open_queue"]
