"""The sandbox's Product Hunt GraphQL v2: ``POST /v2/api/graphql`` answering the queries Scout sends.

Not a GraphQL engine: the root field is read from the query (``user(...)`` or ``posts(...)``) and its
arguments from ``variables`` or inline literals, and the full objects are returned. Users are redacted
as the real API does since 2023 (``"[REDACTED]"``, ``id`` ``"0"``, null ``twitterUsername``/``websiteUrl``/
``profileImage``, falsely ``isMaker: false``) unless they are the token's own user (``viewer``) or, in the
default lenient mode, the user the query asks for by username. ``strict=True`` redacts that one too,
which is what the live API does for anyone but the viewer (producthunt-api issue #342).
URLs carry the API's ``utm_*`` tracking and product websites are ``/r/<code>`` redirects.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from scout_core.sandbox.live import LiveWorld, world_reader
from scout_core.sandbox.model import ProducthuntAccount, World
from scout_core.sandbox.ratelimit import REVOKED_TOKEN_PREFIX, bearer_of
from scout_core.sandbox.search_routes import rank
from scout_core.sandbox.world_dates import launch_date

REDACTED = "[REDACTED]"
MAX_FIRST = 20
TRACKING = "utm_campaign=producthunt-api&utm_medium=api-v2&utm_source=Application%3A+scout+%28ID%3A+4242%29"
_ROOT_RE = re.compile(r"[{,]\s*(user|posts|viewer)\s*[({]")
_INLINE_ARG_RE = r"\b{name}\s*:\s*(?:\"([^\"]*)\"|(\d+)|\$(\w+)|([A-Z_]+)\b)"


def _stable(value: str, modulo: int) -> int:
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:6], "big") % modulo


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def slug_of(product: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in product.lower()).strip("-")


def redacted_user() -> dict[str, Any]:
    return {"id": "0", "name": REDACTED, "username": REDACTED, "headline": None, "twitterUsername": None,
            "websiteUrl": None, "url": REDACTED, "profileImage": None, "createdAt": "1970-01-01T00:00:00Z",
            "isMaker": False, "isFollowing": False, "madePosts": {"totalCount": 0, "edges": []}}


def render_post(product: str, maker: ProducthuntAccount, world: World) -> dict[str, Any]:
    slug = slug_of(product)
    created = launch_date(maker, product, world.day0)
    featured = _stable("featured:" + slug, 3) != 0
    code = hashlib.sha1(slug.encode()).hexdigest()[:14].upper()  # noqa: S324 - a redirect code, not security
    return {
        "id": str(100_000 + _stable("post:" + slug, 900_000)), "name": product,
        "tagline": maker.headline[:60] or product, "slug": slug,
        "url": f"https://www.producthunt.com/posts/{slug}?{TRACKING}",
        "website": f"https://www.producthunt.com/r/{code}?{TRACKING}",
        "votesCount": _stable("votes:" + slug, 900), "commentsCount": _stable("comments:" + slug, 80),
        "createdAt": _iso(created), "featuredAt": _iso(created + timedelta(hours=8)) if featured else None,
        "topics": {"edges": [{"node": t} for t in _topics(maker, product, world)]},
    }


def _topics(maker: ProducthuntAccount, product: str, world: World) -> list[dict[str, str]]:
    text = f"{maker.headline} {product}".lower()
    named = [t for t in world.topics if any(w in text for w in t.lower().split() if len(w) > 3)]
    return [{"name": t, "slug": slug_of(t)} for t in (named or ["Artificial Intelligence"])[:5]]


def render_user(account: ProducthuntAccount, world: World, posts: int = MAX_FIRST) -> dict[str, Any]:
    made = [render_post(p, account, world) for p in account.launches]
    return {
        "id": account.user_id, "name": account.name, "username": account.username, "headline": account.headline,
        "twitterUsername": account.twitter_username, "websiteUrl": account.website_url,
        "url": f"https://www.producthunt.com/@{account.username}?{TRACKING}",
        "profileImage": f"https://ph-avatars.imgix.net/{account.user_id}/original?auto=format",
        "createdAt": _iso(world.day0 - timedelta(days=300 + _stable("ph:" + account.user_id, 2500))),
        "isMaker": bool(account.launches), "isFollowing": False,
        "madePosts": {"totalCount": len(made), "edges": [{"node": p} for p in made[:posts]]},
    }


def _argument(query: str, variables: dict[str, Any], name: str) -> Any:
    """An argument of the root field: an inline literal, or the variable it names."""
    match = re.search(_INLINE_ARG_RE.format(name=name), query)
    if match is None:
        return variables.get(name)
    literal, number, variable, enum = match.groups()
    if variable is not None:
        return variables.get(variable)
    if number is not None:
        return int(number)
    return literal if literal is not None else enum


def _errors(status: int, code: str, description: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"errors": [{"error": code, "error_description": description}]})


class _Graph:
    """Answers one query over the world, redacting whoever the caller may not see."""

    def __init__(self, world: World, viewer: str | None, strict: bool) -> None:
        self.world = world  # the world as of this request
        self.viewer = (viewer or "").lower()
        self.strict = strict

    def visible(self, account: ProducthuntAccount, asked_for: str | None = None) -> bool:
        name = account.username.lower()
        return name == self.viewer or (not self.strict and name == (asked_for or "").lower())

    def user(self, username: Any, posts: int) -> dict[str, Any] | None:
        account = self.world.ph_by_username.get(str(username or "").lower())
        if account is None:
            return None
        if not self.visible(account, str(username)):
            return redacted_user()
        return render_user(account, self.world, posts)

    def posts(self, topic: Any, order: str, first: int) -> dict[str, Any]:
        words = str(topic or "").replace("-", " ")
        hits = rank(self.world, words) if words.strip() else []
        launches = [(p, h.person.producthunt) for h in hits if h.person.producthunt
                    for p in h.person.producthunt.launches]
        nodes = []
        for product, maker in launches:
            node = render_post(product, maker, self.world)
            node["makers"] = [render_user(maker, self.world, 0) if self.visible(maker) else redacted_user()]
            nodes.append(node)
        if order == "VOTES":
            nodes.sort(key=lambda n: (-n["votesCount"], n["id"]))
        elif order in ("NEWEST", "FEATURED_AT"):
            nodes.sort(key=lambda n: (n["createdAt"], n["id"]), reverse=True)
        return {"totalCount": len(nodes), "edges": [{"node": n, "cursor": n["id"]} for n in nodes[:first]]}


def build_router(world: World | LiveWorld, viewer: str | None = None, strict: bool = False) -> APIRouter:
    """``viewer``: the username the sandbox token belongs to (never redacted)."""
    router = APIRouter()
    current = world_reader(world)

    @router.post("/v2/api/graphql")
    async def graphql(request: Request) -> JSONResponse:
        token = bearer_of(request.headers.get("authorization"))
        if token is None or token.startswith(REVOKED_TOKEN_PREFIX):
            return _errors(401, "invalid_oauth_token", "Please supply a valid access token. Refer to our api "
                           "documentation about how to authorize and authenticate your requests.")
        try:
            payload = json.loads(await request.body())
            query, variables = str(payload["query"]), payload.get("variables") or {}
        except (ValueError, KeyError, TypeError):
            return JSONResponse(status_code=400, content={"errors": [{"message": "No query string was present"}]})
        return JSONResponse(content=_answer(_Graph(current(), viewer, strict), query, variables))

    return router


def _answer(graph: _Graph, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    root = _ROOT_RE.search(query)
    if root is None:
        return {"errors": [{"message": "the sandbox answers only user(...) and posts(...) queries",
                            "locations": [{"line": 1, "column": 1}]}]}
    first = min(int(_argument(query, variables, "first") or MAX_FIRST), MAX_FIRST)
    if root.group(1) == "user":
        return {"data": {"user": graph.user(_argument(query, variables, "username"), first)}}
    if root.group(1) == "viewer":
        account = graph.world.ph_by_username.get(graph.viewer)
        return {"data": {"viewer": {"user": render_user(account, graph.world) if account else None}}}
    order = str(_argument(query, variables, "order") or "RANKING")
    return {"data": {"posts": graph.posts(_argument(query, variables, "topic"), order, first)}}
