"""`scout bench enrich`, short form on the sandbox's quiet setting: figures that would catch a regression."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from scout_core.cli.bench_enrich import bench_enrich

pytestmark = [pytest.mark.integration]


@pytest.fixture(scope="module")
def figures(local_ray, tmp_path_factory):
    """Two windows of 4 s, no injected errors: every leg, and the shared run."""
    import os

    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("bench"))  # the bench writes nothing outside its temp dir; no .env here
    try:
        app = typer.Typer()
        app.command()(bench_enrich)
        result = CliRunner().invoke(app, ["--json", "--windows", "2", "--error-rate", "0", "--api-workers", "1"])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def test_on_the_quiet_setting_scout_loses_nothing_and_is_never_told_429(figures):
    assert figures["profiles"] == 200 and figures["success_rate"] >= 0.99
    assert figures["answered_429"] == 0 and figures["partial"] == 0
    assert figures["windows_spanned"] >= 2
    assert figures["bound_profiles_per_min"] == pytest.approx(1500 / 15 / 4 * 60)  # X's quotas ÷ 15, 4 s windows


def test_scout_keeps_up_with_the_asyncio_peer_and_beats_the_old_loops(figures):
    peers = figures["peers"]
    assert figures["ratio_to_asyncio"] >= 0.9
    assert peers["asyncio"]["settings"]["users_per_lookup"] == figures["settings"]["users_per_lookup"] == 10
    assert figures["profiles_per_min"] > 1.5 * peers["sequential"]["profiles_per_min"]
    assert figures["profiles_per_min"] > 20 * peers["predecessor"]["profiles_per_min"]
    assert figures["budget"]["cap_usd"] == 50.0  # as configured: the bench never lifts a cap
    assert figures["budget"]["projected_binds_at_profile"] < 1000  # $50 at ~$0.085 a profile


def test_with_a_neighbour_on_the_same_app_scout_spends_what_is_left_without_being_refused(figures):
    shared = figures["shared"]["scout"]
    assert shared["success_rate"] >= 0.99 and shared["partial"] <= 0.1 * shared["profiles"]
    # the service's count rules; the few 429s are in the first window, before the neighbour's pace is known
    assert shared["rate_limited_share"] <= 0.1
    assert figures["shared"]["neighbours"]["scout"]["rate_limited_share"] <= 0.05  # nor for the neighbour


def test_bench_enrich_rejects_bad_options_in_one_line():
    app = typer.Typer()
    app.command()(bench_enrich)
    result = CliRunner().invoke(app, ["--windows", "-3"])
    assert result.exit_code == 2 and "Traceback" not in result.output
