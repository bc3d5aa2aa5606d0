"""The run lease in the database: one row per lease name, taken atomically, renewed by a heartbeat.

``take`` is one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` statement: it creates the row, or takes
it over when it expired (its holder stopped renewing: it died) or is already the caller's, and says
who holds it afterwards. Two runs racing for a free lease cannot both win, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from scout_core.errors import ConfigurationError
from scout_core.store.models import RunLeaseRow, RunRow


@dataclass(frozen=True)
class LeaseState:
    """Who holds a lease, since when, and until when it stays theirs without a heartbeat."""

    name: str
    holder: str
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime


def take(session: Session, name: str, holder: str, ttl_s: float, now: datetime) -> LeaseState:
    """Take the lease if it is free, expired or already ``holder``'s; returns who holds it now."""
    values = {"name": name, "holder": holder, "acquired_at": now, "heartbeat_at": now,
              "expires_at": now + timedelta(seconds=ttl_s)}
    table = RunLeaseRow.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values)
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values)  # type: ignore[assignment]
    else:
        raise ConfigurationError(f"unsupported database {dialect!r}: Scout stores to SQLite or PostgreSQL")
    mine = table.c.holder == holder  # type: ignore[attr-defined]
    taken = stmt.on_conflict_do_update(
        index_elements=["name"],
        set_={"holder": stmt.excluded.holder, "heartbeat_at": stmt.excluded.heartbeat_at,
              "expires_at": stmt.excluded.expires_at,
              # a holder renewing through take keeps its original acquired_at
              "acquired_at": case((mine, table.c.acquired_at), else_=stmt.excluded.acquired_at)},  # type: ignore[attr-defined]
        where=(table.c.expires_at <= now) | mine,  # type: ignore[attr-defined]
    )
    session.execute(taken)
    state = current(session, name)
    assert state is not None  # the row exists: inserted, taken over, or held by someone else
    return state


def current(session: Session, name: str) -> LeaseState | None:
    row = session.scalars(select(RunLeaseRow).where(RunLeaseRow.name == name)).first()
    if row is None:
        return None
    return LeaseState(row.name, row.holder, row.acquired_at, row.heartbeat_at, row.expires_at)


def renew(session: Session, name: str, holder: str, ttl_s: float, now: datetime) -> bool:
    """Push the expiry on; False when the lease is no longer ``holder``'s (it expired and was taken)."""
    result = session.execute(update(RunLeaseRow).where(RunLeaseRow.name == name, RunLeaseRow.holder == holder)
                             .values(heartbeat_at=now, expires_at=now + timedelta(seconds=ttl_s)))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release(session: Session, name: str, holder: str) -> bool:
    result = session.execute(delete(RunLeaseRow).where(RunLeaseRow.name == name, RunLeaseRow.holder == holder))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_crashed(session: Session, except_run: str, now: datetime) -> list[str]:
    """Every other run still marked running is dead (its lease is gone): mark it crashed; their ids."""
    stale = list(session.scalars(select(RunRow).where(RunRow.status == "running", RunRow.run_id != except_run)))
    for row in stale:
        row.status, row.finished_at = "crashed", now
    return [row.run_id for row in stale]
