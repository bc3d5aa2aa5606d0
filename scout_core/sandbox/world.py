"""Generate the sandbox world: a deterministic population of people and their accounts.

``generate_world(seed, size)`` draws everything from one ``random.Random(seed)`` (no global random,
no clock), in O(size). Steps: plan each person (archetype, community, topics, a hidden momentum that
drives shipping, growth and stars), give them handles and websites, build their accounts, wire the
social graph (mentions, repo contributors), decide later traction, and index the accounts.
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from scout_core.errors import InputError
from scout_core.handles import website_key
from scout_core.sandbox.model import Drive, GithubAccount, Person, World
from scout_core.sandbox.world_accounts import (
    PLATFORM_ORDER,
    IdMint,
    PersonPlan,
    build_github,
    build_huggingface,
    build_producthunt,
)
from scout_core.sandbox.world_content import SnowflakeMint
from scout_core.sandbox.world_names import (
    HandleRegistry,
    ascii_fold,
    case_variant,
    display_name,
    handle_stems,
    noise_brand,
    pick_names,
    shared_handle,
    wanted_handles,
)
from scout_core.sandbox.world_trails import SILENT_ACCOUNT_SHARE, leave_trails
from scout_core.sandbox.world_vocab import (
    ARCHETYPE_MIX,
    COMPANY_ENDINGS,
    COMPANY_STEMS,
    NOISE_KINDS,
    TLDS,
    TOPIC_TERMS,
    TOPICS,
)
from scout_core.sandbox.world_x import OtherAccounts, XContext, build_alt_x, build_main_x

WORLD_NOW = datetime(2026, 11, 1, tzinfo=UTC)

# Chance of an account on each platform, by archetype: (x, github, huggingface, producthunt).
PLATFORM_ODDS = {
    "early_founder": (0.92, 0.8, 0.2, 0.6),
    "ai_researcher": (0.92, 0.8, 0.6, 0.1),
    "ai_operator": (0.92, 0.8, 0.2, 0.1),
    "angel_investor": (0.95, 0.2, 0.2, 0.1),
    "noise": (1.0, 0.03, 0.01, 0.02),
}
# Followers are lognormal: (mu, sigma) of log(followers) by archetype.
FOLLOWERS = {"early_founder": (6.3, 1.2), "ai_researcher": (6.6, 1.3), "ai_operator": (6.1, 1.1),
              "angel_investor": (7.6, 1.5), "noise": (7.6, 2.1)}
_TRACTION_BASE = {"early_founder": -0.05, "ai_researcher": -0.25, "ai_operator": -0.3, "angel_investor": -0.2,
                  "noise": 0.05}
ALT_PATTERNS = ["{f}_alt", "not{f}{l}", "{f}shitposts", "{i}{l}_lab", "{f}_irl", "{f}{l}2"]
_TAGLINE_VERB = {"early_founder": "building", "ai_researcher": "researching", "ai_operator": "scaling",
                 "angel_investor": "investing in", "noise": "posting about"}


def world_anchor() -> datetime:
    """Today at 00:00 UTC: a served world is dated relative to the real present, like the real services.

    People, handles and texts depend only on the seed; only the dates move with the anchor.
    """
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def generate_world(seed: int = 7, size: int = 2000, now: datetime | None = None,
                   silent_share: float = SILENT_ACCOUNT_SHARE) -> World:
    """The world for ``seed`` with ``size`` people, dated back from ``now`` (default: the fixed WORLD_NOW).

    ``silent_share`` is the chance that a person's further account leaves no trail to their main one
    (``world_trails``). The same arguments always give the same world.
    """
    now = now or WORLD_NOW
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InputError(f"sandbox world size must be a positive integer, got {size!r}")
    if not 0.0 <= silent_share <= 1.0:
        raise InputError(f"silent account share must be between 0 and 1, got {silent_share!r}")
    with gc_paused():
        rng = random.Random(seed)
        plans = _plan_people(rng, size)
        registry = HandleRegistry(rng)
        for plan in plans:
            _assign_handles(rng, plan, registry)
        _assign_companies(rng, plans)
        _assign_sites(rng, plans)
        people = _build_people(rng, plans, now, seed, silent_share)
        world = World(seed=seed, size=size, now=now, people=people, topics=list(TOPICS))
        index_world(world)
    return world


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC while building: millions of new, acyclic objects would be rescanned over and over
    (superlinear time)."""
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc_was_on:
            gc.enable()


