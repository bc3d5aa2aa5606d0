"""Product Hunt bodies → InternalProfile. Pure functions, tested on recorded and hand-built bodies.

Accepted shapes: a GraphQL v2 response ``{"data": {"user": {...}}}`` (what ``ProducthuntSource`` stores),
a bare v2 ``User`` object, a v1 (shut down) ``{"user": {...}}`` body in snake_case, and launches with their
makers, ``{"data": {"post": {..., "makers": [...]}}}`` or a ``posts`` connection (what ``discover`` reads):
each unredacted maker becomes a profile with those launches, and its ``twitterUsername`` a linked X profile.

Since 2023 the API redacts every user but the token's own: ``name``/``username``/``url`` are
``"[REDACTED]"``, ``id`` is ``"0"``, ``twitterUsername``/``websiteUrl``/``profileImage`` are null. A redacted
user is nobody: it never becomes a profile (``normalize_body`` returns ``[]`` and logs why).
URLs carry tracking: ``utm_*`` parameters are removed, and ``producthunt.com/r/<code>`` redirects (whose
destination only following them reveals) are not taken as anyone's website.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle
from scout_core.schema import EnrichmentQuality, ExtractedLink, InternalProfile, LinkedProfile
from scout_core.sources.fields import FieldReader
from scout_core.sources.links import classify_url, safe_website

SOURCE = "producthunt"
REDACTED = "[REDACTED]"
MAX_SIGNALS = 10
MAX_KEYWORDS = 20
_TRACKING_PARAMS = ("utm_", "ref")
log = logging.getLogger(__name__)


def is_redacted(user: Any) -> bool:
    """Whether the API hid who this user is (every user but the token's own since 2023)."""
    if not isinstance(user, dict):
        return False
    return REDACTED in (user.get("username"), user.get("name")) or str(user.get("id")) == "0"


def clean_url(url: Any) -> str | None:
    """A URL without tracking parameters; None for Product Hunt's own tracking redirects (``/r/<code>``)."""
    if not isinstance(url, str) or not url.strip() or url == REDACTED:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host == "producthunt.com" and parts.path.startswith("/r/"):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PARAMS)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def normalize_body(body: Any, *, handle: str | None = None,
                   fetched_at: datetime | None = None) -> list[InternalProfile]:
    """The user in the body as a profile (``[]`` when the API redacted them); for a post, or a ``posts``
    connection, each unredacted maker as a profile with the launches of theirs the body shows."""
    read = FieldReader(SOURCE, handle)
    obj = read.obj(body, "body")
    posts = _posts_of(obj, read)
    if posts is not None:
        return _makers(posts, read, fetched_at)
    user, path = _user_of(obj, read)
    if user is None:
        return []
    if is_redacted(user):
        log.info("producthunt: skipping a redacted user at %s (asked for %s): the API hides everyone but the "
                 "token's own user", path, handle)
        return []
    return [_profile(user, path, read, fetched_at)]


def _posts_of(body: dict[str, Any], read: FieldReader) -> list[tuple[dict[str, Any], str]] | None:
    """The posts of a ``{"data": {"post": ...}}`` or ``{"data": {"posts": {edges|nodes}}}`` body, with their
    paths; None when the body is not about posts."""
    data = body.get("data")
    if not isinstance(data, dict) or ("post" not in data and "posts" not in data) or "user" in data:
        return None
    if "post" in data:
        post = data["post"]
        return [] if post is None else [(read.obj(post, "body.data.post"), "body.data.post")]
    connection = data["posts"]
    if connection is None:
        return []
    connection = read.obj(connection, "body.data.posts")
    if isinstance(connection.get("edges"), list):
        found = []
        for i, edge in enumerate(connection["edges"]):
            node = read.obj(edge, f"body.data.posts.edges[{i}]").get("node")
            found.append((read.obj(node, f"body.data.posts.edges[{i}].node"), f"body.data.posts.edges[{i}].node"))
        return found
    if isinstance(connection.get("nodes"), list):
        return [(read.obj(n, f"body.data.posts.nodes[{i}]"), f"body.data.posts.nodes[{i}]")
                for i, n in enumerate(connection["nodes"])]
    raise read.fail("a posts connection without edges or nodes", "body.data.posts")


