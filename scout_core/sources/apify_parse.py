"""Apify X-scraper dataset items → InternalProfile records. Pure functions, tested on recorded items.

``normalize_items`` takes the dataset items exactly as ``list_items`` returned them (a list), a single
item, or a webhook envelope ``{"tweets": [...]}``. Three item kinds are read:

* apidojo / twitterapi.io tweets: one item per post, the profile in ``author`` (camelCase);
* legacy tweets (Apify's own scraper, epctex): the profile in ``user`` with X v1.1 snake_case names;
* user items (apidojo user scraper, follower lists): the profile is the item itself.

Quirks handled (see the samples' REPORT): ``author.description`` can be ``""`` while the real bio and
website sit in ``author.profile_bio``; ``entities.url`` is often ``{}``; ``author.url`` is the X profile,
never the website; ``userName``/``username``/``screen_name``; ids as strings, or as numbers above 2^53
(exact as Python ints, rejected as floats that lost precision); ``viewCount`` as a string; Twitter-format
dates; ``following`` that is a boolean in follower items; ``{"noResults": true}`` placeholder items.
One profile per author id; when an author appears in several items the last item's counts win
(dataset order is capture order).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle
from scout_core.schema import EnrichmentQuality, ExtractedLink, InternalProfile, LinkedProfile
from scout_core.sources.fields import FieldReader
from scout_core.sources.links import classify_url, linked_profiles_from, mentions_in

SOURCE = "apify"
TWITTER_DATE = "%a %b %d %H:%M:%S %z %Y"  # "Tue Jun 02 20:12:29 +0000 2009"
_HANDLE_KEYS = ("userName", "username", "screen_name")
_ID_KEYS = ("id_str", "id", "userId", "rest_id")


def normalize_items(body: Any, *, handle: str | None = None,
                    fetched_at: datetime | None = None) -> list[InternalProfile]:
    """One profile per author in the items, with that author's posts, in order of first appearance."""
    read = FieldReader(SOURCE, handle)
    authors: dict[str, tuple[dict[str, Any], str]] = {}
    posts: dict[str, list[dict[str, Any]]] = {}
    for path, item in _items(body, read):
        found = _author_of(item, path, read)
        if found is None:
            continue
        author, author_path, is_post = found
        key = _author_id(author, author_path, read)
        authors[key] = (author, author_path)  # later items carry the later capture: their counts win
        posts.setdefault(key, [])
        if is_post:
            posts[key].append(_post(item, path, read))
    return [_profile(author, path, posts[key], read, fetched_at) for key, (author, path) in authors.items()]


def _items(body: Any, read: FieldReader) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(body, dict) and isinstance(body.get("tweets"), list):  # twitterapi.io webhook envelope
        return [(f"body.tweets[{i}]", read.obj(t, f"body.tweets[{i}]")) for i, t in enumerate(body["tweets"])]
    if isinstance(body, dict):
        return [("body", body)]
    if not isinstance(body, list):
        raise read.fail(f"expected a list of dataset items, got {type(body).__name__}", "body")
    return [(f"body[{i}]", read.obj(item, f"body[{i}]")) for i, item in enumerate(body)]


def _author_of(item: dict[str, Any], path: str, read: FieldReader) -> tuple[dict[str, Any], str, bool] | None:
    """(profile object, its path, whether the item is a post), or None for placeholder items."""
    if item.get("noResults") or item.get("error"):
        return None
    for key in ("author", "user"):
        if key in item:
            author = read.obj(item[key], f"{path}.{key}")
            if not any(author.get(k) is not None for k in _ID_KEYS) and item.get("user_id_str"):
                author = {**author, "id_str": item["user_id_str"]}  # epctex keeps the user id on the tweet
            return author, f"{path}.{key}", True
    if any(k in item for k in _HANDLE_KEYS):
        return item, path, False
    raise read.fail("item has no author, user or userName", path)


def _author_id(author: dict[str, Any], path: str, read: FieldReader) -> str:
    for key in _ID_KEYS:
        if author.get(key) is not None:
            return _id(author, key, path, read)
    return "@" + _handle(author, path, read).lower()


