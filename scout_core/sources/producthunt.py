"""Product Hunt adapter: GraphQL v2 over httpx (``POST {base}/v2/api/graphql``, bearer developer token).

``fetch_profile(username)`` asks for one user with the launches they made; the raw payload's body is
the GraphQL response as returned. ``discover(topic)`` lists the topic's newest launches with their
makers. Since 2023 the API redacts every user but the token's own (``"[REDACTED]"``, ``id`` ``"0"``):
a redacted user is never a profile nor a candidate, and ``fetch_profile`` says so with a
PermanentSourceError rather than storing nobody. Errors, HTTP or GraphQL, are translated here:

===================================================  ======================================
what happened                                        raised
===================================================  ======================================
429, or a ``rate_limit_reached`` GraphQL error       RateLimitedError (``reset_in`` seconds)
401 / ``invalid_oauth_token``                        ConfigurationError
5xx, timeout, connection error                       SourceUnavailableError
``"user": null``                                     NotFoundError
other GraphQL errors                                 PermanentSourceError
body that is not JSON, or not the documented shape   ParseError
===================================================  ======================================
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx

from scout_core.errors import (
    ConfigurationError,
    NotFoundError,
    ParseError,
    PermanentSourceError,
    RateLimitedError,
    ScoutError,
)
from scout_core.handles import clean_handle
from scout_core.schema import Candidate, InternalProfile, RawPayload
from scout_core.sources.http import error_for_status, parse_json, transport_error
from scout_core.sources.http_source import HttpSource
from scout_core.sources.producthunt_parse import is_redacted, normalize_body

GRAPHQL_PATH = "v2/api/graphql"
MADE_POSTS = 20
LAUNCHES = 20  # the API's page size cap
USER_QUERY = """
query ScoutUser($username: String!, $posts: Int!) {
  user(username: $username) {
    id name username headline twitterUsername websiteUrl url profileImage createdAt isMaker
    madePosts(first: $posts) {
      totalCount
      edges { node { id name tagline slug url website votesCount commentsCount createdAt featuredAt
                     topics(first: 5) { edges { node { name slug } } } } }
    }
  }
}
"""
LAUNCHES_QUERY = """
query ScoutLaunches($topic: String!, $first: Int!) {
  posts(topic: $topic, order: NEWEST, first: $first) {
    edges { node { id name tagline slug url website votesCount createdAt
                   makers { id name username headline twitterUsername websiteUrl url } } }
  }
}
"""
log = logging.getLogger(__name__)


def topic_slug(topic: str) -> str:
    """Product Hunt topic slugs: "AI agents" → "ai-agents"."""
    return re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-")


class ProducthuntSource(HttpSource):
    name = "producthunt"
    platform = "producthunt"
    credential_env = "SCOUT_PRODUCTHUNT__TOKEN"
    extra_headers = {"Accept": "application/json"}

    async def query(self, operation: str, query: str, variables: dict[str, Any],
                    handle: str | None = None) -> dict[str, Any]:
        """One GraphQL request; the body when it has ``data``, else the translated error."""
        try:
            response = await self.client().post(GRAPHQL_PATH, json={
                "query": query, "variables": variables, "operationName": operation})
        except httpx.HTTPError as exc:
            raise transport_error(exc, source=self.name, handle=handle) from exc
        body = _json_or_none(response)
        problem = _graphql_error(body, source=self.name, handle=handle)
        if isinstance(problem, RateLimitedError):
            raise problem
        if response.status_code == 429:
            raise RateLimitedError("HTTP 429", source=self.name, handle=handle,
                                   retry_after=_reset_in(response.headers, body))
        if response.status_code >= 400:
            raise problem if isinstance(problem, ConfigurationError) else error_for_status(
                response.status_code, {}, source=self.name, handle=handle, detail=response.text)
        if problem is not None and not _has_data(body):
            raise problem
        if not isinstance(body, dict):
            parse_json(response.content, source=self.name, handle=handle)  # raises ParseError naming the body
            raise ParseError(f"expected a JSON object, got {type(body).__name__}", source=self.name,
                             handle=handle, field="body")
        return body

    async def fetch_profile(self, handle: str) -> RawPayload:
        username = clean_handle("producthunt", handle)
        body = await self.query("ScoutUser", USER_QUERY, {"username": username, "posts": MADE_POSTS}, username)
        user = (body.get("data") or {}).get("user")
        if user is None:
            raise NotFoundError("no such user", source=self.name, handle=username)
        if is_redacted(user):
            raise PermanentSourceError("the API redacted this user (it shows only the token's own user since "
                                       "2023): not a profile", source=self.name, handle=username)
        return RawPayload(source=self.name, handle=str(user.get("username") or username), body=body,
                          meta={"requests": 1})

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        return normalize_body(raw.body, handle=raw.handle, fetched_at=raw.fetched_at)

    async def discover(self, topic: str) -> list[Candidate]:
        """Makers of the topic's newest launches who are not redacted, and the X accounts they name."""
        body = await self.query("ScoutLaunches", LAUNCHES_QUERY, {"topic": topic_slug(topic), "first": LAUNCHES})
        found: dict[str, Candidate] = {}
        redacted = 0
        for edge in ((body.get("data") or {}).get("posts") or {}).get("edges") or []:
            for maker in ((edge or {}).get("node") or {}).get("makers") or []:
                if is_redacted(maker):
                    redacted += 1
                    continue
                _add_maker(found, maker, topic)
        if redacted:
            log.info("producthunt: skipped %d redacted makers for topic %r (the API hides them)", redacted, topic)
        return list(found.values())



