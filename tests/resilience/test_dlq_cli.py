"""`scout dlq list` and `scout dlq replay --to`, run through the command's own Typer app."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from scout_core.cli.dlq import dlq_app
from scout_core.process import process_outcomes
from scout_core.schema import Candidate, EnrichmentOutcome

WORLD = {"SCOUT_SANDBOX__SEED": "21", "SCOUT_SANDBOX__SIZE": "80"}  # the faulty_sandbox world's people


@pytest.fixture
def env(tmp_path):
    return {"SCOUT_DATA_DIR": str(tmp_path / "data"), "SCOUT_RAY__NAMESPACE": "scout-tests",
            "SCOUT_RAY__API_WORKERS": "1", "SCOUT_RAY__BROWSER_WORKERS": "0", **WORLD}


@pytest.fixture
def filed(env, faulty_sandbox):
    """Two X builders of the world filed as dead letters in the command's store."""
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    world, _, _ = faulty_sandbox
    handles = [p.x.handle for p in world.people if p.x is not None and p.archetype != "noise"][:2]
    settings = Settings(data_dir=env["SCOUT_DATA_DIR"], _env_file=None)
    outcomes = [EnrichmentOutcome(candidate=Candidate(platform="x", handle=h), source="x_api", error_kind="BannedError",
                                  error=f"x_api [{h}]: HTTP 403: suspended") for h in handles]
    process_outcomes(settings, open_repository(settings), outcomes, "run-0")
    return handles


def _invoke(env, *args):
    return CliRunner().invoke(dlq_app, list(args), env=env, catch_exceptions=False)


def test_list_shows_each_letter_as_json_and_as_a_table(env, filed):
    result = _invoke(env, "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["handle"] for r in rows] == filed
    assert {r["error_kind"] for r in rows} == {"BannedError"} and all(r["attempts"] == 1 for r in rows)
    assert all("session" in r["suggested_action"] for r in rows)
    table = _invoke(env, "list")
    assert table.exit_code == 0 and "Dead letters (2, from database)" in table.output
    assert "BannedError" in table.output and f"x:{filed[0].lower()[:8]}" in table.output.replace("\n", "")


@pytest.mark.integration
def test_replay_to_a_tier_stores_them_and_empties_the_list(env, filed, local_ray):
    result = _invoke(env, "replay", "--to", "x_api", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert (report["selected"], report["replayed"], report["by_source"]) == (2, 2, {"x_api": 2})
    assert json.loads(_invoke(env, "list", "--json").output) == []
    everything = json.loads(_invoke(env, "list", "--json", "--all").output)
    assert all(r["replayed_at"] for r in everything)


def test_replay_to_an_impossible_tier_is_one_line(env, filed):
    result = CliRunner().invoke(dlq_app, ["replay", "--to", "search"], env=env)
    assert result.exit_code == 2
    assert "not an enrichment tier" in result.output and "Traceback" not in result.output
