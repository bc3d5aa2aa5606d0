"""Topics → search → candidates, minus the ones already stored (the exact seen-check)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from scout_core.enrich.routing import tiers_for
from scout_core.errors import SourceError
from scout_core.schema import Candidate
from scout_core.settings import Settings


@dataclass
class DiscoveryResult:
    candidates: list[Candidate]
    found_per_topic: dict[str, int] = field(default_factory=dict)
    already_seen: int = 0
    unroutable: int = 0  # platforms no enabled source can enrich yet
    errors: list[str] = field(default_factory=list)


async def search_topics(settings: Settings, topics: list[str]) -> tuple[dict[str, list[Candidate]], list[str]]:
    """Ask the search source about each topic; a failing topic is reported, not fatal."""
    from scout_core.sources import get_source

    source = get_source("search", settings)
    found: dict[str, list[Candidate]] = {}
    errors: list[str] = []
    try:
        for topic in topics:
            try:
                found[topic] = await source.discover(topic)
            except SourceError as exc:
                errors.append(str(exc))
    finally:
        await source.aclose()
    return found, errors


def interleave(per_topic: dict[str, list[Candidate]]) -> list[Candidate]:
    """Round-robin over topics, so one broad topic does not crowd out the rest; first mention wins."""
    seen: set[str] = set()
    ordered: list[Candidate] = []
    for row in itertools.zip_longest(*per_topic.values()):
        for cand in row:
            if cand is not None and cand.key not in seen:
                seen.add(cand.key)
                ordered.append(cand)
    return ordered


async def discover_candidates(settings: Settings, repo: object, topics: list[str], limit: int) -> DiscoveryResult:
    """Up to ``limit`` new, routable candidates for the topics."""
    from scout_core.sources import SOURCE_NAMES

    per_topic, errors = await search_topics(settings, topics)
    result = DiscoveryResult(candidates=[], errors=errors,
                             found_per_topic={t: len(c) for t, c in per_topic.items()})
    routable = frozenset(SOURCE_NAMES)
    fresh: list[Candidate] = []
    for cand in interleave(per_topic):
        if not tiers_for(cand.platform, settings, routable):
            result.unroutable += 1
        else:
            fresh.append(cand)
    # Stored profiles are seen; so are dead letters, which come back only through an explicit replay.
    seen = _stored_keys(repo, fresh) | repo.pending_dead_letter_keys(c.key for c in fresh)  # type: ignore[attr-defined]
    result.already_seen = sum(1 for c in fresh if c.key in seen)
    result.candidates = [c for c in fresh if c.key not in seen][:limit]
    return result


def _stored_keys(repo: object, candidates: list[Candidate]) -> set[str]:
    keys: set[str] = set()
    by_platform: dict[str, list[str]] = {}
    for cand in candidates:
        by_platform.setdefault(cand.platform, []).append(cand.handle)
    for platform, handles in by_platform.items():
        known = repo.known_handles(platform, handles)  # type: ignore[attr-defined]
        keys |= {f"{platform}:{h.lower()}" for h in known}
    return keys
