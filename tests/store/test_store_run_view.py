"""The end of a run shows this run's builders (one row per person), and profiles apart from builders."""

from __future__ import annotations

from datetime import timedelta

from scout_core.summary import run_view, top_builders
from tests.store.conftest import T0, make_classification, make_profile, make_scorecard


def _store(repo, handle, source_id, canonical, score, at, platform="x"):
    profile = make_profile(handle, source_id, platform=platform, canonical_id=canonical, last_enriched_at=at)
    repo.save_builder(profile, make_scorecard(score) if score is not None else None,
                      make_classification() if score is not None else None)


def test_a_run_lists_its_own_builders_one_per_person(repo):
    earlier, run_start = T0, T0 + timedelta(days=1)
    _store(repo, "old_star", "1", "b_old", 95.0, earlier)  # a previous run's best: not this run's
    _store(repo, "ada_ai", "2", "b_ada", 80.0, run_start + timedelta(minutes=1))
    _store(repo, "ada", "3", "b_ada", 70.0, run_start + timedelta(minutes=2), platform="github")  # same person
    _store(repo, "bob_ai", "4", "b_bob", 60.0, run_start + timedelta(minutes=3))
    _store(repo, "filtered", "5", "b_filtered", None, run_start + timedelta(minutes=4))  # stored, not scored

    assert [b["handle"] for b in top_builders(repo)] == ["old_star", "ada_ai", "bob_ai"]
    view = run_view(repo, run_start)
    assert [b["handle"] for b in view["top"]] == ["ada_ai", "bob_ai"]
    assert view["builders_this_run"] == 2  # 4 profiles stored this run: ada twice, bob, one filtered out
    assert view["store_profiles"] == 5 and view["store_builders"] == 3
