"""Posts and pushes made on the clock, generated a week at a time, on demand, and kept.

Each (account, week) draws from its own random stream (seeded by world seed, account and week), so a
week's posts are the same whichever week was asked for first and however the clock got there. Posts
follow the account's voice like day-0 posts do (``world_content.post_text``): builders announce
releases of their artifacts at their usual rate, every shipment gets its announcement at the moment it
ships, each post's topic is drawn in proportion to the author's interest times the topic's popularity
that week (``history_topics``: a fading topic loses posts even among its own people), and
@mentions name people of the same community by the handle they had at the time. Nothing is posted
before an account appears or after it goes quiet, is suspended or deactivated.
"""

from __future__ import annotations

import bisect
import math
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from scout_core.sandbox.history_model import DAY_S, WEEK_S, Curve, Life, Shipment
from scout_core.sandbox.history_topics import TopicCurves
from scout_core.sandbox.model import SandboxPost
from scout_core.sandbox.world_content import TWITTER_EPOCH_MS, PostPlan, post_text
from scout_core.sandbox.world_text import MENTION_FORMS, SHIP, SHIP_NO_LINK
from scout_core.sandbox.world_vocab import EMOJI, TOPIC_TERMS
from scout_core.sandbox.world_x import GAP_DAYS, MENTION_RATE

OTHER_TOPIC_INTEREST = 0.05  # interest in a topic that is not one's own, against 1.0 for one's own
ALT_GAP_DAYS = 4.0


@dataclass(frozen=True)
class Course:
    """One X account's posting course: who, in which voice, about what, while when."""

    user_id: str
    person_id: str
    voice: str
    topics: tuple[str, ...]
    community: int
    curve: Curve
    life: Life
    is_alt: bool
    update_rate: float  # share of posts announcing a release (builders' main accounts)

    def posting_at(self, t: float) -> bool:
        return self.life.active_at(t)


class Timeline(Protocol):
    """What generating posts reads from the history."""

    topics: TopicCurves

    def handle_at(self, user_id: str, t: float) -> str | None: ...

    def community_pool(self, community: int) -> list[str]: ...

    def artifacts_at(self, person_id: str, t: float) -> list[tuple[str, str]]: ...


@dataclass
class _Kept:
    times: list[float] = field(default_factory=list)
    items: list[SandboxPost] = field(default_factory=list)  # oldest first
    weeks: int = 0  # weeks generated so far


