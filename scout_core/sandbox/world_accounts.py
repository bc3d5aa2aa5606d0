"""Account builders for the sandbox world: one function per platform, fed by a person's plan."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from scout_core.sandbox.model import (
    GithubAccount,
    HuggingfaceAccount,
    ProducthuntAccount,
    SandboxRepo,
    XAccount,
)
from scout_core.sandbox.world_content import TWITTER_EPOCH_MS, pick, render
from scout_core.sandbox.world_text import GH_BIOS, HF_DETAILS, PH_HEADLINES, REPO_DESCRIPTIONS
from scout_core.sandbox.world_vocab import (
    HOSTILE_BLOGS,
    LANGUAGES,
    LOCATIONS,
    PRODUCT_WORDS,
    REPO_SUFFIXES,
    TOPIC_TERMS,
)

PLATFORM_ORDER = ("x", "github", "huggingface", "producthunt")
V = TypeVar("V", int, str)
_REPO_COUNTS = {"early_founder": (2, 8), "ai_researcher": (2, 6), "ai_operator": (2, 8)}


@dataclass(slots=True)
class PersonPlan:
    """Everything decided about one person before their accounts are built."""

    index: int
    archetype: str
    voice: str  # archetype, or the noise kind (crypto/news/meme)
    community: int
    topics: list[str]
    momentum: float  # hidden drive behind shipping, growth and stars (never exported)
    active: bool
    name: str
    namesake_of: int | None
    display: str = ""
    brand_stem: str | None = None  # noise accounts that post as a brand, not a person
    platforms: dict[str, bool] = field(default_factory=dict)
    handles: dict[str, str] = field(default_factory=dict)
    previous_x: list[str] = field(default_factory=list)
    alt_handle: str | None = None
    company: tuple[str, str] | None = None  # (name, https URL) shared with colleagues
    site: str | None = None  # personal website URL
    followers: int = 0
    growth: float = 0.0  # weekly follower growth rate
    shipping_share: float = 0.0  # share of their X posts that announce something shipped
    terms: list[str] = field(default_factory=list)  # phrases of their topics, for bios and posts

    def __post_init__(self) -> None:
        self.terms = [t for topic in self.topics for t in TOPIC_TERMS[topic][0]]

    @property
    def is_builder(self) -> bool:
        return self.archetype in ("early_founder", "ai_researcher", "ai_operator")


class IdMint:
    """Unique ids in each platform's shape."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: dict[str, set[int | str]] = {"x": set(), "gh": set(), "repo": set(), "hf": set(), "ph": set()}
        self._launches: dict[str, int] = {}  # a product's slug → the next number to give it
        self._launch_slugs: set[str] = set()  # membership only, like _seen

    def reserve(self, kind: str, value: int | str) -> None:
        """Mark an id used without drawing anything (an id some account of the world already has)."""
        self._seen[kind].add(value)

    def _unique(self, kind: str, make: Callable[[], V]) -> V:
        # Membership tests only: set order never shows, so the world stays independent of hash seeds.
        while True:
            value = make()
            if value not in self._seen[kind]:
                self._seen[kind].add(value)
                return value

    def x_user(self, created: datetime) -> str:
        """Pre-2014 accounts have small ids; later ones are snowflakes (above 2**53)."""
        if created.year < 2014:
            return str(self._unique("x", lambda: self._rng.randrange(10**6, 2 * 10**9)))
        millis = int(created.timestamp() * 1000) - TWITTER_EPOCH_MS
        return str(self._unique("x", lambda: (millis << 22) | self._rng.getrandbits(22)))

    def github_user(self) -> int:
        return self._unique("gh", lambda: self._rng.randrange(10_000, 190_000_000))

    def repo(self) -> int:
        return self._unique("repo", lambda: self._rng.randrange(10**6, 9 * 10**8))

    def hf_user(self) -> str:
        return self._unique("hf", lambda: f"{self._rng.getrandbits(96):024x}")

    def ph_user(self) -> str:
        return self._unique("ph", lambda: str(self._rng.randrange(1000, 9_000_000)))

    def reserve_launch(self, name: str) -> None:
        """Mark a launch's slug taken without drawing anything (a launch the world already has)."""
        self._launch_slugs.add(launch_url(name))

    def launch_name(self, wanted: str) -> str:
        """Launch slugs are unique (the slug is the launch URL): 'Orbit AI', then 'Orbit AI 2'...

        Counted by slug, not name: 'Relay.ai 7' and 'Relay AI 7' would share the slug relay-ai-7.
        """
        number = self._launches.get(launch_url(wanted), 1)  # the next number to try for this product
        name = wanted if number == 1 else f"{wanted} {number}"
        while launch_url(name) in self._launch_slugs:
            number += 1
            name = f"{wanted} {number}"
        self._launches[launch_url(wanted)] = number + 1
        self._launch_slugs.add(launch_url(name))
        return name


