"""A run killed mid-batch: the next pipeline run finishes the batch it left in the work queue first."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.slow]


def test_the_next_run_enriches_and_stores_what_a_killed_run_left_in_flight(prefect_harness, local_ray, tmp_path,
                                                                           monkeypatch):
    from flows.pipeline import pipeline
    from scout_core.queue.journal import open_journal
    from scout_core.runtime import open_repository
    from scout_core.sandbox.world import generate_world
    from scout_core.schema import Candidate
    from scout_core.settings import Settings

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCOUT_RAY__NAMESPACE", "scout-tests")
    monkeypatch.setenv("SCOUT_PIPELINE__BATCH_SIZE", "4")
    monkeypatch.delenv("SCOUT_REDIS_URL", raising=False)
    settings = Settings()
    repo = open_repository(settings)  # the journal lives in the store's database
    people = [p.github.login for p in generate_world(seed=5, size=200).people if p.github][-3:]
    left = [Candidate(platform="github", handle=login, discovered_via="contributor", priority=0.01)
            for login in people]
    open_journal(repo.engine).begin(left)  # the killed run was enriching these and never acked

    result = pipeline(limit=8, world_seed=5, world_size=200)

    assert result["resumed"] == 3
    assert result["candidates"] == 8  # the resumed count against the limit
    assert all(repo.get_profile("github", login) is not None for login in people)
    queue = open_journal(repo.engine).queue
    assert (queue.pending(), queue.backlog()) == (0, 0)
