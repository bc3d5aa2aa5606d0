"""The batch journal around enrichment: resume what a killed run had in flight, journal each batch."""

from __future__ import annotations

from prefect import get_run_logger, task

from scout_core.queue import open_queue
from scout_core.queue.journal import QUEUE_NAME, BatchJournal, Resumed
from scout_core.runtime import RunContext
from scout_core.schema import Candidate
from tasks.options import OPTIONS


def _journal(ctx: RunContext) -> BatchJournal:
    queue = open_queue(ctx.settings, QUEUE_NAME)
    return BatchJournal(queue, max_deliveries=ctx.settings.queue.max_deliveries)


@task(name="resume-batches", **OPTIONS["resume_batches"])
def resume_task(ctx: RunContext) -> Resumed:
    journal = _journal(ctx)
    with journal.queue:
        resumed = journal.resume()
    if resumed.candidates or resumed.dropped:
        get_run_logger().warning("resuming %d candidates a killed run left in flight (%d given up on)",
                                 len(resumed.candidates), resumed.dropped)
    return resumed


@task(name="begin-batch", **OPTIONS["begin_batch"])
def begin_batch_task(ctx: RunContext, batch: list[Candidate], held: dict[str, str]) -> list[str]:
    journal = _journal(ctx)
    with journal.queue:
        return journal.begin(batch, held)


@task(name="finish-batch", **OPTIONS["finish_batch"])
def finish_batch_task(ctx: RunContext, ids: list[str]) -> int:
    journal = _journal(ctx)
    with journal.queue:
        return journal.done(ids)
