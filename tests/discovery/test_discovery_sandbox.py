"""Discovery end to end against a generated sandbox world over real HTTP: search, seen-set, refresh, recursion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from scout_core.discovery import Parent, discover_candidates, expand_with_contributors
from scout_core.discovery.bloom import MemoryBloom, bloom_shape
from scout_core.sandbox.server import SandboxServer
from scout_core.sandbox.wiring import point_settings_at
from scout_core.schema import utcnow
from scout_core.sources.github import GithubSource
from scout_core.store import discovery as store_q
from scout_core.store.models import InteractionRow
from tests.discovery.conftest import profile

pytestmark = pytest.mark.anyio
TOPICS = ["AI agents", "RAG"]


@pytest.fixture(scope="module")
def world():
    from scout_core.sandbox.world import generate_world

    return generate_world(7, size=200)


@pytest.fixture(scope="module")
def sandbox_url(world):
    with SandboxServer(world) as server:
        yield server.base_url


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def world_settings(settings, sandbox_url):
    return point_settings_at(settings, sandbox_url)


async def test_discovery_skips_stored_people_and_brings_back_stale_ones(world_settings, repo):
    bloom = MemoryBloom(bloom_shape(10_000, 0.001))
    first = await discover_candidates(world_settings, repo, TOPICS, limit=10, bloom=bloom)
    assert len(first.candidates) == 10 and not first.errors
    assert first.found_per_topic["AI agents"] > 10 and first.already_seen == 0
    assert all(c.discovered_via == "search" and c.topic in TOPICS for c in first.candidates)
    assert first.related_topics and set(first.related_topics) <= set(store_q.known_topics(repo))
    stored = first.candidates[:4]
    now = utcnow()
    for i, cand in enumerate(stored):  # as the pipeline would have stored them; one long ago
        enriched = now - timedelta(days=60 if i == 0 else 1)
        repo.upsert_profile(profile(cand.handle, platform=cand.platform, last_enriched_at=enriched,
                                    enriched_by=cand.platform if cand.platform != "x" else "x_api"))
    second = await discover_candidates(world_settings, repo, TOPICS, limit=200, bloom=bloom)
    keys = {c.key: c for c in second.candidates}
    assert second.already_seen == 3 and not {c.key for c in stored[1:]} & set(keys)
    assert keys[stored[0].key].discovered_via == "refresh" and second.refreshes >= 1
    assert {c.key for c in first.candidates[4:]} <= set(keys)  # passed on but never stored: not lost
    assert second.unconfirmed_hits == 6


async def test_refreshes_take_at_most_their_share_while_new_people_wait(world_settings, repo):
    now = utcnow()
    for i in range(30):
        repo.upsert_profile(profile(f"stale{i}", last_enriched_at=now - timedelta(days=40 + i)))
    result = await discover_candidates(world_settings, repo, TOPICS, limit=10,
                                       bloom=MemoryBloom(bloom_shape(10_000, 0.001)))
    assert result.refreshes == 2  # 20% of the limit
    assert [c.handle for c in result.candidates if c.discovered_via == "refresh"] == ["stale29", "stale28"]


async def test_search_disabled_asks_nothing_and_finds_only_refreshes(world_settings, repo):
    """SCOUT_SEARCH__ENABLED=false: no candidate comes "by search"; stale profiles still come back."""
    repo.upsert_profile(profile("stale0", last_enriched_at=utcnow() - timedelta(days=40)))
    # Pointed at a closed port: had discovery asked the search API anyway, the topics would fail as errors.
    search = world_settings.search.model_copy(update={"enabled": False, "base_url": "http://127.0.0.1:9"})
    off = world_settings.model_copy(update={"search": search})
    result = await discover_candidates(off, repo, TOPICS, limit=10, bloom=MemoryBloom(bloom_shape(10_000, 0.001)))
    assert not result.search_enabled and result.found_per_topic == {} and result.errors == []
    assert [c.discovered_via for c in result.candidates] == ["refresh"]


async def test_recursion_from_a_real_github_profile_reaches_its_contributors(world, world_settings, repo):
    owner = next(p.github for p in world.people if p.github and any(len(r.contributors) > 1 for r in p.github.repos))
    source = GithubSource(world_settings)
    try:
        (gh_profile,) = source.normalize(await source.fetch_profile(owner.login))
    finally:
        await source.aclose()
    profile_id = repo.upsert_profile(gh_profile)
    s = world_settings.model_copy(update={"discovery": world_settings.discovery.model_copy(
        update={"max_repos_per_profile": 50})})
    result = await expand_with_contributors([Parent(gh_profile, 75.0, profile_id=profile_id)], s, repo)
    expected = {login.lower() for r in owner.repos for login in r.contributors} - {owner.login.lower()}
    contributors = {c.handle.lower() for c in result.candidates if c.discovered_via == "contributor"}
    assert contributors and contributors <= expected and not result.errors
    assert result.per_parent == {f"github:{owner.login.lower()}": len(result.candidates)}
    with repo._transaction() as session:
        recorded = session.scalar(select(func.count()).select_from(InteractionRow)
                                  .where(InteractionRow.source_profile_id == profile_id))
    assert recorded == result.edges_recorded >= len(contributors)