def _makers(posts: list[tuple[dict[str, Any], str]], read: FieldReader,
            fetched_at: datetime | None) -> list[InternalProfile]:
    """One profile per unredacted maker of the posts (in order of first appearance), with their launches."""
    makers: dict[str, tuple[dict[str, Any], str, list[dict[str, Any]]]] = {}
    redacted = 0
    for post, path in posts:
        listed = post.get("makers")
        if listed is None:
            continue
        if not isinstance(listed, list):
            raise read.fail(f"makers is {type(listed).__name__}, not a list", f"{path}.makers")
        for i, maker in enumerate(listed):
            maker = read.obj(maker, f"{path}.makers[{i}]")
            if is_redacted(maker):
                redacted += 1
                continue
            key = _username(maker, f"{path}.makers[{i}]", read).lower()
            makers.setdefault(key, (maker, f"{path}.makers[{i}]", []))[2].append(post)
    if redacted:
        log.info("producthunt: skipped %d redacted makers (the API hides everyone but the token's own user)",
                 redacted)
    return [_profile(maker, path, read, fetched_at, launches) for maker, path, launches in makers.values()]


def _user_of(body: dict[str, Any], read: FieldReader) -> tuple[dict[str, Any] | None, str]:
    if "data" in body or "errors" in body:
        data = body.get("data")
        if data is None:
            raise read.fail(f"GraphQL errors and no data: {str(body.get('errors'))[:200]}", "body.errors")
        data = read.obj(data, "body.data")
        if "user" not in data:
            raise read.fail("no user, post or posts in the response", "body.data.user")
        user = data["user"]
        return (read.obj(user, "body.data.user") if user is not None else None), "body.data.user"
    if "user" in body and isinstance(body["user"], dict):
        return body["user"], "body.user"  # v1
    return body, "body"


def _pick(user: dict[str, Any], *keys: str) -> Any:
    return next((user[k] for k in keys if user.get(k) is not None), None)


def _profile(user: dict[str, Any], path: str, read: FieldReader, fetched_at: datetime | None,
             launches: list[dict[str, Any]] | None = None) -> InternalProfile:
    """``launches``: the posts a post body shows this maker made (a user body lists its own madePosts)."""
    username = _username(user, path, read)
    read = FieldReader(SOURCE, username)
    posts = _made_posts(user, path, read) if launches is None else launches
    website = safe_website(clean_url(_pick(user, "websiteUrl", "website_url")))
    count_keys = ("madePosts", "maker_of_count")
    made = user.get("madePosts") if isinstance(user.get("madePosts"), dict) else {}
    return read.profile(
        path,
        source_id=read.required_str(user, "id", path),
        source_platform="producthunt",
        handle=username,
        display_name=read.optional_str(user, "name", path),
        bio=read.optional_str(user, "headline", path),
        website=website,
        created_at=read.timestamp(user, "createdAt" if "createdAt" in user else "created_at", path),
        avatar_url=_avatar(user),
        linked_profiles=_linked(user, website),
        followers_count=read.count(user, "followers_count", path),
        following_count=read.count(user, "followings_count", path),
        content_count=read.count(made, "totalCount", f"{path}.madePosts") if made
        else read.count(user, "maker_of_count", path),
        extracted_links=_links(website, posts),
        shipping_signals=_signals(posts),
        technical_keywords=_keywords(posts),
        enrichment_quality=EnrichmentQuality.FULL if any(k in user for k in count_keys)
        else EnrichmentQuality.PARTIAL,
        last_enriched_at=fetched_at,
        enriched_by=SOURCE,
    )


def _username(user: dict[str, Any], path: str, read: FieldReader) -> str:
    raw = read.required_str(user, "username", path)
    try:
        return clean_handle("producthunt", raw)
    except InvalidHandleError as exc:
        raise read.fail(f"invalid Product Hunt username {raw!r:.60}: {exc.reason}", f"{path}.username") from exc


def _avatar(user: dict[str, Any]) -> str | None:
    image = _pick(user, "profileImage", "image_url")
    if isinstance(image, dict):  # v1: sizes → URLs
        image = image.get("original") or next(iter(image.values()), None)
    return image if isinstance(image, str) and image.startswith(("http://", "https://")) else None


