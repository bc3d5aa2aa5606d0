"""X API v2 adapter: bearer-token app auth over httpx, batched user lookups, timelines, recent search.

One raw payload per person keeps the bodies as the API returned them::

    {"user": {"data": <user object>}, "tweets": <GET /2/users/:id/tweets body, or null>}

``meta`` counts what X bills for (``user_reads``, ``post_reads``) so the cost ledger can price it.
A failed timeline call does not lose the profile: the payload keeps ``"tweets": null`` and says why
in ``meta["tweets_error"]`` (the profile then normalizes as PARTIAL).
"""

from __future__ import annotations

import asyncio
from typing import Any

from scout_core.errors import (
    InvalidHandleError,
    NotFoundError,
    PermanentSourceError,
    ScoutError,
    SourceError,
)
from scout_core.handles import clean_handle
from scout_core.schema import Candidate, InternalProfile, RawPayload
from scout_core.sources.http import request_json
from scout_core.sources.http_source import HttpSource
from scout_core.sources.x_api_parse import normalize_body

USER_FIELDS = ("created_at,description,entities,location,profile_image_url,public_metrics,url,verified,"
               "verified_type")
TWEET_FIELDS = "created_at,public_metrics,entities"
TIMELINE_SIZE = 20
SEARCH_SIZE = 50  # recent search accepts 10-100


class XApiSource(HttpSource):
    name = "x_api"
    platform = "x"
    credential_env = "SCOUT_X_API__BEARER_TOKEN"

    async def _get(self, path: str, params: dict[str, Any], handle: str | None = None) -> Any:
        body, _ = await request_json(self.client(), "GET", path, source=self.name, handle=handle,
                                     params=params)
        if not isinstance(body, dict):
            raise PermanentSourceError(f"unexpected body type {type(body).__name__}", source=self.name,
                                       handle=handle)
        return body

    async def fetch_profile(self, handle: str) -> RawPayload:
        outcome = (await self.fetch_many([handle]))[clean_handle("x", handle)]
        if isinstance(outcome, ScoutError):
            raise outcome
        return outcome

    async def fetch_profiles(self, handles: list[str]) -> list[RawPayload]:
        """Payloads for the handles that were found; use ``fetch_many`` to see why the others were not."""
        return [v for v in (await self.fetch_many(handles)).values() if isinstance(v, RawPayload)]

    async def fetch_many(self, handles: list[str]) -> dict[str, RawPayload | ScoutError]:
        """Each cleaned handle → its payload, or the error that is specific to it (not found, invalid).

        Errors that concern the whole call (rate limit, outage, bad token) are raised.
        """
        results: dict[str, RawPayload | ScoutError] = {}
        wanted: list[str] = []
        for handle in handles:
            try:
                wanted.append(clean_handle("x", handle))
            except InvalidHandleError as exc:
                results[str(handle)] = exc
        size = self.settings.x_api.users_per_request
        state: dict[str, Any] = {"tweets_error": None}
        for start in range(0, len(wanted), size):
            batch = list(dict.fromkeys(wanted[start:start + size]))
            results.update(await self._lookup_batch(batch, state))
        return results

    async def _lookup_batch(self, batch: list[str],
                            state: dict[str, Any]) -> dict[str, RawPayload | ScoutError]:
        body = await self._get("2/users/by", {"usernames": ",".join(batch), "user.fields": USER_FIELDS},
                               handle=batch[0] if len(batch) == 1 else None)
        users = {str(u.get("username", "")).lower(): u for u in body.get("data") or [] if isinstance(u, dict)}
        problems = _errors_by_value(body.get("errors"))
        results: dict[str, RawPayload | ScoutError] = {}
        found: list[tuple[str, dict[str, Any]]] = []
        for handle in batch:
            user = users.get(handle.lower())
            if user is None:
                results[handle] = self._missing(handle, problems.get(handle.lower()))
            else:
                found.append((handle, user))
        # The first timeline alone, then the rest at once: a spent window costs one 429, not ten,
        # and a healthy batch costs two round trips instead of one per profile.
        for handle, user in found[:1]:
            results[handle] = await self._with_timeline(handle, user, state)
        rest = await asyncio.gather(*(self._with_timeline(h, u, state) for h, u in found[1:]))
        results.update(zip((h for h, _ in found[1:]), rest, strict=True))
        return results

    def _missing(self, handle: str, problem: dict[str, Any] | None) -> SourceError:
        detail = str((problem or {}).get("detail") or "not in the users lookup response")
        if problem is None or problem.get("title") == "Not Found Error":
            return NotFoundError(detail, source=self.name, handle=handle)
        return PermanentSourceError(detail, source=self.name, handle=handle)

    async def _with_timeline(self, handle: str, user: dict[str, Any], state: dict[str, Any]) -> RawPayload:
        tweets: dict[str, Any] | None = None
        meta: dict[str, Any] = {"user_reads": 1, "post_reads": 0, "requests": 1}
        if state["tweets_error"] is None:
            try:
                tweets = await self._get(f"2/users/{user.get('id')}/tweets",
                                         {"max_results": TIMELINE_SIZE, "tweet.fields": TWEET_FIELDS}, handle)
                meta["requests"] += 1
                meta["post_reads"] = len(tweets.get("data") or [])
            except SourceError as exc:
                state["tweets_error"] = exc.kind  # one failed timeline call: skip the rest of this batch
        if state["tweets_error"] is not None:
            meta["tweets_error"] = state["tweets_error"]
        return RawPayload(source=self.name, handle=str(user.get("username") or handle),
                          body={"user": {"data": user}, "tweets": tweets}, meta=meta)

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        return normalize_body(raw.body, handle=raw.handle, fetched_at=raw.fetched_at)

    async def discover(self, topic: str) -> list[Candidate]:
        """Authors of recent posts on the topic, then the people they mention."""
        body = await self._get("2/tweets/search/recent", {
            "query": f"{topic} -is:retweet", "max_results": SEARCH_SIZE, "expansions": "author_id",
            "tweet.fields": TWEET_FIELDS + ",author_id", "user.fields": USER_FIELDS})
        users = (body.get("includes") or {}).get("users") or []
        authors = {str(u.get("id")): u.get("username") for u in users if isinstance(u, dict)}
        found: dict[str, Candidate] = {}
        for tweet in body.get("data") or []:
            author = authors.get(str(tweet.get("author_id")))
            _add(found, author, topic, "search", None)
            for mention in (tweet.get("entities") or {}).get("mentions") or []:
                _add(found, mention.get("username"), topic, "mention", f"x:{author}" if author else None)
        return list(found.values())



def _errors_by_value(errors: Any) -> dict[str, dict[str, Any]]:
    """The per-username problems of a partial response, keyed by the lower-cased username."""
    found: dict[str, dict[str, Any]] = {}
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict) and error.get("resource_type") == "user" and error.get("value"):
            found[str(error["value"]).lower()] = error
    return found


def _add(found: dict[str, Candidate], handle: Any, topic: str, via: str, parent: str | None) -> None:
    if not isinstance(handle, str):
        return
    try:
        candidate = Candidate(platform="x", handle=handle, discovered_via=via, topic=topic, parent=parent,
                              depth=0 if via == "search" else 1, priority=1.0 if via == "search" else 0.5)
    except ValueError:
        return  # not a valid X handle: nothing to enrich
    found.setdefault(candidate.key, candidate)
