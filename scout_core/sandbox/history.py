"""The world's history on the clock: what happens to everyone after day 0, as a function of time alone.

``generate_history(world, horizon_days)`` draws, from its own random stream (the day-0 world is not
touched), in O(size): topic curves; each person's life (follower curve, shipments, going quiet,
suspension, deactivation: ``history_lives``); X renames (same id, fresh handle, the old one released
at once); released handles re-registered by newcomers (``world_recycle``); and newcomers who simply
join. Posts and pushes are drawn lazily a week at a time (``history_posts``). Nothing depends on real
time: ``snapshot.world_at(history, t)`` is the world at ``t`` seconds after day 0, the same every time.

After the horizon, curves and posting go on but no new status change, shipment or newcomer happens.
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scout_core.errors import InputError
from scout_core.sandbox.history_lives import Makers, draw_life
from scout_core.sandbox.history_model import DAY_S, WEEK_S, Event, Life, Shipment
from scout_core.sandbox.history_posts import Course, PostStream, PushStream
from scout_core.sandbox.history_topics import TopicCurves, draw_topic_curves
from scout_core.sandbox.model import Person, World
from scout_core.sandbox.world import gc_paused
from scout_core.sandbox.world_newcomers import Registrar, build_newcomer, registrar_for
from scout_core.sandbox.world_recycle import HandleLedger, fresh_x_handle
from scout_core.sandbox.world_x import update_rate

DEFAULT_HORIZON_DAYS = 180
RENAME_180 = {"noise": 0.06}
RENAME_180_DEFAULT = 0.03
RECYCLE_CHANCE = 0.35  # a released handle is registered again by someone else
RECYCLE_MEAN_DELAY_DAYS = 21.0
HANDLE_HOLD_DAYS = 30.0  # X keeps a deactivated account's handle this long before releasing it
NEWCOMERS_PER_PERSON_DAY = 0.0005  # people who join, per day, per day-0 person
DECLARATION_UPDATE = 0.5  # a renamed person fixes each declaration elsewhere (GitHub, Product Hunt)


@dataclass
class History:
    """Everything that happens after day 0, dated in seconds since day 0 (``t``)."""

    world: World  # the day-0 world (never mutated)
    seed: int
    horizon_s: float
    topics: TopicCurves
    lives: dict[str, Life]
    people: dict[str, Person]  # day-0 people and newcomers (as they were when they joined)
    newcomers: list[Person]  # by join time
    events: list[Event]  # status changes, by time
    ledger: HandleLedger  # every X handle's tenures, dated
    _handles: dict[str, tuple[list[float], list[str]]] = field(default_factory=dict)  # user id → renames
    _pools: dict[int, list[str]] = field(default_factory=dict)  # community → main X account ids
    _owner: dict[str, tuple[str, bool]] = field(default_factory=dict)  # user id → (person id, is alt)
    _courses: dict[str, tuple[Course | None, Course | None]] = field(default_factory=dict)
    weekly_points: dict[tuple[str, int], list[tuple[datetime, int]]] = field(default_factory=dict)  # snapshots'
    posts: PostStream = field(init=False)  # set once the history exists (posts read it)
    pushes: PushStream = field(init=False)

    def __post_init__(self) -> None:
        self.origin: datetime = self.world.day0

    def at(self, t: float) -> datetime:
        """The date ``t`` seconds after day 0."""
        return self.origin + timedelta(seconds=t)

    # -- the Timeline that post generation reads --------------------------------------------------

    def handle_at(self, user_id: str, t: float) -> str | None:
        """The handle of X account ``user_id`` at ``t``, or None when it is not on X then."""
        owner = self._owner.get(user_id)
        if owner is None:
            return None
        person_id, is_alt = owner
        life = self.lives[person_id]
        if not is_alt and not life.on_x_at(t) or (life.suspended_at is not None and t >= life.suspended_at):
            return None
        return self.handle_held(user_id, t)

    def renamed(self, user_id: str) -> bool:
        """Whether the account changes handle at some time on the clock."""
        found = self._handles.get(user_id)
        return found is not None and len(found[0]) > 1

    def handles_before(self, user_id: str, t: float) -> list[str]:
        """Handles account ``user_id`` held up to ``t``, the one at ``t`` first."""
        found = self._handles.get(user_id)
        if found is None:
            return []
        times, handles = found
        return handles[: max(1, bisect.bisect_right(times, t))][::-1]

    def handle_held(self, user_id: str, t: float) -> str | None:
        """The handle account ``user_id`` had at ``t`` whatever its status (None: unknown account)."""
        found = self._handles.get(user_id)
        if found is None:
            return None
        times, handles = found
        return handles[max(0, bisect.bisect_right(times, t) - 1)]

    def community_pool(self, community: int) -> list[str]:
        return self._pools.get(community, [])

    def artifacts_at(self, person_id: str, t: float) -> list[tuple[str, str]]:
        """What the person had shipped by ``t`` that a post can link to (flagships and recent shipments)."""
        person = self.people[person_id]
        found: list[tuple[str, str]] = []
        if person.github:
            found += [(r.name, f"https://github.com/{r.owner}/{r.name}") for r in person.github.repos[:3]]
        if person.huggingface:
            found += [(m.split("/", 1)[1], f"https://huggingface.co/{m}") for m in person.huggingface.models[:2]]
        found += [(s.name.split("/")[-1], s.url) for s in self.lives[person_id].shipments if s.t <= t and s.url]
        return found

    # -- reading ----------------------------------------------------------------------------------

    def shipments(self, start: float = float("-inf"), end: float = float("inf")) -> list[Shipment]:
        """Shipments made on the clock in ``[start, end)``, by time."""
        found = [s for life in self.lives.values() for s in life.shipments if start <= s.t < end]
        return sorted(found, key=lambda s: (s.t, s.person_id, s.name))

    def courses(self, person: Person) -> tuple[Course | None, Course | None]:
        """The posting courses of the person's X accounts: (main, alt)."""
        found = self._courses.get(person.person_id)
        if found is None:
            found = self._courses[person.person_id] = self._draw_courses(person)
        return found

    def _draw_courses(self, person: Person) -> tuple[Course | None, Course | None]:
        life, drive = self.lives[person.person_id], person.drive
        voice = drive.voice if drive else person.archetype
        topics = drive.topics if drive else ()
        momentum = drive.momentum if drive else 0.0
        builder = person.archetype in ("early_founder", "ai_researcher", "ai_operator")
        main = alt = None
        if person.x is not None and life.curve is not None:
            main = Course(person.x.user_id, person.person_id, voice, topics, person.community, life.curve,
                          life, False, update_rate(momentum) if builder else 0.0)
        if person.x_alt is not None and life.alt_curve is not None:
            alt = Course(person.x_alt.user_id, person.person_id, voice, topics, person.community,
                         life.alt_curve, life, True, 0.0)
        return main, alt


