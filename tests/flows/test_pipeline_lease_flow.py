"""The pipeline flow holds the run lease: it marks a dead run crashed, gives the lease back when it ends,
and a failing run is marked failed with its lease released (no run stays `running` forever)."""

from __future__ import annotations

from datetime import timedelta

import pytest


@pytest.fixture
def data_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCOUT_RAY__NAMESPACE", "scout-tests")
    monkeypatch.setenv("SCOUT_PIPELINE__BATCH_SIZE", "4")
    monkeypatch.delenv("SCOUT_REDIS_URL", raising=False)
    from scout_core.settings import Settings

    return Settings()


def _dead_run(repo) -> None:
    from scout_core.lease import LEASE_NAME
    from scout_core.schema import utcnow

    repo.start_run("run-dead", {})
    repo.take_lease(LEASE_NAME, "run-dead", ttl_s=60, now=utcnow() - timedelta(minutes=5))  # then it was killed


@pytest.mark.integration
@pytest.mark.browser
@pytest.mark.slow
def test_a_run_after_a_killed_one_marks_it_crashed_and_releases_its_own_lease(prefect_harness, local_ray,
                                                                               data_env):
    from flows.pipeline import pipeline
    from scout_core.lease import LEASE_NAME
    from scout_core.runtime import open_repository

    repo = open_repository(data_env)
    _dead_run(repo)
    result = pipeline(limit=4, world_seed=5, world_size=200, wait=False)
    assert repo.get_run("run-dead").status == "crashed"
    assert repo.get_run(result["run_id"]).status == "completed"
    assert repo.current_lease(LEASE_NAME) is None


def test_a_failing_run_is_marked_failed_and_its_lease_released(prefect_harness, data_env, monkeypatch):
    from prefect import task

    import flows.pipeline
    from scout_core.lease import LEASE_NAME
    from scout_core.runtime import open_repository

    @task(name="discover-candidates")
    def broken(ctx, limit, topics):
        raise RuntimeError("search index on fire")

    monkeypatch.setenv("SCOUT_SANDBOX__SIZE", "50")
    monkeypatch.setattr(flows.pipeline, "discover_task", broken)
    repo = open_repository(data_env)
    with pytest.raises(RuntimeError, match="on fire"):
        flows.pipeline.pipeline(limit=4)
    [run] = repo.recent_runs()
    assert run.status == "failed" and "on fire" in run.stats["error"]
    assert repo.current_lease(LEASE_NAME) is None
