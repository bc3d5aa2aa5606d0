"""The sandbox's Hugging Face Hub: ``/api/users/{u}/overview`` and ``/api/models?author=``.

Bodies use the Hub's camelCase keys; ``avatarUrl`` is relative (``/avatars/<md5>.svg``, the default
avatar) for about a third of the users; unknown users get a 404 JSON ``{"error": ...}``; an unknown
author's model listing is an empty list, as on the Hub. A revoked token gets 401.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from scout_core.sandbox.live import LiveWorld, world_reader
from scout_core.sandbox.model import HuggingfaceAccount, World
from scout_core.sandbox.ratelimit import REVOKED_TOKEN_PREFIX, bearer_of
from scout_core.sandbox.world_dates import model_date

MAX_LIMIT = 1000
_PIPELINES = {"ft": "text-generation", "lora": "text-generation", "instruct": "text-generation",
              "v2": "text-generation", "gguf": "text-generation"}


def _stable(value: str, modulo: int) -> int:
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:6], "big") % modulo


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def avatar_url(account: HuggingfaceAccount) -> str:
    digest = hashlib.md5(account.username.encode()).hexdigest()  # noqa: S324 - a file name, not security
    if _stable("avatar:" + account.user_id, 3) == 0:
        return f"/avatars/{digest}.svg"  # the default avatar: relative to the host
    return f"https://cdn-avatars.huggingface.co/v1/production/uploads/{account.user_id}/{digest[:12]}.png"


def render_overview(account: HuggingfaceAccount, day0: datetime) -> dict[str, Any]:
    """A user overview; the account's creation date hangs on the world's day 0."""
    return {
        "_id": account.user_id,
        "avatarUrl": avatar_url(account),
        "isPro": account.is_pro,
        "fullname": account.fullname,
        "user": account.username,
        "type": "user",
        "details": account.details,
        "numModels": len(account.models),
        "numDatasets": _stable("datasets:" + account.user_id, 3),
        "numSpaces": _stable("spaces:" + account.user_id, 2),
        "numDiscussions": _stable("discussions:" + account.user_id, 12),
        "numPapers": 0,
        "numUpvotes": _stable("upvotes:" + account.user_id, 40),
        "numLikes": _stable("likes:" + account.user_id, 90),
        "numFollowers": account.num_followers,
        "numFollowing": account.num_following,
        "orgs": [],
        "isFollowing": False,
        "createdAt": _iso(day0 - timedelta(days=200 + _stable("created:" + account.user_id, 1500))),
    }


def render_model(model_id: str, author: str, now: datetime, created: datetime | None = None) -> dict[str, Any]:
    """A model as ``/api/models`` lists it; ``created`` defaults to the day-0 world's date for the id."""
    name = model_id.split("/", 1)[-1]
    base, *_ = name.split("-")
    flavour = name.rsplit("-", 1)[-1]
    tags = ["transformers", "safetensors", base, _PIPELINES.get(flavour, "text-generation"), flavour,
            "conversational", "en", "license:apache-2.0", "endpoints_compatible", "region:us"]
    if flavour == "gguf":
        tags[0:2] = ["gguf"]
    created = created or model_date(None, model_id, now)
    return {
        "_id": hashlib.sha1(model_id.encode()).hexdigest()[:24],  # noqa: S324 - an id, not security
        "id": model_id,
        "modelId": model_id,
        "author": author,
        "likes": _stable("likes:" + model_id, 60),
        "trendingScore": _stable("trending:" + model_id, 5),
        "private": False,
        "downloads": _stable("downloads:" + model_id, 25_000),
        "tags": list(dict.fromkeys(tags)),
        "pipeline_tag": _PIPELINES.get(flavour, "text-generation"),
        "library_name": "gguf" if flavour == "gguf" else "transformers",
        "createdAt": _iso(created),
        "lastModified": _iso(min(now, created + timedelta(days=_stable("modified:" + model_id, 120)))),
    }


def _not_found(message: str) -> JSONResponse:
    return JSONResponse(status_code=404, content={"error": message})


def _refused(request: Request) -> JSONResponse | None:
    token = bearer_of(request.headers.get("authorization"))
    if token is not None and token.startswith(REVOKED_TOKEN_PREFIX):
        return JSONResponse(status_code=401, content={"error": "Invalid credentials in Authorization header"})
    return None


def _sorted(models: list[dict[str, Any]], sort: str | None) -> list[dict[str, Any]]:
    if sort in ("downloads", "likes", "lastModified", "createdAt", "trendingScore"):
        return sorted(models, key=lambda m: (m[sort], m["id"]), reverse=True)
    return models


def build_router(world: World | LiveWorld) -> APIRouter:
    router = APIRouter()
    current = world_reader(world)

    @router.get("/api/users/{username}/overview")
    async def overview(request: Request, username: str) -> JSONResponse:
        refused = _refused(request)
        world = current()
        account = world.hf_by_username.get(username.lower())
        if refused or account is None:
            return refused or _not_found("User not found")
        return JSONResponse(content=render_overview(account, world.day0))

    @router.get("/api/models")
    async def models(request: Request) -> JSONResponse:
        refused = _refused(request)
        if refused:
            return refused
        author = request.query_params.get("author") or ""
        world = current()
        account = world.hf_by_username.get(author.lower())
        listed = [render_model(m, account.username, world.now, model_date(account, m, world.day0))
                  for m in account.models] if account else []
        listed = _sorted(listed, request.query_params.get("sort"))
        limit = request.query_params.get("limit", "")
        return JSONResponse(content=listed[: min(int(limit), MAX_LIMIT)] if limit.isdigit() else listed)

    return router
