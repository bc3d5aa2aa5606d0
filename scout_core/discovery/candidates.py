"""Topics → search → candidates, through the seen-set (Bloom filter, confirmed by the store), plus refreshes."""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from datetime import datetime

from scout_core.discovery.bloom import BloomFilter
from scout_core.discovery.seen import SeenSet
from scout_core.discovery.topics import phrases_in_results
from scout_core.enrich.breaker import is_source_failure
from scout_core.enrich.health import share_events, summarize
from scout_core.enrich.routing import tiers_for
from scout_core.enrich.state import Event
from scout_core.errors import SourceError
from scout_core.schema import Candidate
from scout_core.settings import Settings
from scout_core.store import discovery as store_q

RELATED_TOPICS_PER_CYCLE = 5


@dataclass
class DiscoveryResult:
    candidates: list[Candidate]
    found_per_topic: dict[str, int] = field(default_factory=dict)
    already_seen: int = 0
    unroutable: int = 0  # platforms no enabled source can enrich yet
    errors: list[str] = field(default_factory=list)
    refreshes: int = 0  # stored profiles past their interval, back in the queue
    # Bloom hits the store did not confirm (a false positive, or passed on before but never stored): new again.
    unconfirmed_hits: int = 0
    related_topics: list[str] = field(default_factory=list)  # mined from the search results' text
    search_enabled: bool = True  # False: SCOUT_SEARCH__ENABLED=false, no topic was searched
    search_health: dict[str, object] | None = None  # the searches' figures (NodeHealth), None when none ran


@dataclass
class SearchFindings:
    per_topic: dict[str, list[Candidate]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    enabled: bool = True
    calls: list[Event] = field(default_factory=list)  # one per topic searched, for the search node's health


async def search_topics(settings: Settings, topics: list[str]) -> SearchFindings:
    """Ask the search source about each topic; a failing topic is reported, not fatal.

    With ``SCOUT_SEARCH__ENABLED=false`` nothing is asked: the cycle works from refreshes, what a killed
    run left, and recursion from the profiles it enriches.
    """
    from scout_core.sources import get_source
    from scout_core.sources.search import candidates_from_results

    if not settings.search.enabled:
        return SearchFindings(enabled=False)
    source = get_source("search", settings)
    found = SearchFindings()
    try:
        for topic in topics:
            started = time.perf_counter()
            try:
                body = await source.search(topic)  # type: ignore[attr-defined]
                found.per_topic[topic] = candidates_from_results(body, topic)
                found.calls.append(Event(time.time(), True, time.perf_counter() - started))
            except SourceError as exc:
                kind = type(exc).__name__
                found.calls.append(Event(time.time(), not is_source_failure(kind), time.perf_counter() - started,
                                         kind))
                found.errors.append(str(exc))
                continue
            # The content only: titles are names and handles, not topics.
            found.texts += [str(r.get("content") or "") for r in body.get("results", []) if isinstance(r, dict)]
    finally:
        await source.aclose()
    return found


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


async def discover_candidates(settings: Settings, repo: object, topics: list[str], limit: int, *,
                              bloom: BloomFilter | None = None, now: datetime | None = None) -> DiscoveryResult:
    """Up to ``limit`` routable candidates for the topics: new people first, then profiles due for refresh.

    At most ``discovery.refresh_share`` of the limit goes to refreshes while new people are waiting;
    the candidates passed on are marked in the seen filter.
    """
    found = await search_topics(settings, topics)
    result = DiscoveryResult(candidates=[], errors=found.errors, search_enabled=found.enabled,
                             found_per_topic={t: len(c) for t, c in found.per_topic.items()})
    if found.calls:
        result.search_health = summarize("search", found.calls, math.inf, time.time()).as_dict()
        share_events(settings, "search", found.calls)
    result.related_topics = phrases_in_results(found.texts, exclude=topics)[:RELATED_TOPICS_PER_CYCLE]
    store_q.remember_topics(repo, result.related_topics, "search")  # type: ignore[arg-type]
    routable = _routable(settings, interleave(found.per_topic), result)
    seen = SeenSet(settings, repo, bloom)
    seen.ensure_seeded()
    sorted_ = seen.sort(routable, now)
    result.already_seen = len(sorted_.seen)
    result.unconfirmed_hits = sorted_.false_positives
    refresh = sorted_.refresh + seen.due_refreshes(
        limit, now, exclude={c.key for c in routable})
    refresh = [c for c in refresh if tiers_for(c.platform, settings, _source_names())]
    result.candidates = _fill(sorted_.new, refresh, limit, settings.discovery.refresh_share)
    result.refreshes = sum(1 for c in result.candidates if c.discovered_via == "refresh")
    seen.mark([c.key for c in result.candidates if c.discovered_via != "refresh"])
    return result


def _source_names() -> frozenset[str]:
    from scout_core.sources import SOURCE_NAMES

    return frozenset(SOURCE_NAMES)


def _routable(settings: Settings, candidates: list[Candidate], result: DiscoveryResult) -> list[Candidate]:
    names = _source_names()
    routable = [c for c in candidates if tiers_for(c.platform, settings, names)]
    result.unroutable = len(candidates) - len(routable)
    return routable


def _fill(new: list[Candidate], refresh: list[Candidate], limit: int, refresh_share: float) -> list[Candidate]:
    """New first, keeping ``refresh_share`` of the limit for refreshes; unused slots go to the other kind."""
    reserved = min(len(refresh), int(limit * refresh_share))
    taken = new[:limit - reserved]
    return taken + refresh[:limit - len(taken)]
