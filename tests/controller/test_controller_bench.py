"""`scout bench enrich` on a small run: every figure is there, and the last line is one JSON object."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from scout_core.cli.bench_enrich import bench_enrich

pytestmark = [pytest.mark.integration]

KEYS = {"profiles_per_min", "bound_profiles_per_min", "ratio_to_bound", "rate_limited_share", "success_rate",
        "cost_per_profile", "baselines"}


def test_bench_enrich_reports_every_figure_as_json(local_ray, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the bench writes nothing outside its temp dir; cwd holds no .env
    app = typer.Typer()
    app.command()(bench_enrich)
    result = CliRunner().invoke(app, ["--json", "--profiles", "30", "--window-s", "15", "--baseline-s", "2",
                                      "--api-workers", "1"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert KEYS <= set(figures)
    assert figures["profiles"] == 30
    assert set(figures["baselines"]) == {"sequential", "asyncio"}
    assert all("profiles_per_min" in b for b in figures["baselines"].values())
    assert figures["bound_profiles_per_min"] == pytest.approx(1500 / 15 * 60)
    assert 0 <= figures["rate_limited_share"] <= 1 and 0 <= figures["success_rate"] <= 1
    assert not list(tmp_path.iterdir())


def test_bench_enrich_rejects_bad_options_in_one_line():
    app = typer.Typer()
    app.command()(bench_enrich)
    result = CliRunner().invoke(app, ["--profiles", "-3"])
    assert result.exit_code == 2 and "Traceback" not in result.output
