"""Alembic owns the schema: upgrades from empty, re-upgrades as no-ops, and reachability errors."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from scout_core.errors import DatabaseUnavailableError
from scout_core.store.db import check_connection, make_engine
from scout_core.store.migrate import current_revision, ensure_schema, head_revision, upgrade
from scout_core.store.models import Base

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/none"


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_from_empty_creates_every_table(empty_db):
    assert current_revision(empty_db.engine) is None
    assert upgrade(empty_db.engine) == head_revision()
    assert _tables(empty_db.engine) >= set(Base.metadata.tables) | {"alembic_version"}
    assert current_revision(empty_db.engine) == head_revision()


def test_reupgrade_is_a_noop_that_keeps_data(empty_db):
    upgrade(empty_db.url)  # the URL form, as `scout db upgrade` calls it
    with empty_db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO runs (run_id, started_at, status) VALUES ('r1', :t, 'ok')"),
                     {"t": "2025-01-01 00:00:00"})
    assert upgrade(empty_db.url) == head_revision()
    assert ensure_schema(empty_db.engine) == head_revision()
    with empty_db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        assert conn.execute(sa.text("SELECT run_id FROM runs")).scalars().all() == ["r1"]


def test_ensure_schema_builds_an_empty_database(empty_db):
    assert ensure_schema(empty_db.url) == head_revision()
    assert "profiles" in _tables(empty_db.engine)


def test_json_columns_are_jsonb_on_postgresql(db):
    columns = {c["name"]: c["type"] for c in sa.inspect(db.engine).get_columns("profiles")}
    if db.backend == "postgresql":
        assert isinstance(columns["raw"], JSONB)
        assert isinstance(columns["shipping_signals"], JSONB)
        assert columns["updated_at"].timezone is True
    else:
        assert "JSON" in str(columns["raw"]).upper()


def test_unreachable_postgres_is_a_one_line_error():
    engine = make_engine(UNREACHABLE)
    with pytest.raises(DatabaseUnavailableError) as info:
        check_connection(engine)
    message = str(info.value)
    # The driver SQLAlchemy picked may show (postgresql+psycopg2://); the address must.
    assert message.startswith("cannot reach database at postgresql")
    assert "postgres@127.0.0.1:1/none: " in message
    assert "\n" not in message and len(message) < 400


def test_unreachable_message_masks_the_password():
    with pytest.raises(DatabaseUnavailableError) as info:
        check_connection(make_engine("postgresql://scout:hunter2@127.0.0.1:1/none"))
    assert "hunter2" not in str(info.value)
    assert "scout:***@127.0.0.1:1/none" in str(info.value)


def test_upgrade_on_unreachable_database_raises_database_unavailable():
    with pytest.raises(DatabaseUnavailableError, match="cannot reach database at"):
        upgrade(UNREACHABLE)
    with pytest.raises(DatabaseUnavailableError, match="cannot reach database at"):
        ensure_schema(UNREACHABLE)


def test_sqlite_in_an_impossible_directory_is_unavailable():
    with pytest.raises(DatabaseUnavailableError, match="cannot create its directory"):
        make_engine("sqlite:////dev/null/scout/scout.db")


def test_sqlite_engine_runs_wal_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'scout.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() > 0
    engine.dispose()
