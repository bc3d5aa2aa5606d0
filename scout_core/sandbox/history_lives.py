"""Each person's course on the clock: growth curve, shipments, going quiet, suspension, deactivation.

Drawn from the person's hidden drive (``model.Drive``), so the same causes that shaped them at day 0
shape what they do next: momentum raises the shipping rate and the chance that a shipment takes off;
a take-off multiplies the owner's followers over a few weeks after it ships. Most curves stay flat
(compound growth of 0.1-2.6% a week), a few take off: the 90-day growth is heavy-tailed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scout_core.sandbox.history_model import DAY_S, Curve, Life, Shipment
from scout_core.sandbox.model import Drive, Person, SandboxRepo
from scout_core.sandbox.world_accounts import IdMint, launch_url, model_name, repo_name
from scout_core.sandbox.world_content import pick
from scout_core.sandbox.world_text import REPO_DESCRIPTIONS
from scout_core.sandbox.world_vocab import LANGUAGES, PRODUCT_WORDS, TOPIC_TERMS

# Shipments per 90 days for an active person of momentum 0 (times exp(0.6 * momentum)).
SHIP_PER_90_DAYS = {"early_founder": 0.8, "ai_researcher": 0.6, "ai_operator": 0.4}
# What a shipment is, by archetype (limited to the platforms the person has).
SHIP_KINDS = {"early_founder": {"launch": 0.45, "repo": 0.45, "model": 0.1},
              "ai_researcher": {"model": 0.5, "repo": 0.45, "launch": 0.05},
              "ai_operator": {"repo": 0.8, "model": 0.1, "launch": 0.1}}
# Chance over 180 days of going quiet, being suspended, deactivating (by voice; "builder" for the rest).
QUIET_180 = {"builder": 0.12, "angel_investor": 0.08, "crypto": 0.06, "news": 0.02, "meme": 0.08, "alt": 0.1}
SUSPEND_180 = {"crypto": 0.05, "meme": 0.03, "news": 0.01}
SUSPEND_180_DEFAULT = 0.003
DEACTIVATE_180 = 0.01
VIRAL_180 = 0.01  # a take-off without a shipment (a post that went viral)
FALLBACK_DRIVE = Drive(momentum=0.0, growth=0.005, active=True, voice="ai_operator", topics=("AI agents",))


@dataclass
class Makers:
    """Unique names for shipped things: launch slugs world-wide, repo and model names per owner."""

    ids: IdMint
    origin: datetime  # day 0
    repos: dict[str, dict[str, bool]] = field(default_factory=dict)  # login → lower-cased names taken
    models: dict[str, set[str]] = field(default_factory=dict)  # HF username → model ids taken


def draw_life(rng: random.Random, person: Person, joined_s: float, horizon_s: float, makers: Makers) -> Life:
    """``person``'s life from ``joined_s`` to ``horizon_s`` (seconds since day 0)."""
    drive = person.drive or FALLBACK_DRIVE
    life = Life(person_id=person.person_id, joined=joined_s)
    span = max(0.0, horizon_s - joined_s)
    voice = _voice_key(drive.voice)
    if not drive.active:
        life.quiet_at = joined_s
    elif rng.random() < _over(QUIET_180.get(voice, 0.1), span):
        life.quiet_at = float(round(joined_s + rng.random() * span))
    if person.x is not None:
        if rng.random() < _over(SUSPEND_180.get(drive.voice, SUSPEND_180_DEFAULT), span):
            life.suspended_at = float(round(joined_s + rng.random() * span))
        elif rng.random() < _over(DEACTIVATE_180, span):
            life.deactivated_at = float(round(joined_s + rng.random() * span))
    life.shipments = _shipments(rng, person, drive, life, horizon_s, makers)
    if person.x is not None:
        life.curve = _curve(rng, person, drive, life, horizon_s)
    if person.x_alt is not None:
        life.alt_curve = Curve(f0=person.x_alt.followers, weekly=0.002, start=joined_s / DAY_S,
                               phase=rng.uniform(0, 2 * math.pi))
    return life


def _voice_key(voice: str) -> str:
    return "builder" if voice in SHIP_PER_90_DAYS else voice


def _over(chance_180: float, span_s: float) -> float:
    """The chance of something with ``chance_180`` per 180 days happening within ``span_s`` seconds."""
    return 1.0 - (1.0 - chance_180) ** (span_s / (180 * DAY_S))


def _ends(life: Life, horizon_s: float) -> float:
    return min(t for t in (life.quiet_at, life.suspended_at, life.deactivated_at, horizon_s) if t is not None)


