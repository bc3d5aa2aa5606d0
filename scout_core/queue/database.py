"""A work queue in Scout's own database (SQLite or PostgreSQL), with the other backends' semantics.

The pipeline journals its batches in flight here: the store is the one thing a run cannot go on
without, so work journaled next to the profiles survives whatever happens to Redis (an outage, a
restart that lost its data). An entry row is free (``consumer`` NULL) or held since ``delivered_at``;
``get`` takes held rows whose holder has not acked within the visibility timeout, then free rows, in
one transaction that locks what it takes (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` serialises writers), so two consumers never take the same row. Ack deletes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from scout_core.errors import StoreError
from scout_core.queue.base import DEFAULT_VISIBILITY_TIMEOUT_S, Delivery, WorkQueue, check_count, encode
from scout_core.store.db import masked, short_reason
from scout_core.store.models import WorkQueueEntryRow

_POLL_S = 0.05  # how often a blocking get looks again; neither database wakes a waiting reader
_ENTRIES = WorkQueueEntryRow.__table__
_C = _ENTRIES.c


class DatabaseQueue(WorkQueue):
    """A work queue in the ``work_queue_entries`` table of the database ``engine`` reaches (migrated)."""

    def __init__(self, engine: Engine, name: str, *, visibility_timeout_s: float = DEFAULT_VISIBILITY_TIMEOUT_S,
                 clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.name = name
        self.visibility_timeout_s = visibility_timeout_s
        self.clock = clock

    @contextmanager
    def _tx(self, what: str) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"queue {self.name!r} on {masked(self.engine.url)}: {what} failed: "
                             f"{short_reason(exc)}") from exc

    def put_many(self, payloads: Iterable[dict[str, Any]]) -> list[str]:
        rows = [_checked(p) for p in payloads]
        if not rows:
            return []
        with self._tx("put") as conn:
            return [str(conn.execute(insert(_ENTRIES).values(queue=self.name, payload=row, deliveries=0))
                        .inserted_primary_key[0]) for row in rows]

    def restore(self, deliveries: Iterable[Delivery]) -> list[str]:
        """Put entries taken from another queue back as free entries here, keeping how often each was
        handed out before (so a candidate runs keep dying on is still recognised as one)."""
        rows = [(_checked(d.payload), max(0, d.deliveries - 1)) for d in deliveries]  # minus the take that moved it
        with self._tx("restore") as conn:
            return [str(conn.execute(insert(_ENTRIES).values(queue=self.name, payload=row, deliveries=n))
                        .inserted_primary_key[0]) for row, n in rows]

    def get(self, consumer: str, count: int = 1, block_s: float = 0.0) -> list[Delivery]:
        check_count(count)
        deadline = time.monotonic() + block_s
        while True:
            taken = self._take(consumer, count)
            if taken or time.monotonic() >= deadline:
                return taken
            time.sleep(min(_POLL_S, max(0.0, deadline - time.monotonic())))

    def _take(self, consumer: str, count: int) -> list[Delivery]:
        now = self.clock()
        with self._tx("get") as conn:
            rows = self._select(conn, _held_since(now - self.visibility_timeout_s), count)
            if len(rows) < count:
                rows += self._select(conn, _C.consumer.is_(None), count - len(rows))
            return self._hand_out(conn, consumer, rows, now)

    def reclaim(self, consumer: str, idle_s: float | None = None, count: int = 100) -> list[Delivery]:
        idle = self.visibility_timeout_s if idle_s is None else idle_s
        now = self.clock()
        with self._tx("reclaim") as conn:
            return self._hand_out(conn, consumer, self._select(conn, _held_since(now - idle), check_count(count)), now)

    def _select(self, conn: Connection, where: ColumnElement[bool], limit: int) -> list[tuple[int, Any, int]]:
        query = (select(_C.id, _C.payload, _C.deliveries).where(_C.queue == self.name, where)
                 .order_by(_C.id).limit(limit).with_for_update(skip_locked=True))
        return [(row.id, row.payload, row.deliveries) for row in conn.execute(query)]

    @staticmethod
    def _hand_out(conn: Connection, consumer: str, rows: list[tuple[int, Any, int]], now: float) -> list[Delivery]:
        if rows:
            conn.execute(update(_ENTRIES).where(_C.id.in_([r[0] for r in rows]))
                         .values(consumer=consumer, delivered_at=now, deliveries=_C.deliveries + 1))
        return [Delivery(id=str(i), payload=payload, deliveries=n + 1) for i, payload, n in rows]

    def ack(self, ids: Iterable[str]) -> int:
        keys = [int(i) for i in ids]
        if not keys:
            return 0
        with self._tx("ack") as conn:
            gone = conn.execute(delete(_ENTRIES).where(_C.queue == self.name, _C.id.in_(keys)))
            return int(gone.rowcount)

    def pending(self) -> int:
        return self._count(_C.consumer.is_not(None))

    def backlog(self) -> int:
        return self._count(_C.consumer.is_(None))

    def _count(self, where: ColumnElement[bool]) -> int:
        with self._tx("count") as conn:
            return int(conn.execute(select(func.count()).where(_C.queue == self.name, where)).scalar_one())

    def destroy(self) -> None:
        with self._tx("destroy") as conn:
            conn.execute(delete(_ENTRIES).where(_C.queue == self.name))

    def __repr__(self) -> str:
        return f"DatabaseQueue({self.name!r} on {masked(self.engine.url)})"


def _held_since(cutoff: float) -> ColumnElement[bool]:
    return _C.consumer.is_not(None) & (_C.delivered_at <= cutoff)


def _checked(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as the other backends would keep it: a JSON object, refused otherwise (InputError)."""
    encode(payload)
    return payload
