"""Renamed and recycled X handles: who held which handle when.

On X a handle is free the moment its owner renames (and some time after a deactivation), and anyone may
register it. The new holder has a new user id: same handle, different account, different person.
Whatever still names the old owner by that handle (a GitHub ``twitter_username``, a Product Hunt
``twitterUsername``, bios, old posts) now points at a stranger: a stale declaration. A resolver that
trusts a handle over an id merges two people.

Three steps, each on a world it mutates (the clock's snapshots hand them copies): ``rename`` (same id,
new handle; old one released), ``take`` (a newcomer registers a released handle), and the
``HandleLedger`` that records every tenure. ``recycle_handles`` composes them for a static world: a
bench can give a day-0 world a share of recycled handles with the same ledger the clock's history keeps.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from scout_core.errors import InputError
from scout_core.sandbox.model import Person, World, XAccount
from scout_core.sandbox.world_content import PostPlan, SnowflakeMint, make_posts
from scout_core.sandbox.world_names import handle_stems, wanted_handles
from scout_core.sandbox.world_newcomers import Registrar, build_newcomer, registrar_for
from scout_core.sandbox.world_vocab import TOPIC_TERMS

LATE_POST_IDS = 1 << 21  # snowflake counters from here on: posts made after generation never reuse an id


@dataclass(frozen=True)
class Tenure:
    """One account holding one handle from ``start`` (None: before any record) to ``end`` (None: still)."""

    handle: str
    user_id: str
    person_id: str
    start: datetime | None
    end: datetime | None

    def covers(self, at: datetime) -> bool:
        return (self.start is None or self.start <= at) and (self.end is None or at < self.end)


@dataclass(frozen=True)
class Recycling:
    """A handle given up by one person and registered by another."""

    handle: str
    previous_person: str
    previous_user_id: str
    released_at: datetime
    new_person: str
    new_user_id: str
    taken_at: datetime


class HandleLedger:
    """Every X handle's tenures, oldest first (lower-cased keys)."""

    def __init__(self) -> None:
        self._tenures: dict[str, list[Tenure]] = {}

    @classmethod
    def of_world(cls, world: World) -> HandleLedger:
        """Tenures of a generated world: current handles held since before records; previous handles were
        released at some time before day 0 the world does not say, recorded as day 0."""
        ledger = cls()
        for person in world.people:
            for account in (person.x, person.x_alt):
                if account is None:
                    continue
                for old in reversed(account.previous_handles):
                    ledger._add(Tenure(old, account.user_id, person.person_id, None, world.day0))
                ledger._add(Tenure(account.handle, account.user_id, person.person_id, None, None))
        return ledger

    def _add(self, tenure: Tenure) -> None:
        self._tenures.setdefault(tenure.handle.lower(), []).append(tenure)

    def open(self, handle: str, account: XAccount, person: Person, at: datetime) -> None:
        if self.holder(handle, at) is not None:
            raise InputError(f"@{handle} is held by someone at {at.isoformat()}; it cannot be taken")
        self._add(Tenure(handle, account.user_id, person.person_id, at, None))

    def close(self, handle: str, user_id: str, at: datetime) -> None:
        tenures = self._tenures.get(handle.lower(), [])
        for k, tenure in enumerate(tenures):
            if tenure.user_id == user_id and tenure.end is None:
                tenures[k] = Tenure(tenure.handle, user_id, tenure.person_id, tenure.start, at)
                return
        raise InputError(f"@{handle} is not held by user {user_id}")

    def holder(self, handle: str, at: datetime) -> Tenure | None:
        """Who held ``handle`` at ``at`` (None: nobody, or released)."""
        for tenure in reversed(self._tenures.get(handle.lower(), [])):
            if tenure.covers(at):
                return tenure
        return None

    def tenures(self, handle: str) -> list[Tenure]:
        return list(self._tenures.get(handle.lower(), []))

    def handles_of(self, user_id: str) -> list[Tenure]:
        """Every handle one account has held, oldest first."""
        found = [t for tenures in self._tenures.values() for t in tenures if t.user_id == user_id]
        return sorted(found, key=lambda t: t.start.timestamp() if t.start else float("-inf"))

    def recycled(self) -> list[str]:
        """Handles more than one account has held, sorted."""
        return sorted(t[0].handle for t in self._tenures.values() if len({x.user_id for x in t}) > 1)


