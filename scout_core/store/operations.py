"""The pipeline's own records: social-graph edges, mining results, errors, dead letters, costs, runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from scout_core.errors import InputError, SourceError
from scout_core.schema import utcnow
from scout_core.store.models import (
    CostRow,
    DeadLetterRow,
    InteractionRow,
    MiningResultRow,
    PipelineErrorRow,
    RunRow,
)
from scout_core.store.sql import upsert_statement

InteractionKind = Literal["mention", "contributor", "link"]
INTERACTION_KINDS: tuple[str, ...] = get_args(InteractionKind)
MAX_MESSAGE_CHARS = 4_000


@dataclass(frozen=True)
class DeadLetter:
    """A candidate that could not be enriched, with what to do about it."""

    candidate_key: str
    platform: str
    handle: str
    error: str
    error_kind: str | None
    attempts: int
    first_failed_at: datetime
    last_failure_at: datetime
    suggested_action: str | None
    replayed_at: datetime | None
    payload: dict[str, Any] | None
    closed_at: datetime | None = None  # closed: no replay can help, and none is tried (deadletters.policy)
    closed_reason: str | None = None

    @property
    def status(self) -> str:
        """open (awaits replay), closed (no replay can help) or replayed (stored since)."""
        if self.replayed_at is not None:
            return "replayed"
        return "closed" if self.closed_at is not None else "open"


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    params: dict[str, Any]
    stats: dict[str, Any]


def record_interaction(
    session: Session, source_profile_id: int, target_platform: str, target_handle: str,
    kind: str, count: int = 1, seen_at: datetime | None = None,
) -> None:
    """Count an edge source → target; repeated sightings add to ``count`` and move ``last_seen``."""
    if kind not in INTERACTION_KINDS:
        raise InputError(f"unknown interaction kind {kind!r}: one of {', '.join(INTERACTION_KINDS)}")
    if count < 1:
        raise InputError(f"interaction count must be at least 1, got {count}")
    at = seen_at or utcnow()
    values = {"source_profile_id": source_profile_id, "target_platform": target_platform,
              "target_handle": target_handle.strip().removeprefix("@").lower(), "kind": kind,
              "count": count, "first_seen": at, "last_seen": at}
    table = InteractionRow.__table__
    session.execute(upsert_statement(
        session, table, values,  # type: ignore[arg-type]
        ("source_profile_id", "target_platform", "target_handle", "kind"),
        lambda new: {"count": table.c.count + new.count, "last_seen": new.last_seen},
    ))


def record_mining_result(
    session: Session, run_id: str | None, topic: str, candidates_found: int,
    profiles_stored: int, high_scorers: int,
) -> int:
    row = MiningResultRow(run_id=run_id, topic=topic, candidates_found=candidates_found,
                          profiles_stored=profiles_stored, high_scorers=high_scorers)
    session.add(row)
    session.flush()
    return row.id


def record_error(
    session: Session, run_id: str | None, stage: str, error: BaseException | str, *,
    source: str | None = None, platform: str | None = None, handle: str | None = None,
    error_kind: str | None = None,
) -> int:
    """One pipeline error; a SourceError fills in its own source, handle and kind."""
    if isinstance(error, SourceError):
        source, handle = source or error.source, handle or error.handle
        error_kind = error_kind or error.kind
    elif isinstance(error, BaseException):
        error_kind = error_kind or type(error).__name__
    row = PipelineErrorRow(run_id=run_id, stage=stage, source=source, platform=platform, handle=handle,
                           error_kind=error_kind, message=str(error)[:MAX_MESSAGE_CHARS])
    session.add(row)
    session.flush()
    return row.id


def error_counts(session: Session, run_id: str, stage: str | None = None) -> dict[str, int]:
    """How many errors of each kind a run recorded (at ``stage`` only, when given), most frequent first."""
    stmt = (select(PipelineErrorRow.error_kind, func.count()).where(PipelineErrorRow.run_id == run_id)
            .group_by(PipelineErrorRow.error_kind))
    if stage is not None:
        stmt = stmt.where(PipelineErrorRow.stage == stage)
    counts = {kind or "unknown": int(n) for kind, n in session.execute(stmt)}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def add_dead_letter(
    session: Session, candidate_key: str, platform: str, handle: str, error: str, *,
    error_kind: str | None = None, payload: dict[str, Any] | None = None,
    suggested_action: str | None = None, at: datetime | None = None,
) -> int:
    """File (or re-file) a failed candidate; returns its attempts so far. A re-failure un-replays it."""
    at = at or utcnow()
    values = {"candidate_key": candidate_key, "platform": platform, "handle": handle,
              "error": error[:MAX_MESSAGE_CHARS], "error_kind": error_kind, "payload": payload,
              "suggested_action": suggested_action, "attempts": 1, "first_failed_at": at,
              "last_failure_at": at, "replayed_at": None, "closed_at": None, "closed_reason": None}
    table = DeadLetterRow.__table__
    stmt = upsert_statement(
        session, table, values, ("candidate_key",),  # type: ignore[arg-type]
        lambda new: {"attempts": table.c.attempts + 1, "error": new.error, "error_kind": new.error_kind,
                     "payload": func.coalesce(new.payload, table.c.payload),
                     "suggested_action": new.suggested_action, "last_failure_at": new.last_failure_at,
                     "replayed_at": None, "closed_at": None, "closed_reason": None},
    )
    return int(session.execute(stmt.returning(table.c.attempts)).scalar_one())


def list_dead_letters(session: Session, include_replayed: bool = False, limit: int | None = None,
                      include_closed: bool = True) -> list[DeadLetter]:
    stmt = select(DeadLetterRow).order_by(DeadLetterRow.last_failure_at, DeadLetterRow.id)
    if not include_replayed:
        stmt = stmt.where(DeadLetterRow.replayed_at.is_(None))
    if not include_closed:
        stmt = stmt.where(DeadLetterRow.closed_at.is_(None))
    return [_dead_letter(row) for row in session.scalars(stmt.limit(limit))]


def dead_letter_counts(session: Session) -> dict[str, int]:
    """Letters by status: open (a replay may help), closed (none can), replayed."""
    status = case((DeadLetterRow.replayed_at.is_not(None), "replayed"),
                  (DeadLetterRow.closed_at.is_not(None), "closed"), else_="open")
    found = dict(session.execute(select(status, func.count()).group_by(status)).all())
    return {name: int(found.get(name, 0)) for name in ("open", "closed", "replayed")}


def close_dead_letter(session: Session, candidate_key: str, reason: str, at: datetime | None = None) -> bool:
    """Close a letter no replay can help, with why; False when there is no such letter."""
    row = session.scalars(select(DeadLetterRow).where(DeadLetterRow.candidate_key == candidate_key)).first()
    if row is None:
        return False
    row.closed_at, row.closed_reason = at or utcnow(), reason[:500]
    return True


def mark_replayed(session: Session, candidate_key: str, at: datetime | None = None) -> bool:
    row = session.scalars(select(DeadLetterRow).where(DeadLetterRow.candidate_key == candidate_key)).first()
    if row is None:
        return False
    row.replayed_at = at or utcnow()
    return True


def _dead_letter(row: DeadLetterRow) -> DeadLetter:
    return DeadLetter(
        candidate_key=row.candidate_key, platform=row.platform, handle=row.handle, error=row.error,
        error_kind=row.error_kind, attempts=row.attempts, first_failed_at=row.first_failed_at,
        last_failure_at=row.last_failure_at, suggested_action=row.suggested_action,
        replayed_at=row.replayed_at, payload=row.payload, closed_at=row.closed_at, closed_reason=row.closed_reason,
    )


def record_cost(session: Session, source: str, operation: str, units: float, usd: float,
                run_id: str | None = None, at: datetime | None = None) -> None:
    if units < 0 or usd < 0:
        raise InputError(f"cost for {source}/{operation} must not be negative (units={units}, usd={usd})")
    session.add(CostRow(source=source, operation=operation, units=units, usd=usd, run_id=run_id,
                        at=at or utcnow()))


def cost_by_source(session: Session, since: datetime | None = None) -> dict[str, float]:
    """US dollars spent per source, since ``since`` (or ever)."""
    stmt = select(CostRow.source, func.sum(CostRow.usd)).group_by(CostRow.source)
    if since is not None:
        stmt = stmt.where(CostRow.at >= since)
    return {source: float(total or 0.0) for source, total in session.execute(stmt)}


def start_run(session: Session, run_id: str, params: dict[str, Any] | None) -> None:
    """Open a run; starting the same run id again (a retried flow) marks it running again."""
    row = session.get(RunRow, run_id)
    if row is None:
        session.add(RunRow(run_id=run_id, params=params or {}, status="running", started_at=utcnow()))
        return
    row.status, row.finished_at = "running", None
    row.params = params or row.params


def finish_run(session: Session, run_id: str, status: str, stats: dict[str, Any] | None) -> None:
    row = session.get(RunRow, run_id)
    if row is None:
        raise InputError(f"unknown run {run_id!r}: call start_run first")
    row.status, row.finished_at, row.stats = status, utcnow(), stats or {}


def get_run(session: Session, run_id: str) -> RunRecord | None:
    row = session.get(RunRow, run_id)
    if row is None:
        return None
    return RunRecord(run_id=row.run_id, status=row.status, started_at=row.started_at,
                     finished_at=row.finished_at, params=row.params or {}, stats=row.stats or {})