class PostStream:
    """Posts made on the clock per account, generated up to the latest week anyone asked for."""

    def __init__(self, seed: int, origin: datetime, timeline: Timeline) -> None:
        self.seed = seed
        self.origin = origin
        self.timeline = timeline
        self._kept: dict[str, _Kept] = {}
        self._lock = threading.Lock()

    def until(self, course: Course, t: float) -> list[SandboxPost]:
        """The account's posts made on the clock up to ``t``, oldest first."""
        if t <= 0:
            return []
        week = int(t // WEEK_S)
        with self._lock:
            kept = self._kept.setdefault(course.user_id, _Kept())
            while kept.weeks <= week:
                for post in week_posts(self.seed, self.origin, self.timeline, course, kept.weeks):
                    kept.times.append((post.created_at - self.origin).total_seconds())
                    kept.items.append(post)
                kept.weeks += 1
            return kept.items[:bisect.bisect_right(kept.times, t)]


class PushStream:
    """GitHub pushes made on the clock per person (seconds since day 0), generated a week at a time."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._kept: dict[str, tuple[list[float], int]] = {}
        self._lock = threading.Lock()

    def until(self, person_id: str, life: Life, momentum: float, t: float) -> list[float]:
        """Push times up to ``t``, oldest first: a builder pushes 3-15 times a month while active."""
        if t <= 0:
            return []
        week = int(t // WEEK_S)
        gap_s = 30 * DAY_S / (3 + 12 / (1 + math.exp(-momentum)))
        with self._lock:
            times, weeks = self._kept.get(person_id, ([], 0))
            for w in range(weeks, week + 1):
                rng = random.Random(f"pushes:{self.seed}:{person_id}:{w}")
                at = max(w * WEEK_S, life.joined)
                while (at := at + rng.expovariate(1.0) * gap_s) < (w + 1) * WEEK_S:
                    if life.active_at(at):
                        times.append(float(round(at)))
            self._kept[person_id] = (times, max(weeks, week + 1))
            return times[:bisect.bisect_right(times, t)]


def week_posts(seed: int, origin: datetime, timeline: Timeline, course: Course, week: int) -> list[SandboxPost]:
    """The account's posts in week ``week`` (oldest first)."""
    rng = random.Random(f"posts:{seed}:{course.user_id}:{week}")
    start, end = week * WEEK_S, (week + 1) * WEEK_S
    gap_s = (ALT_GAP_DAYS if course.is_alt else GAP_DAYS.get(course.voice, 2.5)) * DAY_S
    made: list[tuple[float, SandboxPost]] = []
    weights = _topic_weights(timeline.topics, course, week)
    t = max(start, course.life.joined)
    while True:
        t += rng.expovariate(1.0) * gap_s
        if t >= end:
            break
        if course.posting_at(t):
            made.append((t, _post(rng, origin, timeline, course, round(t), week, len(made), weights)))
    if not course.is_alt:
        for shipment in course.life.shipments:
            if start <= shipment.t < end:
                made.append((shipment.t, _announcement(rng, origin, timeline, course, shipment, week, len(made),
                                                       weights)))
    made.sort(key=lambda pair: (pair[0], pair[1].post_id))
    return [post for _, post in made]


def _post(rng: random.Random, origin: datetime, timeline: Timeline, course: Course, t: float, week: int,
          k: int, weights: list[float]) -> SandboxPost:
    shipping = not course.is_alt and rng.random() < course.update_rate
    plan = PostPlan(voice="alt" if course.is_alt else course.voice, terms=_terms(rng, timeline.topics, weights),
                    followers=course.curve.at(t / DAY_S), n_posts=1, newest_age_days=0, mean_gap_days=1,
                    artifacts=timeline.artifacts_at(course.person_id, t) if shipping else [])
    text, urls = post_text(rng.random, plan, shipping)
    return _finish(rng, origin, timeline, course, t, week, k, text, urls, shipping)


def _announcement(rng: random.Random, origin: datetime, timeline: Timeline, course: Course, shipment: Shipment,
                  week: int, k: int, weights: list[float]) -> SandboxPost:
    terms = _terms(rng, timeline.topics, weights)
    values = {"term": rng.choice(terms), "emoji": rng.choice(EMOJI), "n": rng.randrange(2, 12),
              "name": shipment.name.split("/")[-1], "url": shipment.url, "paper": ""}
    templates = SHIP.get(course.voice) if shipment.url else None
    template = rng.choice(templates or SHIP_NO_LINK)
    text = template.format(**values)
    return _finish(rng, origin, timeline, course, shipment.t, week, k, text, [shipment.url] if shipment.url else [],
                   True)


def _topic_weights(topics: TopicCurves, course: Course, week: int) -> list[float]:
    """How likely each topic is in the account's posts this week: interest times popularity."""
    own = set(course.topics)
    return [(1.0 if topic in own or not own else OTHER_TOPIC_INTEREST) * popularity
            for topic, popularity in zip(topics.topics, topics.weights(week), strict=True)]


def _terms(rng: random.Random, topics: TopicCurves, weights: list[float]) -> list[str]:
    """Phrases of one topic drawn by ``weights``."""
    return TOPIC_TERMS[rng.choices(topics.topics, weights=weights)[0]][0]


def _finish(rng: random.Random, origin: datetime, timeline: Timeline, course: Course, t: float, week: int,
            k: int, text: str, urls: list[str], shipping: bool) -> SandboxPost:
    mentions: list[str] = []
    rate = 0.3 if course.is_alt else MENTION_RATE.get(course.voice, 0.3)
    if rng.random() < rate:
        text, mentions = _mention(rng, timeline, course, t, text)
    followers = course.curve.at(t / DAY_S)
    likes = int(followers * 0.008 * math.exp(2.0 * (rng.random() + rng.random() + rng.random() - 1.5))
                * (2.0 if shipping else 1.0))
    views = int(likes * (25 + 95 * rng.random()) + followers * (0.05 + 0.35 * rng.random()))
    millis = int(t) * 1000 + rng.randrange(1000)
    post_id = str(((millis + int(origin.timestamp()) * 1000 - TWITTER_EPOCH_MS) << 22)
                  | _low_bits(course.user_id, week, k))
    replies, reposts = int(likes * (0.02 + 0.13 * rng.random())), int(likes * (0.03 + 0.22 * rng.random()))
    return SandboxPost(post_id, text, origin + timedelta(seconds=int(t)), likes, replies, reposts, views,
                       mentions, urls)


def _low_bits(user_id: str, week: int, k: int) -> int:
    """22 bits that differ between accounts and posts (ids also differ by their millisecond)."""
    return (int(user_id) * 2_654_435_761 + week * 40_503 + k * 97) & 0x3FFFFF


def _mention(rng: random.Random, timeline: Timeline, course: Course, t: float, text: str) -> tuple[str, list[str]]:
    """Mention someone of the same community (mostly) by the handle they had at ``t``."""
    pool = timeline.community_pool(course.community)
    for _ in range(4):
        if not pool:
            break
        user_id = pool[int(rng.random() * len(pool))]
        handle = timeline.handle_at(user_id, t) if user_id != course.user_id else None
        if handle:
            form = MENTION_FORMS[0] if "{who2}" in (f := rng.choice(MENTION_FORMS)) else f
            return form.format(text=text, who=handle), [handle]
    return text, []
