"""INSERT ... ON CONFLICT DO UPDATE on both backends (SQLite and PostgreSQL share the syntax)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from scout_core.errors import ConfigurationError


def upsert_statement(
    session: Session,
    table: Table,
    values: Mapping[str, Any],
    conflict: Sequence[str],
    update: Callable[[Any], Mapping[str, Any]],
) -> Any:
    """An atomic upsert; ``update(excluded)`` gives the SET clause from the rejected row's values."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        stmt: Any = postgresql.insert(table).values(**values)
    elif name == "sqlite":
        stmt = sqlite.insert(table).values(**values)
    else:
        raise ConfigurationError(f"unsupported database {name!r}: Scout stores to SQLite or PostgreSQL")
    return stmt.on_conflict_do_update(index_elements=list(conflict), set_=dict(update(stmt.excluded)))



def upsert_many_statement(
    session: Session,
    table: Table,
    conflict: Sequence[str],
    update: Callable[[Any], Mapping[str, Any]],
) -> Any:
    """An upsert to execute with a list of rows (``session.execute(stmt, rows)``): compiled once, sent in
    batches by the driver; ``update`` as in ``upsert_statement``."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        stmt: Any = postgresql.insert(table)
    elif name == "sqlite":
        stmt = sqlite.insert(table)
    else:
        raise ConfigurationError(f"unsupported database {name!r}: Scout stores to SQLite or PostgreSQL")
    return stmt.on_conflict_do_update(index_elements=list(conflict), set_=dict(update(stmt.excluded)))
