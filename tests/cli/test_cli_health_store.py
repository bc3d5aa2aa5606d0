"""`scout health` without Redis: the last run's stored figures, not an empty "this process only" view."""

from __future__ import annotations

import json
import os

import pytest

from scout_core.cli import app, common
from scout_core.cli.common import run_app

GITHUB = {"node": "github", "calls": 40, "success_rate": 0.95, "p50_s": 0.21, "p95_s": 0.8,
          "requests_per_min": 12.5, "errors": {"SourceUnavailableError": 2}, "breaker": "closed", "spent_usd": 0.0}


@pytest.fixture
def stored_run(tmp_path, monkeypatch):
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    for name in [n for n in os.environ if n.startswith("SCOUT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    repo = open_repository(Settings(data_dir=tmp_path / "data", _env_file=None))
    repo.start_run("run-old", {})
    repo.finish_run("run-old", "completed", {"health": {"github": {**GITHUB, "calls": 1}}})
    repo.start_run("run-new", {})
    repo.finish_run("run-new", "completed", {"health": {"github": GITHUB, "search": {"calls": 8}}})
    repo.start_run("run-replay-without-figures", {})
    repo.finish_run("run-replay-without-figures", "completed", {})
    return repo


def test_json_shows_the_latest_runs_figures(stored_run, capsys):
    assert run_app(app, ["health", "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["github"]["calls"] == 40 and report["github"]["requests_per_min"] == 12.5
    assert report["search"]["calls"] == 8 and report["x_api"]["calls"] == 0
    assert "run run-new" in report["github"]["view"] and err == ""


def test_the_table_fits_80_columns_without_cutting_its_headers(stored_run, capsys, monkeypatch):
    monkeypatch.setattr(common.console, "width", 80)
    assert run_app(app, ["health"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    header = next(line for line in out.splitlines() if line.strip().startswith("node"))
    assert header.split() == ["node", "calls", "ok", "p50", "s", "p95", "s", "req/min", "breaker", "spent", "$",
                              "errors"]
    assert "run-new" in out and "95%" in out and "12.5" in out


def test_without_any_run_it_says_so(tmp_path, monkeypatch, capsys):
    for name in [n for n in os.environ if n.startswith("SCOUT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert run_app(app, ["health", "--json"]) == 0
    assert "no run has recorded its figures yet" in json.loads(capsys.readouterr().out)["github"]["view"]
