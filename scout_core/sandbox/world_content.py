"""Bios and posts for the sandbox world: AI vocabulary for builders, shipping posts with links to their
own artifacts, @mentions into the social graph, engagement correlated with followers."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from string import Formatter
from typing import TypeVar

from scout_core.sandbox.model import SandboxPost
from scout_core.sandbox.world_text import (
    BIOS,
    FUNDS,
    MENTION_FORMS,
    SHIP,
    SHIP_NO_LINK,
    TALK,
    UNIVERSITIES,
)
from scout_core.sandbox.world_vocab import BIG_COMPANIES, EMOJI, LOCATIONS, NOISE_EMOJI

TWITTER_EPOCH_MS = 1288834974657
T = TypeVar("T")


class SnowflakeMint:
    """Unique X-style snowflake ids from timestamps: time in the high bits, a counter in the low 22."""

    def __init__(self, start: int = 0) -> None:
        self._counter = start

    def next_id(self, now: datetime, seconds_before: int) -> str:
        """The id of a post made ``seconds_before`` seconds before ``now``."""
        self._counter = (self._counter + 1) & 0x3FFFFF
        millis = (int(now.timestamp()) - seconds_before) * 1000 - TWITTER_EPOCH_MS
        return str((millis << 22) | self._counter)


@dataclass
class PostPlan:
    """What one account posts about and how often."""

    voice: str  # an archetype, a noise kind ("crypto"...) or "alt"
    terms: list[str]
    followers: int
    n_posts: int
    newest_age_days: float  # how long before `now` the newest post is
    mean_gap_days: float
    ship_rate: float = 0.0
    mention_rate: float = 0.0
    artifacts: list[tuple[str, str]] = field(default_factory=list)  # (name, url) the person shipped
    own_handle: str = ""
    shipped: int = 0  # shipping posts made so far (counted for traction)
    community_handles: list[str] = field(default_factory=list)
    all_handles: list[str] = field(default_factory=list)


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` without its overhead (the world makes millions of picks)."""
    return items[int(rng.random() * len(items))]


def _arxiv_url(random_: Callable[[], float]) -> str:
    month = f"2{int(4 + 3 * random_())}{int(1 + 12 * random_()):02d}"
    return f"https://arxiv.org/abs/{month}.{int(random_() * 1e5):05d}"


# How to fill each template placeholder that the caller does not supply.
_SLOT_MAKERS: dict[str, Callable[[random.Random, list[str]], object]] = {
    "term": pick, "term2": pick, "emoji": lambda rng, _: pick(rng, EMOJI), "n": lambda rng, _: rng.randrange(2, 12),
    "company": lambda rng, _: "stealth", "big": lambda rng, _: pick(rng, BIG_COMPANIES),
    "uni": lambda rng, _: pick(rng, UNIVERSITIES), "fund": lambda rng, _: pick(rng, FUNDS),
    "city": lambda rng, _: pick(rng, LOCATIONS) or "SF", "paper": lambda rng, _: _arxiv_url(rng.random),
    "name": lambda rng, _: "", "url": lambda rng, _: "",
}
_FIELDS: dict[str, tuple[str, ...]] = {}


def render(rng: random.Random, template: str, terms: list[str], **given: object) -> tuple[str, dict[str, object]]:
    """Fill the placeholders ``template`` uses (``given`` first, else drawn), returning text and values."""
    fields = _FIELDS.get(template)
    if fields is None:
        fields = _FIELDS[template] = tuple(dict.fromkeys(f for _, f, _, _ in Formatter().parse(template) if f))
    values = {f: given[f] if f in given else _SLOT_MAKERS[f](rng, terms) for f in fields}
    if "term2" in values and values["term2"] == values.get("term") and len(terms) > 1:
        values["term2"] = terms[(terms.index(str(values["term"])) + 1) % len(terms)]  # "RAG & RAG" reads badly
    return template.format(**values), values


