"""Graceful degradation: what a candidate gets when no tier could enrich it fully.

The rungs, best first, recorded in ``InternalProfile.enrichment_quality``:

1. FULL — a tier enriched it;
2. PARTIAL — a tier answered with API fields only (the source marks it, e.g. X without its timeline);
3. STALE — every tier failed, so the stored profile is reused, marked stale;
4. MINIMAL — nothing stored either: a handle-only profile (only with ``degrade_to_minimal``; otherwise
   the failure goes to the dead-letter queue, where it can be replayed).

Permanent answers (not found, invalid handle) never degrade: the profile does not exist to keep.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from scout_core.schema import Candidate, EnrichmentOutcome, EnrichmentQuality, InternalProfile, PipelineStage, utcnow

log = logging.getLogger(__name__)

PERMANENT_KINDS = frozenset({"NotFoundError", "InvalidHandleError", "PermanentSourceError"})
StaleLookup = Callable[[str, str], InternalProfile | None]


def degrade(candidate: Candidate, last: EnrichmentOutcome, stale_lookup: StaleLookup | None,
            minimal: bool) -> EnrichmentOutcome:
    """The best rung left for a candidate whose last attempt was ``last`` (returned as is when nothing helps)."""
    if last.ok or last.error_kind in PERMANENT_KINDS:
        return last
    stored = _lookup(stale_lookup, candidate)
    if stored is not None:
        profile = stored.model_copy(update={"enrichment_quality": EnrichmentQuality.STALE,
                                            "pipeline_stage": PipelineStage.ENRICHED})
        return EnrichmentOutcome(candidate=candidate, profiles=[profile], source="stale", seconds=last.seconds)
    if minimal:
        now = utcnow()
        profile = InternalProfile(source_platform=candidate.platform, handle=candidate.handle,
                                  enrichment_quality=EnrichmentQuality.MINIMAL, pipeline_stage=PipelineStage.ENRICHED,
                                  first_discovered_at=now, last_enriched_at=now)
        return EnrichmentOutcome(candidate=candidate, profiles=[profile], source="minimal", seconds=last.seconds)
    return last


def _lookup(stale_lookup: StaleLookup | None, candidate: Candidate) -> InternalProfile | None:
    if stale_lookup is None:
        return None
    try:
        return stale_lookup(candidate.platform, candidate.handle)
    except Exception as exc:  # noqa: BLE001 - no cache is a rung down, not a crash
        log.warning("stale cache unavailable for %s: %s", candidate.key, exc)
        return None


def store_lookup(database_url: str) -> StaleLookup:
    """A stale-cache lookup over the store, opened on first use."""
    repo = None

    def lookup(platform: str, handle: str) -> InternalProfile | None:
        nonlocal repo
        if repo is None:
            from scout_core.store import Repository

            repo = Repository(database_url)
        return repo.get_profile(platform, handle)

    return lookup
