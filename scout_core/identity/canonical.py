"""Canonical ids: the same person keeps one id across runs, renames and explicit cross-links.

Levels used here (the fuzzy levels come with full identity resolution):
1. the profile is already stored (same platform and source id, or same handle): reuse its id;
2. it declares another platform's profile that is stored (GitHub ``twitter_username``, a bio link):
   reuse that id;
3. otherwise a new id derived from the profile's own key, so a re-run derives the same one.
"""

from __future__ import annotations

import hashlib

from scout_core.schema import InternalProfile


def new_canonical_id(profile: InternalProfile) -> str:
    platform, key = profile.key
    return "b_" + hashlib.sha1(f"{platform}:{key}".encode()).hexdigest()[:16]


def assign_canonical_id(profile: InternalProfile, repo: object) -> tuple[str, str]:
    """Set and return ``(canonical_id, reason)`` for the profile."""
    stored = repo.get_profile(profile.source_platform, profile.handle)  # type: ignore[attr-defined]
    if stored is not None and stored.canonical_id and _same_account(stored, profile):
        profile.canonical_id = stored.canonical_id
        return stored.canonical_id, "already stored"
    for link in profile.linked_profiles:
        other = repo.get_profile(link.platform, link.handle)  # type: ignore[attr-defined]
        if other is not None and other.canonical_id:
            profile.canonical_id = other.canonical_id
            return other.canonical_id, f"declares {link.platform}:{link.handle}"
    profile.canonical_id = new_canonical_id(profile)
    return profile.canonical_id, "new"


def _same_account(stored: InternalProfile, profile: InternalProfile) -> bool:
    """A handle now held by a different account id is a different person (handles get recycled)."""
    return not (stored.source_id and profile.source_id and stored.source_id != profile.source_id)
