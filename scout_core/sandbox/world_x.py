"""X accounts of the sandbox world: main accounts with bios, websites and posts, and alt accounts."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from scout_core.sandbox.model import GithubAccount, HuggingfaceAccount, ProducthuntAccount, XAccount
from scout_core.sandbox.world_accounts import (
    IdMint,
    PersonPlan,
    follower_history,
    launch_url,
    random_date,
    x_account,
)
from scout_core.sandbox.world_content import PostPlan, SnowflakeMint, make_bio, make_posts
from scout_core.sandbox.world_names import split_name
from scout_core.sandbox.world_vocab import EMOJI, LOCATIONS, NICKNAMES

GAP_DAYS = {"angel_investor": 3.0, "crypto": 0.5, "news": 0.3, "meme": 0.8}
MENTION_RATE = {"angel_investor": 0.45, "crypto": 0.08, "news": 0.03, "meme": 0.1}


@dataclass
class XContext:
    """What building X accounts needs beyond the person: ids, the social graph, the clock."""

    ids: IdMint
    snowflakes: SnowflakeMint
    now: datetime
    community_handles: dict[int, list[str]] = field(default_factory=dict)
    all_handles: list[str] = field(default_factory=list)


@dataclass
class OtherAccounts:
    github: GithubAccount | None = None
    huggingface: HuggingfaceAccount | None = None
    producthunt: ProducthuntAccount | None = None


def build_main_x(rng: random.Random, plan: PersonPlan, other: OtherAccounts, ctx: XContext) -> XAccount:
    handle = plan.handles["x"]
    created = random_date(rng, datetime(2008, 1, 1, tzinfo=ctx.now.tzinfo), ctx.now - timedelta(days=60))
    post_plan = _post_plan(rng, plan, other, ctx)
    posts = make_posts(rng, post_plan, ctx.snowflakes, ctx.now)
    plan.shipping_share = post_plan.shipped / len(posts) if posts else 0.0
    return x_account(
        handle, ctx.ids.x_user(created), created, name=plan.display,
        bio=make_bio(rng, plan.voice, plan.terms, plan.company[0] if plan.company else None,
                     _bio_links(rng, other)),
        location=rng.choice(LOCATIONS), website=_x_website(rng, plan, other),
        followers=plan.followers, following=int(rng.lognormvariate(math.log(400), 1.0)),
        tweet_count=len(posts) + int(rng.lognormvariate(math.log(2000), 1.2)),
        verified=rng.random() < (0.15 if plan.followers > 100_000 else 0.03),
        previous_handles=list(plan.previous_x), posts=posts,
        follower_history=follower_history(rng, plan.followers, plan.growth, ctx.now),
    )


def build_alt_x(rng: random.Random, plan: PersonPlan, main: XAccount, ctx: XContext) -> XAccount:
    """A small secondary account posting about the same topics, sometimes admitting whose alt it is."""
    assert plan.alt_handle is not None
    created = random_date(rng, main.created_at, ctx.now - timedelta(days=30))
    followers = int(rng.lognormvariate(math.log(60), 0.8))
    post_plan = PostPlan(
        voice="alt", terms=plan.terms, followers=followers, n_posts=rng.randint(5, 12),
        newest_age_days=rng.uniform(0, 25), mean_gap_days=4.0, mention_rate=0.3, own_handle=plan.alt_handle,
        community_handles=ctx.community_handles.get(plan.community, []), all_handles=ctx.all_handles,
    )
    bio = make_bio(rng, "alt", plan.terms, None, [])
    if rng.random() < 0.3:
        bio += f" (alt of @{main.handle})"
    return x_account(
        plan.alt_handle, ctx.ids.x_user(created), created, name=_alt_name(rng, plan.name), bio=bio,
        location="", website=None, followers=followers, following=rng.randrange(20, 400),
        tweet_count=rng.randrange(20, 900), verified=False,
        posts=make_posts(rng, post_plan, ctx.snowflakes, ctx.now),
        follower_history=follower_history(rng, followers, 0.002, ctx.now), is_alt=True,
    )


def _post_plan(rng: random.Random, plan: PersonPlan, other: OtherAccounts, ctx: XContext) -> PostPlan:
    newest = rng.uniform(30, 90) if not plan.active else min(19.5, rng.expovariate(1 / 3.0))
    ship_rate = update_rate(plan.momentum) if plan.is_builder else 0.0
    return PostPlan(
        voice=plan.voice, terms=plan.terms, followers=plan.followers, n_posts=rng.randint(10, 20),
        newest_age_days=newest, mean_gap_days=GAP_DAYS.get(plan.voice, 2.5), ship_rate=ship_rate,
        mention_rate=MENTION_RATE.get(plan.voice, 0.3), artifacts=_artifacts(plan, other),
        own_handle=plan.handles["x"], community_handles=ctx.community_handles.get(plan.community, []),
        all_handles=ctx.all_handles,
    )


def update_rate(momentum: float) -> float:
    """Share of a builder's posts that announce something shipped (a release of one of their artifacts)."""
    return 0.08 + 0.35 / (1.0 + math.exp(-1.3 * momentum))


def _artifacts(plan: PersonPlan, other: OtherAccounts) -> list[tuple[str, str]]:
    """Things the person shipped that their posts can link to."""
    found: list[tuple[str, str]] = []
    if other.github:
        found += [(r.name, f"https://github.com/{r.owner}/{r.name}") for r in other.github.repos[:3]]
    if other.huggingface:
        found += [(m.split("/", 1)[1], f"https://huggingface.co/{m}") for m in other.huggingface.models[:2]]
    if other.producthunt:
        found += [(p, launch_url(p)) for p in other.producthunt.launches]
    if plan.site and not found:
        found.append((plan.site.split("//", 1)[-1], plan.site))
    return found


def _bio_links(rng: random.Random, other: OtherAccounts) -> list[str]:
    """About 30% of people with a GitHub or HF account say so in their X bio."""
    if rng.random() >= 0.3:
        return []
    if other.github and (not other.huggingface or rng.random() < 0.7):
        return [rng.choice(["github.com/", "https://github.com/", "gh: github.com/"]) + other.github.login]
    if other.huggingface:
        return [rng.choice(["huggingface.co/", "🤗 huggingface.co/", "https://huggingface.co/"])
                + other.huggingface.username]
    return []


def _x_website(rng: random.Random, plan: PersonPlan, other: OtherAccounts) -> str | None:
    if plan.site and rng.random() < 0.75:
        return plan.site
    if plan.company and rng.random() < 0.5:
        return plan.company[1]
    if other.github and rng.random() < 0.2:
        return f"https://github.com/{other.github.login}"
    return None


def _alt_name(rng: random.Random, name: str) -> str:
    first, _ = split_name(name)
    nickname = NICKNAMES.get(first, first).lower()
    return rng.choice([f"{first} (alt)", f"{nickname} {rng.choice(EMOJI)}", first[0] + ".",
                       f"not {first.lower()}"])
