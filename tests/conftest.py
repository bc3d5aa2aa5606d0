"""Session-wide test set-up: Prefect, Ray and MLflow never touch the user's home; real services by URL."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager

_TMP = tempfile.mkdtemp(prefix="scout-tests-")
os.environ.setdefault("PREFECT_HOME", os.path.join(_TMP, "prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ.setdefault("MLFLOW_TRACKING_URI", f"sqlite:///{_TMP}/mlflow.db")
# Tests never read a developer's .env or SCOUT_* environment.
for _key in [k for k in os.environ if k.startswith("SCOUT_") and not k.startswith("SCOUT_TEST_")]:
    del os.environ[_key]

import pytest  # noqa: E402

POSTGRES_URL = os.environ.get("SCOUT_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SCOUT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def settings(tmp_path):
    """Settings on the embedded defaults, with a private data dir."""
    from scout_core.settings import Settings

    return Settings(data_dir=tmp_path / "data", _env_file=None)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The real PostgreSQL on this machine; skipped (and CI fails on the skip) when it is down."""
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "not available here"
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The real Redis on this machine; skipped (and CI fails on the skip) when it is down."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL


# In CI (SCOUT_REQUIRE_SERVICES=1) a PostgreSQL, Redis or browser test that skips is a failure:
# a green run must have exercised the real services.
_SERVICE_MARKERS = ("postgres", "redis", "browser", "integration")
_SERVICE_WORDS = ("postgres", "redis", "chromium", "browser", "ray")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or os.environ.get("SCOUT_REQUIRE_SERVICES") != "1":
        return
    reason = str(report.longrepr).lower()
    marked = any(item.get_closest_marker(m) for m in _SERVICE_MARKERS)
    if marked or any(w in reason for w in _SERVICE_WORDS):
        report.outcome = "failed"
        report.longrepr = f"required service test skipped in CI: {report.longrepr}"


@pytest.fixture(scope="session")
def prefect_harness():
    """A real Prefect API for flow tests, started once per session (17-21 s here)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def local_ray():
    """One local Ray per test session (ray.init costs 5-7 s here)."""
    import ray

    from scout_core.enrich.pool import LOCAL_RESOURCES

    if not ray.is_initialized():
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
                 namespace="scout-tests", resources=LOCAL_RESOURCES)
    yield ray
    ray.shutdown()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    """A store migrated to head, as a URL: a SQLite file, or a private schema in the shared PostgreSQL."""
    base = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with migrated_store(tmp_path, base) as url:
        yield url


@pytest.fixture
def make_store(request, tmp_path):
    """``make_store("sqlite" | "postgres")``: the URL of a new store migrated to head, gone after the test."""
    import itertools
    from contextlib import ExitStack

    made = itertools.count()
    with ExitStack() as stack:
        def make(kind: str) -> str:
            base = request.getfixturevalue("postgres_url") if kind == "postgres" else None
            return stack.enter_context(migrated_store(tmp_path / f"store-{next(made)}", base))

        yield make


@contextmanager
def migrated_store(tmp_path, postgres_url: str | None = None):
    """A URL of a store migrated to head: a SQLite file under ``tmp_path``, or (given the PostgreSQL
    URL) a private schema in the shared PostgreSQL, dropped afterwards."""
    import uuid

    from sqlalchemy import make_url

    from scout_core.store.db import make_engine
    from scout_core.store.migrate import upgrade

    if postgres_url is None:
        url = f"sqlite:///{tmp_path / 'store' / 'scout.db'}"
        upgrade(url)
        yield url
        return
    schema = f"scout_t_{uuid.uuid4().hex}"
    admin = make_engine(postgres_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    upgrade(url)
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
