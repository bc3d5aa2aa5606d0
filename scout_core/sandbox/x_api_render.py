"""World records → X API v2 JSON, with the real service's quirks.

* fields are opt-in: a user has ``id``, ``name``, ``username`` unless ``user.fields`` asks for more;
* ids are strings; ``url`` is ``""`` without a website, else a t.co link whose destination is in
  ``entities.url.urls[].expanded_url``; links in bios and posts become t.co links with entities;
* entity offsets are Unicode code points into the text as served (start inclusive, end exclusive,
  mentions include the ``@``); bio mentions carry ``username`` only, post mentions ``username`` and ``id``;
* post text carries HTML entities (``&amp;``, ``&lt;``, ``&gt;``); ``location`` is absent when empty and
  ``entities`` when there is nothing to annotate.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from scout_core.sandbox.model import SandboxPost, World, XAccount

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Links X auto-links: with a scheme, or a bare host on a common TLD followed by a path.
_LINK_RE = re.compile(
    r"https?://[^\s<>\"]+|(?<![\w@./])(?:[a-z0-9-]+\.)+(?:com|co|ai|io|dev|org|net|app|so|sh|xyz)/[^\s<>\"]*",
    re.IGNORECASE,
)
_MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])")
_HASHTAG_RE = re.compile(r"(?<![\w&])#(\w{1,100})")
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|#\d+);)")


def tco(url: str) -> str:
    """A deterministic t.co link for a destination."""
    number = int.from_bytes(hashlib.sha256(url.encode()).digest()[:8], "big")
    code = ""
    for _ in range(10):
        number, digit = divmod(number, 62)
        code += _ALPHABET[digit]
    return f"https://t.co/{code}"


def display_url(url: str) -> str:
    shown = re.sub(r"^https?://(www\.)?", "", url)
    return shown if len(shown) <= 26 else shown[:25] + "…"


def x_time(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def escape_text(text: str) -> str:
    """X's entity escaping, idempotent on text that already carries ``&amp;``."""
    return _BARE_AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def linkify(text: str, targets: list[str] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Replace links by t.co ones; return the new text and url entities with code-point offsets.

    ``targets`` are the known destinations of a post, in order; links missing from the text are
    appended, as X appends the card link.
    """
    out, entities, cursor = "", [], 0
    for match in _LINK_RE.finditer(text):
        raw = match.group(0).rstrip(".,;:!?)")
        expanded = raw if raw.lower().startswith(("http://", "https://")) else "http://" + raw
        out += text[cursor : match.start()]
        entities.append(_url_entity(len(out), expanded))
        out += entities[-1]["url"]
        cursor = match.start() + len(raw)
    out += text[cursor:]
    for target in targets or []:
        if not any(e["expanded_url"] == target for e in entities):
            out += " "
            entities.append(_url_entity(len(out), target))
            out += entities[-1]["url"]
    return out, entities


def _url_entity(start: int, expanded: str) -> dict[str, Any]:
    short = tco(expanded)
    return {
        "start": start,
        "end": start + len(short),
        "url": short,
        "expanded_url": expanded,
        "display_url": display_url(expanded),
    }


def _mentions(text: str, world: World | None, at: datetime | None = None) -> list[dict[str, Any]]:
    found = []
    for match in _MENTION_RE.finditer(text):
        entity: dict[str, Any] = {"start": match.start(), "end": match.end(), "username": match.group(1)}
        if world is not None:  # post mentions resolve to a user id; unknown handles are not entities
            user_id = mentioned_id(world, match.group(1), at)
            if user_id is None:
                continue
            entity["id"] = user_id
        found.append(entity)
    return found


def mentioned_id(world: World, handle: str, at: datetime | None) -> str | None:
    """The id a mention of ``@handle`` made at ``at`` points to: X resolves a mention when it is posted,
    so a handle renamed or recycled since still points to whoever held it then."""
    if world.ledger is not None and at is not None:
        tenure = world.ledger.holder(handle, at)
        return tenure.user_id if tenure is not None else None
    account = current_account(world, handle)
    return account.user_id if account is not None else None


def _hashtags(text: str) -> list[dict[str, Any]]:
    return [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in _HASHTAG_RE.finditer(text)]


def current_account(world: World, handle: str) -> XAccount | None:
    """The account whose *current* handle this is (a renamed account's old handle finds nobody)."""
    account = world.x_by_handle.get(handle.lower())
    return account if account is not None and account.handle.lower() == handle.lower() else None


def render_user(account: XAccount, fields: set[str]) -> dict[str, Any]:
    user: dict[str, Any] = {"id": account.user_id, "name": account.name, "username": account.handle}
    description, desc_urls = linkify(account.bio)
    optional: dict[str, Any] = {
        "created_at": x_time(account.created_at),
        "description": description,
        "location": account.location or None,
        "profile_image_url": account.avatar_url,
        "protected": False,
        "public_metrics": {
            "followers_count": account.followers,
            "following_count": account.following,
            "tweet_count": account.tweet_count,
            "listed_count": account.followers // 40,
            "like_count": account.tweet_count * 3 + len(account.handle),
        },
        "url": tco(account.website) if account.website else "",
        "verified": account.verified,
        "verified_type": "blue" if account.verified else "none",
        "entities": _user_entities(account, description, desc_urls),
    }
    for name in fields:
        if name in optional and optional[name] is not None:
            user[name] = optional[name]
    return user


def _user_entities(account: XAccount, description: str, desc_urls: list[dict]) -> dict[str, Any] | None:
    entities: dict[str, Any] = {}
    if account.website:
        entities["url"] = {"urls": [_url_entity(0, account.website)]}
    block = {"urls": desc_urls, "mentions": _mentions(description, None), "hashtags": _hashtags(description)}
    block = {k: v for k, v in block.items() if v}
    if block:
        entities["description"] = block
    return entities or None


def render_tweet(post: SandboxPost, author: XAccount, fields: set[str], world: World) -> dict[str, Any]:
    text, urls = linkify(escape_text(post.text), post.urls)
    tweet: dict[str, Any] = {"id": post.post_id, "text": text, "edit_history_tweet_ids": [post.post_id]}
    entities = {"urls": urls, "mentions": _mentions(text, world, post.created_at), "hashtags": _hashtags(text)}
    optional: dict[str, Any] = {
        "author_id": author.user_id,
        "created_at": x_time(post.created_at),
        "conversation_id": post.post_id,
        "lang": "en",
        "public_metrics": {
            "retweet_count": post.repost_count,
            "reply_count": post.reply_count,
            "like_count": post.like_count,
            "quote_count": post.repost_count // 4,
            "bookmark_count": post.like_count // 10,
            "impression_count": post.view_count,
        },
        "entities": {k: v for k, v in entities.items() if v} or None,
    }
    for name in fields:
        if name in optional and optional[name] is not None:
            tweet[name] = optional[name]
    return tweet