def random_date(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(1.0, (end - start).total_seconds())
    return start + timedelta(seconds=int(rng.random() * span))


def ago(now: datetime, days: float) -> datetime:
    """``days`` before ``now``, to the second."""
    return now - timedelta(seconds=int(days * 86400))


def between(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint`` at a fraction of its cost (the world draws millions of numbers)."""
    return low + int(rng.random() * (high - low + 1))


def build_github(rng: random.Random, plan: PersonPlan, ids: IdMint, now: datetime) -> GithubAccount:
    login = plan.handles["github"]
    created = random_date(rng, datetime(2010, 1, 1, tzinfo=now.tzinfo), now - timedelta(days=200))
    repos = _build_repos(rng, plan, login, ids, created, now)
    top = max((r.stars for r in repos), default=0)
    return GithubAccount(
        user_id=ids.github_user(), login=login, name=_maybe(rng, plan.name, 0.85), bio=_github_bio(rng, plan),
        blog=_github_blog(rng, plan), twitter_username=None, company=_github_company(rng, plan),
        location=_maybe(rng, pick(rng, LOCATIONS), 0.6),
        followers=int(rng.lognormvariate(2.0 + 0.35 * math.log1p(top), 1.0)), following=between(rng, 0, 300),
        created_at=created, repos=repos, push_days=_push_days(rng, plan, now),
    )


def _github_bio(rng: random.Random, plan: PersonPlan) -> str | None:
    if rng.random() < 0.35:
        return pick(rng, [None, None, ""])  # /users/{u} says null, /user says "": both occur
    return render(rng, pick(rng, GH_BIOS), plan.terms, company=_company_name(plan) or "")[0]


def _build_repos(rng: random.Random, plan: PersonPlan, login: str, ids: IdMint,
                 created: datetime, now: datetime) -> list[SandboxRepo]:
    low, high = _REPO_COUNTS.get(plan.archetype, (0, 2))
    names: dict[str, bool] = {}
    repos: list[SandboxRepo] = []
    for k in range(between(rng, low, high)):
        phrases, slugs, words = TOPIC_TERMS[pick(rng, plan.topics)]
        stars = int(rng.lognormvariate(1.0 + 1.0 * plan.momentum + (0.6 if k == 0 else 0.0), 1.6))
        pushed = _pushed_at(rng, plan, now, flagship=k == 0)
        description = pick(rng, REPO_DESCRIPTIONS).format(term=pick(rng, phrases))
        repos.append(SandboxRepo(
            repo_id=ids.repo(), name=repo_name(rng, words, names), owner=login,
            description=description if rng.random() < 0.9 else None,
            topics=slugs[: between(rng, 1, len(slugs))], stars=min(stars, 250_000),
            forks=int(stars * (0.03 + 0.17 * rng.random())), language=_maybe(rng, pick(rng, LANGUAGES), 0.93),
            created_at=random_date(rng, created, min(pushed, now - timedelta(days=30))), pushed_at=pushed,
            contributors=[login],
        ))
    repos.sort(key=lambda r: r.stars, reverse=True)
    return repos


def repo_name(rng: random.Random, words: list[str], taken: dict[str, bool]) -> str:
    for _ in range(20):
        name = pick(rng, words) + pick(rng, ["-", "", "_"]) + pick(rng, REPO_SUFFIXES)
        if name.lower() not in taken:
            taken[name.lower()] = True
            return name
    name = f"{pick(rng, words)}-{len(taken)}"
    taken[name.lower()] = True
    return name


def _pushed_at(rng: random.Random, plan: PersonPlan, now: datetime, flagship: bool) -> datetime:
    if plan.active and flagship:
        return ago(now, 0.1 + 19.9 * rng.random())
    return ago(now, 1 + 299 * rng.random() if plan.active else 35 + 365 * rng.random())


def _push_days(rng: random.Random, plan: PersonPlan, now: datetime) -> list[datetime]:
    """Recent PushEvent times, newest first: weeks of pushes for active builders, a few old ones otherwise."""
    if plan.active and plan.is_builder:
        days = sorted(0.1 + 29.9 * rng.random() for _ in range(between(rng, 3, 15)))
    else:
        days = sorted(35 + 85 * rng.random() for _ in range(between(rng, 0, 3)))
    return [ago(now, d) for d in days]


def _github_blog(rng: random.Random, plan: PersonPlan) -> str:
    """Free text, as GitHub stores it: a URL with or without scheme, the company site, '' or worse."""
    roll = rng.random()
    if roll < 0.01:
        return pick(rng, HOSTILE_BLOGS)
    if plan.site and roll < 0.65:
        return pick(rng, [plan.site, plan.site.removeprefix("https://"), plan.site + "/"])
    if plan.company and roll < 0.8:
        return plan.company[1]
    return ""


def _github_company(rng: random.Random, plan: PersonPlan) -> str | None:
    if plan.company and rng.random() < 0.6:
        return "@" + plan.company[0]
    return pick(rng, [None, None, ""])


def _company_name(plan: PersonPlan) -> str | None:
    return plan.company[0] if plan.company else None


def _maybe(rng: random.Random, value: str, chance: float) -> str | None:
    return value if rng.random() < chance else None


def build_huggingface(rng: random.Random, plan: PersonPlan, ids: IdMint,
                      github_login: str | None) -> HuggingfaceAccount:
    username = plan.handles["huggingface"]
    details = "" if rng.random() < 0.25 else render(rng, pick(rng, HF_DETAILS), plan.terms)[0]
    if github_login and rng.random() < 0.25:
        details = (details + " " + rng.choice(["github.com/", "https://github.com/"]) + github_login).strip()
    count = rng.randint(1, 6) if plan.archetype == "ai_researcher" else rng.randint(0, 3)
    models = list(dict.fromkeys(f"{username}/{model_name(rng, plan.topics)}" for _ in range(count)))
    return HuggingfaceAccount(
        user_id=ids.hf_user(), username=username, fullname=plan.display if rng.random() < 0.5 else plan.name,
        details=details, num_followers=int(rng.lognormvariate(1.5 + 0.5 * plan.momentum, 1.3)),
        num_following=rng.randrange(0, 80), models=models, is_pro=rng.random() < 0.1,
    )


def model_name(rng: random.Random, topics: list[str]) -> str:
    base = rng.choice(["llama-3", "mistral", "qwen2.5", "phi-3", "gemma-2", "tiny"])
    size = rng.choice(["1b", "3b", "7b", "8b", "0.5b"])
    word = rng.choice(TOPIC_TERMS[rng.choice(topics)][2])
    return f"{base}-{size}-{word}-{rng.choice(['ft', 'lora', 'instruct', 'v2', 'gguf'])}"


def build_producthunt(rng: random.Random, plan: PersonPlan, ids: IdMint) -> ProducthuntAccount:
    count = rng.randint(1, 3) if plan.archetype == "early_founder" else rng.randint(0, 1)
    launches = [ids.launch_name(pick(rng, PRODUCT_WORDS) + pick(rng, ["", " AI", "GPT", ".ai", " Labs"]))
                for _ in range(count)]
    x_handle = plan.handles.get("x")
    twitter = None
    if x_handle and rng.random() < 0.7:
        twitter = x_handle if rng.random() < 0.85 else x_handle.lower()
    headline, _ = render(rng, pick(rng, PH_HEADLINES), plan.terms, company=_company_name(plan) or "stealth",
                         name=launches[0] if launches else "side projects")
    return ProducthuntAccount(
        user_id=ids.ph_user(), username=plan.handles["producthunt"], name=plan.name,
        headline=headline, twitter_username=twitter,
        website_url=plan.site if rng.random() < 0.6 else None, launches=launches,
    )


def launch_url(product: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in product.lower()).strip("-")
    return f"https://www.producthunt.com/posts/{slug}"


def follower_history(rng: random.Random, followers: int, growth: float,
                     now: datetime) -> list[tuple[datetime, int]]:
    """12 weekly snapshots ending at ``now`` with the current count; faster growth means a steeper curve."""
    history = []
    for week, when in zip(range(11, -1, -1), _weekly_dates(now), strict=True):
        wobble = 1.0 + 0.008 * (rng.random() - 0.5) if week else 1.0
        history.append((when, max(0, round(followers / (1.0 + growth) ** week * wobble))))
    return history


@lru_cache(maxsize=4)
def _weekly_dates(now: datetime) -> tuple[datetime, ...]:
    return tuple(now - timedelta(weeks=week) for week in range(11, -1, -1))


def x_account(handle: str, user_id: str, created: datetime, **fields: Any) -> XAccount:
    """An XAccount with the avatar URL X would give it."""
    avatar = f"https://pbs.twimg.com/profile_images/{user_id[-12:]}/{handle.lower()}_normal.jpg"
    return XAccount(user_id=user_id, handle=handle, created_at=created, avatar_url=avatar, **fields)
