"""The pipeline's entry point: give a profile its canonical id before it is stored.

``assign_canonical_id(profile, repo)`` resolves the profile against the canonical set kept in the
repository's database (``store_backend.StoreResolver``: levels 1-4, merges with reasons, operator splits),
sets ``profile.canonical_id`` and returns it with a one-line reason.
"""

from __future__ import annotations

from typing import Any

from scout_core.errors import InputError
from scout_core.schema import InternalProfile
from scout_core.settings import IdentitySettings


def assign_canonical_id(profile: InternalProfile, repo: Any,
                        settings: IdentitySettings | None = None) -> tuple[str, str]:
    """Set and return ``(canonical_id, reason)`` for the profile, resolving it in ``repo``'s database."""
    from scout_core.identity.store_backend import StoreResolver

    result = StoreResolver(repo.engine, settings).resolve(profile)
    if result.canonical_id is None:  # a redacted profile is nobody: stored, it would count as a builder
        raise InputError(f"{profile.source_platform} profile {profile.handle!r} is redacted by its source "
                         f"(it hides who this is): not stored")
    profile.canonical_id = result.canonical_id
    return result.canonical_id, summarize(result.reasons)


def summarize(reasons: list[dict[str, Any]]) -> str:
    if not reasons:
        return "new"
    return "; ".join(f"level {r['level']}: {r['evidence']} ({r['confidence']:.2f})" for r in reasons)
