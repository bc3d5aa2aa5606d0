"""World X accounts → apidojo/tweet-scraper dataset items, with the real items' quirks.

* one item per post, the profile embedded in ``author`` (camelCase: ``userName``, ``followers``,
  ``statusesCount``, ``isBlueVerified``, ``createdAt`` in Twitter's date format);
* for about half the accounts ``author.description`` is ``""`` and ``author.entities.url`` is ``{}``
  while the bio and website sit in ``author.profile_bio`` (always present, as in twitterapi.io captures);
* ids are strings (user ids above 2**53 included); ``viewCount`` is a string for about a third of posts;
* post text keeps t.co links, with ``entities.urls[].expanded_url`` and legacy ``user_mentions``
  (``screen_name``, ``id_str``, ``indices``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from scout_core.sandbox.model import SandboxPost, World, XAccount
from scout_core.sandbox.x_api_render import current_account, escape_text, linkify, mentioned_id

NO_RESULTS: dict[str, Any] = {"noResults": True}
_MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])")


def twitter_date(when: datetime) -> str:
    """``Tue Jun 02 20:12:29 +0000 2009`` (English names whatever the locale)."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{days[when.weekday()]} {months[when.month - 1]} {when:%d %H:%M:%S} +0000 {when.year}"


def _stable(value: str, modulo: int) -> int:
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:4], "big") % modulo


def bio_moved_to_profile_bio(account: XAccount) -> bool:
    """Whether this account's items show the quirk: empty ``description``, bio only in ``profile_bio``."""
    return _stable("profile_bio:" + account.user_id, 2) == 0


def view_count_as_string(post: SandboxPost) -> bool:
    return _stable("views:" + post.post_id, 3) == 0


def _legacy_urls(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"display_url": e["display_url"], "expanded_url": e["expanded_url"], "url": e["url"],
             "indices": [e["start"], e["end"]]} for e in entities]


def render_author(account: XAccount) -> dict[str, Any]:
    bio, bio_urls = linkify(account.bio)
    bio_entities = {"description": {"urls": _legacy_urls(bio_urls)}}
    if account.website:
        _, site = linkify(account.website)
        bio_entities["url"] = {"urls": _legacy_urls(site)}
    moved = bio_moved_to_profile_bio(account)
    return {
        "type": "user", "userName": account.handle, "url": f"https://x.com/{account.handle}",
        "twitterUrl": f"https://twitter.com/{account.handle}", "id": account.user_id, "name": account.name,
        "isVerified": False, "isBlueVerified": account.verified, "verifiedType": None,
        "profilePicture": account.avatar_url,
        "coverPicture": f"https://pbs.twimg.com/profile_banners/{account.user_id}/1700000000",
        "description": "" if moved else bio, "location": account.location, "followers": account.followers,
        "following": account.following, "status": "", "canDm": False, "canMediaTag": True,
        "createdAt": twitter_date(account.created_at),
        "entities": {"description": {"urls": []}, "url": {}} if moved else bio_entities,
        "fastFollowersCount": 0, "favouritesCount": account.tweet_count * 3, "hasCustomTimelines": True,
        "isTranslator": False, "mediaCount": account.tweet_count // 10, "statusesCount": account.tweet_count,
        "withheldInCountries": [], "affiliatesHighlightedLabel": {}, "possiblySensitive": False,
        "pinnedTweetIds": [], "profile_bio": {"description": bio, "entities": bio_entities},
        "isAutomated": False, "automatedBy": None,
    }


def render_tweet(post: SandboxPost, author: dict[str, Any], world: World) -> dict[str, Any]:
    text, urls = linkify(escape_text(post.text), post.urls)
    handle = author["userName"]
    mentions = _user_mentions(text, world, post.created_at)
    return {
        "type": "tweet", "id": post.post_id, "url": f"https://x.com/{handle}/status/{post.post_id}",
        "twitterUrl": f"https://twitter.com/{handle}/status/{post.post_id}", "text": text,
        "source": "Twitter Web App", "retweetCount": post.repost_count, "replyCount": post.reply_count,
        "likeCount": post.like_count, "quoteCount": post.repost_count // 4,
        "viewCount": str(post.view_count) if view_count_as_string(post) else post.view_count,
        "createdAt": twitter_date(post.created_at), "lang": "en", "bookmarkCount": post.like_count // 10,
        "isReply": False, "inReplyToId": None, "conversationId": post.post_id, "inReplyToUserId": None,
        "inReplyToUsername": None, "isRetweet": False, "isQuote": False, "author": author,
        "extendedEntities": {}, "card": None, "place": {},
        "entities": {"hashtags": [], "urls": _legacy_urls(urls), "user_mentions": mentions},
        "quoted_tweet": None, "retweeted_tweet": None,
    }


def _user_mentions(text: str, world: World, at: datetime) -> list[dict[str, Any]]:
    """Legacy ``user_mentions``: only handles that resolve to an account (as of the post), with indices."""
    found = []
    for match in _MENTION_RE.finditer(text):
        user_id = mentioned_id(world, match.group(1), at)
        account = world.x_by_id.get(user_id) if user_id is not None else None
        if account is not None:
            found.append({"id_str": account.user_id, "indices": [match.start(), match.end()],
                          "name": account.name, "screen_name": match.group(1)})
    return found


def render_items(world: World, handles: list[str], max_items: int, sort: str = "Latest") -> list[dict[str, Any]]:
    """What the actor pushes for these handles: their posts (newest or top first), or one noResults item."""
    items: list[dict[str, Any]] = []
    for handle in handles:
        account = current_account(world, handle)
        if account is None or account.suspended:
            continue
        author = render_author(account)
        posts = sorted(account.posts, key=lambda p: (-p.like_count, p.post_id)) if sort == "Top" else account.posts
        items += [render_tweet(post, author, world) for post in posts]
    return items[:max_items] or [dict(NO_RESULTS)]