def generate_history(world: World, horizon_days: float = DEFAULT_HORIZON_DAYS) -> History:
    """The history of ``world`` (a day-0 world from ``generate_world``) over ``horizon_days`` days."""
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int | float) \
            or not 1 <= horizon_days <= 3650:
        raise InputError(f"history horizon must be between 1 and 3650 days, got {horizon_days!r}")
    with gc_paused():
        return _generate(world, float(horizon_days) * DAY_S)


def _generate(world: World, horizon_s: float) -> History:
    rng = random.Random(f"history:{world.seed}:{world.size}")
    topics = draw_topic_curves(rng, list(world.topics), math.ceil(horizon_s / WEEK_S) + 1)
    registrar = registrar_for(world, rng)
    makers = Makers(ids=registrar.ids, origin=world.day0)
    lives = {p.person_id: draw_life(rng, p, 0.0, horizon_s, makers) for p in world.people}
    history = History(world=world, seed=world.seed, horizon_s=horizon_s, topics=topics, lives=lives,
                      people={p.person_id: p for p in world.people}, newcomers=[], events=[],
                      ledger=HandleLedger.of_world(world))
    for person in world.people:
        _register_accounts(history, person)
    changes = _HandleChanges(rng, history, registrar, makers)
    for rename in _renames(rng, history):
        changes.push(rename.t, changes.RENAME, rename.person_id)
    for person in world.people:
        changes.deactivation_of(person)
    for t in _fresh_joins(rng, world, horizon_s):
        changes.push(t, changes.JOIN)
    changes.replay()
    history.events = sorted(history.events + _status_events(history), key=lambda e: (e.t, e.person_id, e.kind))
    history.posts = PostStream(world.seed, history.origin, history)
    history.pushes = PushStream(world.seed)
    return history


def _register_accounts(history: History, person: Person) -> None:
    for account, is_alt in ((person.x, False), (person.x_alt, True)):
        if account is not None:
            history._owner[account.user_id] = (person.person_id, is_alt)
            history._handles[account.user_id] = ([float("-inf")], [account.handle])
            if not is_alt:
                history._pools.setdefault(person.community, []).append(account.user_id)


@dataclass(frozen=True, order=True)
class _Rename:
    t: float
    person_id: str


def _renames(rng: random.Random, history: History) -> list[_Rename]:
    """Who renames their X account when (never after a suspension or deactivation)."""
    found = []
    for person in history.world.people:
        life = history.lives[person.person_id]
        chance = RENAME_180.get(person.archetype, RENAME_180_DEFAULT)
        if person.x is None or rng.random() >= 1.0 - (1.0 - chance) ** (history.horizon_s / (180 * DAY_S)):
            continue
        end = min(t for t in (life.suspended_at, life.deactivated_at, history.horizon_s) if t is not None)
        found.append(_Rename(round(rng.random() * end), person.person_id))
    return sorted(found)