def make_bio(rng: random.Random, voice: str, terms: list[str], company: str | None, links: list[str]) -> str:
    """An X bio in the person's voice, with any cross-platform links appended."""
    text, _ = render(rng, pick(rng, BIOS[voice]), terms, company=company or "stealth")
    for link in links:
        text += rng.choice([" | ", " · ", "\n", " "]) + link
    return text


def make_posts(rng: random.Random, plan: PostPlan, ids: SnowflakeMint, now: datetime) -> list[SandboxPost]:
    """``plan.n_posts`` posts, newest first, spaced by exponential gaps going back from the newest.

    This is the hot loop of world generation (most of its objects are posts), hence the inlining.
    """
    posts: list[SandboxPost] = []
    random_, followers = rng.random, plan.followers
    seconds, gap = int(plan.newest_age_days * 86400), plan.mean_gap_days * 86400
    for _ in range(plan.n_posts):
        shipping = random_() < plan.ship_rate
        plan.shipped += shipping
        text, urls = post_text(random_, plan, shipping)
        mentions: list[str] = []
        if random_() < plan.mention_rate:
            text, mentions = _add_mentions(rng, plan, text)
        # Likes per follower are about lognormal (median 0.8%); a sum of uniforms stands in for the normal.
        likes = int(followers * 0.008 * math.exp(2.0 * (random_() + random_() + random_() - 1.5))
                    * (2.0 if shipping else 1.0))
        views = int(likes * (25 + 95 * random_()) + followers * (0.05 + 0.35 * random_()))
        posts.append(SandboxPost(ids.next_id(now, seconds), text, now - timedelta(seconds=seconds), likes,
                                 int(likes * (0.02 + 0.13 * random_())), int(likes * (0.03 + 0.22 * random_())),
                                 views, mentions, urls))
        seconds += int(-gap * math.log(1.0 - random_())) + 600
    return posts


def is_shipping_post(post: SandboxPost) -> bool:
    """Whether a post announces something shipped (the world's own count uses the same templates)."""
    text = post.text.lower()
    return any(k in text for k in ("shipped", "launched", " is out", "open-sourced", "is live", "released"))


def post_text(random_: Callable[[], float], plan: PostPlan, shipping: bool) -> tuple[str, list[str]]:
    voice = plan.voice
    name = url = paper = ""
    if shipping and voice in SHIP and plan.artifacts:
        name, url = plan.artifacts[int(random_() * len(plan.artifacts))]
        templates = SHIP[voice]
    else:
        templates = SHIP_NO_LINK if shipping and voice in SHIP else TALK[voice]
    template = templates[int(random_() * len(templates))]
    if "{paper}" in template:
        paper = _arxiv_url(random_)
    emoji = NOISE_EMOJI if voice in ("crypto", "meme") else EMOJI
    terms = plan.terms
    text = template.format(term=terms[int(random_() * len(terms))], emoji=emoji[int(random_() * len(emoji))],
                           n=2 + int(random_() * 10), name=name, url=url, paper=paper)
    if random_() < 0.12 and voice != "news":
        text += " " + EMOJI[int(random_() * len(EMOJI))]
    return text, [u for u in (url, paper) if u]


def _add_mentions(rng: random.Random, plan: PostPlan, text: str) -> tuple[str, list[str]]:
    who, who2 = _mention_target(rng, plan), _mention_target(rng, plan)
    if who is None:
        return text, []
    form = pick(rng, MENTION_FORMS)
    if "{who2}" in form and (who2 is None or who2.lower() == who.lower()):
        form = MENTION_FORMS[0]
    mentions = [who] + ([who2] if "{who2}" in form and who2 else [])
    return form.format(text=text, who=who, who2=who2), mentions


def _mention_target(rng: random.Random, plan: PostPlan) -> str | None:
    """Someone else's current handle: mostly from the same community, sometimes from anywhere."""
    pool = plan.community_handles if plan.community_handles and rng.random() < 0.8 else plan.all_handles
    for _ in range(4):
        if not pool:
            return None
        handle = pick(rng, pool)
        if handle.lower() != plan.own_handle.lower():
            return handle
    return None
