"""Launches from the raw payloads the store keeps: GitHub repositories, Hugging Face models and Product
Hunt launches, each with the date it was made.

Only the builder's own work counts: forks and repositories owned by someone else are skipped. A payload
of a shape we do not know yields nothing (it cannot be a launch we can date), never an error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scout_core.store.analytics_records import Launch


def launches_of(canonical_id: str, profile_id: int, platform: str, handle: str,
                raw: dict[str, Any] | None) -> list[Launch]:
    """Every dated launch in one profile's stored payload."""
    body = raw.get("body") if isinstance(raw, dict) else None
    if not isinstance(body, dict):
        return []
    found = _READERS.get(platform, _nothing)(body, handle)
    return [Launch(canonical_id, profile_id, platform, kind, name[:500], url, at) for kind, name, url, at in found]


Found = list[tuple[str, str, str | None, datetime]]


def _github(body: dict[str, Any], handle: str) -> Found:
    found: Found = []
    for repo in _dicts(body.get("repos")):
        owner = (repo.get("owner") or {}).get("login") if isinstance(repo.get("owner"), dict) else None
        at = parse_time(repo.get("created_at"))
        if repo.get("fork") or at is None or (owner and str(owner).lower() != handle.lower()):
            continue
        found.append(("repo", str(repo.get("full_name") or repo.get("name") or ""), _str(repo.get("html_url")), at))
    return found


def _huggingface(body: dict[str, Any], handle: str) -> Found:
    found: Found = []
    for model in _dicts(body.get("models")):
        name = str(model.get("id") or model.get("modelId") or "")
        at = parse_time(model.get("createdAt") or model.get("created_at"))
        if not name or at is None or name.split("/")[0].lower() != handle.lower():
            continue
        found.append(("model", name, f"https://huggingface.co/{name}", at))
    return found


def _producthunt(body: dict[str, Any], handle: str) -> Found:
    user = ((body.get("data") or {}).get("user") or {}) if isinstance(body.get("data"), dict) else {}
    made = user.get("madePosts") if isinstance(user, dict) else None
    edges = made.get("edges") if isinstance(made, dict) else None
    found: Found = []
    for edge in _dicts(edges):
        post = edge.get("node")
        if not isinstance(post, dict):
            continue
        at = parse_time(post.get("createdAt") or post.get("featuredAt"))
        if at is not None:
            found.append(("launch", str(post.get("name") or post.get("slug") or ""), _str(post.get("url")), at))
    return found


def _nothing(body: dict[str, Any], handle: str) -> Found:
    return []


_READERS = {"github": _github, "huggingface": _huggingface, "producthunt": _producthunt}


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 time as an aware UTC datetime (None for anything else)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value[:2000] if isinstance(value, str) and value else None
