"""Alembic, configured in code: ``upgrade`` for ``scout db upgrade``, ``ensure_schema`` for ``scout run``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from scout_core.errors import StoreError
from scout_core.store.db import make_engine, masked, short_reason, unavailable

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any constant works: it only has to be the same for every Scout process sharing a database.
_PG_MIGRATION_LOCK = 0x5C0_0700


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the packaged migrations; no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only possible if the package was shipped without its versions/
        raise StoreError(f"no migrations found under {MIGRATIONS_DIR}")
    return head


@contextmanager
def _connected(target: str | Engine) -> Iterator[Connection]:
    """A connection in a transaction; connection failures become DatabaseUnavailableError."""
    engine = make_engine(target) if isinstance(target, str) else target
    try:
        try:
            conn = engine.connect()
        except Exception as exc:  # noqa: BLE001 - any connect failure means unreachable
            raise unavailable(engine.url, exc) from exc
        with conn, conn.begin():
            yield conn
    except DBAPIError as exc:
        raise StoreError(f"migration failed on {masked(engine.url)}: {short_reason(exc)}") from exc
    finally:
        if isinstance(target, str):
            engine.dispose()


def _current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def current_revision(target: str | Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with _connected(target) as conn:
        return _current(conn)


def upgrade(target: str | Engine, revision: str = "head") -> str:
    """Upgrade the database to ``revision`` (default head); return the revision it is now at."""
    with _connected(target) as conn:
        if conn.dialect.name == "postgresql":
            # Two processes starting at once must not both create the tables.
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        command.upgrade(alembic_config(conn), revision)
        now = _current(conn)
    if now is None:
        raise StoreError(f"upgrade of {masked(_url_of(target))} left no revision recorded")
    return now


def ensure_schema(target: str | Engine) -> str:
    """Bring the schema to head; only a version read when it is already there."""
    head = head_revision()
    if current_revision(target) == head:
        return head
    return upgrade(target)


def _url_of(target: str | Engine) -> str:
    return target if isinstance(target, str) else str(target.url)
