"""Replaying dead letters through the pool (local Ray, the faulty sandbox), and refusing impossible tiers."""

from __future__ import annotations

import pytest

from scout_core.deadletters import check_target, open_dead_letters, replay_dead_letters
from scout_core.errors import ConfigurationError, InputError
from scout_core.process import process_outcomes
from scout_core.schema import Candidate, EnrichmentOutcome


def _file_failures(settings, repo, handles):
    outcomes = [EnrichmentOutcome(candidate=Candidate(platform="x", handle=h), source="x_web",
                                  error="x_web: login wall", error_kind="LoginWallError") for h in handles]
    process_outcomes(settings, repo, outcomes, "run-failed")


@pytest.fixture
def replay_settings(sandbox_settings):
    ray = sandbox_settings.ray.model_copy(update={"namespace": "scout-tests", "api_workers": 1, "browser_workers": 0})
    return sandbox_settings.model_copy(update={"ray": ray})


@pytest.fixture
def repo(replay_settings):
    from scout_core.runtime import open_repository

    return open_repository(replay_settings)


@pytest.fixture
def handles(faulty_sandbox):
    world, _, _ = faulty_sandbox
    return [p.x.handle for p in world.people if p.x is not None and p.archetype != "noise"][:3]


@pytest.mark.integration
def test_replay_to_a_tier_stores_the_letters_and_marks_them(local_ray, replay_settings, repo, handles, faults):
    from scout_core.enrich.pool import release_shared_pool

    _file_failures(replay_settings, repo, handles)
    faults.set("x_api", outage="connection")
    try:
        failing = replay_dead_letters(replay_settings, repo, "run-r1", to="x_api")
        faults.clear()
        report = replay_dead_letters(replay_settings, repo, "run-r2", to="x_api", limit=2)
        rest = replay_dead_letters(replay_settings, repo, "run-r3", to="x_api")
    finally:
        release_shared_pool()
    assert (failing.selected, failing.replayed, failing.still_failing) == (3, 0, 3)
    assert (report.selected, report.replayed, report.by_source) == (2, 2, {"x_api": 2})
    assert (rest.selected, rest.replayed) == (1, 1)
    assert open_dead_letters(replay_settings, repo).list() == []
    replayed = repo.list_dead_letters(include_replayed=True)
    assert {d.attempts for d in replayed} == {2}  # the failed replay counted one more attempt
    assert all(repo.get_profile("x", h) is not None for h in handles)


def test_a_tier_that_does_not_enrich_anything_is_refused(replay_settings):
    with pytest.raises(InputError, match="not an enrichment tier"):
        check_target(replay_settings, "search")


def test_a_browser_tier_without_browser_workers_is_refused(replay_settings):
    with pytest.raises(ConfigurationError, match="BROWSER_WORKERS"):
        check_target(replay_settings, "x_web")


def test_a_tier_for_another_platform_is_refused_naming_both(replay_settings, repo, handles):
    _file_failures(replay_settings, repo, handles)
    with pytest.raises(InputError, match="enriches github profiles.*pending dead letters are on x"):
        replay_dead_letters(replay_settings, repo, "run-r", to="github")
    assert len(repo.list_dead_letters()) == 3  # nothing was touched
