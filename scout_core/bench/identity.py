"""``scout bench identity``: identity resolution on a sandbox world, graded against its ground truth.

Every account becomes an ``InternalProfile`` the way the adapters see it: the sandbox renders what each
adapter fetches in the service's wire format and the adapter's own normalizer reads it (X: the user
lookup and the timeline of up to ``TIMELINE_SIZE`` posts; GitHub: the user and their repos; Hugging Face:
the overview and the models; Product Hunt: the GraphQL user with the launches they made). The profiles
are shuffled and resolved one by one. Only the grading reads the truth
(``scout_core.sandbox.truth.world_truth``); the resolver never does.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from scout_core.identity.claims import CLAIM, MADE
from scout_core.identity.evidence import Node, node_from_profile
from scout_core.identity.resolver import IdentityResolver
from scout_core.identity.unionfind import UnionFind
from scout_core.sandbox.model import (
    GithubAccount,
    HuggingfaceAccount,
    Person,
    ProducthuntAccount,
    SandboxPost,
    World,
    XAccount,
)
from scout_core.sandbox.world_trails import SILENT_ACCOUNT_SHARE
from scout_core.schema import InternalProfile
from scout_core.settings import IdentitySettings

DEFAULT_PEOPLE = 60_000  # about 105,000 profiles
# Posts that link someone else's work, the way real timelines do (the world's own posts only link the
# author's work). "bare" ones claim it outright: text cannot tell them from the author's own.
_DECOY_TEMPLATES = {
    "credit": ["check out {url} by @{owner}, really clean {term} code", "congrats @{owner}! {name} is live {url}",
               "Been playing with {url} all weekend, {term} done right", "My PR to {url} got merged 🎉"],
    "built_on": ["Just shipped {term} support in our app, built on {url}",
                 "We launched our {term} feature today, powered by {url} 🙏",
                 "Released our {term} evals, forked from {url}"],
    "bare": ["Just shipped {name} {url}", "v0.4 is out! {name} now supports {term}. {url}"],
}
_GITHUB_ROOT = "https://api.github.com"


def sandbox_profiles(world: World) -> list[InternalProfile]:
    """Every account in the world as the adapters would fetch and normalize it (current handles only)."""
    profiles: list[InternalProfile] = []
    for person in world.people:
        for account in (person.x, person.x_alt):
            if account is not None:
                profiles.extend(x_profile(account, world))
        if person.github is not None:
            profiles.append(github_profile(person.github, world))
        if person.huggingface is not None:
            profiles.append(huggingface_profile(person.huggingface, world))
        if person.producthunt is not None:
            profiles.extend(producthunt_profile(person.producthunt, world))
    return profiles


def x_profile(account: XAccount, world: World) -> list[InternalProfile]:
    """What ``XApiSource`` stores: the ``/2/users/by`` user next to its ``/2/users/:id/tweets`` timeline."""
    from scout_core.sandbox.x_api_render import render_tweet, render_user
    from scout_core.sources.x_api import TIMELINE_SIZE, TWEET_FIELDS, USER_FIELDS
    from scout_core.sources.x_api_parse import normalize_body

    tweet_fields = set(TWEET_FIELDS.split(","))
    tweets = [render_tweet(post, account, tweet_fields, world) for post in account.posts[:TIMELINE_SIZE]]
    return normalize_body({"user": {"data": render_user(account, set(USER_FIELDS.split(",")))},
                           "tweets": {"data": tweets}})


def github_profile(account: GithubAccount, world: World) -> InternalProfile:
    """What ``GithubSource`` stores: the user and the first page of their repos (most recently pushed first)."""
    from scout_core.sandbox import github_routes
    from scout_core.sources.github import normalize_body

    repos = sorted(account.repos, key=lambda r: r.pushed_at, reverse=True)[:30]
    body = {"user": github_routes.render_user(_GITHUB_ROOT, account, world.now),
            "repos": [github_routes.render_repo(_GITHUB_ROOT, r, account.user_id) for r in repos], "events": []}
    return normalize_body(body)


def huggingface_profile(account: HuggingfaceAccount, world: World) -> InternalProfile:
    """What ``HuggingfaceSource`` stores: the overview and the user's models."""
    from scout_core.sandbox.huggingface_routes import render_model, render_overview
    from scout_core.sources.huggingface_parse import normalize_body

    models = [render_model(m, account.username, world.now) for m in account.models]
    return normalize_body({"overview": render_overview(account, world.now), "models": models})


def producthunt_profile(account: ProducthuntAccount, world: World) -> list[InternalProfile]:
    """A Product Hunt GraphQL v2 user (the token's own, so unredacted) with the launches they made."""
    from scout_core.sandbox.producthunt_routes import render_user
    from scout_core.sources.producthunt_parse import normalize_body

    return normalize_body({"data": {"user": render_user(account, world)}})


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
    """How many multi-account people the evidence the resolver reads links at all, graded with the truth (so
    an upper bound for any evidence-only resolver): declared links and shared websites ("profile fields"),
    then also posts' claims on works (a repo, model or launch of another of their accounts)."""
    nodes = [node_from_profile(p) for p in profiles]
    fields_only = _ceiling(nodes, owners, claims=False)
    return {**_ceiling(nodes, owners, claims=True), "profile_fields_only": fields_only}