def _linked(user: dict[str, Any], website: str | None) -> list[LinkedProfile]:
    linked: dict[tuple[str, str], LinkedProfile] = {}
    twitter = _pick(user, "twitterUsername", "twitter_username")
    if isinstance(twitter, str) and twitter.strip():
        ref = classify_url(twitter) if "/" in twitter else None  # people paste profile URLs here too
        try:
            handle = ref.handle if ref and ref.platform == "x" else clean_handle("x", twitter)
            linked[("x", handle.lower())] = LinkedProfile(platform="x", handle=handle, url=f"https://x.com/{handle}")
        except InvalidHandleError:
            log.info("producthunt: ignoring twitterUsername %r of %s: not an X handle", twitter[:60],
                     user.get("username"))
    ref = classify_url(website) if website else None
    if ref and ref.kind == "profile" and ref.platform != "producthunt":
        linked.setdefault((ref.platform, ref.handle.lower()),
                          LinkedProfile(platform=ref.platform, handle=ref.handle, url=website))
    return list(linked.values())


def _made_posts(user: dict[str, Any], path: str, read: FieldReader) -> list[dict[str, Any]]:
    """Launches the user made: v2 ``madePosts`` (``edges[].node`` or ``nodes[]``), v1 ``maker_of``."""
    made = user.get("madePosts")
    if isinstance(made, dict):
        if isinstance(made.get("edges"), list):
            nodes = [read.obj(e, f"{path}.madePosts.edges[{i}]").get("node") for i, e in enumerate(made["edges"])]
            return [read.obj(n, f"{path}.madePosts.edges[{i}].node") for i, n in enumerate(nodes)]
        if isinstance(made.get("nodes"), list):
            return [read.obj(n, f"{path}.madePosts.nodes[{i}]") for i, n in enumerate(made["nodes"])]
        return []
    legacy = user.get("maker_of")
    return [read.obj(p, f"{path}.maker_of[{i}]") for i, p in enumerate(legacy)] if isinstance(legacy, list) else []


def launch_url(post: dict[str, Any]) -> str | None:
    url = clean_url(_pick(post, "url", "discussion_url"))
    if url is None and isinstance(post.get("slug"), str):
        url = f"https://www.producthunt.com/posts/{post['slug']}"
    return url


def _links(website: str | None, posts: list[dict[str, Any]]) -> list[ExtractedLink]:
    links: dict[str, ExtractedLink] = {}
    if website:
        ref = classify_url(website)
        links[website] = ExtractedLink(url=website, kind=ref.kind if ref else "website", found_in="website")
    for post in posts:
        url = launch_url(post)
        if url and url not in links:
            name = post.get("name") if isinstance(post.get("name"), str) else None
            links[url] = ExtractedLink(url=url, display_url=name, kind="launch", found_in="profile")
    return list(links.values())


def _signals(posts: list[dict[str, Any]]) -> list[str]:
    """Each launch with its date and reception, newest first."""
    def when(post: dict[str, Any]) -> str:
        return str(_pick(post, "featuredAt", "createdAt", "created_at") or "")

    signals = []
    for post in sorted(posts, key=when, reverse=True):
        votes, comments = _pick(post, "votesCount", "votes_count"), _pick(post, "commentsCount", "comments_count")
        featured = " (featured)" if post.get("featuredAt") or post.get("featured") else ""
        signals.append(f"launched {post.get('name')} on Product Hunt {when(post)[:10]}{featured}: "
                       f"{votes or 0} votes, {comments or 0} comments")
    return signals[:MAX_SIGNALS]


def _keywords(posts: list[dict[str, Any]]) -> list[str]:
    counts: Counter[str] = Counter()
    for post in posts:
        topics = post.get("topics") if isinstance(post.get("topics"), dict) else {}
        nodes = [e.get("node") for e in topics.get("edges") or [] if isinstance(e, dict)] + list(
            topics.get("nodes") or [])
        for node in nodes:
            if isinstance(node, dict) and isinstance(node.get("name"), str):
                counts[node["name"].lower()] += 1
    return [word for word, _ in counts.most_common(MAX_KEYWORDS)]
