"""Hugging Face adapter (httpx overview + huggingface_hub model listing) against the sandbox over real HTTP."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from scout_core.errors import ConfigurationError, InvalidHandleError, NotFoundError
from scout_core.sandbox.huggingface_routes import avatar_url, render_overview
from scout_core.sandbox.server import SandboxServer
from scout_core.sandbox.wiring import PREFIXES, point_settings_at
from scout_core.schema import EnrichmentQuality
from scout_core.sources.huggingface import HuggingfaceSource

pytestmark = pytest.mark.anyio


def _researcher(world):
    """A user with several models, a relative (default) avatar and a GitHub link in their details."""
    for person in world.people:
        hf = person.huggingface
        if hf and len(hf.models) > 1 and "github.com/" in hf.details and avatar_url(hf).startswith("/"):
            return hf
    raise AssertionError("the generated world has no such Hugging Face user")


async def test_fetch_profile_with_models(sandbox_settings, world):
    account = _researcher(world)
    source = HuggingfaceSource(sandbox_settings)
    try:
        raw = await source.fetch_profile(account.username.upper())
    finally:
        await source.aclose()
    assert raw.handle == account.username and raw.body["overview"]["numFollowers"] == account.num_followers
    listed = raw.body["models"]
    assert sorted(m["id"] for m in listed) == sorted(account.models)
    assert all(m["modelId"] == m["id"] and m["author"] == account.username for m in listed)
    assert [m["downloads"] for m in listed] == sorted((m["downloads"] for m in listed), reverse=True)
    (profile,) = source.normalize(raw)
    assert profile.source_id == account.user_id and profile.followers_count == account.num_followers
    assert profile.avatar_url == "https://huggingface.co" + avatar_url(account)  # relative on the wire
    assert {link.url for link in profile.extracted_links if link.kind == "model"} == {
        f"https://huggingface.co/{m}" for m in account.models}
    assert profile.enrichment_quality == EnrichmentQuality.FULL and profile.technical_keywords
    assert [lp.platform for lp in profile.linked_profiles] == ["github"]


async def test_unknown_user_invalid_handle_and_revoked_token(sandbox_settings):
    source = HuggingfaceSource(sandbox_settings)
    try:
        with pytest.raises(NotFoundError) as info:
            await source.fetch_profile("nobody-here-zz")
        with pytest.raises(InvalidHandleError):
            await source.fetch_profile("has spaces")
    finally:
        await source.aclose()
    assert info.value.handle == "nobody-here-zz" and "User not found" in str(info.value)
    revoked = sandbox_settings.model_copy(update={"huggingface": sandbox_settings.huggingface.model_copy(
        update={"token": SecretStr("revoked-x")})})
    source = HuggingfaceSource(revoked)
    try:
        with pytest.raises(ConfigurationError, match="credentials rejected"):
            await source.fetch_profile("nobody-here-zz")
    finally:
        await source.aclose()


async def test_a_failed_model_listing_keeps_the_profile(settings, world):
    account = _researcher(world)
    app, hub = FastAPI(), APIRouter()
    app.get("/healthz")(lambda: {"status": "ok"})
    hub.get("/api/users/{username}/overview")(lambda username: render_overview(account, world.now))
    hub.get("/api/models")(lambda: JSONResponse(status_code=400, content={"error": "Invalid sort parameter"}))
    app.include_router(hub, prefix=PREFIXES["huggingface"])
    with SandboxServer(world, app=app) as server:
        source = HuggingfaceSource(point_settings_at(settings, server.base_url))
        try:
            raw = await source.fetch_profile(account.username)
        finally:
            await source.aclose()
    assert raw.body["models"] is None and raw.meta["models_error"] == "PermanentSourceError"
    (profile,) = source.normalize(raw)
    assert profile.enrichment_quality == EnrichmentQuality.PARTIAL and profile.handle == account.username
