"""Discovery fixtures: a migrated store (SQLite, or PostgreSQL where asked), profiles, Redis key prefixes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from scout_core.schema import InternalProfile, Post
from scout_core.store.migrate import upgrade
from scout_core.store.repository import Repository

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def repo(tmp_path) -> Iterator[Repository]:
    """A store on a fresh SQLite file, migrated to head."""
    url = f"sqlite:///{tmp_path / 'store' / 'scout.db'}"
    (tmp_path / "store").mkdir()
    upgrade(url)
    repository = Repository(url)
    yield repository
    repository.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_repo(request, tmp_path) -> Iterator[Repository]:
    """The same store on SQLite and on PostgreSQL (a private schema in the shared `test` database)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("repo")
        return
    from sqlalchemy import make_url

    from scout_core.store.db import make_engine

    base = request.getfixturevalue("postgres_url")
    schema = f"scout_d_{uuid.uuid4().hex}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    upgrade(rendered)
    repository = Repository(rendered)
    try:
        yield repository
    finally:
        repository.close()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def redis_client(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client) -> Iterator[str]:
    """A key prefix no other test run uses; every key under it is deleted afterwards."""
    prefix = f"scout-test:{uuid.uuid4().hex}"
    yield prefix
    keys = list(redis_client.scan_iter(f"{prefix}:*"))
    if keys:
        redis_client.delete(*keys)


def profile(handle: str, platform: str = "x", source_id: str | None = None, **fields: object) -> InternalProfile:
    values: dict[str, object] = {"source_platform": platform, "handle": handle, "source_id": source_id,
                                 "last_enriched_at": NOW, "enriched_by": "x_api" if platform == "x" else platform}
    values.update(fields)
    return InternalProfile(**values)  # type: ignore[arg-type]


def post(pid: str, text: str, at: datetime, **fields: object) -> Post:
    return Post(post_id=pid, text=text, created_at=at, **fields)  # type: ignore[arg-type]
