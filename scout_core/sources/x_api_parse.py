"""X API v2 bodies → InternalProfile records. Pure functions: no network, tested on recorded bodies.

Accepted shapes (a list of any of them is accepted too):

* what ``XApiSource`` stores: ``{"user": <users lookup body>, "tweets": <users/:id/tweets body>}``;
* a users lookup body as the API returns it: ``data`` is one user object or a list of them;
* a tweets or search body: tweets in ``data``, their authors in ``includes.users``.

Quirks handled (see the samples' REPORT): opt-in fields (no ``public_metrics`` unless asked),
``url`` that is ``""`` or a t.co link whose destination is in ``entities.url.urls[].expanded_url``,
t.co links inside the bio, bio mentions with a username only, duplicate user objects, ``&amp;`` in text,
ids as strings, ``verified_type``, and ``data`` + ``errors`` together in one 200.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

from scout_core.errors import InvalidHandleError, NotFoundError, ParseError
from scout_core.handles import clean_handle
from scout_core.schema import EnrichmentQuality, ExtractedLink, InternalProfile, LinkedProfile
from scout_core.sources.fields import FieldReader
from scout_core.sources.links import classify_url, linked_profiles_from, mentions_in

SOURCE = "x_api"
_TCO_HOSTS = ("https://t.co/", "http://t.co/")


def normalize_body(body: Any, *, handle: str | None = None,
                   fetched_at: datetime | None = None) -> list[InternalProfile]:
    """Every profile in one X API v2 body (or a list of bodies), deduplicated on the user id."""
    bodies = body if isinstance(body, list) else [body]
    profiles: dict[str, InternalProfile] = {}
    for index, one in enumerate(bodies):
        where = f"body[{index}]" if isinstance(body, list) else "body"
        for profile in _normalize_one(one, where, handle, fetched_at):
            profiles.setdefault(profile.source_id or profile.handle.lower(), profile)
    return list(profiles.values())


def _normalize_one(body: Any, where: str, handle: str | None,
                   fetched_at: datetime | None) -> list[InternalProfile]:
    read = FieldReader(SOURCE, handle)
    body = read.obj(body, where)
    if "user" in body and "data" not in body:
        return _from_stored(body, where, read, fetched_at)
    users, tweets = _users_and_tweets(body, where, read)
    if not users and not tweets:
        _raise_not_found(body, where, read)
        return []
    if not users:
        raise read.fail("tweets without their authors (ask for expansions=author_id)",
                        f"{where}.includes.users")
    by_author = _group_by_author(tweets)
    # Tweets in a search or lookup body are a sample, not the user's timeline: never FULL.
    return [
        _profile(user, path, by_author.get(str(user.get("id")), []), False, read, fetched_at)
        for path, user in _dedupe(users)
    ]


def _from_stored(body: dict[str, Any], where: str, read: FieldReader,
                 fetched_at: datetime | None) -> list[InternalProfile]:
    """The adapter's own shape: one user's lookup body next to that user's timeline body."""
    user_body = read.obj(body["user"], f"{where}.user")
    users, _ = _users_and_tweets(user_body, f"{where}.user", read)
    if not users:
        _raise_not_found(user_body, f"{where}.user", read)
        raise read.fail("no user object", f"{where}.user.data")
    timeline = body.get("tweets")
    tweets = _list(read.obj(timeline, f"{where}.tweets").get("data"), f"{where}.tweets.data", read) \
        if timeline is not None else []
    return [_profile(user, path, tweets, timeline is not None, read, fetched_at)
            for path, user in _dedupe(users)]


def _list(value: Any, field: str, read: FieldReader) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise read.fail(f"expected a list, got {type(value).__name__}", field)
    return value


