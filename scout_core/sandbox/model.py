"""The sandbox world's data model: people and their accounts on each platform.

The world is generated deterministically from a seed (``world.generate_world``). The sandbox server
renders these records in each real service's wire format. ``Person`` carries the ground truth
(archetype, who owns which account, later traction); it is exported for evaluation only and the
pipeline never reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scout_core.sandbox.world_recycle import HandleLedger


@dataclass
class SandboxPost:
    post_id: str  # numeric string, like X's snowflake ids
    text: str  # may contain @mentions, URLs (as t.co in the API text), emoji, &amp; entities
    created_at: datetime  # timezone-aware UTC
    like_count: int
    reply_count: int
    repost_count: int
    view_count: int
    mentions: list[str] = field(default_factory=list)  # X handles mentioned (current handles)
    urls: list[str] = field(default_factory=list)  # expanded destination URLs linked from the post


@dataclass
class XAccount:
    user_id: str  # numeric string, may exceed 2**53
    handle: str  # current handle
    name: str  # display name (nicknames, emoji)
    bio: str
    location: str
    website: str | None  # expanded destination URL, or None
    created_at: datetime
    followers: int
    following: int
    tweet_count: int
    verified: bool
    avatar_url: str
    previous_handles: list[str] = field(default_factory=list)  # renames: same user_id, older handles
    posts: list[SandboxPost] = field(default_factory=list)  # newest first
    follower_history: list[tuple[datetime, int]] = field(default_factory=list)  # weekly snapshots
    is_alt: bool = False  # a secondary account of the same person
    suspended: bool = False  # X answers "User has been suspended" (the clock's history sets it)


@dataclass
class SandboxRepo:
    repo_id: int
    name: str
    owner: str  # GitHub login
    description: str | None
    topics: list[str]
    stars: int
    forks: int
    language: str | None
    created_at: datetime
    pushed_at: datetime
    contributors: list[str] = field(default_factory=list)  # GitHub logins, owner first


@dataclass
class GithubAccount:
    user_id: int
    login: str
    name: str | None
    bio: str | None  # null or "" both occur
    blog: str  # free text, may be "" or lack a scheme, or be hostile
    twitter_username: str | None
    company: str | None
    location: str | None
    followers: int
    following: int
    created_at: datetime
    repos: list[SandboxRepo] = field(default_factory=list)
    push_days: list[datetime] = field(default_factory=list)  # recent PushEvent times


@dataclass
class HuggingfaceAccount:
    user_id: str  # 24-hex ObjectId
    username: str
    fullname: str
    details: str  # bio
    num_followers: int
    num_following: int
    models: list[str] = field(default_factory=list)  # model ids "username/model-name"
    is_pro: bool = False
    model_dates: dict[str, datetime] = field(default_factory=dict)  # models made on the clock: id → created


@dataclass
class ProducthuntAccount:
    user_id: str  # string of an int
    username: str
    name: str
    headline: str
    twitter_username: str | None
    website_url: str | None
    launches: list[str] = field(default_factory=list)  # product names they made
    launch_dates: dict[str, datetime] = field(default_factory=dict)  # launches made on the clock: name → date


@dataclass(frozen=True)
class Drive:
    """The hidden causes behind a person's behaviour (truth only, never served): what the clock's history
    reads to decide who grows, ships, goes quiet. Drawn with the person; storing it draws nothing."""

    momentum: float  # drives shipping, growth and stars; about N(0, 1) for people, lower for noise
    growth: float  # weekly follower growth rate of the main X account at day 0
    active: bool  # posting and pushing at day 0
    voice: str  # archetype, or the noise kind (crypto/news/meme)
    topics: tuple[str, ...]  # what they talk about


@dataclass
class Person:
    """One human in the world (ground truth) and every account they own."""

    person_id: str
    archetype: str  # early_founder | ai_researcher | ai_operator | angel_investor | noise
    name: str  # legal-ish name; accounts may show a nickname instead
    community: int  # social-graph community index
    achieved_traction: bool  # later outcome, for training labels only
    x: XAccount | None = None
    x_alt: XAccount | None = None
    github: GithubAccount | None = None
    huggingface: HuggingfaceAccount | None = None
    producthunt: ProducthuntAccount | None = None
    company_site: str | None = None  # shared by colleagues: not identity evidence
    namesake_of: str | None = None  # person_id of a different person with the same name
    drive: Drive | None = None  # hidden causes (truth only)
    joined_at: datetime | None = None  # None: present at day 0; else when a newcomer appeared on the clock


@dataclass
class World:
    seed: int
    size: int
    now: datetime  # the world's "today": day 0 for a generated world, the clock's time for a snapshot
    people: list[Person]
    topics: list[str]  # topics the search API knows about
    origin: datetime | None = None  # day 0 of the clock (None: ``now``); dates drawn at generation hang on it
    ledger: HandleLedger | None = field(default=None, repr=False, compare=False)  # who held which X handle when

    # Lookup indexes built by world.generate_world (lower-cased keys).
    x_by_handle: dict[str, XAccount] = field(default_factory=dict)
    x_by_id: dict[str, XAccount] = field(default_factory=dict)
    github_by_login: dict[str, GithubAccount] = field(default_factory=dict)
    repos_by_full_name: dict[str, SandboxRepo] = field(default_factory=dict)
    hf_by_username: dict[str, HuggingfaceAccount] = field(default_factory=dict)
    ph_by_username: dict[str, ProducthuntAccount] = field(default_factory=dict)
    search_texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # search cache

    @property
    def day0(self) -> datetime:
        """Day 0 of the world's clock: what generation-time dates (launch and model dates) are drawn from."""
        return self.origin or self.now