def _shipments(rng: random.Random, person: Person, drive: Drive, life: Life, horizon_s: float,
               makers: Makers) -> list[Shipment]:
    per_90 = SHIP_PER_90_DAYS.get(person.archetype, 0.0) * math.exp(0.6 * drive.momentum)
    if per_90 <= 0:
        return []
    gap_s = 90 * DAY_S / per_90
    shipments, t, end = [], life.joined, _ends(life, horizon_s)
    while True:
        t += rng.expovariate(1.0) * gap_s
        if t >= end:
            return shipments
        hit = rng.random() < 1.0 / (1.0 + math.exp(-(1.2 * drive.momentum - 3.0)))
        shipments.append(_shipment(rng, person, drive, round(t), hit, makers))


def _shipment(rng: random.Random, person: Person, drive: Drive, t: float, hit: bool, makers: Makers) -> Shipment:
    kind = _kind(rng, person)
    topics = list(drive.topics) or ["AI agents"]
    if kind == "repo":
        assert person.github is not None
        login = person.github.login
        taken = makers.repos.setdefault(login, {r.name.lower(): True for r in person.github.repos})
        repo = _repo(rng, login, TOPIC_TERMS[pick(rng, topics)], taken, makers, t)
        stars = int(rng.lognormvariate(1.0 + drive.momentum + (3.0 if hit else 0.0), 1.2))
        repo.stars, repo.forks = min(250_000, stars), int(stars * (0.03 + 0.17 * rng.random()))
        return Shipment(t, person.person_id, "repo", repo.name, f"https://github.com/{login}/{repo.name}", hit, repo)
    if kind == "model":
        assert person.huggingface is not None
        user = person.huggingface.username
        taken_models = makers.models.setdefault(user, set(person.huggingface.models))
        model = f"{user}/{model_name(rng, topics)}"
        while model in taken_models:
            model = f"{user}/{model_name(rng, topics)}-{rng.randrange(2, 99)}"
        taken_models.add(model)
        return Shipment(t, person.person_id, "model", model, f"https://huggingface.co/{model}", hit)
    if kind == "launch":
        product = makers.ids.launch_name(pick(rng, PRODUCT_WORDS) + pick(rng, ["", " AI", "GPT", ".ai", " Labs"]))
        return Shipment(t, person.person_id, "launch", product, launch_url(product), hit)
    site = (person.x.website if person.x else None) or ""
    return Shipment(t, person.person_id, "site", site.split("//", 1)[-1], site, hit)


def _repo(rng: random.Random, login: str, terms: tuple[list[str], list[str], list[str]], taken: dict[str, bool],
          makers: Makers, t: float) -> SandboxRepo:
    phrases, slugs, words = terms
    created = makers.origin + timedelta(seconds=t)
    return SandboxRepo(
        repo_id=makers.ids.repo(), name=repo_name(rng, words, taken), owner=login,
        description=pick(rng, REPO_DESCRIPTIONS).format(term=pick(rng, phrases)),
        topics=slugs[: 1 + int(rng.random() * len(slugs))], stars=0, forks=0,
        language=pick(rng, LANGUAGES), created_at=created, pushed_at=created, contributors=[login],
    )


def _kind(rng: random.Random, person: Person) -> str:
    has = {"repo": person.github is not None, "model": person.huggingface is not None,
           "launch": person.producthunt is not None}
    odds = [(kind, w) for kind, w in SHIP_KINDS.get(person.archetype, {}).items() if has[kind]]
    total = sum(w for _, w in odds)
    if not total:
        return "site"
    roll = rng.random() * total
    for kind, weight in odds:
        roll -= weight
        if roll < 0:
            return kind
    return odds[-1][0]


def _curve(rng: random.Random, person: Person, drive: Drive, life: Life, horizon_s: float) -> Curve:
    assert person.x is not None
    takeoff_at = next((float(round(s.t + rng.uniform(0, 3) * DAY_S)) for s in life.shipments if s.hit), None)
    if takeoff_at is None and rng.random() < _over(VIRAL_180, horizon_s - life.joined):
        takeoff_at = float(round(life.joined + rng.random() * (horizon_s - life.joined)))
    multiplier = max(1.8, math.exp(rng.gauss(1.5, 0.5)))
    return Curve(
        f0=person.x.followers, weekly=drive.growth, start=life.joined / DAY_S,
        quiet_at=None if life.quiet_at is None else life.quiet_at / DAY_S,
        takeoff_at=None if takeoff_at is None else takeoff_at / DAY_S,
        takeoff_days=rng.uniform(10, 40), multiplier=multiplier if takeoff_at is not None else 1.0,
        phase=rng.uniform(0, 2 * math.pi),
    )