def _users_and_tweets(body: dict[str, Any], where: str,
                      read: FieldReader) -> tuple[list[tuple[str, dict]], list[dict]]:
    """(path, user) pairs and tweets of a lookup, timeline or search body."""
    data = body.get("data")
    if isinstance(data, dict):  # single-user endpoints answer with one object, not a list
        paths, items = [f"{where}.data"], [data]
    else:
        items = _list(data, f"{where}.data", read)
        paths = [f"{where}.data[{i}]" for i in range(len(items))]
    items = [read.obj(item, path) for path, item in zip(paths, items, strict=True)]
    if items and all("username" in item for item in items):
        return list(zip(paths, items, strict=True)), []
    includes = read.obj(body.get("includes") or {}, f"{where}.includes")
    authors = _list(includes.get("users"), f"{where}.includes.users", read)
    users = [(f"{where}.includes.users[{i}]", read.obj(u, f"{where}.includes.users[{i}]"))
             for i, u in enumerate(authors)]
    return users, items


def _raise_not_found(body: dict[str, Any], where: str, read: FieldReader) -> None:
    """A body with only ``errors``: a not-found user is a NotFoundError, anything else a ParseError."""
    errors = body.get("errors")
    if not errors:
        return
    first = read.obj(errors[0], f"{where}.errors[0]") if isinstance(errors, list) else {}
    if first.get("title") == "Not Found Error":
        named = re.search(r"\[([^\]]+)\]", str(first.get("detail", "")))
        value = first.get("value") or first.get("resource_id") or (named and named.group(1)) or read.handle
        raise NotFoundError(str(first.get("detail", "not found")), source=SOURCE, handle=str(value))
    raise read.fail(f"API error: {str(first.get('detail') or first.get('title') or errors)[:200]}",
                    f"{where}.errors")


