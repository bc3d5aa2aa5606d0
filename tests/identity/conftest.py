"""Identity fixtures: profiles by hand, and a database (SQLite or PostgreSQL) migrated to head."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from scout_core.schema import InternalProfile, LinkedProfile
from scout_core.store.db import make_engine
from scout_core.store.migrate import upgrade


def person(platform: str, handle: str, source_id: str | None = None, name: str | None = None,
           links: list[tuple[str, str]] | None = None, **fields: object) -> InternalProfile:
    """A profile as a normalizer would give it; ``links`` are declared (platform, handle) pairs."""
    linked = [LinkedProfile(platform=p, handle=h) for p, h in links or []]  # type: ignore[arg-type]
    return InternalProfile(source_platform=platform, handle=handle, source_id=source_id,  # type: ignore[arg-type]
                           display_name=name, linked_profiles=linked, **fields)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def identity_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A migrated database: a fresh SQLite file, or a private schema in the shared PostgreSQL `test` db."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'identity.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    base_url = request.getfixturevalue("postgres_url")
    schema = f"scout_id_{uuid.uuid4().hex}"  # other test runs share the database: a schema per test
    admin = make_engine(base_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(base_url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
