"""The world's truth over time, for evaluation only: who was who when, who shipped and grew, what trended.

Benches grade the pipeline's answers against these queries; the pipeline must never read them. Times
are given as days after day 0 (a number), as ``"day N HH:MM"``, or as a datetime. The questions the
benches ask:

* ``holder(handle, at)``: whose account held an X handle at a time (recycled handles change hands);
* ``follower_growth(start, end)`` and ``rising_stars(start, end, k)``: who grew, by ratio;
* ``launches(start, end)`` and ``serial_shippers(start, end)``: repos, models and Product Hunt launches
  with their dates (those of the day-0 world included);
* ``gained_traction(at, days=90)``: the label "gained traction in the 90 days after ``at``";
* ``topic_momentum(week)`` and ``trending_topics(at)``: keyword momentum as generated;
* ``communities(at)``: community of everyone present at ``at``.

``export(until)`` writes all of it as JSON (``scout sandbox truth --history-days``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scout_core.errors import InputError
from scout_core.sandbox.clock import DAY_S, parse_offset
from scout_core.sandbox.history import History
from scout_core.sandbox.history_model import WEEK_S, Life
from scout_core.sandbox.truth import TRUTH_NOTE
from scout_core.sandbox.world_dates import launch_date, model_date

When = float | int | str | datetime
TRACTION_RATIO, TRACTION_GAIN = 2.0, 250  # "gained traction": followers at least doubled, by at least 250


@dataclass(frozen=True)
class Growth:
    person_id: str
    start: int
    end: int

    @property
    def gain(self) -> int:
        return self.end - self.start

    @property
    def ratio(self) -> float:
        return self.end / max(1, self.start)


@dataclass(frozen=True)
class Launch:
    """Something shipped: kind repo, model or launch (Product Hunt), with its date."""

    person_id: str
    kind: str
    name: str
    at: datetime
    on_clock: bool  # made after day 0 (else it came with the generated world)


class TimeTruth:
    """Queries over a history (``history.History``), at any time, cheap enough to call per person."""

    def __init__(self, history: History) -> None:
        self.history = history

    def seconds(self, when: When) -> float:
        """Seconds after day 0 for a number of days, ``"day N HH:MM"`` or a datetime."""
        if isinstance(when, datetime):
            return (when - self.history.origin).total_seconds()
        return parse_offset(when, self.history.origin, what="truth time")

    # -- who was who --------------------------------------------------------------------------------

    def holder(self, handle: str, at: When) -> dict[str, str] | None:
        """Whose X account held ``handle`` at ``at`` (None: nobody, or between owners)."""
        tenure = self.history.ledger.holder(handle, self.history.at(self.seconds(at)))
        if tenure is None:
            return None
        return {"person_id": tenure.person_id, "user_id": tenure.user_id, "handle": tenure.handle}

    def recycled_handles(self) -> list[str]:
        """X handles held by more than one account over the history."""
        return self.history.ledger.recycled()

    def present(self, at: When) -> list[str]:
        """Everyone who has appeared by ``at`` (day-0 people and newcomers)."""
        t = self.seconds(at)
        return [pid for pid, life in self.history.lives.items() if life.joined <= t]

    def communities(self, at: When) -> dict[str, int]:
        people = self.history.people
        return {pid: people[pid].community for pid in self.present(at)}

    # -- growth -------------------------------------------------------------------------------------

    def followers(self, person_id: str, at: When) -> int | None:
        """The main X account's followers at ``at`` (None: no X account then)."""
        life = self.history.lives[person_id]
        t = self.seconds(at)
        if life.curve is None or not life.on_x_at(t):
            return None
        return life.curve.at(t / DAY_S)

    def follower_growth(self, start: When, end: When, min_followers: int = 0) -> dict[str, Growth]:
        """Growth of every main X account on X at both times with at least ``min_followers`` at the start."""
        t0, t1 = self.seconds(start), self.seconds(end)
        found = {}
        for pid, life in self.history.lives.items():
            if life.curve is None or not (life.on_x_at(t0) and life.on_x_at(t1)):
                continue
            first = life.curve.at(t0 / DAY_S)
            if first >= min_followers:
                found[pid] = Growth(pid, first, life.curve.at(t1 / DAY_S))
        return found

    def rising_stars(self, start: When, end: When, k: int = 20, min_followers: int = 100) -> list[str]:
        """The ``k`` fastest growers by ratio (ties: larger gain, then id) among accounts of some size."""
        growth = self.follower_growth(start, end, min_followers)
        ranked = sorted(growth.values(), key=lambda g: (-g.ratio, -g.gain, g.person_id))
        return [g.person_id for g in ranked[:k]]

    def gained_traction(self, at: When, days: float = 90.0, min_ratio: float = TRACTION_RATIO,
                        min_gain: int = TRACTION_GAIN) -> dict[str, bool]:
        """For everyone with a main X account on X at ``at``: did they gain traction in the next ``days``?

        Traction: followers at least ``min_ratio`` times what they were, and up by at least ``min_gain``.
        An account suspended or gone within the window did not.
        """
        t0 = self.seconds(at)
        t1 = t0 + days * DAY_S
        labels = {}
        for pid, life in self.history.lives.items():
            if life.curve is None or not _on_x_unsuspended(life, t0):
                continue
            gone = not _on_x_unsuspended(life, t1)
            before, after = life.curve.at(t0 / DAY_S), life.curve.at(t1 / DAY_S)
            labels[pid] = not gone and after >= min_ratio * max(1, before) and after - before >= min_gain
        return labels

    # -- shipping -----------------------------------------------------------------------------------

    def launches(self, start: When, end: When, person_id: str | None = None) -> list[Launch]:
        """Repos, models and Product Hunt launches made in ``[start, end)``, by date."""
        t0, t1 = self.history.at(self.seconds(start)), self.history.at(self.seconds(end))
        found = [launch for launch in self._all_launches(person_id) if t0 <= launch.at < t1]
        return sorted(found, key=lambda x: (x.at, x.person_id, x.name))

    def serial_shippers(self, start: When, end: When, min_launches: int = 2) -> list[str]:
        """People with at least ``min_launches`` launches in ``[start, end)``, sorted."""
        counts: dict[str, int] = {}
        for launch in self.launches(start, end):
            counts[launch.person_id] = counts.get(launch.person_id, 0) + 1
        return sorted(pid for pid, n in counts.items() if n >= min_launches)

    def _all_launches(self, person_id: str | None) -> list[Launch]:
        history = self.history
        people = [history.people[person_id]] if person_id else list(history.people.values())
        day0 = history.origin
        found = []
        for person in people:
            for repo in person.github.repos if person.github else []:
                found.append(Launch(person.person_id, "repo", f"{repo.owner}/{repo.name}", repo.created_at, False))
            for model in person.huggingface.models if person.huggingface else []:
                found.append(Launch(person.person_id, "model", model, model_date(None, model, day0), False))
            for product in person.producthunt.launches if person.producthunt else []:
                found.append(Launch(person.person_id, "launch", product,
                                    launch_date(person.producthunt, product, day0), False))
            for s in history.lives[person.person_id].shipments:
                if s.kind != "site":
                    name = f"{s.repo.owner}/{s.name}" if s.repo else s.name
                    found.append(Launch(person.person_id, s.kind, name, history.at(s.t), True))
        return found

    # -- topics -------------------------------------------------------------------------------------

    def topic_momentum(self, week: int) -> dict[str, float]:
        """Every topic's popularity in week ``week`` after day 0 (1.0 up to day 0)."""
        curves = self.history.topics
        return {topic: curves.popularity(topic, week) for topic in curves.topics}

    def trending_topics(self, at: When, weeks: int = 12, k: int = 10) -> list[tuple[str, float, float]]:
        """Topics by momentum over the ``weeks`` weeks up to ``at``: (topic, growth, acceleration), best first.

        Growth is the mean popularity of the last third of the weeks over the first third; acceleration
        the growth of the last third over the middle third (above 1: speeding up).
        """
        last = int(self.seconds(at) // WEEK_S)
        third = max(1, weeks // 3)
        curves = self.history.topics
        ranked = []
        for topic in curves.topics:
            values = [curves.popularity(topic, w) for w in range(last - weeks + 1, last + 1)]
            first, middle, end = values[:third], values[third:-third] or values[:third], values[-third:]
            growth = _mean(end) / _mean(first)
            ranked.append((topic, round(growth, 4), round(_mean(end) / _mean(middle), 4)))
        ranked.sort(key=lambda r: (-r[1], r[0]))
        return ranked[:k]

    # -- everything ---------------------------------------------------------------------------------

    def export(self, until: When | None = None, step_days: float = 7.0) -> dict[str, Any]:
        """The time-indexed truth up to ``until`` (default: the horizon) as JSON-ready data."""
        history = self.history
        end = history.horizon_s if until is None else self.seconds(until)
        steps = [k * step_days for k in range(int(end / DAY_S // step_days) + 1)]
        return {
            "note": TRUTH_NOTE, "ground_truth_for_evaluation_only": True,
            "seed": history.seed, "size": history.world.size, "day0": history.origin.isoformat(),
            "until_day": round(end / DAY_S, 4), "horizon_days": round(history.horizon_s / DAY_S, 4),
            "events": [_event(history, e) for e in history.events if e.t <= end],
            "handles": [_tenure(t) for handle in history.ledger.recycled() for t in history.ledger.tenures(handle)],
            "followers": {"days": steps, "people": {
                pid: [self.followers(pid, d) for d in steps] for pid in self.present(end / DAY_S)}},
            "launches": [_launch(x) for x in self.launches(-3650, end / DAY_S) if x.on_clock],
            "topics": {"weeks": list(range(int(end // WEEK_S) + 1)), "popularity": {
                topic: [history.topics.popularity(topic, w) for w in range(int(end // WEEK_S) + 1)]
                for topic in history.topics.topics}, "rising": list(history.topics.rising),
                "fading": list(history.topics.fading)},
            "communities": self.communities(end / DAY_S),
        }

    def write(self, path: str | Path, until: When | None = None) -> Path:
        target = Path(path)
        data = json.dumps(self.export(until), ensure_ascii=False)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the truth to {target}: {exc.strerror or exc}") from exc
        return target


def _on_x_unsuspended(life: Life, t: float) -> bool:
    return life.on_x_at(t) and (life.suspended_at is None or t < life.suspended_at)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 1.0


def _event(history: History, event: Any) -> dict[str, Any]:
    return {"at": history.at(event.t).isoformat(), "day": round(event.t / DAY_S, 4), "kind": event.kind,
            "person_id": event.person_id, "user_id": event.user_id, "handle": event.handle,
            "old_handle": event.old_handle, "detail": event.detail}


def _tenure(tenure: Any) -> dict[str, Any]:
    return {"handle": tenure.handle, "user_id": tenure.user_id, "person_id": tenure.person_id,
            "from": tenure.start.isoformat() if tenure.start else None,
            "to": tenure.end.isoformat() if tenure.end else None}


def _launch(launch: Launch) -> dict[str, Any]:
    return {"person_id": launch.person_id, "kind": launch.kind, "name": launch.name, "at": launch.at.isoformat()}
