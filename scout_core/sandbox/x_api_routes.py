"""The sandbox's X API v2: users lookup, user timelines and recent search over the world.

Bearer auth (401 without it), ``x-rate-limit-*`` headers per endpoint and bearer token in windows
from ``SandboxLimits`` (429 once spent), partial ``data`` + ``errors`` in one 200 for unknown
usernames, 400 ``Invalid Request`` bodies for bad parameters. Rendering lives in ``x_api_render``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from scout_core.sandbox.live import LiveWorld, world_reader
from scout_core.sandbox.model import SandboxPost, World, XAccount
from scout_core.sandbox.ratelimit import REVOKED_TOKEN_PREFIX, RateWindows, SandboxLimits, bearer_of
from scout_core.sandbox.x_api_render import current_account, render_tweet, render_user

_PROBLEM = "https://api.twitter.com/2/problems/"
_USERNAME_RE = re.compile(r"[A-Za-z0-9_]{1,15}")
RECENT_DAYS = 7  # recent search covers the last seven days


class _Reject(Exception):
    def __init__(self, response: JSONResponse) -> None:
        self.response = response


def _fields(request: Request, name: str) -> set[str]:
    return {f.strip() for f in (request.query_params.get(name) or "").split(",") if f.strip()}


def _invalid(param: str, value: str, message: str) -> _Reject:
    return _Reject(
        JSONResponse(
            status_code=400,
            content={
                "errors": [{"parameters": {param: [value]}, "message": message}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": _PROBLEM + "invalid-request",
            },
        )
    )


def _suspended(value: str, param: str) -> dict[str, Any]:
    """X's answer for a suspended account: a "Forbidden" problem typed resource-not-found, inside a 200."""
    return {
        "value": value,
        "detail": f"User has been suspended: [{value}].",
        "title": "Forbidden",
        "resource_type": "user",
        "parameter": param,
        "resource_id": value,
        "type": _PROBLEM + "resource-not-found",
    }


def _not_found(value: str, param: str) -> dict[str, Any]:
    return {
        "value": value,
        "detail": f"Could not find user with {param}: [{value}].",
        "title": "Not Found Error",
        "resource_type": "user",
        "parameter": param,
        "resource_id": value,
        "type": _PROBLEM + "resource-not-found",
    }


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise _invalid(
            name, raw, f"The `{name}` query parameter value [{raw}] is not between {low} and {high}"
        )
    return int(raw)


def _page(items: list[Any], request: Request, size: int) -> tuple[list[Any], str | None]:
    token = request.query_params.get("pagination_token") or request.query_params.get("next_token")
    start = 0
    if token:
        if not re.fullmatch(r"p[0-9a-f]+", token):
            raise _invalid(
                "pagination_token",
                token,
                f"The `pagination_token` query parameter value [{token}] is not valid",
            )
        start = int(token[1:], 16)
    end = start + size
    return items[start:end], (f"p{end:x}" if end < len(items) else None)


def _timeline_meta(tweets: list[dict[str, Any]], next_token: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"result_count": len(tweets)}
    if tweets:
        meta |= {"newest_id": tweets[0]["id"], "oldest_id": tweets[-1]["id"]}
    if next_token:
        meta["next_token"] = next_token
    return meta


def build_router(world: World | LiveWorld, limits: SandboxLimits | None = None) -> APIRouter:
    """Routes over ``world`` (read only; a live world as of its clock); rate-limit counters live here."""
    limits = limits or SandboxLimits()
    windows = RateWindows(limits.clock)
    current = world_reader(world)
    router = APIRouter()

    def guard(request: Request, endpoint: str, limit: int) -> dict[str, str]:
        token = bearer_of(request.headers.get("authorization"))
        if token is None or token.startswith(REVOKED_TOKEN_PREFIX):
            raise _Reject(
                JSONResponse(
                    status_code=401,
                    content={
                        "title": "Unauthorized",
                        "type": "about:blank",
                        "status": 401,
                        "detail": "Unauthorized",
                    },
                )
            )
        quota = windows.take(limits.quota_holder(token), endpoint, limit, limits.x_window_s)
        headers = {
            "x-rate-limit-limit": str(quota.limit),
            "x-rate-limit-remaining": str(quota.remaining),
            "x-rate-limit-reset": str(quota.reset),
        }
        if not quota.allowed:
            raise _Reject(
                JSONResponse(
                    status_code=429,
                    headers=headers,
                    content={
                        "title": "Too Many Requests",
                        "detail": "Too Many Requests",
                        "type": "about:blank",
                        "status": 429,
                    },
                )
            )
        return headers

    def answer(request: Request, endpoint: str, limit: int, build: Any) -> JSONResponse:
        try:
            headers = guard(request, endpoint, limit)
            return JSONResponse(content=build(), headers=headers)
        except _Reject as reject:
            return reject.response

    @router.get("/2/users/by")
    async def users_by(request: Request) -> JSONResponse:
        return answer(request, "users_lookup", limits.x_users_lookup, lambda: _users_by(request, current()))

    @router.get("/2/users/by/username/{username}")
    async def user_by_username(request: Request, username: str) -> JSONResponse:
        return answer(
            request,
            "users_lookup",
            limits.x_users_lookup,
            lambda: _user_by_username(request, current(), username),
        )

    @router.get("/2/users/{user_id}/tweets")
    async def user_tweets(request: Request, user_id: str) -> JSONResponse:
        return answer(
            request, "user_tweets", limits.x_user_tweets, lambda: _user_tweets(request, current(), user_id)
        )

    @router.get("/2/tweets/search/recent")
    async def search_recent(request: Request) -> JSONResponse:
        return answer(request, "search_recent", limits.x_search_recent, lambda: _search(request, current()))

    return router


