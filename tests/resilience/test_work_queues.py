"""The same at-least-once tests on every work-queue backend: Redis streams (real Redis), SQLite, and the
store's database (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid

import pytest

from scout_core.errors import InputError
from scout_core.queue import DatabaseQueue, RedisStreamQueue, SqliteQueue
from scout_core.store.db import make_engine

LONG = 3600.0  # a visibility timeout no test outlives


BACKENDS = ["sqlite", pytest.param("redis", marks=pytest.mark.redis), "database-sqlite",
            pytest.param("database-postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def make_queue(request, tmp_path, make_store):
    """A factory of queue objects on one backend; every queue made is destroyed afterwards."""
    made = []
    name = f"test-{uuid.uuid4().hex[:10]}"
    engine = make_engine(make_store(request.param.split("-")[1])) if request.param.startswith("database") else None

    def make(visibility_timeout_s: float = LONG, queue_name: str = name):
        if request.param == "redis":
            url = request.getfixturevalue("redis_url")
            queue = RedisStreamQueue(url, queue_name, prefix="scout-test:queue",
                                     visibility_timeout_s=visibility_timeout_s)
        elif engine is not None:
            queue = DatabaseQueue(engine, queue_name, visibility_timeout_s=visibility_timeout_s)
        else:
            queue = SqliteQueue(tmp_path / "queue.db", queue_name, visibility_timeout_s=visibility_timeout_s)
        made.append(queue)
        return queue

    yield make
    for queue in made:
        queue.destroy()
        queue.close()
    if engine is not None:
        engine.dispose()


def _put(queue, n):
    return queue.put_many([{"n": i, "handle": f"h{i}"} for i in range(n)])


def test_entries_come_out_in_order_once_and_ack_finishes_them(make_queue):
    queue = make_queue()
    ids = _put(queue, 5)
    assert queue.backlog() == 5 and queue.pending() == 0
    first = queue.get("a", count=3)
    assert [d.payload["n"] for d in first] == [0, 1, 2]
    assert [d.id for d in first] == ids[:3]
    assert all(d.deliveries == 1 for d in first)
    assert queue.pending() == 3 and queue.backlog() == 2
    assert queue.ack([d.id for d in first]) == 3
    assert queue.ack([first[0].id]) == 0  # acking twice is harmless
    rest = queue.get("a", count=10)
    assert [d.payload["n"] for d in rest] == [3, 4]
    queue.ack(d.id for d in rest)
    assert queue.pending() == 0 and queue.backlog() == 0
    assert queue.get("a", count=10) == []


def test_two_consumers_never_get_the_same_entry(make_queue):
    queue = make_queue()
    _put(queue, 6)
    a, b = queue.get("a", count=3), queue.get("b", count=10)
    assert len(a) == 3 and len(b) == 3
    assert not {d.id for d in a} & {d.id for d in b}


def test_a_crashed_consumers_entries_are_reclaimed(make_queue):
    queue = make_queue()
    _put(queue, 4)
    crashed = queue.get("worker-1", count=3)  # ...and worker-1 dies without acking
    [fresh] = queue.get("worker-2", count=10)  # within the timeout: only the new entry
    assert fresh.payload["n"] == 3
    queue.ack([fresh.id])
    taken = queue.reclaim("worker-2", idle_s=0)
    assert sorted(d.id for d in taken) == sorted(d.id for d in crashed)
    assert all(d.deliveries == 2 for d in taken)
    assert queue.reclaim("worker-3", idle_s=LONG) == []  # nothing has been idle that long
    assert queue.ack(d.id for d in taken) == 3


def test_after_the_visibility_timeout_get_hands_out_unacked_entries_again(make_queue):
    queue = make_queue(visibility_timeout_s=0)
    _put(queue, 2)
    held = queue.get("worker-1", count=2)
    again = queue.get("worker-2", count=2)
    assert [d.id for d in again] == [d.id for d in held]
    assert [d.deliveries for d in again] == [2, 2]


def test_unacked_entries_survive_the_queue_object(make_queue):
    queue = make_queue()
    _put(queue, 2)
    queue.get("worker-1", count=2)
    queue.close()
    reopened = make_queue()
    assert reopened.pending() == 2
    assert [d.payload["n"] for d in reopened.reclaim("worker-9", idle_s=0)] == [0, 1]


def test_queues_with_different_names_are_separate(make_queue):
    one, two = make_queue(), make_queue(queue_name=f"other-{uuid.uuid4().hex[:8]}")
    _put(one, 2)
    assert two.get("a", count=5) == [] and two.backlog() == 0


def test_concurrent_consumers_take_every_entry_exactly_once(make_queue):
    queue = make_queue()
    ids = set(_put(queue, 120))
    seen: list[str] = []
    lock = threading.Lock()

    def consume(name: str) -> None:
        while batch := queue.get(name, count=7):
            with lock:
                seen.extend(d.id for d in batch)
            queue.ack(d.id for d in batch)

    threads = [threading.Thread(target=consume, args=(f"c{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted(ids)
    assert queue.pending() == 0 and queue.backlog() == 0


def test_payloads_must_be_json_objects(make_queue):
    queue = make_queue()
    with pytest.raises(InputError, match="JSON objects"):
        queue.put(["not", "an", "object"])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="serializable"):
        queue.put({"when": object()})
    with pytest.raises(InputError, match="count"):
        queue.get("a", count=0)


@pytest.mark.redis
def test_redis_stream_entries_and_pending_list_survive_a_redis_crash():
    """A private redis-server (never the shared one), SIGKILLed between get and reclaim."""
    from scout_core.bench.private_redis import PrivateRedis

    with PrivateRedis() as server:
        queue = RedisStreamQueue(server.url, "crash", visibility_timeout_s=LONG)
        try:
            _put(queue, 3)
            held = queue.get("worker-1", count=2)
            server.restart()
            assert queue.pending() == 2 and queue.backlog() == 1  # the client reconnects by itself
            taken = queue.reclaim("worker-2", idle_s=0)
            assert sorted(d.id for d in taken) == sorted(d.id for d in held)
            assert [d.payload["n"] for d in queue.get("worker-2", count=5)] == [2]
        finally:
            queue.close()
