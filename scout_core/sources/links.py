"""URLs and text → which platform and handle they point at, shared by every normalizer and discovery.

``classify_url("https://github.com/ada/agentkit")`` → ``ProfileRef("github", "ada", kind="repo")``.
Reserved first path segments (``x.com/home``, ``github.com/topics``) are not people, and anything
that is not a valid handle on its platform is ignored rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle
from scout_core.schema import LinkedProfile

_X_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com"}
_X_RESERVED = {
    "home", "search", "explore", "i", "intent", "hashtag", "settings", "messages", "notifications",
    "login", "logout", "signup", "tos", "privacy", "share", "compose", "about", "download", "jobs",
    "account", "help", "who_to_follow", "lists", "topics", "communities", "premium", "verified",
}
_GITHUB_RESERVED = {
    "topics", "features", "marketplace", "explore", "settings", "login", "logout", "join", "signup",
    "pricing", "about", "sponsors", "collections", "trending", "search", "apps", "issues", "pulls",
    "notifications", "new", "enterprise", "site", "security", "customer-stories", "readme", "events",
    "codespaces", "team", "contact", "orgs", "organizations", "users", "blog", "resources", "solutions",
    "nonprofit", "education", "stars", "watching", "dashboard", "discussions", "github-copilot",
}
_HF_RESERVED = {
    "models", "datasets", "spaces", "docs", "blog", "papers", "pricing", "login", "join", "settings",
    "organizations", "new", "tasks", "learn", "chat", "enterprise", "posts", "collections", "api",
    "search", "welcome", "terms-of-service", "privacy", "inference-endpoints", "hub", "huggingchat",
}
_HF_REPO_KINDS = {"datasets": "dataset", "spaces": "space"}

_URL_RE = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
# An @handle not glued to a preceding word (so e-mail addresses are not mentions).
_MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])")
_HOST_RE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@dataclass(frozen=True)
class ProfileRef:
    """What a URL points at: a person on a platform, and whether the link is their profile or a work."""

    platform: str
    handle: str
    kind: str = "profile"  # profile | repo | model | dataset | space
    url: str = ""


def _host_and_parts(url: str) -> tuple[str, list[str]] | None:
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, [p for p in parts.path.split("/") if p]


def _valid(platform: str, handle: str) -> str | None:
    try:
        return clean_handle(platform, handle)
    except InvalidHandleError:
        return None


def classify_url(url: str) -> ProfileRef | None:
    """The person a URL belongs to on X, GitHub, Hugging Face or Product Hunt, if any."""
    split = _host_and_parts(url)
    if split is None or not split[1]:
        return None
    host, parts = split
    first = parts[0]
    if host in _X_HOSTS and first.lower() not in _X_RESERVED:
        return _ref("x", first, "profile", url)
    if host == "github.com" and first.lower() not in _GITHUB_RESERVED:
        return _ref("github", first, "repo" if len(parts) >= 2 else "profile", url)
    if host == "huggingface.co":
        return _classify_hf(parts, url)
    if host == "producthunt.com" and first.startswith("@"):
        return _ref("producthunt", first[1:], "profile", url)
    return None


def _classify_hf(parts: list[str], url: str) -> ProfileRef | None:
    first = parts[0]
    if first in _HF_REPO_KINDS and len(parts) >= 3:
        return _ref("huggingface", parts[1], _HF_REPO_KINDS[first], url)
    if first.lower() in _HF_RESERVED:
        return None
    return _ref("huggingface", first, "model" if len(parts) >= 2 else "profile", url)


def _ref(platform: str, handle: str, kind: str, url: str) -> ProfileRef | None:
    clean = _valid(platform, handle)
    return ProfileRef(platform, clean, kind, url) if clean else None


def linked_profiles_from(urls: list[str]) -> list[LinkedProfile]:
    """Profiles on other platforms that these URLs (a website, bio links) point at, one per account."""
    linked: dict[tuple[str, str], LinkedProfile] = {}
    for url in urls:
        ref = classify_url(url)
        if ref and ref.platform != "x" and ref.kind == "profile":
            linked.setdefault((ref.platform, ref.handle.lower()),
                              LinkedProfile(platform=ref.platform, handle=ref.handle, url=url))
    return list(linked.values())


def urls_in(text: str) -> list[str]:
    """http(s) URLs in free text, trailing punctuation removed, in order of appearance."""
    return [m.group(0).rstrip(".,;:!?") for m in _URL_RE.finditer(text or "")]


def mentions_in(text: str) -> list[str]:
    """@handles in free text (X rules), in order, without duplicates (case-insensitive)."""
    seen: dict[str, str] = {}
    for match in _MENTION_RE.finditer(text or ""):
        seen.setdefault(match.group(1).lower(), match.group(1))
    return list(seen.values())


def safe_website(text: str | None) -> str | None:
    """A free-text website field as a fetchable http(s) URL, or None when it is not one.

    GitHub's ``blog`` is untrusted text: it may lack a scheme, or hold things like a log4j
    ``${jndi:ldap://...}`` string. Only a plain host name (with optional path) becomes a link.
    """
    value = (text or "").strip()
    if not value or any(ch.isspace() for ch in value) or any(c in value for c in "${}<>\"'`\\"):
        return None
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not _HOST_RE.fullmatch(host):
        return None
    if parts.username or parts.password:
        return None
    return value