def rename(world: World, ledger: HandleLedger, person: Person, new_handle: str, at: datetime,
           rng: random.Random, update_declarations: float = 0.5) -> str:
    """``person``'s X account takes ``new_handle`` at ``at`` (same id); returns the released handle.

    Each of the person's declarations of the old handle elsewhere (GitHub, Product Hunt) is updated with
    probability ``update_declarations``; the rest go stale.
    """
    account = person.x
    if account is None:
        raise InputError(f"{person.person_id} has no X account to rename")
    old = account.handle
    ledger.close(old, account.user_id, at)
    ledger.open(new_handle, account, person, at)
    account.previous_handles.insert(0, old)
    account.handle = new_handle
    world.x_by_handle.pop(old.lower(), None)
    world.x_by_handle[new_handle.lower()] = account
    for other in (person.github, person.producthunt):
        if other is not None and (other.twitter_username or "").lower() == old.lower() \
                and rng.random() < update_declarations:
            other.twitter_username = new_handle
    return old


def take(world: World, ledger: HandleLedger, newcomer: Person, at: datetime) -> None:
    """A newcomer (whose X handle may be a released one) joins the world at ``at``."""
    if newcomer.x is None:
        raise InputError(f"newcomer {newcomer.person_id} has no X account")
    ledger.open(newcomer.x.handle, newcomer.x, newcomer, at)
    world.people.append(newcomer)
    world.x_by_handle[newcomer.x.handle.lower()] = newcomer.x
    world.x_by_id[newcomer.x.user_id] = newcomer.x
    if newcomer.github:
        world.github_by_login[newcomer.github.login.lower()] = newcomer.github
        for repo in newcomer.github.repos:
            world.repos_by_full_name[f"{repo.owner}/{repo.name}".lower()] = repo


def fresh_x_handle(registrar: Registrar, person: Person, rng: random.Random) -> str:
    """A handle nobody in the world has ever held, in the person's own style."""
    return registrar.handles.claim("x", wanted_handles(rng, handle_stems(person.name), "x", None))


def recycle_handles(world: World, share: float, seed: int = 0, within_days: float = 180.0,
                    update_declarations: float = 0.5) -> tuple[HandleLedger, list[Recycling]]:
    """Give about ``share`` of the world's main X accounts a recycled handle, all before day 0.

    Each chosen person renamed (same id, a fresh handle) some time in the ``within_days`` before day 0;
    a newcomer registered the released handle later, and has posted a few times since. Mutates ``world``
    (people, indexes); returns the ledger and one record per recycled handle. Same arguments, same result.
    """
    if not 0.0 <= share <= 1.0:
        raise InputError(f"recycled handle share must be between 0 and 1, got {share!r}")
    rng = random.Random(f"recycle:{world.seed}:{seed}")
    ledger, registrar = HandleLedger.of_world(world), registrar_for(world, rng)
    chosen = [p for p in list(world.people) if p.x is not None and not p.x.suspended and rng.random() < share]
    records = [_recycle_one(world, ledger, registrar, rng, person, within_days, update_declarations)
               for person in chosen]
    return ledger, records


def _recycle_one(world: World, ledger: HandleLedger, registrar: Registrar, rng: random.Random,
                 person: Person, within_days: float, update_declarations: float) -> Recycling:
    assert person.x is not None
    day0 = world.day0
    released = day0 - timedelta(seconds=int(within_days * 86400 * (0.2 + 0.8 * rng.random())))
    taken = released + timedelta(seconds=int((day0 - released).total_seconds() * (0.05 + 0.6 * rng.random())))
    old = rename(world, ledger, person, fresh_x_handle(registrar, person, rng), released, rng, update_declarations)
    newcomer = build_newcomer(rng, registrar, taken, x_handle=old)
    _backfill_posts(rng, newcomer, taken, day0)
    take(world, ledger, newcomer, taken)
    assert newcomer.x is not None
    return Recycling(old, person.person_id, person.x.user_id, released, newcomer.person_id,
                     newcomer.x.user_id, taken)


def _backfill_posts(rng: random.Random, person: Person, since: datetime, day0: datetime) -> None:
    """A few posts between joining and day 0, so a static world's newcomer is not an empty shell."""
    account, drive = person.x, person.drive
    assert account is not None and drive is not None
    span_days = max(0.01, (day0 - since).total_seconds() / 86400)
    plan = PostPlan(voice=drive.voice, terms=topic_terms(drive.topics), followers=account.followers,
                    n_posts=rng.randint(3, 8), newest_age_days=rng.uniform(0, span_days / 4),
                    mean_gap_days=span_days / 10, own_handle=account.handle)
    mint = SnowflakeMint(start=LATE_POST_IDS)
    account.posts = [p for p in make_posts(rng, plan, mint, day0) if p.created_at >= since]
    account.tweet_count = len(account.posts)


def topic_terms(topics: Iterable[str]) -> list[str]:
    """The phrases people use for ``topics`` (what bios and posts are written from)."""
    return [t for topic in topics for t in TOPIC_TERMS[topic][0]]
