"""The scheduled replay flow on Prefect's test harness, local Ray and the sandbox."""

from __future__ import annotations

import pytest

from scout_core.process import process_outcomes
from scout_core.schema import Candidate, EnrichmentOutcome

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_replay_flow_replays_through_the_forced_tier(prefect_harness, local_ray, tmp_path, monkeypatch):
    from flows.dlq_replay import dlq_replay
    from scout_core.runtime import open_repository
    from scout_core.sandbox.world import generate_world
    from scout_core.settings import Settings

    env = {"SCOUT_DATA_DIR": str(tmp_path / "data"), "SCOUT_SANDBOX__SEED": "21", "SCOUT_SANDBOX__SIZE": "80",
           "SCOUT_RAY__NAMESPACE": "scout-tests", "SCOUT_RAY__API_WORKERS": "1", "SCOUT_RAY__BROWSER_WORKERS": "0"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    world = generate_world(seed=21, size=80)
    handles = [p.x.handle for p in world.people if p.x is not None and p.archetype != "noise"][3:6]
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)
    repo = open_repository(settings)
    failed = [EnrichmentOutcome(candidate=Candidate(platform="x", handle=h), source="x_web", error="login wall",
                                error_kind="LoginWallError") for h in handles]
    process_outcomes(settings, repo, failed, "run-0")

    result = dlq_replay(limit=10, to="x_api")

    assert (result["selected"], result["replayed"], result["still_failing"]) == (3, 3, 0)
    assert result["by_source"] == {"x_api": 3}
    assert repo.list_dead_letters() == []
    assert repo.get_run(result["run_id"]).status == "completed"
