"""The batch journal around enrichment: resume what a killed run had in flight, journal each batch."""

from __future__ import annotations

from prefect import get_run_logger, task
from sqlalchemy import Engine

from scout_core.errors import StoreError
from scout_core.lease import check_run_lease
from scout_core.queue import DatabaseQueue, open_queue
from scout_core.queue.journal import QUEUE_NAME, BatchJournal, Resumed, adopt, open_journal
from scout_core.runtime import RunContext, open_repository
from scout_core.schema import Candidate
from tasks.options import OPTIONS


def _journal(ctx: RunContext) -> BatchJournal:
    cfg = ctx.settings.queue
    return open_journal(_engine(ctx), cfg.max_deliveries, cfg.visibility_timeout_s)


def _engine(ctx: RunContext) -> Engine:
    engine: Engine = open_repository(ctx.settings, migrate=False).engine
    return engine


@task(name="resume-batches", **OPTIONS["resume_batches"])
def resume_task(ctx: RunContext) -> Resumed:
    _adopt_legacy(ctx, DatabaseQueue(_engine(ctx), QUEUE_NAME))
    journal = _journal(ctx)
    resumed = journal.resume()
    if resumed.given_up:
        _bury(ctx, journal, resumed)
    if resumed.candidates or resumed.dropped or resumed.given_up:
        get_run_logger().warning("resuming %d candidates a killed run left in flight (%d dead-lettered after "
                                 "too many deliveries, %d unreadable)", len(resumed.candidates),
                                 len(resumed.given_up), resumed.dropped)
    return resumed


def _adopt_legacy(ctx: RunContext, journal: DatabaseQueue) -> None:
    """Entries an older version journaled in Redis or data_dir/queue.db join the database's journal."""
    if not ctx.settings.redis_url and not (ctx.settings.data_dir / "queue.db").exists():
        return
    try:
        with open_queue(ctx.settings, QUEUE_NAME) as legacy:
            adopt(journal, legacy)
    except StoreError as exc:  # Redis down: its entries wait there for a later run; this one goes on
        get_run_logger().warning("cannot read the old batch journal: %s", exc)


def _bury(ctx: RunContext, journal: BatchJournal, resumed: Resumed) -> None:
    """Dead-letter the candidates runs kept dying on, then let go of their entries (in that order: none lost)."""
    from scout_core.deadletters import open_dead_letters

    dlq = open_dead_letters(ctx.settings, open_repository(ctx.settings, migrate=False))
    for candidate, _, deliveries in resumed.given_up:
        dlq.add(candidate, f"in flight in {deliveries} runs that did not finish it", "PoisonCandidate", source=None)
    journal.done([entry for _, entry, _ in resumed.given_up])


@task(name="begin-batch", task_run_name="begin-batch-{batch_no}", **OPTIONS["begin_batch"])
def begin_batch_task(ctx: RunContext, batch: list[Candidate], held: dict[str, str], batch_no: int = 0) -> list[str]:
    check_run_lease(ctx.run_id)  # a run whose lease expired must not take more work another run now owns
    return _journal(ctx).begin(batch, held)


@task(name="finish-batch", task_run_name="finish-batch-{batch_no}", **OPTIONS["finish_batch"])
def finish_batch_task(ctx: RunContext, ids: list[str], batch_no: int = 0) -> int:
    return _journal(ctx).done(ids)
