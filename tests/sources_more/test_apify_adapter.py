"""Apify adapter (apify-client) against the sandbox's Apify routes over real HTTP."""

from __future__ import annotations

import gzip
import json
import socket

import httpx
import pytest
from pydantic import SecretStr

from scout_core.errors import ConfigurationError, InvalidHandleError, NotFoundError, SourceUnavailableError
from scout_core.sandbox.apify_render import bio_moved_to_profile_bio, view_count_as_string
from scout_core.sandbox.wiring import SANDBOX_TOKEN
from scout_core.schema import EnrichmentQuality
from scout_core.sources.apify import ApifySource

pytestmark = pytest.mark.anyio


def _quirky_account(world):
    """An account with every quirk at once: id above 2**53, bio only in profile_bio, a string viewCount."""
    for person in world.people:
        x = person.x
        if (x and x.website and x.bio and int(x.user_id) > 2**53 and bio_moved_to_profile_bio(x)
                and any(view_count_as_string(p) for p in x.posts[:20])):
            return x
    raise AssertionError("the generated world has no account with every quirk")


def _apify(settings, **update):
    return settings.model_copy(update={"apify": settings.apify.model_copy(update=update)})


async def test_fetch_profile_reads_the_run_dataset_with_its_quirks(sandbox_settings, world):
    account = _quirky_account(world)
    source = ApifySource(sandbox_settings)
    try:
        raw = await source.fetch_profile("@" + account.handle.upper())
    finally:
        await source.aclose()
    items = raw.body
    assert raw.handle == account.handle and raw.meta["results"] == len(items) == min(20, len(account.posts))
    assert items[0]["author"]["description"] == "" and items[0]["author"]["entities"]["url"] == {}
    assert any(isinstance(i["viewCount"], str) for i in items)
    (profile,) = source.normalize(raw)
    assert profile.source_id == account.user_id  # exact: a float would have lost the last digits
    assert profile.bio and profile.website == account.website and "t.co" not in profile.bio
    assert (profile.followers_count, profile.following_count) == (account.followers, account.following)
    assert profile.content_count == account.tweet_count and profile.enrichment_quality == EnrichmentQuality.FULL
    by_id = {p.post_id: p for p in profile.recent_posts}
    for post in account.posts[:20]:
        assert by_id[post.post_id].view_count == post.view_count and by_id[post.post_id].created_at == post.created_at


async def test_unknown_handle_is_not_found_and_bad_handles_never_reach_the_actor(sandbox_settings):
    source = ApifySource(sandbox_settings)
    try:
        with pytest.raises(NotFoundError, match="noResults") as info:
            await source.fetch_profile("nobody_here_zz")
        with pytest.raises(InvalidHandleError):
            await source.fetch_profile("has spaces")
    finally:
        await source.aclose()
    assert info.value.source == "apify" and info.value.handle == "nobody_here_zz"


async def test_credentials_and_actor_problems_are_configuration_errors(sandbox_settings, world):
    handle = next(p.x.handle for p in world.people if p.x)
    with pytest.raises(ConfigurationError, match="SCOUT_APIFY__TOKEN"):
        await ApifySource(_apify(sandbox_settings, token=None)).fetch_profile(handle)
    for settings, words in [(_apify(sandbox_settings, token=SecretStr("revoked-abc")), "credentials rejected"),
                            (_apify(sandbox_settings, actor_id="someone/other-actor"), "SCOUT_APIFY__ACTOR_ID")]:
        source = ApifySource(settings)
        try:
            with pytest.raises(ConfigurationError, match=words):
                await source.fetch_profile(handle)
        finally:
            await source.aclose()


async def test_unreachable_api_is_retryable(settings):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    source = ApifySource(_apify(settings, base_url=f"http://127.0.0.1:{port}", token=SecretStr("t"), timeout_s=2))
    try:
        with pytest.raises(SourceUnavailableError):
            await source.fetch_profile("someone")
    finally:
        await source.aclose()


def test_runs_started_without_waiting_finish_when_polled_and_gzip_inputs_are_read(sandbox_base, world):
    handle = next(p.x.handle for p in world.people if p.x and p.x.posts)
    headers = {"Authorization": f"Bearer {SANDBOX_TOKEN}", "Content-Type": "application/json",
               "Content-Encoding": "gzip"}
    body = gzip.compress(json.dumps({"twitterHandles": [handle], "maxItems": 3}).encode())
    with httpx.Client(base_url=sandbox_base + "/apify/v2", timeout=10) as client:
        started = client.post("/acts/apidojo~tweet-scraper/runs", content=body, headers=headers).json()["data"]
        polled = client.get(f"/actor-runs/{started['id']}", headers=headers).json()["data"]
        page = client.get(f"/datasets/{started['defaultDatasetId']}/items", headers=headers,
                          params={"offset": 1, "limit": 5, "clean": "true"})
        missing = client.get("/datasets/nope/items", headers=headers)
    assert started["status"] == "RUNNING" and polled["status"] == "SUCCEEDED"
    assert page.headers["x-apify-pagination-total"] == "3" and len(page.json()) == 2
    assert page.json()[0]["author"]["userName"] == handle
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "record-not-found"


async def test_adapter_polls_a_run_that_is_still_running(settings, world):
    from fastapi import FastAPI

    from scout_core.sandbox import apify_routes
    from scout_core.sandbox.server import SandboxServer
    from scout_core.sandbox.wiring import point_settings_at

    app = FastAPI()
    app.include_router(apify_routes.build_router(world, slow_runs=True), prefix="/apify")
    app.get("/healthz")(lambda: {"status": "ok"})
    account = next(p.x for p in world.people if p.x and p.x.posts)
    with SandboxServer(world, app=app) as server:
        source = ApifySource(point_settings_at(settings, server.base_url))
        try:
            raw = await source.fetch_profile(account.handle)
        finally:
            await source.aclose()
    assert raw.body[0]["author"]["id"] == account.user_id and raw.meta["results"] == len(raw.body)
