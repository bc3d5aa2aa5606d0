"""Engines and sessions: one place that knows how SQLite and PostgreSQL are set up."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from scout_core.errors import ConfigurationError, DatabaseUnavailableError

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10


def parse_url(url: str | URL) -> URL:
    """A SQLAlchemy URL, or ConfigurationError naming what is wrong with it."""
    if isinstance(url, URL):
        return url
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(
            f"invalid database URL {url!r}: expected e.g. sqlite:///data/scout.db"
        ) from exc


def masked(url: str | URL) -> str:
    """The URL with its password replaced by ``***``, fit for logs and messages."""
    try:
        return parse_url(url).render_as_string(hide_password=True)
    except ConfigurationError:
        return "<invalid url>"


def make_engine(url: str | URL, *, connect_args: dict[str, Any] | None = None, read_only: bool = False,
                **kwargs: Any) -> Engine:
    """An Engine set up for Scout: SQLite in WAL mode with foreign keys, PostgreSQL with pre-ping.

    ``read_only`` (the API's reads): on SQLite, transactions begin deferred and the connection refuses
    writes, so readers run side by side instead of queueing for the write lock.
    """
    parsed = _with_installed_driver(parse_url(url))
    args = dict(connect_args or {})
    if parsed.get_backend_name() == "sqlite":
        _ensure_sqlite_dir(parsed)
        args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        engine = create_engine(parsed, connect_args=args, **kwargs)
        _configure_sqlite(engine, read_only)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("psycopg2", "psycopg"):
        args.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_S)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, connect_args=args, **kwargs)


def _with_installed_driver(url: URL) -> URL:
    """A bare ``postgresql://`` means psycopg (v3) to SQLAlchemy 2.1; Scout ships psycopg2, so use
    whichever is installed rather than fail on an import."""
    if url.drivername != "postgresql" or importlib.util.find_spec("psycopg") is not None:
        return url
    if importlib.util.find_spec("psycopg2") is None:
        raise ConfigurationError("no PostgreSQL driver installed: pip install psycopg2-binary")
    return url.set(drivername="postgresql+psycopg2")


def _ensure_sqlite_dir(url: URL) -> None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    try:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailableError(
            f"cannot reach database at {masked(url)}: cannot create its directory ({exc.strerror})"
        ) from exc


def _configure_sqlite(engine: Engine, read_only: bool = False) -> None:
    """WAL, foreign keys and a busy timeout on every connection; real BEGINs so savepoints work."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (it would skip BEGIN before DDL
        # and break SAVEPOINT); SQLAlchemy's "begin" hook below emits it instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if engine.url.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if read_only:
                cursor.execute("PRAGMA query_only=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front: a read-then-write transaction cannot then fail
        # with SQLITE_BUSY halfway when another writer got in first; it waits (busy timeout) instead.
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def check_connection(engine: Engine) -> None:
    """Connect once; any failure becomes a one-line DatabaseUnavailableError."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - every way of failing to connect means the same thing
        raise unavailable(engine.url, exc) from exc


def unavailable(url: str | URL, exc: BaseException) -> DatabaseUnavailableError:
    """The DatabaseUnavailableError for ``exc``, with a short reason and the password masked."""
    return DatabaseUnavailableError(f"cannot reach database at {masked(url)}: {short_reason(exc)}")


def short_reason(exc: BaseException) -> str:
    """The first meaningful line of a (driver) exception, without SQLAlchemy's boilerplate."""
    inner = getattr(exc, "orig", None) or exc
    for line in str(inner).splitlines():
        line = line.strip()
        if line and not line.startswith("(Background on this error"):
            return line[:300]
    return type(inner).__name__


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values readable after commit (records leave the session)."""
    return sessionmaker(engine, expire_on_commit=False)
