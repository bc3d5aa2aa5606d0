"""The pipeline's batch journal on both work-queue backends: batches in flight survive a killed run."""

from __future__ import annotations

import uuid

import pytest

from scout_core.queue import DatabaseQueue, RedisStreamQueue, SqliteQueue
from scout_core.queue.journal import BatchJournal
from scout_core.schema import Candidate
from scout_core.store.db import make_engine

LONG = 3600.0  # a visibility timeout no test outlives


@pytest.fixture(params=["database-sqlite", pytest.param("database-postgres", marks=pytest.mark.postgres), "sqlite",
                        pytest.param("redis", marks=pytest.mark.redis)])
def open_q(request, tmp_path, make_store):
    """Opens the same queue again, as a new run would; every queue is destroyed afterwards.

    The pipeline journals in the store's database; the journal works the same on the other backends."""
    made = []
    name = f"journal-{uuid.uuid4().hex[:10]}"
    engine = make_engine(make_store(request.param.split("-")[1])) if request.param.startswith("database") else None

    def make():
        if request.param == "redis":
            queue = RedisStreamQueue(request.getfixturevalue("redis_url"), name, prefix="scout-test:journal",
                                     visibility_timeout_s=LONG)
        elif engine is not None:
            queue = DatabaseQueue(engine, name, visibility_timeout_s=LONG)
        else:
            queue = SqliteQueue(tmp_path / "queue.db", name, visibility_timeout_s=LONG)
        made.append(queue)
        return queue

    yield make
    made[0].destroy()
    for queue in made:
        queue.close()
    if engine is not None:
        engine.dispose()


def _batch(*handles: str) -> list[Candidate]:
    return [Candidate(platform="github", handle=h, discovered_via="contributor", topic="agents", parent="x:root",
                      depth=1, priority=0.37) for h in handles]


def test_a_finished_batch_leaves_nothing_behind(open_q):
    journal = BatchJournal(open_q())
    ids = journal.begin(_batch("ann", "bob", "cy"))
    assert len(set(ids)) == 3 and journal.queue.pending() == 3 and journal.queue.backlog() == 0
    assert journal.done(ids) == 3
    assert (journal.queue.pending(), journal.queue.backlog()) == (0, 0)
    assert BatchJournal(open_q()).resume().candidates == []


def test_a_batch_never_acked_is_resumed_whole_and_finished_under_its_own_entries(open_q):
    killed = BatchJournal(open_q())
    left = _batch("ann", "bob", "cy")
    old_ids = killed.begin(left)  # the run dies here: enriching, never acked

    journal = BatchJournal(open_q())
    resumed = journal.resume()
    assert resumed.candidates == left  # every field survives the round trip
    assert sorted(resumed.held.values()) == sorted(old_ids)
    assert resumed.held == {c.key: i for c, i in zip(left, old_ids, strict=True)}

    ids = journal.begin([*resumed.candidates[:2], *_batch("dee")], resumed.held)
    assert set(old_ids[:2]) <= set(ids) and len(ids) == 3  # resumed ones are not put a second time
    journal.done(ids)
    assert (journal.queue.pending(), journal.queue.backlog()) == (1, 0)  # "cy" was not handed out: still held

    again = BatchJournal(open_q()).resume()
    assert [c.handle for c in again.candidates] == ["cy"] and again.held == {"github:cy": old_ids[2]}


def test_entries_put_but_never_taken_are_resumed_too(open_q):
    queue = open_q()
    queue.put_many([c.model_dump(mode="json") for c in _batch("ann", "bob")])  # died between put and take
    resumed = BatchJournal(open_q()).resume()
    assert [c.handle for c in resumed.candidates] == ["ann", "bob"]
    assert (queue.pending(), queue.backlog()) == (2, 0)


def test_duplicates_unreadable_and_poison_entries_are_acked_not_resumed(open_q):
    queue = open_q()
    BatchJournal(queue).begin(_batch("ann", "ann2"))
    queue.put_many([_batch("ann")[0].model_dump(mode="json"), {"platform": "myspace", "handle": "tom"}])

    resumed = BatchJournal(open_q()).resume()
    assert [c.handle for c in resumed.candidates] == ["ann", "ann2"] and resumed.dropped == 1
    assert queue.pending() == 2  # the duplicate and the unreadable entry are gone

    # Each resume is one more delivery: past max_deliveries a candidate that keeps killing runs is given up.
    journal = BatchJournal(open_q(), max_deliveries=2)
    given_up = journal.resume()
    assert given_up.candidates == [] and given_up.dropped == 0
    assert sorted((c.handle, n) for c, _, n in given_up.given_up) == [("ann", 3), ("ann2", 3)]
    assert queue.pending() == 2  # held until the caller has dead-lettered them
    journal.done([entry for _, entry, _ in given_up.given_up])
    assert (queue.pending(), queue.backlog()) == (0, 0)


def test_begin_holds_only_its_own_batch_and_a_stranger_waits_for_the_next_resume(open_q):
    queue = open_q()
    (stranger,) = queue.put_many([_batch("zed")[0].model_dump(mode="json")])
    journal = BatchJournal(queue)
    ids = journal.begin(_batch("ann", "bob"))
    assert stranger not in ids and len(ids) == 2
    journal.done(ids)
    assert BatchJournal(open_q()).resume().held == {"github:zed": stranger}


@pytest.mark.parametrize("legacy_kind", ["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def test_what_an_older_version_journaled_in_redis_or_queue_db_moves_into_the_database(legacy_kind, request, tmp_path,
                                                                                     make_store):
    from scout_core.queue.journal import QUEUE_NAME, adopt, open_journal

    if legacy_kind == "redis":
        legacy = RedisStreamQueue(request.getfixturevalue("redis_url"), QUEUE_NAME,
                                  prefix=f"scout-test:legacy-{uuid.uuid4().hex[:8]}", visibility_timeout_s=LONG)
    else:
        legacy = SqliteQueue(tmp_path / "queue.db", QUEUE_NAME, visibility_timeout_s=LONG)
    engine = make_engine(make_store("sqlite"))
    try:
        left = _batch("ann", "bob")
        BatchJournal(legacy).begin(left)  # held by a run of the older version that died
        journal = open_journal(engine, max_deliveries=1)
        assert adopt(journal.queue, legacy) == 2
        assert (legacy.pending(), legacy.backlog()) == (0, 0)
        assert adopt(journal.queue, legacy) == 0
        resumed = journal.resume()
        # Delivered to the dead run, and now again: past max_deliveries=1, so the count came along.
        assert [c for c, _, _ in resumed.given_up] == left and resumed.candidates == []
    finally:
        legacy.destroy()
        legacy.close()
        engine.dispose()
