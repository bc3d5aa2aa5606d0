"""The sandbox's GitHub REST v3: what PyGithub calls for users, repos, contributors and public events.

``Link`` pagination with ``per_page``/``page``, ``x-ratelimit-*`` headers (5,000 an hour with a token,
60 without), 403 ``API rate limit exceeded`` once spent, ``{"message": "Not Found"}`` 404s, and
object ``url`` fields under the sandbox prefix so PyGithub's lazy objects and paginators follow them.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from scout_core.sandbox.live import LiveWorld, world_reader
from scout_core.sandbox.model import GithubAccount, SandboxRepo, World
from scout_core.sandbox.ratelimit import REVOKED_TOKEN_PREFIX, RateWindows, SandboxLimits, bearer_of

_DOCS = "https://docs.github.com/rest"
MAX_PER_PAGE = 100


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _node_id(kind: str, number: int) -> str:
    return kind + "_" + base64.b64encode(f"0:{number}".encode()).decode().rstrip("=")


def _stable_int(text: str, modulo: int) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:6], "big") % modulo


def _api_root(request: Request, relative: str) -> str:
    """The API root as the client reached it (scheme, host and sandbox prefix), for ``url`` fields."""
    return str(request.url.replace(query="")).removesuffix(relative)


def minimal_user(root: str, login: str, user_id: int) -> dict[str, Any]:
    return {
        "login": login,
        "id": user_id,
        "node_id": _node_id("U", user_id),
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4",
        "gravatar_id": "",
        "url": f"{root}/users/{login}",
        "html_url": f"https://github.com/{login}",
        "followers_url": f"{root}/users/{login}/followers",
        "following_url": f"{root}/users/{login}/following{{/other_user}}",
        "repos_url": f"{root}/users/{login}/repos",
        "events_url": f"{root}/users/{login}/events{{/privacy}}",
        "type": "User",
        "user_view_type": "public",
        "site_admin": False,
    }


def render_user(root: str, account: GithubAccount, now: datetime) -> dict[str, Any]:
    return minimal_user(root, account.login, account.user_id) | {
        "name": account.name,
        "company": account.company,
        "blog": account.blog,
        "location": account.location,
        "email": None,
        "hireable": None,
        "bio": account.bio,
        "twitter_username": account.twitter_username,
        "public_repos": len(account.repos),
        "public_gists": 0,
        "followers": account.followers,
        "following": account.following,
        "created_at": _iso(account.created_at),
        "updated_at": _iso(now),
    }


def render_repo(root: str, repo: SandboxRepo, owner_id: int) -> dict[str, Any]:
    full = f"{repo.owner}/{repo.name}"
    return {
        "id": repo.repo_id,
        "node_id": _node_id("R", repo.repo_id),
        "name": repo.name,
        "full_name": full,
        "private": False,
        "owner": minimal_user(root, repo.owner, owner_id),
        "html_url": f"https://github.com/{full}",
        "description": repo.description,
        "fork": False,
        "url": f"{root}/repos/{full}",
        "contributors_url": f"{root}/repos/{full}/contributors",
        "events_url": f"{root}/repos/{full}/events",
        "created_at": _iso(repo.created_at),
        "updated_at": _iso(repo.pushed_at),
        "pushed_at": _iso(repo.pushed_at),
        "homepage": None,
        "size": 100 + _stable_int(full, 50_000),
        "stargazers_count": repo.stars,
        "watchers_count": repo.stars,
        "language": repo.language,
        "forks_count": repo.forks,
        "open_issues_count": _stable_int(full, 40),
        "topics": list(repo.topics),
        "visibility": "public",
        "forks": repo.forks,
        "open_issues": _stable_int(full, 40),
        "watchers": repo.stars,
        "default_branch": "main",
        "license": None,
    }


def _not_found() -> JSONResponse:
    return JSONResponse(
        status_code=404, content={"message": "Not Found", "documentation_url": _DOCS, "status": "404"}
    )


def _paged(request: Request, items: list[Any], headers: dict[str, str]) -> JSONResponse:
    """One page of ``items`` with GitHub's ``Link`` header (next, last, first, prev)."""
    params = dict(request.query_params)
    try:
        per_page = max(1, min(MAX_PER_PAGE, int(params.get("per_page", 30))))
        page = max(1, int(params.get("page", 1)))
    except ValueError:
        return JSONResponse(status_code=422, content={"message": "Validation Failed", "status": "422"})
    last = max(1, -(-len(items) // per_page))
    base = str(request.url.replace(query=""))

    def link(number: int, rel: str) -> str:
        return f'<{base}?{urlencode(params | {"page": number, "per_page": per_page})}>; rel="{rel}"'

    rels = []
    if page > 1:
        rels += [link(page - 1, "prev"), link(1, "first")]
    if page < last:
        rels += [link(page + 1, "next"), link(last, "last")]
    if rels:
        headers = headers | {"Link": ", ".join(rels)}
    return JSONResponse(content=items[(page - 1) * per_page : page * per_page], headers=headers)


def build_router(world: World | LiveWorld, limits: SandboxLimits | None = None) -> APIRouter:
    """Routes over ``world`` (read only; a live world as of its clock); rate-limit counters live here."""
    limits = limits or SandboxLimits()
    windows = RateWindows(limits.clock)
    current = world_reader(world)
    router = APIRouter()

    def guard(request: Request) -> tuple[dict[str, str], JSONResponse | None]:
        token = bearer_of(request.headers.get("authorization"))
        if token is not None and token.startswith(REVOKED_TOKEN_PREFIX):
            return {}, JSONResponse(
                status_code=401,
                content={"message": "Bad credentials", "documentation_url": _DOCS, "status": "401"},
            )
        limit = limits.github_core if token else limits.github_anonymous
        quota = windows.take(token or "anonymous", "core", limit, limits.github_window_s)
        headers = {
            "x-ratelimit-limit": str(quota.limit),
            "x-ratelimit-remaining": str(quota.remaining),
            "x-ratelimit-reset": str(quota.reset),
            "x-ratelimit-used": str(quota.used),
            "x-ratelimit-resource": "core",
        }
        if quota.allowed:
            return headers, None
        return headers, JSONResponse(
            status_code=403,
            headers=headers,
            content={
                "message": "API rate limit exceeded for this token.",
                "documentation_url": _DOCS + "/overview/rate-limits-for-the-rest-api",
                "status": "403",
            },
        )

    @router.get("/users/{login}")
    async def user(request: Request, login: str) -> JSONResponse:
        headers, refused = guard(request)
        world = current()
        account = world.github_by_login.get(login.lower())
        if refused or account is None:
            return refused or _not_found()
        root = _api_root(request, f"/users/{login}")
        return JSONResponse(content=render_user(root, account, world.now), headers=headers)

    @router.get("/users/{login}/repos")
    async def user_repos(request: Request, login: str) -> JSONResponse:
        headers, refused = guard(request)
        world = current()
        account = world.github_by_login.get(login.lower())
        if refused or account is None:
            return refused or _not_found()
        root = _api_root(request, f"/users/{login}/repos")
        repos = _sorted_repos(
            account.repos,
            request.query_params.get("sort", "full_name"),
            request.query_params.get("direction"),
        )
        return _paged(request, [render_repo(root, r, account.user_id) for r in repos], headers)

    @router.get("/users/{login}/events/public")
    @router.get("/users/{login}/events")
    async def user_events(request: Request, login: str) -> JSONResponse:
        headers, refused = guard(request)
        world = current()
        account = world.github_by_login.get(login.lower())
        if refused or account is None:
            return refused or _not_found()
        root = _api_root(request, request.url.path[request.url.path.rindex(f"/users/{login}") :])
        return _paged(request, _events(root, account, world.now), headers)

    @router.get("/repos/{owner}/{name}")
    async def repo(request: Request, owner: str, name: str) -> JSONResponse:
        headers, refused = guard(request)
        world = current()
        found = world.repos_by_full_name.get(f"{owner}/{name}".lower())
        if refused or found is None:
            return refused or _not_found()
        root = _api_root(request, f"/repos/{owner}/{name}")
        return JSONResponse(content=render_repo(root, found, _owner_id(world, found)), headers=headers)

    @router.get("/repos/{owner}/{name}/contributors")
    async def contributors(request: Request, owner: str, name: str) -> JSONResponse:
        headers, refused = guard(request)
        world = current()
        found = world.repos_by_full_name.get(f"{owner}/{name}".lower())
        if refused or found is None:
            return refused or _not_found()
        root = _api_root(request, f"/repos/{owner}/{name}/contributors")
        return _paged(request, _contributors(root, world, found), headers)

    @router.get("/rate_limit")
    async def rate_limit(request: Request) -> JSONResponse:
        token = bearer_of(request.headers.get("authorization"))
        limit = limits.github_core if token else limits.github_anonymous
        quota = windows.take(token or "anonymous", "core", 0, limits.github_window_s)  # reading is free
        used = max(0, quota.used)
        core = {"limit": limit, "remaining": max(0, limit - used), "reset": quota.reset, "used": used}
        return JSONResponse(content={"resources": {"core": core}, "rate": core})

    return router


def _sorted_repos(repos: list[SandboxRepo], sort: str, direction: str | None) -> list[SandboxRepo]:
    keys = {
        "created": lambda r: r.created_at,
        "updated": lambda r: r.pushed_at,
        "pushed": lambda r: r.pushed_at,
        "full_name": lambda r: r.name.lower(),
    }
    key = keys.get(sort, keys["full_name"])
    descending = (direction or ("asc" if sort == "full_name" else "desc")) == "desc"
    return sorted(repos, key=key, reverse=descending)


def _owner_id(world: World, repo: SandboxRepo) -> int:
    owner = world.github_by_login.get(repo.owner.lower())
    return owner.user_id if owner else _stable_int(repo.owner, 10**8)


def _contributors(root: str, world: World, repo: SandboxRepo) -> list[dict[str, Any]]:
    people = []
    for rank, login in enumerate(repo.contributors):
        account = world.github_by_login.get(login.lower())
        user_id = account.user_id if account else _stable_int(login, 10**8)
        commits = max(1, 400 // (rank + 1) - _stable_int(f"{repo.repo_id}/{login}", 7))
        people.append(
            minimal_user(root, account.login if account else login, user_id) | {"contributions": commits}
        )
    return people


def _events(root: str, account: GithubAccount, now: datetime) -> list[dict[str, Any]]:
    """Public events, newest first: a PushEvent per push day, CreateEvents for repos made in 90 days."""
    actor = {
        "id": account.user_id,
        "login": account.login,
        "display_login": account.login,
        "gravatar_id": "",
        "url": f"{root}/users/{account.login}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{account.user_id}?",
    }
    repos = sorted(account.repos, key=lambda r: r.pushed_at, reverse=True)
    events: list[tuple[datetime, dict[str, Any]]] = []
    for index, when in enumerate(sorted(account.push_days, reverse=True)):
        if not repos:
            break
        repo = repos[index % len(repos)]
        events.append(
            (
                when,
                _event(
                    "PushEvent",
                    when,
                    actor,
                    root,
                    repo,
                    {
                        "repository_id": repo.repo_id,
                        "push_id": _stable_int(f"{repo.repo_id}{when}", 10**10),
                        "size": 1,
                        "distinct_size": 1,
                        "ref": "refs/heads/main",
                        "head": hashlib.sha1(f"{repo.name}{when}".encode()).hexdigest(),
                        "before": hashlib.sha1(f"{repo.name}{when}-".encode()).hexdigest(),
                    },
                ),
            )
        )
    for repo in repos:
        if repo.created_at >= now - timedelta(days=90):
            events.append(
                (
                    repo.created_at,
                    _event(
                        "CreateEvent",
                        repo.created_at,
                        actor,
                        root,
                        repo,
                        {
                            "ref": None,
                            "ref_type": "repository",
                            "master_branch": "main",
                            "description": repo.description,
                            "pusher_type": "user",
                        },
                    ),
                )
            )
    events.sort(key=lambda pair: pair[0], reverse=True)
    return [event for _, event in events]


def _event(
    kind: str, when: datetime, actor: dict[str, Any], root: str, repo: SandboxRepo, payload: dict[str, Any]
) -> dict[str, Any]:
    full = f"{repo.owner}/{repo.name}"
    return {
        "id": str(_stable_int(f"{kind}{full}{when}", 10**11)),
        "type": kind,
        "actor": actor,
        "repo": {"id": repo.repo_id, "name": full, "url": f"{root}/repos/{full}"},
        "payload": payload,
        "public": True,
        "created_at": _iso(when),
    }