def _plan_people(rng: random.Random, size: int) -> list[PersonPlan]:
    archetypes = [name for name, share in ARCHETYPE_MIX for _ in range(round(size * share))]
    archetypes = (archetypes + ["noise"] * size)[:size]
    rng.shuffle(archetypes)
    names, namesake_of = pick_names(rng, size)
    communities = max(1, size // 50)
    focus = [rng.sample(TOPICS, 2) for _ in range(communities)]  # each community's main topics
    return [plan_person(rng, i, archetypes[i], names[i], namesake_of[i], communities, focus)
            for i in range(size)]


def plan_person(rng: random.Random, index: int, archetype: str, name: str, namesake_of: int | None,
                 communities: int, focus: list[list[str]]) -> PersonPlan:
    community = rng.randrange(communities)
    topics = [focus[community][0], focus[community][1] if rng.random() < 0.6 else rng.choice(TOPICS)]
    noise = archetype == "noise"
    momentum = rng.gauss(-1.0, 0.8) if noise else rng.gauss(0.0, 1.0)
    inactive_odds = 0.3 / (1.0 + math.exp(1.5 * momentum)) if archetype in ("early_founder", "ai_researcher",
                                                                             "ai_operator") else 0.05
    plan = PersonPlan(
        index=index, archetype=archetype, voice=rng.choice(NOISE_KINDS) if noise else archetype,
        community=community, topics=list(dict.fromkeys(topics)), momentum=momentum,
        active=rng.random() >= inactive_odds, name=name, namesake_of=namesake_of,
    )
    tagline = f"{_TAGLINE_VERB[archetype]} {TOPIC_TERMS[plan.topics[0]][0][0]}"
    plan.display = display_name(rng, name, tagline)
    if noise and rng.random() < 0.6:
        plan.display, plan.brand_stem = noise_brand(rng, plan.voice)
    odds = PLATFORM_ODDS[archetype]
    plan.platforms = {p: rng.random() < odds[k] for k, p in enumerate(PLATFORM_ORDER)}
    if not any(plan.platforms.values()):
        plan.platforms["x"] = True
    return plan


def _assign_handles(rng: random.Random, plan: PersonPlan, registry: HandleRegistry) -> None:
    """Same handle everywhere (~30%), the same up to case (~8%), or different per platform."""
    stems = handle_stems(plan.name)
    roll = rng.random()
    shared = shared_handle(rng, stems) if roll < 0.38 else None
    for platform in PLATFORM_ORDER:
        if not plan.platforms[platform]:
            continue
        first = shared
        if platform == "x" and shared and roll >= 0.30:
            first = case_variant(rng, shared)
        if platform == "x" and plan.brand_stem:
            first = plan.brand_stem
        plan.handles[platform] = registry.claim(platform, wanted_handles(rng, stems, platform, first))
    if not plan.platforms["x"]:
        return
    if rng.random() < 0.05:  # renamed: older handles, same user id
        plan.previous_x = [registry.claim("x", wanted_handles(rng, stems, "x", None))
                           for _ in range(1 if rng.random() < 0.8 else 2)]
    if plan.archetype != "noise" and rng.random() < 0.05:
        alt = [p.format(**stems) for p in ALT_PATTERNS]
        plan.alt_handle = registry.claim("x", rng.sample(alt, len(alt)))


def _assign_companies(rng: random.Random, plans: list[PersonPlan]) -> None:
    """~10% of people work in small teams (2-6 colleagues, mostly one community) that share a site."""
    staff = [p for p in plans if p.archetype != "noise" and rng.random() < 0.167]
    staff.sort(key=lambda p: p.community)
    taken: dict[str, bool] = {}
    start = 0
    while len(staff) - start >= 2:
        team = staff[start:start + rng.randint(2, 6)]
        start += len(team)
        if len(team) < 2:
            break
        company = _new_company(rng, taken)
        for member in team:
            member.company = company


def _new_company(rng: random.Random, taken: dict[str, bool]) -> tuple[str, str]:
    for attempt in range(100):
        name = rng.choice(COMPANY_STEMS) + rng.choice(COMPANY_ENDINGS)
        if attempt > 10:
            name += rng.choice(COMPANY_STEMS).lower()
        domain = name.lower() + rng.choice(TLDS)
        if domain not in taken:
            taken[domain] = True
            return name.capitalize(), f"https://{domain}"
    raise RuntimeError("sandbox: ran out of company names")


def _assign_sites(rng: random.Random, plans: list[PersonPlan]) -> None:
    """Personal websites for ~40% of people; unique by site key."""
    taken: dict[str, bool] = {}
    for plan in plans:
        if rng.random() < (0.3 if plan.archetype == "noise" else 0.45):
            plan.site = _personal_site(rng, plan, taken)


def _personal_site(rng: random.Random, plan: PersonPlan, taken: dict[str, bool]) -> str:
    stems = handle_stems(plan.name)
    handle = plan.handles.get("x") or plan.handles.get("github") or stems["f"] + stems["l"]
    options = [p.format(**stems) for p in ("{f}{l}.dev", "{f}{l}.com", "{f}-{l}.io")]
    options += [f"{ascii_fold(handle)}.substack.com", f"linktr.ee/{handle}"]
    if plan.handles.get("github"):
        options.append(f"{plan.handles['github'].lower()}.github.io")
    if plan.brand_stem:
        options = [f"linktr.ee/{handle}", f"{plan.brand_stem}.com"]
    site = rng.choice(options)
    while website_key(site) in taken:  # 'janedoe.dev' -> 'janedoe3.dev', 'linktr.ee/jd' -> 'linktr.ee/jd3'
        host, _, path = site.partition("/")
        label, _, rest = host.partition(".")
        site = f"{host}/{path}{rng.randrange(10)}" if path else f"{label}{rng.randrange(10)}.{rest}"
    taken[website_key(site)] = True
    return "https://" + site


def _build_people(rng: random.Random, plans: list[PersonPlan], now: datetime, seed: int,
                  silent_share: float) -> list[Person]:
    ids = IdMint(rng)
    for plan in plans:
        mu, sigma = FOLLOWERS[plan.archetype]
        plan.followers = min(5_000_000, int(rng.lognormvariate(mu + 0.25 * plan.momentum, sigma)))
        plan.growth = 0.001 + 0.025 / (1.0 + math.exp(-(1.5 * plan.momentum + rng.gauss(0, 0.8) - 1.0)))
    others = [_other_accounts(rng, plan, ids, now) for plan in plans]
    _link_contributors(rng, plans, others)
    ctx = XContext(ids=ids, snowflakes=SnowflakeMint(), now=now)
    _mention_pools(plans, ctx)
    people = [_person(rng, plan, other, ctx) for plan, other in zip(plans, others, strict=True)]
    trails = random.Random(seed * 1_000_003 + 11)  # its own stream: the rest of the world stays as it was
    for plan, person in zip(plans, people, strict=True):
        leave_trails(trails, person, plan.site, silent_share)
    return people


def _other_accounts(rng: random.Random, plan: PersonPlan, ids: IdMint, now: datetime) -> OtherAccounts:
    github = build_github(rng, plan, ids, now) if plan.platforms["github"] else None
    if github and plan.platforms["x"]:
        github.twitter_username = _github_twitter(rng, plan)
    hf = None
    if plan.platforms["huggingface"]:
        hf = build_huggingface(rng, plan, ids, github.login if github else None)
    ph = build_producthunt(rng, plan, ids) if plan.platforms["producthunt"] else None
    return OtherAccounts(github=github, huggingface=hf, producthunt=ph)


def _github_twitter(rng: random.Random, plan: PersonPlan) -> str | None:
    """~50% link their X handle on GitHub; renamed people sometimes still show the old one."""
    if rng.random() >= 0.5:
        return rng.choice([None, ""])
    if plan.previous_x and rng.random() < 0.3:
        return plan.previous_x[0]
    return plan.handles["x"]


def _link_contributors(rng: random.Random, plans: list[PersonPlan], others: list[OtherAccounts]) -> None:
    """Repo contributors are GitHub logins of people in the owner's community (mostly)."""
    by_community: dict[int, list[str]] = {}
    everyone: list[str] = []
    for plan, other in zip(plans, others, strict=True):
        if other.github:
            by_community.setdefault(plan.community, []).append(other.github.login)
            everyone.append(other.github.login)
    for plan, other in zip(plans, others, strict=True):
        for repo in other.github.repos if other.github else []:
            for _ in range(rng.randint(0, min(5, 1 + int(math.log1p(repo.stars) / 2)))):
                pool = by_community[plan.community] if rng.random() < 0.8 else everyone
                login = rng.choice(pool)
                if login not in repo.contributors:
                    repo.contributors.append(login)


def _mention_pools(plans: list[PersonPlan], ctx: XContext) -> None:
    for plan in plans:
        handle = plan.handles.get("x")
        if handle:
            ctx.community_handles.setdefault(plan.community, []).append(handle)
            ctx.all_handles.append(handle)


def _person(rng: random.Random, plan: PersonPlan, other: OtherAccounts, ctx: XContext) -> Person:
    x = build_main_x(rng, plan, other, ctx) if plan.platforms["x"] else None
    alt = build_alt_x(rng, plan, x, ctx) if x and plan.alt_handle else None
    return Person(
        person_id=person_id(plan.index), archetype=plan.archetype, name=plan.name, community=plan.community,
        achieved_traction=_traction(rng, plan, other.github), x=x, x_alt=alt, github=other.github,
        huggingface=other.huggingface, producthunt=other.producthunt,
        company_site=plan.company[1] if plan.company else None,
        namesake_of=person_id(plan.namesake_of) if plan.namesake_of is not None else None,
        drive=drive_of(plan),
    )


def drive_of(plan: PersonPlan) -> Drive:
    """What the clock's history reads of a plan (kept on the Person; storing it draws nothing)."""
    return Drive(momentum=plan.momentum, growth=plan.growth, active=plan.active, voice=plan.voice,
                 topics=tuple(plan.topics))


def person_id(index: int) -> str:
    return f"p{index:06d}"


def _traction(rng: random.Random, plan: PersonPlan, github: GithubAccount | None) -> bool:
    """A noisy function of archetype, shipping, follower growth and stars; learnable, not certain."""
    stars = github.repos[0].stars if github and github.repos else 0
    score = (_TRACTION_BASE[plan.archetype] + 2.0 * plan.shipping_share + 45.0 * plan.growth + 0.15 * math.log1p(stars)
             - (0.6 if not plan.active else 0.0) + rng.gauss(0.0, 0.6))
    return score > 1.5


def index_world(world: World) -> None:
    """Fill the World's lookup indexes: lower-cased keys; X has current handles of main and alt accounts."""
    for person in world.people:
        for account in (person.x, person.x_alt):
            if account:
                world.x_by_handle[account.handle.lower()] = account
                world.x_by_id[account.user_id] = account
        if person.github:
            world.github_by_login[person.github.login.lower()] = person.github
            for repo in person.github.repos:
                world.repos_by_full_name[f"{repo.owner}/{repo.name}".lower()] = repo
        if person.huggingface:
            world.hf_by_username[person.huggingface.username.lower()] = person.huggingface
        if person.producthunt:
            world.ph_by_username[person.producthunt.username.lower()] = person.producthunt
