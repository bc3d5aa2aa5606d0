"""GitHub REST v3 adapter through PyGithub (imported lazily), its sync calls run in a thread.

One raw payload per person keeps the bodies as GitHub returned them::

    {"user": <GET /users/{login}>, "repos": <first page of GET /users/{login}/repos?sort=pushed>,
     "events": <first page of GET /users/{login}/events/public>}

``normalize`` also accepts a bare ``/users/{login}`` body. ``blog`` is untrusted free text: only a
plain host name becomes the website; anything else (``${jndi:ldap://...}``) stays in the raw payload.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from scout_core.errors import InvalidHandleError, ParseError
from scout_core.handles import clean_handle
from scout_core.schema import EnrichmentQuality, ExtractedLink, InternalProfile, LinkedProfile, RawPayload
from scout_core.settings import Settings
from scout_core.sources.base import Source
from scout_core.sources.fields import FieldReader
from scout_core.sources.http import USER_AGENT, error_for_status, transport_error
from scout_core.sources.links import classify_url, safe_website

T = TypeVar("T")
MAX_KEYWORDS = 20
MAX_SIGNALS = 10


class GithubSource(Source):
    name = "github"
    platform = "github"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._github: Any = None

    def _client(self) -> Any:
        if self._github is None:
            from github import Auth, Github  # heavy: only when GitHub is actually used

            cfg = self.settings.github
            token = cfg.token.get_secret_value() if cfg.token else None
            # No retries or sleeps inside PyGithub: Scout's own retry policy and rate limiter decide.
            self._github = Github(auth=Auth.Token(token) if token else None, base_url=cfg.base_url,
                                  timeout=int(max(1, cfg.timeout_s)), user_agent=USER_AGENT, retry=None,
                                  seconds_between_requests=None, seconds_between_writes=None, lazy=True)
        return self._github

    async def _call(self, handle: str | None, work: Callable[[], T]) -> T:
        """Run one blocking PyGithub call in a thread, translating its exceptions at this boundary."""
        return await asyncio.to_thread(self._translated, handle, work)

    def _translated(self, handle: str | None, work: Callable[[], T]) -> T:
        import requests
        from github import GithubException

        try:
            return work()
        except GithubException as exc:
            detail = str((exc.data or {}).get("message", "")) if isinstance(exc.data, dict) else str(exc.data)
            error = error_for_status(exc.status, exc.headers or {}, source=self.name, handle=handle,
                                     detail=detail)
            raise (error or ParseError(str(exc), source=self.name, handle=handle)) from exc
        except requests.RequestException as exc:
            raise transport_error(exc, source=self.name, handle=handle) from exc

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        _, body = self._client().requester.requestJsonAndCheck("GET", path, parameters=params)
        return body

    async def fetch_profile(self, handle: str) -> RawPayload:
        login = clean_handle("github", handle)
        user = await self._call(login, lambda: self._get(f"/users/{login}"))
        repos = await self._call(login, lambda: self._get(f"/users/{login}/repos",
                                                          {"sort": "pushed", "type": "owner"}))
        events = await self._call(login, lambda: self._get(f"/users/{login}/events/public"))
        return RawPayload(source=self.name, handle=str(user.get("login") or login),
                          body={"user": user, "repos": repos, "events": events}, meta={"requests": 3})

    async def contributors(self, full_name: str, limit: int = 100) -> list[str]:
        """Logins of a repository's contributors (for recursive discovery), following Link pagination."""
        def work() -> list[str]:
            users = self._client().get_repo(full_name).get_contributors()
            return [u.login for _, u in zip(range(limit), users, strict=False)]

        return await self._call(full_name, work)

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        return [normalize_body(raw.body, handle=raw.handle, fetched_at=raw.fetched_at)]

    async def aclose(self) -> None:
        if self._github is not None:
            await asyncio.to_thread(self._github.close)
            self._github = None


def normalize_body(body: Any, *, handle: str | None = None,
                   fetched_at: datetime | None = None) -> InternalProfile:
    """One GitHub user (bare ``/users/{login}`` body or the adapter's stored shape) as a profile."""
    read = FieldReader("github", handle)
    body = read.obj(body, "body")
    stored = "user" in body and "login" not in body
    user = read.obj(body["user"], "body.user") if stored else body
    path = "body.user" if stored else "body"
    read = FieldReader("github", str(user.get("login") or handle or ""))
    repos = _objects(body.get("repos"), "body.repos", read) if stored else []
    events = _objects(body.get("events"), "body.events", read) if stored else []
    website = safe_website(read.optional_str(user, "blog", path))
    return read.profile(
        path,
        source_id=read.required_str(user, "id", path),
        source_platform="github",
        handle=_login(user, path, read),
        display_name=read.optional_str(user, "name", path),
        bio=read.optional_str(user, "bio", path),
        website=website,
        location=read.optional_str(user, "location", path),
        created_at=read.timestamp(user, "created_at", path),
        avatar_url=read.optional_str(user, "avatar_url", path),
        linked_profiles=_linked(user, website, path, read),
        followers_count=read.count(user, "followers", path),
        following_count=read.count(user, "following", path),
        content_count=read.count(user, "public_repos", path),
        extracted_links=_repo_links(repos, website),
        technical_keywords=_keywords(repos),
        shipping_signals=_signals(repos, events),
        enrichment_quality=EnrichmentQuality.FULL if stored and body.get("repos") is not None
        else EnrichmentQuality.PARTIAL,
        last_enriched_at=fetched_at,
        enriched_by="github",
    )