def _ceiling(nodes: list[Node], owners: dict[str, str], claims: bool) -> dict[str, Any]:
    by_account = {(n.platform, n.handle_key): n.key for n in nodes}
    by_account |= {(x.platform, x.handle_key): n.key for n in nodes for x in n.links if x.via == MADE}
    groups = UnionFind(n.key for n in nodes)
    by_site: dict[tuple[str, str], str] = {}
    for node in nodes:
        for link in node.links:
            if not (link.declared or (claims and link.via == CLAIM)):
                continue
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


def add_decoy_posts(world: World, share: float, seed: int) -> int:
    """Give ``share`` of the X accounts a post linking another person's repo, model or launch; returns how many.

    Targets are skewed to popular works (the top 1% by stars gets half the links), and a person with a
    namesake links the namesake's work when they can (the hardest case). One decoy in ten is "bare": it
    claims the work in the first person with no cue that it is someone else's.
    """
    rng = random.Random(seed * 7919 + 1)
    works = _works(world)
    popular = works[: max(1, len(works) // 100)]
    by_person = {p.person_id: p for p in world.people}
    added = 0
    for person in world.people:
        if person.x is None or not works or rng.random() >= share:
            continue
        namesake = by_person.get(person.namesake_of or "")
        own = _works_of(namesake) if namesake else []
        name, url, owner = rng.choice(own or (popular if rng.random() < 0.5 else works))
        kind = "bare" if rng.random() < 0.1 else rng.choice(["credit", "built_on"])
        text = rng.choice(_DECOY_TEMPLATES[kind]).format(url=url, name=name, owner=owner or "them",
                                                         term=rng.choice(["RAG", "evals", "agents"]))
        person.x.posts.insert(0, SandboxPost(str(9 * 10**18 + added), text, world.now, 0, 0, 0, 0, [], [url]))
        added += 1
    return added


def _works(world: World) -> list[tuple[str, str, str | None]]:
    """(name, url, owner's X handle) of every repo, model and launch, the most starred repos first."""
    found = [(w, p) for p in world.people for w in _works_of(p)]
    stars = {f"https://github.com/{r.owner}/{r.name}": r.stars for p in world.people if p.github
             for r in p.github.repos}
    found.sort(key=lambda item: -stars.get(item[0][1], 0))
    return [w for w, _ in found]


def _works_of(person: Person) -> list[tuple[str, str, str | None]]:
    from scout_core.sandbox.world_accounts import launch_url

    owner = person.x.handle if person.x else None
    works = [(r.name, f"https://github.com/{r.owner}/{r.name}", owner) for r in person.github.repos[:3]] \
        if person.github else []
    if person.huggingface:
        works += [(m.split("/", 1)[1], f"https://huggingface.co/{m}", owner) for m in person.huggingface.models[:2]]
    if person.producthunt:
        works += [(name, launch_url(name), owner) for name in person.producthunt.launches]
    return works


def run_identity_bench(size: int = DEFAULT_PEOPLE, seed: int = 7, settings: IdentitySettings | None = None,
                       decoys: float = 0.0, silent_share: float = SILENT_ACCOUNT_SHARE) -> dict[str, Any]:
    """Resolve a world's accounts and grade the partition; ``decoys`` adds posts linking others' work.

    ``silent_share`` is the world's chance that a further account of a person leaves no trail to their
    main one (``world_trails``); 1.0 leaves only the trails the account builders draw on their own.
    """
    from scout_core.sandbox.world import generate_world

    started = time.perf_counter()
    world = generate_world(seed=seed, size=size, silent_share=silent_share)
    decoy_posts = add_decoy_posts(world, decoys, seed) if decoys else 0
    world_s = time.perf_counter() - started
    started = time.perf_counter()
    profiles = sandbox_profiles(world)
    random.Random(seed).shuffle(profiles)
    owners = true_owners(world)
    del world  # the profiles hold what the resolver reads
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
        "people": size, "seed": seed, "profiles": len(profiles), "decoy_posts": decoy_posts,
        "silent_account_share": silent_share,
        "seconds": round(seconds, 2),
        "world_seconds": round(world_s, 2), "profile_build_seconds": round(convert_s, 2),
        "profiles_per_second": round(len(profiles) / seconds) if seconds else None,
        **score_partition(final, owners),
        "evidence_ceiling": evidence_ceiling(profiles, owners),
        "baseline": {"name": "exact handle (case-insensitive, across platforms)",
                     **score_partition(exact_handle_baseline(profiles), owners)},
    }