def _users_by(request: Request, world: World) -> dict[str, Any]:
    raw = request.query_params.get("usernames") or ""
    names = [n.strip() for n in raw.split(",") if n.strip()]
    if not names or len(names) > 100:
        raise _invalid("usernames", raw, "The `usernames` query parameter must hold 1 to 100 usernames")
    for name in names:
        if not _USERNAME_RE.fullmatch(name):
            raise _invalid("usernames", name, f"The `usernames` query parameter value [{name}] is not valid")
    fields = _fields(request, "user.fields")
    data, errors = [], []
    for name in names:  # duplicates in the request come back duplicated, as on X
        account = current_account(world, name)
        if account is None:
            errors.append(_not_found(name, "usernames"))
        elif account.suspended:
            errors.append(_suspended(name, "usernames"))
        else:
            data.append(render_user(account, fields))
    body: dict[str, Any] = {"data": data} if data else {}
    return body | ({"errors": errors} if errors else {})


def _user_by_username(request: Request, world: World, username: str) -> dict[str, Any]:
    if not _USERNAME_RE.fullmatch(username):
        raise _invalid(
            "username", username, f"The `username` query parameter value [{username}] is not valid"
        )
    account = current_account(world, username)
    if account is None:
        return {"errors": [_not_found(username, "username")]}
    if account.suspended:
        return {"errors": [_suspended(username, "username")]}
    return {"data": render_user(account, _fields(request, "user.fields"))}


def _user_tweets(request: Request, world: World, user_id: str) -> dict[str, Any]:
    size = _int_param(request, "max_results", 10, 5, 100)
    account = world.x_by_id.get(user_id)
    if account is None:
        return {
            "errors": [{**_not_found(user_id, "id"), "detail": f"Could not find user with id: [{user_id}]."}]
        }
    if account.suspended:
        return {"errors": [_suspended(user_id, "id")]}
    posts, next_token = _page(account.posts, request, size)
    fields = _fields(request, "tweet.fields")
    tweets = [render_tweet(p, account, fields, world) for p in posts]
    body: dict[str, Any] = {"data": tweets} if tweets else {}
    return body | {"meta": _timeline_meta(tweets, next_token)}


def _search(request: Request, world: World) -> dict[str, Any]:
    query = request.query_params.get("query") or ""
    if not query.strip() or len(query) > 512:
        raise _invalid("query", query, "The `query` query parameter must be 1 to 512 characters")
    size = _int_param(request, "max_results", 10, 10, 100)
    matches = _matching_posts(world, query)
    page, next_token = _page(matches, request, size)
    fields = _fields(request, "tweet.fields")
    expand = "author_id" in _fields(request, "expansions")
    tweets = [render_tweet(p, a, fields | ({"author_id"} if expand else set()), world) for p, a in page]
    body: dict[str, Any] = {"data": tweets} if tweets else {}
    if expand and page:
        authors = {a.user_id: a for _, a in page}
        user_fields = _fields(request, "user.fields")
        body["includes"] = {"users": [render_user(a, user_fields) for a in authors.values()]}
    return body | {"meta": _timeline_meta(tweets, next_token)}


def _query_terms(query: str) -> tuple[list[str], list[str], str | None]:
    """(required terms, excluded terms, from: handle); other operators (lang:, is:) are ignored."""
    required, excluded, author = [], [], None
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        token = phrase or word
        if word.lower().startswith("from:"):
            author = word[5:]
        elif word.startswith("-") and ":" not in word:
            excluded.append(word[1:].lower())
        elif phrase or (":" not in word and not word.startswith("-") and word.upper() != "OR"):
            required.append(token.lower())
    return required, excluded, author


def _matching_posts(world: World, query: str) -> list[tuple[SandboxPost, XAccount]]:
    required, excluded, author = _query_terms(query)
    since = world.now - timedelta(days=RECENT_DAYS)
    found = []
    for account in _accounts(world):
        if author and account.handle.lower() != author.lower() or account.suspended:
            continue
        for post in account.posts:  # newest first: stop at the first one older than the window
            if post.created_at < since:
                break
            text = post.text.lower()
            if all(_has(text, t) for t in required) and not any(_has(text, t) for t in excluded):
                found.append((post, account))
    found.sort(key=lambda pa: (pa[0].created_at, pa[0].post_id), reverse=True)
    return found


def _has(text: str, term: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text) is not None


def _accounts(world: World) -> list[XAccount]:
    return [a for p in world.people for a in (p.x, p.x_alt) if a is not None]
