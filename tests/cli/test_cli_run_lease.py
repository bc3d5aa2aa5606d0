"""`scout run` while another run holds the lease: --no-wait refuses in one line; otherwise it waits, saying for whom."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def scout(*args: str, env: dict) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    full_env.update(env)
    return subprocess.run([sys.executable, "-m", "scout_core.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=120)


@pytest.fixture
def held(tmp_path):
    """A data dir whose store's lease a live run holds (for ten minutes)."""
    from scout_core.lease import LEASE_NAME
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    repo = open_repository(settings)
    repo.start_run("run-other", {})
    repo.take_lease(LEASE_NAME, "run-other", ttl_s=600)
    return {"SCOUT_DATA_DIR": str(settings.data_dir)}, repo


def test_no_wait_refuses_in_one_line_naming_the_running_run(held):
    env, repo = held
    proc = scout("run", "--limit", "3", "--no-wait", env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "run-other" in proc.stderr and "in progress" in proc.stderr
    assert repo.get_run("run-other").status == "running"  # a live run is not marked crashed
    assert [r.run_id for r in repo.recent_runs()] == ["run-other"]  # and no second run was started


def test_a_waiting_run_says_for_whom_and_gives_up_after_the_setting(held):
    env, _ = held
    proc = scout("run", "--limit", "3", env={**env, "SCOUT_LEASE__WAIT_S": "1"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert "waiting for run-other" in lines[0] and "--no-wait" in lines[0]
    assert "after waiting 1 s" in lines[-1]
