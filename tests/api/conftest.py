"""A real `scout serve` process (uvicorn on a free port) over a filled store, on SQLite and on PostgreSQL.

One server per backend per module: starting one costs seconds here. Keys: one read, one operator.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from scout_core.analytics import refresh_analytics
from scout_core.store.analytics import AnalyticsRepository
from scout_core.store.db import make_engine
from scout_core.store.migrate import upgrade
from tests.analytics.builders_fixture import SEED_TOPICS, Filled, fill

READ_KEY = "read-" + "r" * 27
OPERATOR_KEY = "oper-" + "o" * 27
START_TIMEOUT_S = 240  # a loaded CI box can take minutes to import and start


@dataclass
class Server:
    url: str
    database_url: str
    known: Filled
    log: Path
    process: subprocess.Popen[bytes]

    def client(self, key: str | None = READ_KEY) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database_url: str, data_dir: Path, env_extra: dict[str, str] | None = None,
                 args: tuple[str, ...] = ()) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    env.update(SCOUT_DATABASE_URL=database_url, SCOUT_DATA_DIR=str(data_dir), **(env_extra or {}))
    log = data_dir / f"server-{port}.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([sys.executable, "-m", "scout_core.cli", "serve", "--port", str(port), *args],
                               env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}", log


def wait_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer within {START_TIMEOUT_S} s: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for the module: a SQLite file, or a private schema in PostgreSQL's `test`."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'scout.db'}"
        upgrade(url)
        yield url
        return
    base = request.getfixturevalue("postgres_url")
    schema = f"scout_api_{uuid.uuid4().hex}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    engine = make_engine(database_url)
    known = fill(engine)
    refresh_analytics(AnalyticsRepository(engine), now=known.now, seed_topics=SEED_TOPICS)
    engine.dispose()
    keys = json.dumps({READ_KEY: "read", OPERATOR_KEY: "operator"})
    process, url, log = start_server(database_url, tmp_path_factory.mktemp("data"), {"SCOUT_API__KEYS": keys})
    try:
        wait_up(process, url, log)
        yield Server(url, database_url, known, log, process)
    finally:
        stop(process)
