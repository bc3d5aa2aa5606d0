"""What the clock's history is made of: follower curves, lives (status changes over time), dated events.

Times are seconds since day 0 (``t``); curves take days. Everything here is plain data drawn once by
``history`` and read by the snapshots (``snapshot``) and the time-indexed truth (``truth_time``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scout_core.sandbox.model import SandboxRepo

DAY_S = 86_400.0
WEEK_S = 7 * DAY_S
QUIET_DECAY_PER_DAY = 0.0004  # a quiet account slowly loses followers (unfollows, no new reach)
STAR_RAMP_DAYS = 30.0  # a new repo gathers its stars over about a month


@dataclass(frozen=True, slots=True)
class Curve:
    """Followers of one X account over time: steady compound growth, maybe a take-off, maybe a stop.

    ``f0`` is the count at ``start`` (day 0, or the day a newcomer joined); before day 0 the count is the
    generated world's own history rule (``f0 / (1 + weekly) ** weeks``). A take-off multiplies the count by
    ``multiplier`` along a smooth step lasting ``takeoff_days`` from ``takeoff_at``; going quiet turns growth
    into a slow decline. ``phase`` draws a small daily wobble, the same at the same time.
    """

    f0: int
    weekly: float  # compound growth per week while active
    start: float = 0.0  # day the count is f0
    quiet_at: float | None = None  # day growth stops
    takeoff_at: float | None = None  # day a take-off starts
    takeoff_days: float = 21.0
    multiplier: float = 1.0
    phase: float = 0.0

    def at(self, day: float) -> int:
        if day <= 0.0 and self.start == 0.0:
            return self._before_day0(day)
        day = max(day, self.start)
        rate = math.log1p(self.weekly) / 7.0
        active_until = day if self.quiet_at is None else min(day, max(self.quiet_at, self.start))
        log_f = rate * (active_until - self.start) - QUIET_DECAY_PER_DAY * (day - active_until)
        wobble = 1.0 + 0.004 * math.sin(1.7 * day + self.phase) if day != self.start else 1.0
        return max(0, round(self.f0 * math.exp(log_f) * self._takeoff(day) * wobble))

    def _before_day0(self, day: float) -> int:
        return max(0, round(self.f0 / (1.0 + self.weekly) ** (-day / 7.0)))

    def _takeoff(self, day: float) -> float:
        if self.takeoff_at is None or day <= self.takeoff_at:
            return 1.0
        u = min(1.0, (day - self.takeoff_at) / self.takeoff_days)
        return float(self.multiplier ** (u * u * (3.0 - 2.0 * u)))


@dataclass(frozen=True, slots=True)
class Shipment:
    """Something a person shipped on the clock: a repo, a model, a Product Hunt launch, or site news."""

    t: float
    person_id: str
    kind: str  # repo | model | launch | site
    name: str  # repo name, model id ("user/name"), product name, or the site
    url: str
    hit: bool = False  # it took off: the owner's followers take off with it
    repo: SandboxRepo | None = None  # a repo as it is once settled (stars grow over ``STAR_RAMP_DAYS``)

    def stars_at(self, t: float) -> int:
        """The shipped repo's stars at ``t``: a smooth ramp from 0 over ``STAR_RAMP_DAYS``."""
        if self.repo is None or t < self.t:
            return 0
        u = min(1.0, (t - self.t) / (STAR_RAMP_DAYS * DAY_S))
        return round(self.repo.stars * u * u * (3.0 - 2.0 * u))


@dataclass(frozen=True, slots=True)
class Event:
    """A dated change of status: rename, suspend, deactivate, quiet, join, takeoff (truth and snapshots)."""

    t: float
    kind: str
    person_id: str
    user_id: str = ""
    handle: str = ""  # rename: the new handle; join: the handle taken; others: the handle at the time
    old_handle: str = ""  # rename: the handle released
    detail: str = ""


@dataclass(slots=True)
class Life:
    """One person's course on the clock (their main X account's curve, status times, shipments)."""

    person_id: str
    joined: float = 0.0  # t they appeared (0 for day-0 people)
    curve: Curve | None = None  # main X account
    alt_curve: Curve | None = None
    quiet_at: float | None = None  # t they stop posting, pushing and shipping
    suspended_at: float | None = None  # t X suspended the main account
    deactivated_at: float | None = None  # t they deactivated the main account (gone from X)
    shipments: list[Shipment] = field(default_factory=list)
    declarations: dict[str, float] = field(default_factory=dict)  # platform → t it was updated to a rename

    def active_at(self, t: float) -> bool:
        """Posting at ``t``: joined, not quiet, not suspended, not gone."""
        return (t >= self.joined and (self.quiet_at is None or t < self.quiet_at)
                and (self.suspended_at is None or t < self.suspended_at)
                and (self.deactivated_at is None or t < self.deactivated_at))

    def on_x_at(self, t: float) -> bool:
        """The main X account exists at ``t`` (suspended accounts exist; deactivated ones do not)."""
        return t >= self.joined and (self.deactivated_at is None or t < self.deactivated_at)
