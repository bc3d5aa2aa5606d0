"""The embedded work queue: one SQLite table, with the Redis backend's semantics.

An entry row is free (``consumer`` NULL) or held since ``delivered_at``; ``get`` takes held rows
whose holder has not acked within the visibility timeout, then free rows, in one ``BEGIN
IMMEDIATE`` transaction, so two processes never take the same row at once. Ack deletes the row.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scout_core.errors import StoreError
from scout_core.queue.base import (
    DEFAULT_VISIBILITY_TIMEOUT_S,
    Delivery,
    WorkQueue,
    check_count,
    decode,
    encode,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queue_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    payload TEXT NOT NULL,
    consumer TEXT,
    delivered_at REAL,
    deliveries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS queue_entries_by_state ON queue_entries (queue, consumer, delivered_at);
"""
_POLL_S = 0.05  # how often a blocking get looks again; SQLite has no wake-up signal


class SqliteQueue(WorkQueue):
    """A work queue in a SQLite file (``data_dir/queue.db`` by default); safe across threads and processes."""

    def __init__(self, path: str | Path, name: str, *, visibility_timeout_s: float = DEFAULT_VISIBILITY_TIMEOUT_S,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.name = name
        self.visibility_timeout_s = visibility_timeout_s
        self.clock = clock
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection().executescript(_SCHEMA)  # executescript runs its own transaction
        except sqlite3.Error as exc:
            raise StoreError(f"queue {name!r}: cannot open {self.path}: {exc}") from exc

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            db = self._connection()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"queue {self.name!r} at {self.path}: {exc}") from exc

    def put_many(self, payloads: Iterable[dict[str, Any]]) -> list[str]:
        rows = [(self.name, encode(p)) for p in payloads]
        ids: list[str] = []
        with self._tx() as db:
            for row in rows:
                ids.append(str(db.execute("INSERT INTO queue_entries (queue, payload) VALUES (?, ?)", row).lastrowid))
        return ids

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
        with self._tx() as db:
            timed_out = self._select(db, "consumer IS NOT NULL AND delivered_at <= ?",
                                     (now - self.visibility_timeout_s,), count)
            fresh = self._select(db, "consumer IS NULL", (), count - len(timed_out)) if len(timed_out) < count else []
            return self._hand_out(db, consumer, timed_out + fresh, now)

    def reclaim(self, consumer: str, idle_s: float | None = None, count: int = 100) -> list[Delivery]:
        idle = self.visibility_timeout_s if idle_s is None else idle_s
        now = self.clock()
        with self._tx() as db:
            rows = self._select(db, "consumer IS NOT NULL AND delivered_at <= ?", (now - idle,), check_count(count))
            return self._hand_out(db, consumer, rows, now)

    def _select(self, db: sqlite3.Connection, where: str, args: tuple, limit: int) -> list[tuple]:
        sql = f"SELECT id, payload, deliveries FROM queue_entries WHERE queue = ? AND {where} ORDER BY id LIMIT ?"
        return db.execute(sql, (self.name, *args, limit)).fetchall()

    @staticmethod
    def _hand_out(db: sqlite3.Connection, consumer: str, rows: list[tuple], now: float) -> list[Delivery]:
        db.executemany("UPDATE queue_entries SET consumer = ?, delivered_at = ?, deliveries = deliveries + 1 "
                       "WHERE id = ?", [(consumer, now, row[0]) for row in rows])
        return [Delivery(id=str(row[0]), payload=decode(row[1]), deliveries=row[2] + 1) for row in rows]

    def ack(self, ids: Iterable[str]) -> int:
        keys = [(self.name, int(i)) for i in ids]
        with self._tx() as db:
            return sum(db.execute("DELETE FROM queue_entries WHERE queue = ? AND id = ?", key).rowcount
                       for key in keys)

    def pending(self) -> int:
        return self._count("consumer IS NOT NULL")

    def backlog(self) -> int:
        return self._count("consumer IS NULL")

    def _count(self, where: str) -> int:
        with self._tx() as db:
            sql = f"SELECT count(*) FROM queue_entries WHERE queue = ? AND {where}"
            return int(db.execute(sql, (self.name,)).fetchone()[0])

    def destroy(self) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM queue_entries WHERE queue = ?", (self.name,))

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __repr__(self) -> str:
        return f"SqliteQueue({self.name!r}, {self.path})"
