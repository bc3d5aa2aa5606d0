"""The identity bench: profiles built the way the adapters build them, the ceiling, decoy posts."""

from __future__ import annotations

import pytest

from scout_core.bench.identity import add_decoy_posts, run_identity_bench, sandbox_profiles
from scout_core.sandbox.world import generate_world


@pytest.fixture(scope="module")
def world_profiles():
    return sandbox_profiles(generate_world(seed=5, size=400))


def test_profiles_carry_posts_repos_models_and_launches_as_the_adapters_give_them(world_profiles):
    by_platform: dict[str, list] = {}
    for profile in world_profiles:
        by_platform.setdefault(profile.source_platform, []).append(profile)
    x_links = [x for p in by_platform["x"] for x in p.extracted_links if x.found_in == "post"]
    assert any(p.recent_posts for p in by_platform["x"])
    assert {x.kind for x in x_links} >= {"repo", "other"}  # launches are not profiles: kind "other"
    assert any(x.kind == "repo" for p in by_platform["github"] for x in p.extracted_links)
    assert any(x.kind == "launch" for p in by_platform["producthunt"] for x in p.extracted_links)


def test_decoy_posts_link_other_peoples_work():
    world = generate_world(seed=5, size=300)
    added = add_decoy_posts(world, 0.5, seed=5)
    assert 100 < added < 200
    decoys = [post for person in world.people if person.x for post in person.x.posts if post.post_id[0] == "9"
              and len(post.post_id) == 19]
    assert len(decoys) == added and all(len(post.urls) == 1 for post in decoys)


def test_bench_with_decoys_keeps_precision_and_posts_raise_the_ceiling():
    # The world without added trails (silent_share=1.0): posts are what links many accounts there.
    report = run_identity_bench(size=1500, seed=11, decoys=0.3, silent_share=1.0)
    ceiling = report["evidence_ceiling"]
    assert report["decoy_posts"] > 300
    assert report["precision"] >= 0.995
    assert ceiling["best_residual_duplicate_rate"] < ceiling["profile_fields_only"]["best_residual_duplicate_rate"]
    assert report["residual_duplicate_rate"] >= ceiling["best_residual_duplicate_rate"]
    assert report["residual_duplicate_rate"] < ceiling["profile_fields_only"]["best_residual_duplicate_rate"]


def test_the_resolver_reaches_the_evidence_ceiling_within_a_point_when_accounts_leave_trails():
    report = run_identity_bench(size=1500, seed=11, silent_share=0.05)
    ceiling = report["evidence_ceiling"]["best_residual_duplicate_rate"]
    assert report["silent_account_share"] == 0.05 and report["precision"] >= 0.995
    assert ceiling <= report["residual_duplicate_rate"] <= ceiling + 0.01
    assert report["residual_duplicate_rate"] < report["baseline"]["residual_duplicate_rate"] / 10