def _objects(value: Any, field: str, read: FieldReader) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise read.fail(f"expected a list, got {type(value).__name__}", field)
    return [read.obj(item, f"{field}[{i}]") for i, item in enumerate(value)]


def _login(user: dict[str, Any], path: str, read: FieldReader) -> str:
    raw = read.required_str(user, "login", path)
    try:
        return clean_handle("github", raw)
    except InvalidHandleError as exc:
        raise read.fail(f"invalid GitHub login {raw!r:.60}: {exc.reason}", f"{path}.login") from exc


def _linked(user: dict[str, Any], website: str | None, path: str, read: FieldReader) -> list[LinkedProfile]:
    linked: list[LinkedProfile] = []
    twitter = read.optional_str(user, "twitter_username", path)
    if twitter:
        try:
            handle = clean_handle("x", twitter)
            linked.append(LinkedProfile(platform="x", handle=handle, url=f"https://x.com/{handle}"))
        except InvalidHandleError as exc:
            raise read.fail(f"invalid twitter_username {twitter!r:.60}", f"{path}.twitter_username") from exc
    ref = classify_url(website) if website else None
    if ref and ref.kind == "profile" and ref.platform != "github":
        if not any(p.platform == ref.platform and p.handle.lower() == ref.handle.lower() for p in linked):
            linked.append(LinkedProfile(platform=ref.platform, handle=ref.handle, url=website))
    return linked


def _repo_links(repos: list[dict[str, Any]], website: str | None) -> list[ExtractedLink]:
    links: dict[str, ExtractedLink] = {}
    if website:
        ref = classify_url(website)
        links[website] = ExtractedLink(url=website, kind=ref.kind if ref else "website", found_in="website")
    for repo in repos:
        name = repo.get("full_name") or repo.get("name")
        url = repo.get("html_url") or (f"https://github.com/{name}" if name else None)
        if isinstance(url, str) and url not in links:
            links[url] = ExtractedLink(url=url, display_url=name, kind="repo", found_in="profile")
        homepage = safe_website(repo.get("homepage") if isinstance(repo.get("homepage"), str) else None)
        if homepage and homepage not in links:
            ref = classify_url(homepage)
            kind = ref.kind if ref else "website"
            links[homepage] = ExtractedLink(url=homepage, kind=kind, found_in="repo")
    return list(links.values())


def _keywords(repos: list[dict[str, Any]]) -> list[str]:
    """Languages and topics of the person's own repositories, most frequent first."""
    counts: Counter[str] = Counter()
    for repo in repos:
        if repo.get("fork"):
            continue
        if isinstance(repo.get("language"), str):
            counts[repo["language"].lower()] += 1
        for topic in repo.get("topics") or []:
            if isinstance(topic, str):
                counts[topic.lower()] += 1
    return [word for word, _ in counts.most_common(MAX_KEYWORDS)]


def _signals(repos: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[str]:
    """Evidence of shipping: starred own repos, and recent pushes from the public event stream."""
    own = [r for r in repos if not r.get("fork")]
    starred = sorted(own, key=lambda r: -_stars(r))
    signals = [f"repo {r.get('full_name') or r.get('name')}: {_stars(r)} stars"
               for r in starred[:5] if _stars(r)]
    pushes = [e for e in events if e.get("type") == "PushEvent"]
    if pushes:
        repos_pushed = {str((e.get("repo") or {}).get("name")) for e in pushes}
        latest = max(str(e.get("created_at") or "") for e in pushes)
        signals.append(f"{len(pushes)} public pushes to {len(repos_pushed)} repos, latest {latest[:10]}")
    created = [e for e in events
               if e.get("type") == "CreateEvent" and (e.get("payload") or {}).get("ref_type") == "repository"]
    signals += [f"created repo {(e.get('repo') or {}).get('name')}" for e in created[:3]]
    return signals[:MAX_SIGNALS]


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0



def _stars(repo: dict[str, Any]) -> int:
    return _int(repo.get("stargazers_count", repo.get("watchers")))
