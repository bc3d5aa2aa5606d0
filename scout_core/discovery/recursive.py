"""Recursive discovery: from enriched profiles to the people they point at.

Edges out of a profile: @mentions in its posts ("mention"), contributors of GitHub repositories it links
to ("contributor"), and its cross-platform links — declared linked profiles and links in its bio, website
and posts that point at a person on X, GitHub, Hugging Face or Product Hunt ("link"). A target becomes a
candidate at ``priority = parent score / 100 × edge weight / sqrt(depth)`` (score as a fraction, so
priorities compare with search scores), within ``discovery.max_depth`` hops and ``discovery.run_budget``
new candidates per run. Every edge is recorded in the interactions table, new target or not.

``expand`` is pure over profiles and store lookups; contributors come in as a mapping, fetched by the
async ``fetch_contributors`` (through the GitHub source) or by anything else.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scout_core.discovery.seen import SeenSet
from scout_core.enrich.routing import tiers_for
from scout_core.errors import SourceError
from scout_core.schema import Candidate, EnrichmentOutcome, InternalProfile
from scout_core.settings import Settings
from scout_core.sources.links import classify_url, mentions_in, urls_in
from scout_core.store import discovery as store_q

_BARE_PROFILE_URL = re.compile(
    r"(?<![\w./@:])(?:www\.)?(?:x\.com|twitter\.com|github\.com|huggingface\.co|producthunt\.com)/[^\s<>\"'()]+",
    re.IGNORECASE)


@dataclass(frozen=True)
class Parent:
    """An enriched profile to expand from: its overall score (0-100) and how deep it was found."""

    profile: InternalProfile
    score: float | None
    depth: int = 0
    profile_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.profile.source_platform}:{self.profile.handle.lower()}"


@dataclass(frozen=True)
class Edge:
    platform: str
    handle: str
    kind: str  # mention | contributor | link
    count: int = 1


@dataclass
class Expansion:
    """What one expansion found."""

    candidates: list[Candidate] = field(default_factory=list)
    per_parent: dict[str, int] = field(default_factory=dict)  # parent key -> new candidates it led to
    edges_recorded: int = 0
    already_seen: int = 0
    unroutable: int = 0
    over_budget: int = 0
    errors: list[str] = field(default_factory=list)


def mention_edges(profile: InternalProfile) -> list[Edge]:
    """@handles in an X profile's posts, counted over posts (a mention is an X handle)."""
    if profile.source_platform != "x":
        return []
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for post in profile.recent_posts:
        for handle in {h.lower(): h for h in [*post.mentions, *mentions_in(post.text)]}.values():
            counts[handle.lower()] += 1
            shown.setdefault(handle.lower(), handle)
    return [Edge("x", shown[key], "mention", n) for key, n in counts.items()]


def link_edges(profile: InternalProfile) -> list[Edge]:
    """People the profile links to elsewhere: declared linked profiles, then profile URLs it shows."""
    found: dict[tuple[str, str], Edge] = {}
    for linked in profile.linked_profiles:
        if linked.platform in ("x", "github", "huggingface", "producthunt"):
            found.setdefault((linked.platform, linked.handle.lower()), Edge(linked.platform, linked.handle, "link"))
    for url in _profile_urls(profile):
        ref = classify_url(url)
        if ref is not None and ref.kind == "profile":
            found.setdefault((ref.platform, ref.handle.lower()), Edge(ref.platform, ref.handle, "link"))
    return list(found.values())


def _urls_in(text: str) -> list[str]:
    """Full URLs, and bare ``github.com/ada``-style mentions of the four platforms (bios often skip the scheme)."""
    return urls_in(text) + [m.group(0).rstrip(".,;:!?") for m in _BARE_PROFILE_URL.finditer(text)]


def _profile_urls(profile: InternalProfile) -> list[str]:
    urls = [link.url for link in profile.extracted_links]
    urls += _urls_in(profile.bio or "") + ([profile.website] if profile.website else [])
    return urls + [u for post in profile.recent_posts for u in [*post.urls, *_urls_in(post.text)]]


def linked_repos(profile: InternalProfile, limit: int) -> list[str]:
    """``owner/name`` of GitHub repositories the profile links to, its own listed first, at most ``limit``."""
    names: dict[str, str] = {}
    for url in _profile_urls(profile):
        name = _repo_full_name(url)
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())[:limit]


def _repo_full_name(url: str) -> str | None:
    ref = classify_url(url)
    if ref is None or ref.platform != "github" or ref.kind != "repo":
        return None
    parts = [p for p in urlsplit(url if "://" in url else "https://" + url).path.split("/") if p]
    name = parts[1].removesuffix(".git") if len(parts) >= 2 else ""
    return f"{ref.handle}/{name}" if name else None


def edges_of(profile: InternalProfile, contributors: Mapping[str, Sequence[str]], max_repos: int) -> list[Edge]:
    """Every edge out of a profile, without edges back to itself."""
    edges = mention_edges(profile) + link_edges(profile)
    for full_name in linked_repos(profile, max_repos):
        edges += [Edge("github", login, "contributor") for login in contributors.get(full_name, ())]
    own = (profile.source_platform, profile.handle.lower())
    return [e for e in edges if (e.platform, e.handle.lower()) != own]


def edge_priority(score: float, weight: float, depth: int) -> float:
    """priority = score (as a 0-1 fraction) × edge weight / sqrt(depth)."""
    return round(max(score, 0.0) / 100.0 * weight / math.sqrt(max(depth, 1)), 6)


def expand(parents: Sequence[Parent], settings: Settings, repo: object, *,
           contributors: Mapping[str, Sequence[str]] | None = None, seen: SeenSet | None = None,
           budget: int | None = None) -> Expansion:
    """New candidates reached from ``parents``, best first, within depth and budget; edges recorded."""
    cfg = settings.discovery
    result = Expansion()
    offers: dict[str, Candidate] = {}
    for parent in parents:
        if not _expandable(parent, settings):
            continue
        edges = edges_of(parent.profile, contributors or {}, cfg.max_repos_per_profile)
        result.edges_recorded += _record_edges(repo, parent, edges)
        for edge in edges:
            _offer(offers, parent, edge, cfg.edge_weights.get(edge.kind, 0.0))
    chosen = _choose_new(list(offers.values()), settings, seen or SeenSet(settings, repo), result,
                         cfg.run_budget if budget is None else budget)
    result.candidates = chosen
    result.per_parent = dict(Counter(c.parent for c in chosen if c.parent))
    return result


def _offer(offers: dict[str, Candidate], parent: Parent, edge: Edge, weight: float) -> None:
    """Keep, per target, the offer with the highest priority."""
    depth = parent.depth + 1
    try:
        cand = Candidate(platform=edge.platform, handle=edge.handle, discovered_via=edge.kind,  # type: ignore[arg-type]
                         parent=parent.key, depth=depth, priority=edge_priority(parent.score or 0.0, weight, depth),
                         topic=None)
    except ValueError:
        return  # not a valid handle on its platform
    current = offers.get(cand.key)
    if current is None or cand.priority > current.priority:
        offers[cand.key] = cand


def _choose_new(offers: list[Candidate], settings: Settings, seen: SeenSet, result: Expansion,
                budget: int) -> list[Candidate]:
    from scout_core.sources import SOURCE_NAMES

    names = frozenset(SOURCE_NAMES)
    routable = [c for c in offers if tiers_for(c.platform, settings, names)]
    result.unroutable = len(offers) - len(routable)
    seen.ensure_seeded()
    sorted_ = seen.sort(routable)
    result.already_seen = len(sorted_.seen) + len(sorted_.refresh)
    new = sorted(sorted_.new, key=lambda c: (-c.priority, c.key))
    result.over_budget = max(0, len(new) - budget)
    chosen = new[:budget]
    seen.mark([c.key for c in chosen])
    return chosen


def _record_edges(repo: object, parent: Parent, edges: list[Edge]) -> int:
    """Record who led to whom; a parent not in the store has no row to hang edges on."""
    profile_id = parent.profile_id or _profile_id(repo, parent.profile)
    if profile_id is None:
        return 0
    for edge in edges:
        repo.record_interaction(profile_id, edge.platform, edge.handle, edge.kind,  # type: ignore[attr-defined]
                                count=edge.count)
    return len(edges)


def _profile_id(repo: object, profile: InternalProfile) -> int | None:
    found = store_q.stored_status(repo, profile.source_platform, [profile.handle])  # type: ignore[arg-type]
    status = found.get(profile.handle.lower())
    return status.profile_id if status else None


def parents_from_outcomes(repo: object, outcomes: Sequence[EnrichmentOutcome]) -> list[Parent]:
    """The enriched profiles of a batch as parents, with their stored score and row id (call after storing)."""
    parents: list[Parent] = []
    for outcome in outcomes:
        for profile in outcome.profiles if outcome.ok else []:
            found = store_q.stored_status(repo, profile.source_platform, [profile.handle])  # type: ignore[arg-type]
            status = found.get(profile.handle.lower())
            if status is not None:
                parents.append(Parent(profile, status.overall_score, outcome.candidate.depth, status.profile_id))
    return parents


async def fetch_contributors(settings: Settings, parents: Sequence[Parent]) -> tuple[dict[str, list[str]], list[str]]:
    """Contributors of the repositories the parents link to, through the GitHub source; errors reported."""
    from scout_core.sources import get_source

    cfg = settings.discovery
    wanted = dict.fromkeys(name for p in parents if _expandable(p, settings)
                           for name in linked_repos(p.profile, cfg.max_repos_per_profile))
    found: dict[str, list[str]] = {}
    errors: list[str] = []
    if not wanted:
        return found, errors
    source = get_source("github", settings)
    try:
        for full_name in wanted:
            try:
                found[full_name] = await source.contributors(full_name,  # type: ignore[attr-defined]
                                                             cfg.max_contributors_per_repo)
            except SourceError as exc:
                errors.append(str(exc))
    finally:
        await source.aclose()
    return found, errors


def _expandable(parent: Parent, settings: Settings) -> bool:
    cfg = settings.discovery
    return parent.score is not None and parent.score >= cfg.min_parent_score and parent.depth + 1 <= cfg.max_depth


async def expand_with_contributors(parents: Sequence[Parent], settings: Settings, repo: object, *,
                                   budget: int | None = None) -> Expansion:
    """``expand``, with contributors fetched from GitHub first (a GitHub failure only loses those edges)."""
    contributors, errors = ({}, []) if not settings.github.enabled else await fetch_contributors(settings, parents)
    result = expand(parents, settings, repo, contributors=contributors, budget=budget)
    result.errors += errors
    return result


def parent_yields(repo: object, min_score: float | None = None) -> dict[str, dict[str, int]]:
    """Per high-scoring profile (``min_score``, default the pipeline's high score): edges out, targets
    stored since, and targets that score high themselves: how much each good profile leads to."""
    from scout_core.process import HIGH_SCORE

    floor = HIGH_SCORE if min_score is None else min_score
    return store_q.parent_yields(repo, floor, HIGH_SCORE)  # type: ignore[arg-type]