def _id(obj: dict[str, Any], key: str, path: str, read: FieldReader) -> str:
    value = obj.get(key)
    if isinstance(value, float):  # a JavaScript number: ids above 2**53 have already lost digits
        raise read.fail(f"id is a float ({value!r}); ids must be strings or exact integers", f"{path}.{key}")
    return read.required_str(obj, key, path)


def _handle(author: dict[str, Any], path: str, read: FieldReader) -> str:
    key = next((k for k in _HANDLE_KEYS if author.get(k) is not None), _HANDLE_KEYS[0])
    raw = read.required_str(author, key, path)
    try:
        return clean_handle("x", raw)
    except InvalidHandleError as exc:
        raise read.fail(f"invalid X handle {raw!r:.60}: {exc.reason}", f"{path}.{key}") from exc


def _count(obj: dict[str, Any], keys: tuple[str, ...], path: str, read: FieldReader) -> int | None:
    """The first count present under any of ``keys``; booleans (a follower item's ``following``) are not counts."""
    for key in keys:
        value = obj.get(key)
        if value is None or isinstance(value, bool):
            continue
        return read.count(obj, key, path)
    return None


def twitter_time(obj: dict[str, Any], keys: tuple[str, ...], path: str, read: FieldReader) -> datetime | None:
    """A Twitter-format date ("Tue Jun 02 20:12:29 +0000 2009") or an ISO one, under the first key present."""
    key = next((k for k in keys if obj.get(k) not in (None, "")), None)
    if key is None:
        return None
    value = obj[key]
    if isinstance(value, str):
        try:
            return datetime.strptime(value, TWITTER_DATE).astimezone(UTC)
        except ValueError:
            pass
    return read.timestamp(obj, key, path)


def _profile(author: dict[str, Any], path: str, posts: list[dict[str, Any]], read: FieldReader,
             fetched_at: datetime | None) -> InternalProfile:
    handle = _handle(author, path, read)
    read = FieldReader(SOURCE, handle)
    bio_block = _bio_block(author)
    bio = _expand_tco(html.unescape(bio_block["text"]), bio_block["urls"]) if bio_block["text"] else None
    website = _website(author)
    return read.profile(
        path,
        source_id=_author_id(author, path, read) if any(author.get(k) is not None for k in _ID_KEYS) else None,
        source_platform="x",
        handle=handle,
        display_name=read.optional_str(author, "name", path),
        bio=bio,
        website=website,
        location=read.optional_str(author, "location", path),
        created_at=twitter_time(author, ("createdAt", "created_at"), path, read),
        verified=_verified(author),
        avatar_url=_avatar(author),
        linked_profiles=_linked_profiles(website, bio_block["urls"]),
        followers_count=_count(author, ("followers", "followers_count", "followersCount"), path, read),
        following_count=_count(author, ("following", "friends_count", "friendCount", "followingCount"), path,
                               read),
        content_count=_count(author, ("statusesCount", "statuses_count"), path, read),
        recent_posts=posts,
        extracted_links=_extracted_links(website, bio_block["urls"], bio_block["mentions"], posts),
        enrichment_quality=EnrichmentQuality.FULL if posts else EnrichmentQuality.PARTIAL,
        last_enriched_at=fetched_at,
        enriched_by=SOURCE,
    )


def _bio_block(author: dict[str, Any]) -> dict[str, Any]:
    """Bio text with its url entities: ``description`` when set, else ``profile_bio`` (apidojo's quirk)."""
    profile_bio = author.get("profile_bio") if isinstance(author.get("profile_bio"), dict) else {}
    bio_entities = profile_bio.get("entities") if isinstance(profile_bio.get("entities"), dict) else {}
    entities = author.get("entities") if isinstance(author.get("entities"), dict) else {}
    text = author.get("description") if isinstance(author.get("description"), str) else ""
    if text.strip():
        urls = _url_entities(entities.get("description")) or _url_entities(bio_entities.get("description"))
    else:
        text = profile_bio.get("description") if isinstance(profile_bio.get("description"), str) else ""
        urls = _url_entities(bio_entities.get("description"))
    return {"text": text.strip(), "urls": urls, "mentions": mentions_in(text)}