def _dedupe(users: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """The API repeats a user object once per time it was asked for; keep the first of each id."""
    seen: set[str] = set()
    unique = []
    for path, user in users:
        key = str(user.get("id"))
        if key not in seen:
            seen.add(key)
            unique.append((path, user))
    return unique


def _group_by_author(tweets: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for tweet in tweets:
        grouped.setdefault(str(tweet.get("author_id")), []).append(tweet)
    return grouped


def _profile(user: dict[str, Any], path: str, tweets: list[dict], has_posts: bool,
             read: FieldReader, fetched_at: datetime | None) -> InternalProfile:
    read = FieldReader(SOURCE, str(user.get("username") or read.handle or ""))
    handle = _handle(user, path, read)
    metrics = user.get("public_metrics")
    metrics = read.obj(metrics, f"{path}.public_metrics") if metrics is not None else None
    entities = read.obj(user.get("entities") or {}, f"{path}.entities")
    bio = _expand_tco(read.optional_str(user, "description", path), entities.get("description"))
    website = _website(user, entities, path, read)
    posts = [_post(t, f"{path}.tweets[{i}]", read) for i, t in enumerate(tweets)]
    return read.profile(
        path,
        source_id=read.required_str(user, "id", path),
        source_platform="x",
        handle=handle,
        display_name=read.optional_str(user, "name", path),
        bio=html.unescape(bio) if bio else None,
        website=website,
        location=read.optional_str(user, "location", path),
        created_at=read.timestamp(user, "created_at", path),
        verified=_verified(user),
        avatar_url=read.optional_str(user, "profile_image_url", path),
        linked_profiles=_linked_profiles(website, entities),
        followers_count=read.count(metrics, "followers_count", f"{path}.public_metrics"),
        following_count=read.count(metrics, "following_count", f"{path}.public_metrics"),
        content_count=read.count(metrics, "tweet_count", f"{path}.public_metrics"),
        recent_posts=posts,
        extracted_links=_extracted_links(website, entities, posts),
        enrichment_quality=_quality(metrics, has_posts),
        last_enriched_at=fetched_at,
        enriched_by=SOURCE,
    )


def _handle(user: dict[str, Any], path: str, read: FieldReader) -> str:
    raw = read.required_str(user, "username", path)
    try:
        return clean_handle("x", raw)
    except InvalidHandleError as exc:
        raise ParseError(f"invalid X username {raw!r:.60}: {exc.reason}", source=SOURCE, handle=raw[:60],
                         field=f"{path}.username") from exc


def _quality(metrics: dict | None, has_posts: bool) -> EnrichmentQuality:
    if metrics is None:
        return EnrichmentQuality.MINIMAL
    return EnrichmentQuality.FULL if has_posts else EnrichmentQuality.PARTIAL


def _verified(user: dict[str, Any]) -> bool | None:
    kind = user.get("verified_type")
    if isinstance(kind, str):
        return kind != "none"
    value = user.get("verified")
    return value if isinstance(value, bool) else None


def _url_entities(block: Any) -> list[dict]:
    urls = block.get("urls") if isinstance(block, dict) else None
    return [u for u in urls if isinstance(u, dict)] if isinstance(urls, list) else []


def _destination(entity: dict) -> str | None:
    value = entity.get("unwound_url") or entity.get("expanded_url")
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def _expand_tco(text: str | None, block: Any) -> str | None:
    """Replace t.co links by their destinations (by value, so offsets in any unit do not matter)."""
    if not text:
        return text
    for entity in _url_entities(block):
        short, target = entity.get("url"), _destination(entity)
        if isinstance(short, str) and short and target:
            text = text.replace(short, target)
    return text


def _website(user: dict[str, Any], entities: dict, path: str, read: FieldReader) -> str | None:
    url = read.optional_str(user, "url", path)
    if url is None:
        return None
    for entity in _url_entities(entities.get("url")):
        if entity.get("url") in (url, None) and _destination(entity):
            return _destination(entity)
    # A bare t.co link is a redirect, not the person's site; keep it only when it is the real thing.
    return None if url.startswith(_TCO_HOSTS) or not url.startswith(("http://", "https://")) else url


def _linked_profiles(website: str | None, entities: dict) -> list[LinkedProfile]:
    bio = [d for e in _url_entities(entities.get("description")) if (d := _destination(e))]
    return linked_profiles_from(([website] if website else []) + bio)


def _extracted_links(website: str | None, entities: dict, posts: list[dict]) -> list[ExtractedLink]:
    found: list[tuple[str, str]] = [(website, "website")] if website else []
    found += [(d, "bio") for e in _url_entities(entities.get("description")) if (d := _destination(e))]
    mentions = entities.get("description", {}).get("mentions") if isinstance(entities.get("description"),
                                                                              dict) else None
    for mention in mentions if isinstance(mentions, list) else []:
        if isinstance(mention, dict) and isinstance(mention.get("username"), str):
            found.append((f"https://x.com/{mention['username']}", "bio"))
    found += [(url, "post") for post in posts for url in post["urls"]]
    links: dict[str, ExtractedLink] = {}
    for url, where in found:
        ref = classify_url(url)
        kind = ref.kind if ref else ("website" if where == "website" else "other")
        links.setdefault(url, ExtractedLink(url=url, kind=kind, found_in=where))
    return list(links.values())


def _post(tweet: Any, path: str, read: FieldReader) -> dict[str, Any]:
    """A post's fields; the profile validates them, so a bad one names ``recent_posts.<i>.<field>``."""
    tweet = read.obj(tweet, path)
    entities = read.obj(tweet.get("entities") or {}, f"{path}.entities")
    metrics = tweet.get("public_metrics") or {}
    text = html.unescape(tweet.get("text") or "")
    mentions = [m["username"] for m in entities.get("mentions") or []
                if isinstance(m, dict) and isinstance(m.get("username"), str)]
    return dict(
        post_id=read.required_str(tweet, "id", path),
        text=text,
        created_at=read.timestamp(tweet, "created_at", path),
        like_count=read.count(metrics, "like_count", f"{path}.public_metrics"),
        reply_count=read.count(metrics, "reply_count", f"{path}.public_metrics"),
        repost_count=read.count(metrics, "retweet_count", f"{path}.public_metrics"),
        view_count=read.count(metrics, "impression_count", f"{path}.public_metrics"),
        mentions=mentions if "mentions" in entities else mentions_in(text),
        urls=[d for e in _url_entities(entities) if (d := _destination(e))],
    )
