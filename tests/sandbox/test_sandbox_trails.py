"""Trails between a person's accounts: every further account reaches the main one unless it is silent."""

from __future__ import annotations

import pytest

from scout_core.bench.identity import evidence_ceiling, sandbox_profiles, true_owners
from scout_core.errors import InputError
from scout_core.sandbox.world import generate_world
from scout_core.sandbox.world_accounts import launch_url


def ceiling(world) -> dict:
    return evidence_ceiling(sandbox_profiles(world), true_owners(world))


def test_without_silent_accounts_evidence_joins_every_person():
    world = generate_world(seed=3, size=1500, silent_share=0.0)
    assert ceiling(world)["not_fully_linked_by_any_evidence"] == 0


def test_silent_accounts_are_the_ones_nothing_links():
    quiet = ceiling(generate_world(seed=3, size=1500, silent_share=1.0))["not_fully_linked_by_any_evidence"]
    some = ceiling(generate_world(seed=3, size=1500, silent_share=0.2))["not_fully_linked_by_any_evidence"]
    assert 0 < some < quiet


def test_trails_change_link_fields_only():
    trailed, untrailed = generate_world(seed=3, size=1500), generate_world(seed=3, size=1500, silent_share=1.0)
    changed = 0
    for a, b in zip(trailed.people, untrailed.people, strict=True):
        accounts = [(x, y) for x, y in ((a.x_alt, b.x_alt), (a.github, b.github), (a.huggingface, b.huggingface),
                                        (a.producthunt, b.producthunt)) if x != y]
        changed += len(accounts)
        assert a.x == b.x and a.name == b.name
        for x, y in accounts:
            kept = {k: v for k, v in vars(x).items() if k not in ("bio", "details", "twitter_username", "website_url")}
            assert kept == {k: v for k, v in vars(y).items() if k in kept}
    assert changed > 50


def test_silent_share_must_be_a_probability():
    with pytest.raises(InputError, match="silent account share"):
        generate_world(seed=1, size=10, silent_share=1.5)


def test_launch_slugs_are_unique():
    world = generate_world(seed=7, size=6000)
    slugs = [launch_url(name) for p in world.people if p.producthunt for name in p.producthunt.launches]
    assert len(slugs) > 500 and len(set(slugs)) == len(slugs)
