"""The store-backed resolver on SQLite and PostgreSQL: the same answers as in memory, persisted."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from scout_core.bench.identity import sandbox_profiles
from scout_core.identity import IdentityResolver, assign_canonical_id
from scout_core.identity.store_backend import StoreResolver
from scout_core.sandbox.world import generate_world
from scout_core.store.models import IdentityMergeRow, Profile
from scout_core.store.repository import Repository
from tests.identity.conftest import person


def _partition(assigned: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for key, cid in assigned.items():
        groups.setdefault(cid, set()).add(key)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def small_world_profiles():
    profiles = sandbox_profiles(generate_world(seed=3, size=150))
    random.Random(3).shuffle(profiles)
    return profiles


def test_store_resolver_equals_the_in_memory_batch(identity_engine, small_world_profiles):
    memory = IdentityResolver()
    batch = {r.node_key: r.canonical_id for r in memory.resolve_all(small_world_profiles)}
    batch = {key: memory.canonical_id(key) for key in batch}
    store = StoreResolver(identity_engine)
    stored = {store.resolve(p).node_key: None for p in small_world_profiles}  # one transaction per profile
    stored = {key: store.canonical_id(key) for key in stored}
    assert _partition(stored) == _partition(batch)
    assert stored == batch  # same order seen, so the same canonical ids too
    assert any(len(group) > 1 for group in _partition(batch))


def test_incremental_in_chunks_equals_one_pass(small_world_profiles):
    one_pass = IdentityResolver()
    for profile in small_world_profiles:
        one_pass.resolve(profile)
    chunked = IdentityResolver()
    for start in range(0, len(small_world_profiles), 40):
        chunked.resolve_all(small_world_profiles[start:start + 40])
    keys = list(one_pass.backend.nodes)  # type: ignore[attr-defined]
    assert {k: chunked.canonical_id(k) for k in keys} == {k: one_pass.canonical_id(k) for k in keys}


def test_merges_are_persisted_with_reasons_and_profiles_follow(identity_engine):
    repo = Repository(identity_engine)
    gh = person("github", "ada-l", "11", "Ada Lovelace", links=[("x", "ada_ai")])
    assign_canonical_id(gh, repo)
    repo.upsert_profile(gh)
    x = person("x", "ada_ai", "900", "Ada Lovelace")
    cid, reason = assign_canonical_id(x, repo)
    repo.upsert_profile(x)
    assert cid == gh.canonical_id and "level 3" in reason
    with identity_engine.connect() as conn:
        stored = set(conn.execute(select(Profile.canonical_id)).scalars())
        merge = conn.execute(select(IdentityMergeRow)).one()
    assert stored == {cid}
    assert merge.level == 3 and merge.active and merge.confidence >= 0.9 and "declares x:@ada_ai" in merge.evidence


def test_store_split_sticks_and_relabels_the_stored_profile(identity_engine):
    repo = Repository(identity_engine)
    profiles = [person("x", "lee_ai", "1", "Lee Chen"),
                person("github", "leechen", "2", "Lee Chen", links=[("x", "lee_ai")])]
    for profile in profiles:
        assign_canonical_id(profile, repo)
        repo.upsert_profile(profile)
    store = StoreResolver(identity_engine)
    after = store.split("x:1", "github:2")
    assert after["x:1"] != after["github:2"]
    again = person("github", "leechen", "2", "Lee Chen", links=[("x", "lee_ai")])
    cid, _ = assign_canonical_id(again, repo)
    assert cid == after["github:2"]
    with identity_engine.connect() as conn:
        rows = dict(conn.execute(select(Profile.source_platform, Profile.canonical_id)).all())
        retired = conn.execute(select(IdentityMergeRow.retired_reason)).scalars().all()
    assert rows == {"x": after["x:1"], "github": after["github:2"]}
    assert retired == ["split by operator"]
    assert [m.active for m in store.merges("x:1")] == [False]


def test_store_company_site_retraction(identity_engine):
    store = StoreResolver(identity_engine)
    store.resolve(person("x", "janedoe_ai", "1", "Jane Doe", website="https://acmeloop.ai"))
    joined = store.resolve(person("github", "jd-acme", "2", "Jane Doe", website="acmeloop.ai"))
    assert joined.reasons and joined.reasons[0]["kind"] == "site"
    store.resolve(person("github", "bsmith", "3", "Bob Smith", website="https://acmeloop.ai"))
    assert store.canonical_id("x:1") != store.canonical_id("github:2")


def test_partition_does_not_depend_on_the_order_profiles_arrive(small_world_profiles):
    partitions = []
    for seed in (1, 2):
        shuffled = list(small_world_profiles)
        random.Random(seed).shuffle(shuffled)
        resolver = IdentityResolver()
        keys = [resolver.resolve(p).node_key for p in shuffled]
        partitions.append(_partition({key: resolver.canonical_id(key) for key in keys}))
    assert partitions[0] == partitions[1]


def test_a_redacted_profile_is_never_stored_as_a_builder(identity_engine):
    from scout_core.errors import InputError

    repo = Repository(identity_engine)
    redacted = person("producthunt", "REDACTED", "0", "[REDACTED]")
    with pytest.raises(InputError, match="redacted"):
        assign_canonical_id(redacted, repo)
    assert redacted.canonical_id is None
    with identity_engine.connect() as conn:
        assert conn.execute(select(Profile.id)).first() is None
