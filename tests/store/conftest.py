"""Store fixtures: every store test runs on SQLite and on PostgreSQL, on a schema built by the migrations."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, make_url

from scout_core.schema import (
    Classification,
    ClassificationResult,
    InternalProfile,
    ScoreCard,
    ScoreComponent,
)
from scout_core.store.db import make_engine
from scout_core.store.migrate import upgrade
from scout_core.store.repository import Repository


@dataclass
class Db:
    engine: Engine
    url: str  # a URL string reaching the same database (and schema)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path) -> Iterator[Db]:
    """An empty database: a fresh SQLite file, or a private schema in the shared PostgreSQL `test` db."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'db' / 'scout.db'}"
        engine = make_engine(url)
        yield Db(engine, url)
        engine.dispose()
        return
    yield from _postgres_schema(request.getfixturevalue("postgres_url"))


def _postgres_schema(base_url: str) -> Iterator[Db]:
    # Other test runs share the `test` database at the same time: each test gets its own schema.
    schema = f"scout_t_{uuid.uuid4().hex}"
    admin = make_engine(base_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(base_url, connect_args={"options": f"-csearch_path={schema}"})
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield Db(engine, url.render_as_string(hide_password=False))
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def db(empty_db: Db) -> Db:
    """A database migrated to head."""
    upgrade(empty_db.engine)
    return empty_db


@pytest.fixture
def repo(db: Db) -> Repository:
    return Repository(db.engine)


T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def make_profile(handle: str = "alice_ai", source_id: str | None = "1001", platform: str = "x",
                 **fields: object) -> InternalProfile:
    values: dict[str, object] = {
        "source_platform": platform, "handle": handle, "source_id": source_id,
        "display_name": "Alice", "bio": "Building agents", "followers_count": 1200,
        "last_enriched_at": T0, "enriched_by": "x_api",
    }
    values.update(fields)
    return InternalProfile(**values)  # type: ignore[arg-type]


def make_scorecard(overall: float = 72.5, llm: float | None = None) -> ScoreCard:
    points = {"llm": llm, "semantic": 20.0, "technical": 15.0, "engagement": 12.5, "links": 10.0,
              "completeness": 5.0}
    return ScoreCard(
        overall=overall, rescaled=llm is None, note="no LLM judge" if llm is None else None,
        components=[ScoreComponent(name=name, points=value, max_points=25, evidence=[f"{name} evidence"])
                    for name, value in points.items()],
    )


def make_classification(label: Classification = Classification.EARLY_FOUNDER) -> ClassificationResult:
    return ClassificationResult(label=label, confidence=0.8, reasons=["ships weekly"])
