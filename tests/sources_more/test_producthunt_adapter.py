"""Product Hunt adapter (GraphQL v2 over httpx) against the sandbox's GraphQL endpoint over real HTTP."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import SecretStr

from scout_core.errors import (
    ConfigurationError,
    InvalidHandleError,
    NotFoundError,
    PermanentSourceError,
    RateLimitedError,
    SourceUnavailableError,
)
from scout_core.sandbox import producthunt_routes
from scout_core.sandbox.server import SandboxServer
from scout_core.sandbox.wiring import PREFIXES, SANDBOX_TOKEN, point_settings_at
from scout_core.sources.producthunt import LAUNCHES_QUERY, ProducthuntSource, topic_slug
from tests.sources_more.conftest import load_fixture, ph_viewer

pytestmark = pytest.mark.anyio


def _serve(world, router):
    app = FastAPI()
    app.get("/healthz")(lambda: {"status": "ok"})
    app.include_router(router, prefix=PREFIXES["producthunt"])
    return SandboxServer(world, app=app)


def _answering(body, status=200, headers=None):
    """A GraphQL endpoint that answers every request with one canned response."""
    router = APIRouter()
    router.post("/v2/api/graphql")(lambda: JSONResponse(status_code=status, content=body, headers=headers))
    return router


async def _fetch(settings, handle):
    source = ProducthuntSource(settings)
    try:
        return source, await source.fetch_profile(handle)
    finally:
        await source.aclose()


async def test_fetch_the_viewer_and_a_user_asked_for_by_name(sandbox_settings, world):
    viewer = world.ph_by_username[ph_viewer(world)]
    other = next(p.producthunt for p in world.people if p.producthunt and p.producthunt.username != viewer.username)
    for account in (viewer, other):  # lenient sandbox: the user asked for by username is not redacted
        source, raw = await _fetch(sandbox_settings, account.username.upper())
        (profile,) = source.normalize(raw)
        assert (profile.handle, profile.source_id, profile.bio) == (account.username, account.user_id,
                                                                    account.headline)
        assert profile.content_count == len(account.launches) and raw.meta == {"requests": 1}
        launches = [link.display_url for link in profile.extracted_links if link.kind == "launch"]
        assert launches == account.launches
        assert all("utm_" not in link.url for link in profile.extracted_links)
        if account.twitter_username:
            assert ("x", account.twitter_username.lower()) in {(lp.platform, lp.handle.lower())
                                                               for lp in profile.linked_profiles}


async def test_strict_redaction_refuses_everyone_but_the_viewer(settings, world):
    viewer = ph_viewer(world)
    other = next(p.producthunt.username for p in world.people if p.producthunt and p.producthunt.username != viewer)
    with _serve(world, producthunt_routes.build_router(world, viewer=viewer, strict=True)) as server:
        strict = point_settings_at(settings, server.base_url)
        with pytest.raises(PermanentSourceError, match="redacted") as info:
            await _fetch(strict, other)
        _, raw = await _fetch(strict, viewer)
    assert info.value.handle == other and raw.body["data"]["user"]["username"] == viewer


async def test_discover_keeps_only_makers_who_are_not_redacted(sandbox_settings, sandbox_base, world):
    viewer = world.ph_by_username[ph_viewer(world)]
    topic = next(t for t in world.topics if any(
        e["node"]["makers"][0]["username"] == viewer.username for e in _launches(sandbox_base, t)))
    edges = _launches(sandbox_base, topic)
    makers = [m for e in edges for m in e["node"]["makers"]]
    assert any(m["username"] == "[REDACTED]" and m["id"] == "0" and m["twitterUsername"] is None for m in makers)
    source = ProducthuntSource(sandbox_settings)
    try:
        candidates = await source.discover(topic)
    finally:
        await source.aclose()
    assert candidates[0].key == f"producthunt:{viewer.username.lower()}" and candidates[0].topic == topic
    assert all(c.handle != "[REDACTED]" for c in candidates) and "REDACTED" not in str(candidates)
    expected_x = {f"x:{viewer.twitter_username.lower()}"} if viewer.twitter_username else set()
    assert {c.key for c in candidates[1:]} == expected_x


def _launches(base: str, topic: str) -> list[dict]:
    response = httpx.post(f"{base}/producthunt/v2/api/graphql", headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"},
                          json={"query": LAUNCHES_QUERY, "variables": {"topic": topic_slug(topic), "first": 20}})
    return response.json()["data"]["posts"]["edges"]


async def test_discover_on_recorded_mixed_makers(settings, world):
    with _serve(world, _answering(load_fixture("ph_launches_mixed_makers.json"))) as server:
        source = ProducthuntSource(point_settings_at(settings, server.base_url))
        try:
            candidates = await source.discover("AI agents")
        finally:
            await source.aclose()
    assert [(c.key, c.discovered_via, c.parent) for c in candidates] == [
        ("producthunt:lenapark", "search", None), ("x:lena_builds", "link", "producthunt:lenapark")]


async def test_not_found_invalid_handle_and_credentials(sandbox_settings):
    with pytest.raises(NotFoundError):
        await _fetch(sandbox_settings, "nobody_here_zz")
    with pytest.raises(InvalidHandleError):
        await _fetch(sandbox_settings, "has spaces")
    for token, words in [(None, "SCOUT_PRODUCTHUNT__TOKEN"), (SecretStr("revoked-1"), "token rejected")]:
        settings = sandbox_settings.model_copy(update={
            "producthunt": sandbox_settings.producthunt.model_copy(update={"token": token})})
        with pytest.raises(ConfigurationError, match=words):
            await _fetch(settings, "anyone")


@pytest.mark.parametrize(("status", "body", "error", "words"), [
    (429, {"errors": [{"error": "rate_limit_reached", "error_description": "Sorry. You have exceeded the API rate "
                       "limit, please try again later.", "details": {"limit": 6250, "remaining": -3,
                                                                       "reset_in": 803}}]},
     RateLimitedError, "rate limit"),
    (200, {"errors": [{"message": "Field 'nope' doesn't exist on type 'User'"}], "data": None},
     PermanentSourceError, "GraphQL error"),
    (200, {"errors": [{"message": "User not found"}], "data": {"user": None}}, NotFoundError, "not found"),
    (502, "<html>Bad Gateway</html>", SourceUnavailableError, "HTTP 502"),
])
async def test_http_and_graphql_errors_are_translated(settings, world, status, body, error, words):
    router = APIRouter()
    if isinstance(body, str):
        router.post("/v2/api/graphql")(lambda: PlainTextResponse(body, status_code=status))
    else:
        router = _answering(body, status)
    with _serve(world, router) as server:
        with pytest.raises(error, match=words) as info:
            await _fetch(point_settings_at(settings, server.base_url), "someone")
    if error is RateLimitedError:
        assert info.value.retry_after == 803.0
