"""Newcomers: people who appear after day 0, with an X account made that day and sometimes a GitHub one.

A newcomer is planned like a day-0 person (``world.plan_person``: archetype, community, topics, hidden
momentum) and claims handles from a registry that knows every handle the world has used, unless it is
given one: that is how a released handle gets recycled (``world_recycle``). Their X account starts
small and empty; the clock's history gives it posts and growth from then on.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from scout_core.sandbox.model import Person, World, XAccount
from scout_core.sandbox.world import FOLLOWERS, PLATFORM_ODDS, drive_of, person_id, plan_person
from scout_core.sandbox.world_accounts import IdMint, PersonPlan, build_github, x_account
from scout_core.sandbox.world_content import make_bio
from scout_core.sandbox.world_names import HandleRegistry, fresh_name, handle_stems, wanted_handles
from scout_core.sandbox.world_trails import SILENT_ACCOUNT_SHARE, leave_trails
from scout_core.sandbox.world_vocab import ARCHETYPE_MIX, LOCATIONS, TOPICS


@dataclass
class Registrar:
    """What minting newcomers needs to stay unique against the world: handles, ids, names, communities."""

    handles: HandleRegistry
    ids: IdMint
    names: dict[str, bool]
    communities: int
    focus: list[list[str]]
    next_index: int
    joined: list[Person] = field(default_factory=list)


def registrar_for(world: World, rng: random.Random) -> Registrar:
    """A registrar that knows every handle, id and name of ``world`` (current and previous handles)."""
    handles, ids = HandleRegistry(rng), IdMint(rng)
    for person in world.people:
        for account in (person.x, person.x_alt):
            if account:
                for handle in (account.handle, *account.previous_handles):
                    handles.reserve("x", handle)
                ids.reserve("x", account.user_id)
        if person.github:
            handles.reserve("github", person.github.login)
            ids.reserve("gh", person.github.user_id)
            for repo in person.github.repos:
                ids.reserve("repo", repo.repo_id)
        for launch in person.producthunt.launches if person.producthunt else []:
            ids.reserve_launch(launch)
    communities = max(1, world.size // 50)
    return Registrar(handles=handles, ids=ids, names={p.name: True for p in world.people},
                     communities=communities, focus=_community_focus(world, communities),
                     next_index=max(world.size, len(world.people)))


def _community_focus(world: World, communities: int) -> list[list[str]]:
    """Each community's two main topics, read back from its members (the plan's focus is not kept)."""
    first: list[Counter[str]] = [Counter() for _ in range(communities)]
    second: list[Counter[str]] = [Counter() for _ in range(communities)]
    for person in world.people:
        if person.drive and person.drive.topics and person.community < communities:
            first[person.community][person.drive.topics[0]] += 1
            second[person.community][person.drive.topics[-1]] += 1
    focus = []
    for c in range(communities):
        main = first[c].most_common(1)[0][0] if first[c] else TOPICS[c % len(TOPICS)]
        other = [t for t, _ in second[c].most_common() if t != main]
        focus.append([main, other[0] if other else TOPICS[(c + 7) % len(TOPICS)]])
    return focus


def build_newcomer(rng: random.Random, registrar: Registrar, at: datetime, x_handle: str | None = None) -> Person:
    """A new person who joined X at ``at`` (with ``x_handle`` if given: a recycled handle)."""
    index = registrar.next_index
    registrar.next_index += 1
    archetype = _archetype(rng)
    name = fresh_name(rng, registrar.names)
    registrar.names[name] = True
    plan = plan_person(rng, index, archetype, name, None, registrar.communities, registrar.focus)
    has_github = rng.random() < PLATFORM_ODDS[archetype][1]
    plan.platforms = {"x": True, "github": has_github, "huggingface": False, "producthunt": False}
    stems = handle_stems(name)
    plan.handles["x"] = x_handle or registrar.handles.claim("x", wanted_handles(rng, stems, "x", plan.brand_stem))
    registrar.handles.reserve("x", plan.handles["x"])
    if has_github:
        plan.handles["github"] = registrar.handles.claim("github", wanted_handles(rng, stems, "github", None))
    mu, sigma = FOLLOWERS[archetype]
    plan.followers = max(0, int(rng.lognormvariate(mu - 3.0, sigma)))  # new accounts start small
    plan.growth = 0.004 + 0.03 / (1.0 + math.exp(-(1.5 * plan.momentum + rng.gauss(0, 0.8) - 1.0)))
    github = build_github(rng, plan, registrar.ids, at) if has_github else None
    if github is not None:
        github.twitter_username = plan.handles["x"] if rng.random() < 0.5 else None
    x = _new_x(rng, plan, registrar.ids, at)
    person = Person(person_id=person_id(index), archetype=archetype, name=name, community=plan.community,
                    achieved_traction=False, x=x, github=github, drive=drive_of(plan), joined_at=at)
    leave_trails(rng, person, plan.site, SILENT_ACCOUNT_SHARE)
    registrar.joined.append(person)
    return person


def _archetype(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for archetype, share in ARCHETYPE_MIX:
        total += share
        if roll < total:
            return archetype
    return ARCHETYPE_MIX[-1][0]


def _new_x(rng: random.Random, plan: PersonPlan, ids: IdMint, at: datetime) -> XAccount:
    links = [f"github.com/{plan.handles['github']}"] if plan.handles.get("github") and rng.random() < 0.3 else []
    return x_account(
        plan.handles["x"], ids.x_user(at), at, name=plan.display,
        bio=make_bio(rng, plan.voice, plan.terms, None, links), location=rng.choice(LOCATIONS),
        website=None, followers=plan.followers, following=int(rng.lognormvariate(math.log(150), 1.0)),
        tweet_count=0, verified=False, posts=[], follower_history=[(at, plan.followers)],
    )
