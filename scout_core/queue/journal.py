"""The pipeline's batches in flight, kept in a durable work queue so a killed run's work is not lost.

The journal lives in the store's database (``open_journal``), next to the profiles it leads to: a run
cannot go on without its database, while Redis may go away or come back empty, and a journal there
lost what runs held in flight. What older versions left in Redis or ``queue.db`` is ``adopt``ed.

Each batch is put and taken (held) before enrichment and acked once its outcomes are stored, so at
any moment the queue holds exactly the candidates a run is working on. A run that dies mid-batch
leaves them held; the next run ``resume``s them first. Delivery is at least once: a resumed
candidate may already be half-stored, which the store's idempotent upserts make harmless.

The deployment runs one pipeline at a time, so at the start of a run every held entry belongs to a
dead run and is reclaimed at once (no waiting out the visibility timeout).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import Engine

from scout_core.errors import StoreError
from scout_core.queue.base import DEFAULT_VISIBILITY_TIMEOUT_S, Delivery, WorkQueue
from scout_core.queue.database import DatabaseQueue
from scout_core.schema import Candidate

log = logging.getLogger(__name__)

QUEUE_NAME = "pipeline-enrich"
CONSUMER = "scout-pipeline"


@dataclass
class Resumed:
    """What earlier runs left in flight: the candidates, and the entry each is still held under."""

    candidates: list[Candidate] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)  # candidate key → entry id, acked when its batch is done
    dropped: int = 0  # unreadable entries (logged with their payload, then acked)
    # Delivered more than max_deliveries times (a candidate runs keep dying on): still held, for the caller
    # to dead-letter and then ack, so a poison candidate ends up where operators look, not in a log line.
    given_up: list[tuple[Candidate, str, int]] = field(default_factory=list)  # (candidate, entry id, deliveries)


class BatchJournal:
    """Journals batches through ``queue``: ``resume`` at the start, ``begin`` before a batch, ``done`` after."""

    def __init__(self, queue: WorkQueue, consumer: str = CONSUMER, max_deliveries: int = 5) -> None:
        self.queue = queue
        self.consumer = consumer
        self.max_deliveries = max_deliveries

    def resume(self) -> Resumed:
        """Take over every entry earlier runs left: held ones (their run died) and never-taken ones."""
        resumed = Resumed()
        for delivery in self._take_all():
            candidate = self._readable(delivery)
            if candidate is None or candidate.key in resumed.held:
                self.queue.ack([delivery.id])  # nothing to redo, or the same candidate twice
                resumed.dropped += candidate is None
                continue
            if delivery.deliveries > self.max_deliveries:
                log.warning("queue %s: giving up on %s after %d deliveries", self.queue.name, candidate.key,
                            delivery.deliveries)
                resumed.given_up.append((candidate, delivery.id, delivery.deliveries))
                continue
            resumed.candidates.append(candidate)
            resumed.held[candidate.key] = delivery.id
        return resumed

    def _take_all(self) -> list[Delivery]:
        return take_everything(self.queue, self.consumer)

    def _readable(self, delivery: Delivery) -> Candidate | None:
        try:
            return Candidate.model_validate(delivery.payload)
        except ValidationError as exc:
            log.warning("queue %s: dropping unreadable entry %s: %s", self.queue.name, delivery.id, exc)
            return None

    def begin(self, batch: list[Candidate], held: dict[str, str] | None = None) -> list[str]:
        """Journal ``batch`` as in flight; the ids to pass to ``done``. Resumed candidates keep their entry."""
        held = held or {}
        fresh = iter(self._take_own([c.model_dump(mode="json") for c in batch if c.key not in held]))
        return [held[c.key] if c.key in held else next(fresh) for c in batch]

    def _take_own(self, payloads: list[dict]) -> list[str]:
        put = self.queue.put_many(payloads)
        mine = set(put)
        while mine:
            # get hands out timed-out and older entries first; any such stranger stays held by this
            # consumer (unacked), so the next run resumes it: delayed, never lost.
            taken = self.queue.get(self.consumer, count=len(mine))
            if not taken:
                raise StoreError(f"queue {self.queue.name!r}: {len(mine)} entries just put are not there to take")
            mine -= {d.id for d in taken}
        return put

    def done(self, ids: list[str]) -> int:
        """The batch's outcomes are stored: its entries are finished for good."""
        return self.queue.ack(ids)


def adopt(journal: DatabaseQueue, legacy: WorkQueue, consumer: str = CONSUMER) -> int:
    """Move what an older journal (Redis, ``queue.db``) still holds into ``journal``; how many entries.

    Restored here first, acked there after: a crash in between leaves a copy in both, which ``resume``
    takes once (the same candidate twice is acked, not redone). Delivery counts come along.
    """
    taken = take_everything(legacy, consumer)
    if taken:
        journal.restore(taken)
        legacy.ack([d.id for d in taken])
        log.warning("queue %s: moved %d entries in flight from %r into the database", journal.name, len(taken),
                    legacy)
    return len(taken)


def open_journal(engine: Engine, max_deliveries: int = 5,
                 visibility_timeout_s: float = DEFAULT_VISIBILITY_TIMEOUT_S) -> BatchJournal:
    """The pipeline's journal in the store's database (migrated to head)."""
    queue = DatabaseQueue(engine, QUEUE_NAME, visibility_timeout_s=visibility_timeout_s)
    return BatchJournal(queue, max_deliveries=max_deliveries)


def take_everything(queue: WorkQueue, consumer: str) -> list[Delivery]:
    """Every entry of ``queue``, held by ``consumer`` now: those dead holders left, then those never taken."""
    # One call each: with idle_s=0 a second reclaim would hand back the entries just taken.
    taken = queue.reclaim(consumer, idle_s=0, count=held) if (held := queue.pending()) else []
    if waiting := queue.backlog():  # put by a run that died before taking its batch
        taken += queue.get(consumer, count=waiting + len(taken))
    return list({d.id: d for d in taken}.values())  # an entry both reclaimed and timed out: once