def _url_entities(block: Any) -> list[dict[str, Any]]:
    urls = block.get("urls") if isinstance(block, dict) else None
    return [u for u in urls if isinstance(u, dict)] if isinstance(urls, list) else []


def _destination(entity: dict[str, Any]) -> str | None:
    value = entity.get("expanded_url") or entity.get("expandedUrl")
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def _expand_tco(text: str, entities: list[dict[str, Any]]) -> str:
    for entity in entities:
        short, target = entity.get("url"), _destination(entity)
        if isinstance(short, str) and short and target:
            text = text.replace(short, target)
    return text


def _website(author: dict[str, Any]) -> str | None:
    """The profile's website: only from url entities (``author.url`` is the X profile page itself)."""
    for holder in (author.get("profile_bio"), author):
        entities = holder.get("entities") if isinstance(holder, dict) else None
        block = entities.get("url") if isinstance(entities, dict) else None
        for entity in _url_entities(block):
            if target := _destination(entity):
                return target
    return None


def _verified(author: dict[str, Any]) -> bool | None:
    flags = [author.get(k) for k in ("isBlueVerified", "isVerified", "verified")]
    known = [f for f in flags if isinstance(f, bool)]
    return any(known) if known else None


def _avatar(author: dict[str, Any]) -> str | None:
    for key in ("profilePicture", "profile_image_url_https", "profileImageUrlHttps", "profile_image_url"):
        value = author.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


def _linked_profiles(website: str | None, bio_urls: list[dict[str, Any]]) -> list[LinkedProfile]:
    return linked_profiles_from(([website] if website else []) + [d for e in bio_urls if (d := _destination(e))])


def _extracted_links(website: str | None, bio_urls: list[dict[str, Any]], bio_mentions: list[str],
                     posts: list[dict[str, Any]]) -> list[ExtractedLink]:
    found: list[tuple[str, str]] = [(website, "website")] if website else []
    found += [(d, "bio") for e in bio_urls if (d := _destination(e))]
    found += [(f"https://x.com/{m}", "bio") for m in bio_mentions]
    found += [(url, "post") for post in posts for url in post["urls"]]
    links: dict[str, ExtractedLink] = {}
    for url, where in found:
        ref = classify_url(url)
        kind = ref.kind if ref else ("website" if where == "website" else "other")
        links.setdefault(url, ExtractedLink(url=url, kind=kind, found_in=where))
    return list(links.values())


def _post(item: dict[str, Any], path: str, read: FieldReader) -> dict[str, Any]:
    """A post's fields; camelCase (apidojo) or snake_case (legacy) names, url entities where either keeps them."""
    entities = item.get("entities") if isinstance(item.get("entities"), dict) else {}
    url_entities = _url_entities(entities) or _url_entities(item)  # pocesar keeps "urls" at the top level
    text = item.get("text") if isinstance(item.get("text"), str) else item.get("full_text")
    text = _expand_tco(html.unescape(text if isinstance(text, str) else ""), url_entities)
    mentions_raw = entities.get("user_mentions") if "user_mentions" in entities else item.get("user_mentions")
    mentions = [m["screen_name"] for m in mentions_raw or []
                if isinstance(m, dict) and isinstance(m.get("screen_name"), str)]
    id_key = next((k for k in ("id_str", "id") if item.get(k) is not None), "id")
    return dict(
        post_id=_id(item, id_key, path, read),
        text=text,
        created_at=twitter_time(item, ("createdAt", "created_at"), path, read),
        like_count=_count(item, ("likeCount", "favorite_count"), path, read),
        reply_count=_count(item, ("replyCount", "reply_count"), path, read),
        repost_count=_count(item, ("retweetCount", "retweet_count"), path, read),
        view_count=_count(item, ("viewCount", "views_count"), path, read),
        mentions=mentions if mentions_raw is not None else mentions_in(text),
        urls=[d for e in url_entities if (d := _destination(e))],
    )
