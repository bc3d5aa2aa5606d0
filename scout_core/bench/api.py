"""``scout bench api``: the API's latency and throughput at scale, on a synthetic store.

1. A private store: a fresh schema in the PostgreSQL that ``SCOUT_DATABASE_URL`` names (dropped at the
   end), else a SQLite file in a temporary directory. The user's own tables are never touched.
2. ``fill_store`` writes the builders and their history; ``refresh_analytics`` (full) is timed.
3. ``scout serve`` runs as its own process (with an operator key), and for each endpoint ``clients``
   concurrent clients (asyncio, one process apart from the server) send requests for ``seconds``;
   the builder detail asks for random builders. Latency is measured at the client.

The load generator shares the machine with the server: on 2 cores both compete, so the figures bound
from above what a separate client machine would see.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import make_url

from scout_core.analytics import refresh_analytics
from scout_core.bench.api_store import TOPICS, fill_store
from scout_core.enrich.health import percentile
from scout_core.errors import ScoutError
from scout_core.store.analytics import AnalyticsRepository
from scout_core.store.db import make_engine
from scout_core.store.migrate import upgrade

BENCH_KEY = "bench-" + uuid.uuid4().hex
START_TIMEOUT_S = 120
DETAIL = "/api/v1/builders/{canonical_id}"
ENDPOINTS = [
    "/api/v1/builders", "/api/v1/builders?sort_by=followers_count", "/api/v1/builders?follower_tier=micro&min_score=50",
    "/api/v1/builders?platform=github&sort_by=traction_probability", DETAIL,
    "/api/v1/insights/hidden-gems", "/api/v1/insights/rising-stars", "/api/v1/insights/serial-shippers",
    "/api/v1/insights/cross-platform", "/api/v1/insights/network/influencers",
    "/api/v1/insights/network/communities", "/api/v1/insights/topics/recommended",
    "/api/v1/insights/topics/trending", "/api/v1/insights/sources", "/api/v1/analytics/summary",
    "/api/v1/analytics/trends", "/api/v1/pipeline/health",
]


@dataclass
class Store:
    url: str
    backend: str


@contextmanager
def private_store(database_url: str | None) -> Iterator[Store]:
    """A migrated, empty store of its own: a schema in the given PostgreSQL, else a temporary SQLite file."""
    if database_url and make_url(database_url).get_backend_name() == "postgresql":
        schema = f"scout_bench_{uuid.uuid4().hex[:12]}"
        admin = make_engine(database_url)
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            upgrade(url.render_as_string(hide_password=False))
            yield Store(url.render_as_string(hide_password=False), "postgresql")
        finally:
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()
        return
    folder = Path(tempfile.mkdtemp(prefix="scout-bench-api-"))
    try:
        url = f"sqlite:///{folder / 'bench.db'}"
        upgrade(url)
        yield Store(url, "sqlite")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_api_bench(database_url: str | None, builders: int, seconds: float, clients: int = 16,
                  seed: int = 14, workers: int = 1) -> dict[str, Any]:
    with private_store(database_url) as store:
        engine = make_engine(store.url)
        try:
            started = time.perf_counter()
            rows = fill_store(engine, builders, seed)
            fill_s = time.perf_counter() - started
            started = time.perf_counter()
            report = refresh_analytics(AnalyticsRepository(engine), full=True, seed_topics=TOPICS)
            refresh_s = time.perf_counter() - started
        finally:
            engine.dispose()
        ids = [f"b_bench{n:09d}" for n in random.Random(seed).sample(range(builders), min(builders, 2_000))]
        with api_server(store.url, workers) as url:
            endpoints = {path: drive(url, path, ids, seconds, clients) for path in ENDPOINTS}
    return {"builders": builders, "backend": store.backend, "rows": rows, "fill_seconds": round(fill_s, 2),
            "refresh_seconds": round(refresh_s, 2), "refresh_parts": report.seconds,
            "betweenness_samples": report.betweenness_samples, "graph_nodes": report.graph_nodes,
            "clients": clients, "server_workers": workers, "seconds_per_endpoint": seconds, "endpoints": endpoints}


@contextmanager
def api_server(database_url: str, workers: int = 1) -> Iterator[str]:
    """`scout serve` on a free port over ``database_url``, with a bench operator key; stopped after."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    env.update(SCOUT_DATABASE_URL=database_url, SCOUT_API__KEYS=json.dumps({BENCH_KEY: "operator"}),
               SCOUT_DATA_DIR=tempfile.mkdtemp(prefix="scout-bench-data-"))
    process = subprocess.Popen([sys.executable, "-m", "scout_core.cli", "serve", "--port", str(port),
                                "--workers", str(workers)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_up(process, url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(env["SCOUT_DATA_DIR"], ignore_errors=True)


def _wait_up(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = (process.stderr.read() if process.stderr else b"").decode(errors="replace").strip()
            raise ScoutError(f"the API server exited ({process.returncode}): {error.splitlines()[-1:] or ''}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise ScoutError(f"the API server did not answer within {START_TIMEOUT_S} s")


def drive(url: str, path: str, ids: list[str], seconds: float, clients: int) -> dict[str, Any]:
    """``clients`` concurrent clients on one endpoint for ``seconds``: p50/p95 latency (ms) and requests/s."""
    return asyncio.run(_drive(url, path, ids, seconds, clients))


class _Connection:
    """One keep-alive HTTP/1.1 connection that sends GETs and reads whole answers.

    A bare client on asyncio streams: a general HTTP client costs a millisecond of CPU per request, which
    on this 2-core machine would be taken from the server it measures.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> _Connection:
        host, port = url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        return cls(reader, writer, host)

    async def get(self, target: str) -> int:
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {BENCH_KEY}\r\n"
                          "\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), None)
        if length is None:
            raise ScoutError(f"no Content-Length in the answer to {target}")
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


async def _drive(url: str, path: str, ids: list[str], seconds: float, clients: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    rng = random.Random(path)
    connections = [await _Connection.open(url) for _ in range(clients)]
    await connections[0].get(path.replace("{canonical_id}", ids[0]))  # warm: first-use costs are not the endpoint's
    deadline = time.perf_counter() + seconds

    async def one_client(connection: _Connection) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            target = path.replace("{canonical_id}", rng.choice(ids))
            start = time.perf_counter()
            status = await connection.get(target)
            latencies.append(time.perf_counter() - start)
            errors += status != 200

    began = time.perf_counter()
    try:
        await asyncio.gather(*(one_client(c) for c in connections))
    finally:
        for connection in connections:
            await connection.close()
    elapsed = time.perf_counter() - began
    return {"p50_ms": round((percentile(latencies, 0.50) or 0) * 1000, 2),
            "p95_ms": round((percentile(latencies, 0.95) or 0) * 1000, 2),
            "rps": round(len(latencies) / elapsed, 1), "requests": len(latencies), "errors": errors}
