"""`scout bench api` in its short form: a private store filled, analytics refreshed, every endpoint driven."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import POSTGRES_URL


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_bench_api_short_form(backend, tmp_path, request):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    env["SCOUT_DATA_DIR"] = str(tmp_path)
    if backend == "postgres":
        env["SCOUT_DATABASE_URL"] = request.getfixturevalue("postgres_url") or POSTGRES_URL
    done = subprocess.run([sys.executable, "-m", "scout_core.cli", "bench", "api", "--builders", "300",
                           "--seconds", "0.5", "--clients", "4", "--json"], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["builders"] == 300 and report["backend"] == ("postgresql" if backend == "postgres" else "sqlite")
    assert report["refresh_seconds"] > 0 and report["rows"]["profiles"] == 400
    assert len(report["endpoints"]) == 17
    for path, row in report["endpoints"].items():
        assert row["errors"] == 0 and row["requests"] > 0 and row["p95_ms"] >= row["p50_ms"] > 0, path