def _fresh_joins(rng: random.Random, world: World, horizon_s: float) -> list[float]:
    """When people who are nobody's successor join: a Poisson process over the horizon."""
    rate_s = NEWCOMERS_PER_PERSON_DAY * world.size / DAY_S
    joins, t = [], 0.0
    while True:
        t += rng.expovariate(rate_s)
        if t >= horizon_s:
            return joins
        joins.append(float(round(t)))


class _HandleChanges:
    """Renames, deactivations, releases and joins, replayed in time order on one heap.

    Order matters: a handle is taken only after its release, and a deactivated account's handle is
    released ``HANDLE_HOLD_DAYS`` later, which may be after a rename that happened in between.
    """

    RENAME, DEACTIVATE, RELEASE, JOIN = range(4)

    def __init__(self, rng: random.Random, history: History, registrar: Registrar, makers: Makers) -> None:
        self.rng, self.history, self.registrar, self.makers = rng, history, registrar, makers
        self.heap: list[tuple[float, int, str, str]] = []

    def push(self, t: float, step: int, person_id: str = "", handle: str = "") -> None:
        heapq.heappush(self.heap, (t, step, person_id, handle))

    def deactivation_of(self, person: Person) -> None:
        life = self.history.lives[person.person_id]
        if person.x is not None and life.deactivated_at is not None:
            self.push(life.deactivated_at, self.DEACTIVATE, person.person_id)

    def replay(self) -> None:
        history = self.history
        while self.heap:
            t, step, person_id, handle = heapq.heappop(self.heap)
            if step == self.RENAME:
                self.push(t, self.RELEASE, person_id, _rename(self.rng, history, self.registrar, person_id, t))
            elif step == self.DEACTIVATE:
                self.push(t + HANDLE_HOLD_DAYS * DAY_S, self.RELEASE, person_id, _deactivate(history, person_id, t))
            elif step == self.RELEASE:
                t_join = round(t + self.rng.expovariate(1.0 / (RECYCLE_MEAN_DELAY_DAYS * DAY_S)))
                if self.rng.random() < RECYCLE_CHANCE and t_join < history.horizon_s:
                    self.push(float(t_join), self.JOIN, person_id, handle)
            else:
                self.deactivation_of(_join(self.rng, history, self.registrar, self.makers, t, handle or None))


def _rename(rng: random.Random, history: History, registrar: Registrar, person_id: str, t: float) -> str:
    person = history.people[person_id]
    assert person.x is not None
    times, handles = history._handles[person.x.user_id]
    old, new = handles[-1], fresh_x_handle(registrar, person, rng)
    history.ledger.close(old, person.x.user_id, history.at(t))
    history.ledger.open(new, person.x, person, history.at(t))
    times.append(t)
    handles.append(new)
    life = history.lives[person_id]
    for platform, other in (("github", person.github), ("producthunt", person.producthunt)):
        if other is not None and (other.twitter_username or "").lower() == old.lower() \
                and rng.random() < DECLARATION_UPDATE:
            life.declarations[platform] = t + rng.expovariate(1.0 / (10 * DAY_S))
    history.events.append(Event(t, "rename", person_id, person.x.user_id, new, old))
    return old


def _deactivate(history: History, person_id: str, t: float) -> str:
    person = history.people[person_id]
    assert person.x is not None
    handle = history._handles[person.x.user_id][1][-1]
    history.ledger.close(handle, person.x.user_id, history.at(t))
    history.events.append(Event(t, "deactivate", person_id, person.x.user_id, handle))
    return handle


def _join(rng: random.Random, history: History, registrar: Registrar, makers: Makers, t: float,
          handle: str | None) -> Person:
    person = build_newcomer(rng, registrar, history.at(t), x_handle=handle)
    assert person.x is not None
    history.people[person.person_id] = person
    history.newcomers.append(person)
    history.lives[person.person_id] = draw_life(rng, person, t, history.horizon_s, makers)
    history.ledger.open(person.x.handle, person.x, person, history.at(t))
    _register_accounts(history, person)
    history.events.append(Event(t, "join", person.person_id, person.x.user_id, person.x.handle,
                                detail="recycled" if handle else ""))
    return person


def _status_events(history: History) -> list[Event]:
    """Quiet, suspension, deactivation and take-off, as dated events (ledger closings included)."""
    found = []
    for person_id, life in history.lives.items():
        person = history.people[person_id]
        user_id = person.x.user_id if person.x else ""
        if life.quiet_at is not None and life.quiet_at > life.joined:
            found.append(Event(life.quiet_at, "quiet", person_id, user_id))
        if life.suspended_at is not None:
            found.append(Event(life.suspended_at, "suspend", person_id, user_id,
                               history.handle_held(user_id, life.suspended_at) or ""))
        if life.curve is not None and life.curve.takeoff_at is not None:
            found.append(Event(life.curve.takeoff_at * DAY_S, "takeoff", person_id, user_id,
                               detail=f"x{life.curve.multiplier:.1f} over {life.curve.takeoff_days:.0f} days"))
        found += [Event(s.t, "ship", person_id, user_id, detail=f"{s.kind}:{s.name}") for s in life.shipments]
    return found


