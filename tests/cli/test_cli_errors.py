"""User mistakes end with one line naming the problem and a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest


def scout(*args: str, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    import os

    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "scout_core.cli", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=120)


def _one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc.stderr + proc.stdout


def test_negative_limit_is_refused(tmp_path):
    out = _one_line_error(scout("run", "--limit", "-1", env={"SCOUT_DATA_DIR": str(tmp_path)}))
    assert "--limit" in out


def test_unknown_export_format_is_refused(tmp_path):
    out = _one_line_error(scout("export", "--format", "xml", env={"SCOUT_DATA_DIR": str(tmp_path)}))
    assert "xml" in out and "json" in out


def test_unknown_run_format_is_refused_before_any_work(tmp_path):
    out = _one_line_error(scout("run", "--format", "xml", env={"SCOUT_DATA_DIR": str(tmp_path)}))
    assert "xml" in out
    assert not (tmp_path / "scout.db").exists()


def test_unreachable_database_is_one_line(tmp_path):
    env = {"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_DATABASE_URL": "postgresql+psycopg2://postgres@127.0.0.1:1/none"}
    out = _one_line_error(scout("run", "--limit", "3", env=env))
    assert "cannot reach database" in out
    assert "127.0.0.1:1" in out


def test_bad_setting_names_the_variable(tmp_path):
    env = {"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_PIPELINE__LIMIT": "lots"}
    out = _one_line_error(scout("export", env=env))
    assert "SCOUT_PIPELINE__LIMIT" in out


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["sandbox", "--help"], ["db", "--help"]])
def test_help_works(args):
    proc = scout(*args)
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout
