"""``scout bench identity``: identity resolution on a sandbox world, graded against its ground truth.

Every account becomes an ``InternalProfile`` the way the adapters see it (X through the X API v2
renderer and normalizer, GitHub through the REST renderer and normalizer, Hugging Face and Product Hunt
field by field as their APIs give them), the profiles are shuffled and resolved one by one. Only the
grading reads the truth (``scout_core.sandbox.truth.world_truth``); the resolver never does.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from scout_core.identity.evidence import node_from_profile
from scout_core.identity.resolver import IdentityResolver
from scout_core.identity.unionfind import UnionFind
from scout_core.sandbox.model import HuggingfaceAccount, ProducthuntAccount, World
from scout_core.schema import InternalProfile, LinkedProfile
from scout_core.settings import IdentitySettings

DEFAULT_PEOPLE = 60_000  # about 105,000 profiles
_GITHUB_ROOT = "https://api.github.com"


def sandbox_profiles(world: World) -> list[InternalProfile]:
    """Every account in the world as the adapters would normalize it (current handles only)."""
    from scout_core.sandbox import github_routes
    from scout_core.sandbox.x_api_render import render_user
    from scout_core.sources.github import normalize_body as github_profile
    from scout_core.sources.x_api import USER_FIELDS
    from scout_core.sources.x_api_parse import normalize_body as x_profiles

    fields = set(USER_FIELDS.split(","))
    profiles: list[InternalProfile] = []
    for person in world.people:
        for account in (person.x, person.x_alt):
            if account is not None:
                profiles.extend(x_profiles({"data": render_user(account, fields)}))
        if person.github is not None:
            profiles.append(github_profile(github_routes.render_user(_GITHUB_ROOT, person.github, world.now)))
        if person.huggingface is not None:
            profiles.append(huggingface_profile(person.huggingface))
        if person.producthunt is not None:
            profiles.append(producthunt_profile(person.producthunt))
    return profiles


def huggingface_profile(account: HuggingfaceAccount) -> InternalProfile:
    """``/api/users/{u}/overview``: id, user, fullname, details (the bio)."""
    return InternalProfile(source_platform="huggingface", source_id=account.user_id, handle=account.username,
                           display_name=account.fullname or None, bio=account.details or None,
                           followers_count=account.num_followers, enriched_by="huggingface")


def producthunt_profile(account: ProducthuntAccount) -> InternalProfile:
    """A Product Hunt GraphQL v2 user (unredacted): username, name, headline, twitterUsername, websiteUrl."""
    linked = [LinkedProfile(platform="x", handle=account.twitter_username)] if account.twitter_username else []
    return InternalProfile(source_platform="producthunt", source_id=account.user_id, handle=account.username,
                           display_name=account.name, bio=account.headline or None, website=account.website_url,
                           linked_profiles=linked, enriched_by="producthunt")


def true_owners(world: World) -> dict[str, str]:
    """Node key → person id, from the ground truth (for grading only)."""
    from scout_core.sandbox.truth import world_truth

    owners: dict[str, str] = {}
    for person in world_truth(world)["people"]:
        for account in person["accounts"]:
            owners[f"{account['platform']}:{account['source_id']}"] = person["person_id"]
    return owners


def score_partition(assigned: dict[str, str], owners: dict[str, str]) -> dict[str, Any]:
    """Pairwise precision/recall, residual duplicates and false merges of ``assigned`` (key → cluster)."""
    pair = Counter((assigned[key], owners[key]) for key in assigned)
    clusters = Counter(assigned.values())
    people = Counter(owners[key] for key in assigned)
    together = sum(n * (n - 1) // 2 for n in pair.values())
    predicted = sum(n * (n - 1) // 2 for n in clusters.values())
    actual = sum(n * (n - 1) // 2 for n in people.values())
    split_over: dict[str, set[str]] = defaultdict(set)
    owners_in: dict[str, set[str]] = defaultdict(set)
    for (cluster, person), _ in pair.items():
        split_over[person].add(cluster)
        owners_in[cluster].add(person)
    multi = [p for p, n in people.items() if n > 1]
    return {
        "precision": round(together / predicted, 5) if predicted else 1.0,
        "recall": round(together / actual, 5) if actual else 1.0,
        "residual_duplicate_rate": round(sum(len(split_over[p]) > 1 for p in multi) / len(multi), 5) if multi else 0.0,
        "false_merge_rate": round(sum(len(o) > 1 for o in owners_in.values()) / len(owners_in), 6),
        "clusters": len(clusters),
        "people_with_several_accounts": len(multi),
    }


def exact_handle_baseline(profiles: Iterable[InternalProfile]) -> dict[str, str]:
    """The predecessor's rule: the same handle, case-insensitively, is the same person (on any platform)."""
    return {node_from_profile(p).key: p.handle.lower() for p in profiles}


def evidence_ceiling(profiles: list[InternalProfile], owners: dict[str, str]) -> dict[str, Any]:
    """How many multi-account people the data links at all: their accounts connected by declared links or a
    shared website (graded with the truth, so it is an upper bound for any evidence-only resolver)."""
    nodes = [node_from_profile(p) for p in profiles]
    by_account = {(n.platform, n.handle_key): n.key for n in nodes}
    groups = UnionFind(n.key for n in nodes)
    by_site: dict[tuple[str, str], str] = {}
    for node in nodes:
        for link in node.links:
            other = by_account.get((link.platform, link.handle_key))
            if other and owners[other] == owners[node.key]:
                groups.union(node.key, other)
        if node.site_key:
            first = by_site.setdefault((owners[node.key], node.site_key), node.key)
            groups.union(first, node.key)
    linked: dict[str, set[str]] = defaultdict(set)
    counts = Counter(owners[n.key] for n in nodes)
    for node in nodes:
        linked[owners[node.key]].add(groups.find(node.key))
    multi = [p for p, n in counts.items() if n > 1]
    unlinkable = sum(len(linked[p]) > 1 for p in multi)
    return {"people_with_several_accounts": len(multi),
            "not_fully_linked_by_any_evidence": unlinkable,
            "best_residual_duplicate_rate": round(unlinkable / len(multi), 5) if multi else 0.0}


def run_identity_bench(size: int = DEFAULT_PEOPLE, seed: int = 7,
                       settings: IdentitySettings | None = None) -> dict[str, Any]:
    from scout_core.sandbox.world import generate_world

    started = time.perf_counter()
    world = generate_world(seed=seed, size=size)
    world_s = time.perf_counter() - started
    started = time.perf_counter()
    profiles = sandbox_profiles(world)
    random.Random(seed).shuffle(profiles)
    owners = true_owners(world)
    del world  # the posts are most of its memory; the resolver never needed them
    convert_s = time.perf_counter() - started
    resolver = IdentityResolver(settings=settings or IdentitySettings(suggest=False))
    started = time.perf_counter()
    assigned = {}
    for profile in profiles:
        result = resolver.resolve(profile)
        assigned[result.node_key] = result.canonical_id
    seconds = time.perf_counter() - started
    final = {key: resolver.canonical_id(key) or cid for key, cid in assigned.items()}
    return {
        "people": size, "seed": seed, "profiles": len(profiles), "seconds": round(seconds, 2),
        "world_seconds": round(world_s, 2), "profile_build_seconds": round(convert_s, 2),
        "profiles_per_second": round(len(profiles) / seconds) if seconds else None,
        **score_partition(final, owners),
        "evidence_ceiling": evidence_ceiling(profiles, owners),
        "baseline": {"name": "exact handle (case-insensitive, across platforms)",
                     **score_partition(exact_handle_baseline(profiles), owners)},
    }