def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _has_data(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("data"), dict) and any(
        v is not None for v in body["data"].values())


def _reset_in(headers: httpx.Headers, body: Any) -> float | None:
    """Seconds until the window resets: the error's ``details.reset_in``, else X-Rate-Limit-Reset (seconds)."""
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors if isinstance(errors, list) else []:
        details = error.get("details") if isinstance(error, dict) else None
        if isinstance(details, dict) and isinstance(details.get("reset_in"), int | float):
            return float(details["reset_in"])
    value = headers.get("x-rate-limit-reset")
    return float(value) if value and value.replace(".", "", 1).isdigit() else None


def _graphql_error(body: Any, *, source: str, handle: str | None) -> ScoutError | None:
    """The first entry of a GraphQL ``errors`` list as a Scout error (None when there is none)."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not errors or not isinstance(errors, list):
        return None
    first = errors[0] if isinstance(errors[0], dict) else {"message": str(errors[0])}
    code = str(first.get("error") or (first.get("extensions") or {}).get("code") or "")
    message = str(first.get("message") or first.get("error_description") or code or first)[:200]
    if code == "rate_limit_reached" or "rate limit" in message.lower():
        return RateLimitedError(message, source=source, handle=handle, retry_after=_reset_in(httpx.Headers(), body))
    if code in ("invalid_oauth_token", "unauthorized") or "access token" in message.lower():
        return ConfigurationError(f"{source}: token rejected ({message}); check SCOUT_PRODUCTHUNT__TOKEN")
    if "not found" in message.lower():
        return NotFoundError(message, source=source, handle=handle)
    return PermanentSourceError(f"GraphQL error: {message}", source=source, handle=handle)


def _add_maker(found: dict[str, Candidate], maker: dict[str, Any], topic: str) -> None:
    try:
        candidate = Candidate(platform="producthunt", handle=str(maker.get("username")), discovered_via="search",
                              topic=topic, depth=0, priority=1.0)
    except ValueError:
        return  # not a valid Product Hunt username: nothing to enrich
    found.setdefault(candidate.key, candidate)
    twitter = maker.get("twitterUsername")
    if isinstance(twitter, str) and twitter.strip():
        try:
            x = Candidate(platform="x", handle=twitter, discovered_via="link", topic=topic,
                          parent=candidate.key, depth=1, priority=0.8)
        except ValueError:
            return
        found.setdefault(x.key, x)
