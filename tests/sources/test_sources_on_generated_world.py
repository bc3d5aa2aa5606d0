"""Every API adapter end to end on a generated sandbox world (200 people): fetch, keep, normalize."""

from __future__ import annotations

import pytest

from scout_core.errors import NotFoundError
from scout_core.lake import LocalRawLake
from scout_core.sandbox.wiring import point_settings_at
from scout_core.sources.github import GithubSource
from scout_core.sources.search import SearchSource
from scout_core.sources.x_api import XApiSource

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def generated():
    world_module = pytest.importorskip("scout_core.sandbox.world")
    return world_module.generate_world(7, size=200)


@pytest.fixture(scope="module")
def generated_url(generated, request):
    build_app, serve = request.getfixturevalue("app_builders")
    with serve(build_app(generated)) as url:
        yield url


async def test_x_api_batch_over_generated_people(generated, generated_url, settings, tmp_path):
    settings = point_settings_at(settings, generated_url)
    handles = [p.x.handle for p in generated.people if p.x][:40]
    renamed = [h for p in generated.people if p.x for h in p.x.previous_handles][:3]
    source = XApiSource(settings)
    try:
        results = await source.fetch_many(handles + renamed)
    finally:
        await source.aclose()
    lake = LocalRawLake(tmp_path)
    for handle in handles:
        raw = results[handle]
        (profile,) = source.normalize(lake.get(lake.put(raw)))
        account = generated.x_by_handle[handle.lower()]
        assert profile.source_id == account.user_id and profile.handle == account.handle
        assert profile.website == account.website
        assert len(profile.recent_posts) == min(20, len(account.posts))
    for old in renamed:
        assert isinstance(results[old], NotFoundError)


async def test_github_and_search_over_generated_people(generated, generated_url, settings):
    settings = point_settings_at(settings, generated_url)
    logins = [p.github.login for p in generated.people if p.github][:10]
    github, search = GithubSource(settings), SearchSource(settings)
    try:
        profiles = [github.normalize(await github.fetch_profile(login))[0] for login in logins]
        candidates = await search.discover(generated.topics[0])
    finally:
        await github.aclose()
        await search.aclose()
    assert [p.handle.lower() for p in profiles] == [login.lower() for login in logins]
    for profile, login in zip(profiles, logins, strict=True):
        account = generated.github_by_login[login.lower()]
        assert profile.followers_count == account.followers and profile.content_count == len(account.repos)
        if account.twitter_username:
            assert profile.linked_profiles[0].handle == account.twitter_username
    assert len(candidates) >= 5 and len({c.key for c in candidates}) == len(candidates)
