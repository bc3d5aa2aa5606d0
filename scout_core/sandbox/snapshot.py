"""The world as of a time on the clock: the day-0 world with everything the history says happened since.

``world_at(history, t)`` builds a new ``World`` (the day-0 one is never touched): X accounts carry the
handle, followers, posts, tweet count, weekly follower history and suspension they have at ``t``;
deactivated accounts and people who have not joined yet are absent; GitHub accounts gain the repos
shipped so far (stars ramping up), pushes and fresher ``pushed_at``; Hugging Face accounts gain models,
Product Hunt accounts launches (with their dates); declarations updated after a rename show the new
handle. At ``t == 0`` it is the day-0 world itself. The same history and ``t`` give the same world.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from scout_core.sandbox.history import History
from scout_core.sandbox.history_model import DAY_S, WEEK_S, Curve, Life, Shipment
from scout_core.sandbox.history_posts import Course
from scout_core.sandbox.model import (
    GithubAccount,
    HuggingfaceAccount,
    Person,
    ProducthuntAccount,
    SandboxRepo,
    World,
    XAccount,
)
from scout_core.sandbox.world import gc_paused, index_world

T = TypeVar("T")
MAX_EVENTS = 300  # GitHub lists at most this many public events
NEW_REPO_FOCUS_DAYS = 60  # a freshly shipped repo gets the owner's pushes for about two months


def world_at(history: History, t: float) -> World:
    """The world ``t`` seconds after day 0 (``t <= 0``: the day-0 world itself)."""
    base = history.world
    if t <= 0:
        return base
    with gc_paused():
        return _world_at(history, t)


def _world_at(history: History, t: float) -> World:
    base = history.world
    weeks = _Weeks(history, t)
    people = [_person_at(history, person, t, weeks) for person in base.people]
    people += [_person_at(history, person, t, weeks) for person in history.newcomers
               if history.lives[person.person_id].joined <= t]
    world = World(seed=base.seed, size=base.size, now=base.day0 + timedelta(seconds=t), people=people,
                  topics=list(base.topics), origin=base.day0, ledger=history.ledger)
    index_world(world)
    return world


class _Weeks:
    """Follower history as the generated world has it: weekly snapshots on day 0's weekly grid (the last
    eleven at or before ``t``), then the count at ``t`` itself. Grid points are kept per account and week,
    so a snapshot computes one new count per account, not twelve."""

    def __init__(self, history: History, t: float) -> None:
        self.week = int(t // WEEK_S)
        on_grid = t == self.week * WEEK_S
        first = self.week - (11 if on_grid else 10)
        self.grid = [(w * WEEK_S / DAY_S, history.at(w * WEEK_S)) for w in range(first, self.week + 1)]
        self.now = None if on_grid else (t / DAY_S, history.at(t))
        self.kept = history.weekly_points

    def points(self, user_id: str, curve: Curve) -> list[tuple[datetime, int]]:
        grid = self.kept.get((user_id, self.week))
        if grid is None:
            grid = self.kept[(user_id, self.week)] = [(when, curve.at(day)) for day, when in self.grid]
        return grid + [(self.now[1], curve.at(self.now[0]))] if self.now else list(grid)


def _person_at(history: History, person: Person, t: float, weeks: _Weeks) -> Person:
    life = history.lives[person.person_id]
    view = _copy(person)
    main, alt = history.courses(person)
    view.x = _x_at(history, person.x, main, life, t, weeks) if person.x and life.on_x_at(t) else None
    view.x_alt = _x_at(history, person.x_alt, alt, life, t, weeks) if person.x_alt else None
    if person.github:
        view.github = _github_at(history, person, life, t)
    if person.huggingface:
        view.huggingface = _huggingface_at(history, person.huggingface, life, t)
    if person.producthunt:
        view.producthunt = _producthunt_at(history, person, life, t)
    return view


def _x_at(history: History, account: XAccount, course: Course | None, life: Life, t: float,
          weeks: _Weeks) -> XAccount:
    assert course is not None
    new_posts = history.posts.until(course, t)
    view = _copy(account)
    if history.renamed(account.user_id):
        handles = history.handles_before(account.user_id, t)
        view.handle = handles[0]
        view.previous_handles = handles[1:] + account.previous_handles
    curve = course.curve
    view.followers = curve.at(t / DAY_S)
    view.posts = new_posts[::-1] + account.posts if new_posts else account.posts
    view.tweet_count = account.tweet_count + len(new_posts)
    view.follower_history = weeks.points(account.user_id, curve)
    view.suspended = life.suspended_at is not None and life.suspended_at <= t
    return view


def _copy(record: T) -> T:
    """A shallow copy of a dataclass record: ``copy.copy`` and ``dataclasses.replace`` cost several times
    more, and a snapshot copies thousands of records."""
    twin = object.__new__(type(record))
    twin.__dict__.update(record.__dict__)
    return twin


def _with(record: T, **changes: object) -> T:
    twin = _copy(record)
    twin.__dict__.update(changes)
    return twin


def _github_at(history: History, person: Person, life: Life, t: float) -> GithubAccount:
    account = person.github
    assert account is not None
    momentum = person.drive.momentum if person.drive else 0.0
    pushes = history.pushes.until(person.person_id, life, momentum, t)
    shipped = [s for s in life.shipments if s.t <= t and s.repo is not None]
    last_push = _last_push_per_repo(account, shipped, pushes)
    repos = [_repo_at(history, repo, None, last_push.get(repo.name)) for repo in account.repos]
    repos += [_repo_at(history, s.repo, s.stars_at(t), last_push.get(s.repo.name)) for s in shipped if s.repo]
    repos.sort(key=lambda r: r.stars, reverse=True)
    days = [history.at(p) for p in reversed(pushes)] + account.push_days
    twitter = _declared(history, person, life, "github", account.twitter_username, t)
    return _with(account, repos=repos, push_days=days[:MAX_EVENTS], twitter_username=twitter)


def _last_push_per_repo(account: GithubAccount, shipped: list[Shipment], pushes: list[float]) -> dict[str, float]:
    """Pushes go to the newest repo shipped in the last ``NEW_REPO_FOCUS_DAYS``, else to the flagship."""
    flagship = account.repos[0].name if account.repos else None
    last: dict[str, float] = {}
    for push in pushes:
        target = flagship
        for shipment in reversed(shipped):
            if shipment.t <= push:
                if push - shipment.t < NEW_REPO_FOCUS_DAYS * DAY_S and shipment.repo is not None:
                    target = shipment.repo.name
                break
        if target is not None:
            last[target] = push
    return last


def _repo_at(history: History, repo: SandboxRepo, stars: int | None, last_push: float | None) -> SandboxRepo:
    """The repo with its stars at the time (None: unchanged) and its latest push."""
    pushed = repo.pushed_at if last_push is None else max(repo.pushed_at, history.at(last_push))
    if stars is None and pushed == repo.pushed_at:
        return repo
    return _with(repo, stars=repo.stars if stars is None else stars, pushed_at=pushed)


def _huggingface_at(history: History, account: HuggingfaceAccount, life: Life, t: float) -> HuggingfaceAccount:
    shipped = [s for s in life.shipments if s.kind == "model" and s.t <= t]
    if not shipped:
        return account
    return _with(account, models=account.models + [s.name for s in shipped],
                   model_dates={**account.model_dates, **{s.name: history.at(s.t) for s in shipped}})


def _producthunt_at(history: History, person: Person, life: Life, t: float) -> ProducthuntAccount:
    account = person.producthunt
    assert account is not None
    shipped = [s for s in life.shipments if s.kind == "launch" and s.t <= t]
    twitter = _declared(history, person, life, "producthunt", account.twitter_username, t)
    if not shipped and twitter == account.twitter_username:
        return account
    return _with(account, launches=[s.name for s in reversed(shipped)] + account.launches,
                   launch_dates={**account.launch_dates, **{s.name: history.at(s.t) for s in shipped}},
                   twitter_username=twitter)


def _declared(history: History, person: Person, life: Life, platform: str, declared: str | None,
              t: float) -> str | None:
    """A declared X handle, updated to the current one once the person got round to it after a rename."""
    updated = life.declarations.get(platform)
    if updated is None or t < updated or person.x is None:
        return declared
    return history.handle_held(person.x.user_id, t) or declared
