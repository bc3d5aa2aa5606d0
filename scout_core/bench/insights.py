"""``scout bench insights``: the insights graded against the sandbox world's time-indexed truth.

A world with a clock is read at several simulated times (``SNAPSHOT_DAYS``): every account as the
adapters fetch it then (the sandbox renders each source's wire format, the adapter's own normalizer reads
it), stored through the pipeline's own ``process_outcomes`` (identity, judgement, store, follower
snapshots dated by the world's clock) with recursive discovery recording the interaction edges. X accounts
are re-read at every time (the refresh that makes follower history); GitHub, Hugging Face and Product Hunt
at the first and the last. Then ``refresh_analytics`` runs as of the last time, and only the grading reads
the truth:

* rising stars: precision@20 of ``/insights/rising-stars`` against ``TimeTruth.rising_stars`` over the last
  7 days (both among accounts with at least 100 followers a week before); baseline: the 20 largest gains;
* serial shippers: precision and recall of ``/insights/serial-shippers`` (≥ 2 launches in 90 days) against
  ``TimeTruth.serial_shippers``, recall over the people the store holds;
* communities: NMI between the Louvain communities and the world's communities, over the builders in the
  graph; baseline: every builder in one community (NMI 0);
* trending topics: precision@10 of ``/insights/topics/trending`` against ``TimeTruth.trending_topics``
  (12 weeks); chance is 10 of the 20 topics.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from sklearn.metrics import normalized_mutual_info_score
from sqlalchemy import select

from scout_core.analytics import refresh_analytics
from scout_core.discovery.recursive import expand, parents_from_outcomes
from scout_core.process import process_outcomes
from scout_core.sandbox import github_routes
from scout_core.sandbox.huggingface_routes import render_model, render_overview
from scout_core.sandbox.live import LiveWorld
from scout_core.sandbox.model import World, XAccount
from scout_core.sandbox.producthunt_routes import render_user as render_ph_user
from scout_core.sandbox.world_vocab import TOPICS
from scout_core.sandbox.x_api_render import render_tweet, render_user
from scout_core.schema import Candidate, EnrichmentOutcome, InternalProfile, RawPayload
from scout_core.settings import Settings
from scout_core.sources import github as github_source
from scout_core.sources import huggingface_parse, producthunt_parse, x_api_parse
from scout_core.sources.x_api import TIMELINE_SIZE, TWEET_FIELDS, USER_FIELDS
from scout_core.store.analytics import AnalyticsRepository
from scout_core.store.analytics_models import GraphNodeRow
from scout_core.store.insights import InsightsRepository
from scout_core.store.migrate import upgrade
from scout_core.store.models import Profile

SNAPSHOT_DAYS = (0, 14, 28, 42, 56, 70, 77, 84)  # the last two a week apart: 7-day growth
_GITHUB_ROOT = "https://api.github.com"


def run_insights_bench(size: int = 600, seed: int = 7, days: tuple[int, ...] = SNAPSHOT_DAYS,
                       database_url: str | None = None) -> dict[str, Any]:
    """Fill a store from the world over time, refresh analytics, and grade the insights."""
    started = time.perf_counter()
    live = LiveWorld.generate(seed=seed, size=size, horizon_days=max(days) + 1)
    folder = Path(tempfile.mkdtemp(prefix="scout-bench-insights-"))
    url = database_url or f"sqlite:///{folder / 'insights.db'}"
    upgrade(url)
    settings = Settings(data_dir=folder, database_url=url, _env_file=None)
    repo = AnalyticsRepository(url)
    try:
        stored = 0
        for number, day in enumerate(days):
            world = live.world_at(days=day)
            everything = number in (0, len(days) - 1)
            stored += _store_pass(settings, repo, world, everything, f"bench-day-{day}")
        end = live.world_at(days=days[-1]).now
        fill_s = time.perf_counter() - started
        clock = time.perf_counter()
        refresh = refresh_analytics(repo, now=end, seed_topics=TOPICS)
        refresh_s = time.perf_counter() - clock
        report = _grade(repo, live, days[-1], end)
    finally:
        repo.close()
    report.update(size=size, seed=seed, snapshot_days=list(days), profiles_processed=stored,
                  fill_seconds=round(fill_s, 1), refresh_seconds=round(refresh_s, 2),
                  graph_nodes=refresh.graph_nodes, communities_found=refresh.communities)
    return report


def _store_pass(settings: Settings, repo: AnalyticsRepository, world: World, everything: bool, run_id: str) -> int:
    outcomes = [outcome for person in world.people for outcome in _outcomes(person, world, everything)]
    process_outcomes(settings, repo, outcomes, run_id, now=world.now)
    expand(parents_from_outcomes(repo, outcomes), settings, repo, budget=0)  # records the interaction edges
    return sum(len(o.profiles) for o in outcomes)


def _outcomes(person: Any, world: World, everything: bool) -> list[EnrichmentOutcome]:
    found = []
    for account in (person.x, person.x_alt):
        if account is not None:
            found.append(_x(account, world))
    if everything and person.github is not None:
        repos = sorted(person.github.repos, key=lambda r: r.pushed_at, reverse=True)[:30]
        body = {"user": github_routes.render_user(_GITHUB_ROOT, person.github, world.now),
                "repos": [github_routes.render_repo(_GITHUB_ROOT, r, person.github.user_id) for r in repos],
                "events": []}
        found.append(_outcome("github", "github", person.github.login,
                              [github_source.normalize_body(body, fetched_at=world.now)], body, world.now))
    if everything and person.huggingface is not None:
        account = person.huggingface
        body = {"overview": render_overview(account, world.now),
                "models": [render_model(m, account.username, world.now) for m in account.models]}
        found.append(_outcome("huggingface", "huggingface", account.username,
                              [huggingface_parse.normalize_body(body, fetched_at=world.now)], body, world.now))
    if everything and person.producthunt is not None:
        body = {"data": {"user": render_ph_user(person.producthunt, world)}}
        profiles = producthunt_parse.normalize_body(body, fetched_at=world.now)
        if profiles:
            found.append(_outcome("producthunt", "producthunt", person.producthunt.username, profiles, body, world.now))
    return [o for o in found if o.ok]


def _x(account: XAccount, world: World) -> EnrichmentOutcome:
    fields = set(TWEET_FIELDS.split(","))
    body = {"user": {"data": render_user(account, set(USER_FIELDS.split(",")))},
            "tweets": {"data": [render_tweet(p, account, fields, world) for p in account.posts[:TIMELINE_SIZE]]}}
    return _outcome("x", "x_api", account.handle, x_api_parse.normalize_body(body, fetched_at=world.now), body,
                    world.now)


def _outcome(platform: str, source: str, handle: str, profiles: list[InternalProfile], body: Any,
             at: datetime) -> EnrichmentOutcome:
    for profile in profiles:
        profile.last_enriched_at = at
        profile.first_discovered_at = profile.first_discovered_at or at
    candidate = Candidate(platform=platform, handle=handle, discovered_via="search")  # type: ignore[arg-type]
    return EnrichmentOutcome(candidate=candidate, profiles=profiles, source=source,
                             raw=[RawPayload(source=source, handle=handle, fetched_at=at, body=body)])


# -- grading (the only place the truth is read) ------------------------------------------------------


def _owners(live: LiveWorld, day: int) -> dict[tuple[str, str], str]:
    """(platform, lower-case handle) -> person id, as of ``day``."""
    world = live.world_at(days=day)
    owners: dict[tuple[str, str], str] = {}
    for person in world.people:
        accounts = [("x", a.handle) for a in (person.x, person.x_alt) if a is not None]
        accounts += [("github", person.github.login)] if person.github else []
        accounts += [("huggingface", person.huggingface.username)] if person.huggingface else []
        accounts += [("producthunt", person.producthunt.username)] if person.producthunt else []
        for platform, handle in accounts:
            owners[(platform, handle.lower())] = person.person_id
    return owners


def _people_of_builders(repo: AnalyticsRepository, owners: dict[tuple[str, str], str]) -> dict[str, str]:
    """Canonical id -> the person most of its profiles belong to."""
    votes: dict[str, Counter[str]] = {}
    with repo.engine.connect() as conn:
        for cid, platform, key in conn.execute(select(Profile.canonical_id, Profile.source_platform,
                                                      Profile.handle_key)):
            person = owners.get((platform, key))
            if person is not None:
                votes.setdefault(cid, Counter())[person] += 1
    return {cid: counter.most_common(1)[0][0] for cid, counter in votes.items()}


def _grade(repo: AnalyticsRepository, live: LiveWorld, day: int, end: datetime) -> dict[str, Any]:
    truth = live.truth
    person_of = _people_of_builders(repo, _owners(live, day))
    reader = InsightsRepository(repo.engine)
    stored_people = set(person_of.values())

    stars = [person_of.get(r["canonical_id"]) for r in reader.rising_stars(100, 20)]
    true_stars = set(truth.rising_stars(day - 7, day, k=20, min_followers=100))
    growth = truth.follower_growth(day - 7, day, min_followers=100)
    by_gain = sorted(growth.values(), key=lambda g: (-g.gain, g.person_id))[:20]

    shippers = {person_of.get(r["canonical_id"]) for r in reader.serial_shippers(2, 100_000)} - {None}
    true_shippers = set(truth.serial_shippers(day - 90, day))
    known_shippers = true_shippers & stored_people

    with repo.engine.connect() as conn:
        found = dict(conn.execute(select(GraphNodeRow.canonical_id, GraphNodeRow.community_id)).all())
    world_communities = truth.communities(day)
    pairs = [(found[cid], world_communities[person_of[cid]]) for cid in found
             if cid in person_of and person_of[cid] in world_communities]

    trending = [t["topic"] for t in reader.topics("growth", 10, 0)]
    true_trending = {t.lower() for t, _g, _a in truth.trending_topics(day, weeks=12, k=10)}
    return {
        "rising_stars_precision_at_20": _share(stars, true_stars),
        "rising_stars_baseline_largest_gain": _share([g.person_id for g in by_gain], true_stars),
        "rising_stars_listed": len(stars),
        "serial_shippers_precision": round(len(shippers & true_shippers) / len(shippers), 4) if shippers else None,
        "serial_shippers_recall": round(len(shippers & known_shippers) / len(known_shippers), 4)
        if known_shippers else None,
        "serial_shippers_recall_all_people": round(len(shippers & true_shippers) / len(true_shippers), 4)
        if true_shippers else None,
        "serial_shippers": {"found": len(shippers), "true": len(true_shippers), "true_stored": len(known_shippers)},
        "communities_nmi": round(float(normalized_mutual_info_score([b for _a, b in pairs], [a for a, _b in pairs])), 4)
        if pairs else None,
        "communities_builders_graded": len(pairs),
        "communities_world": len(set(world_communities.values())),
        "trending_topics_precision_at_10": _share(trending, true_trending),
        "trending_topics": trending, "trending_topics_truth": sorted(true_trending),
        "as_of": end.isoformat(), "people_stored": len(stored_people),
    }


def _share(found: list[str | None], truth: set[str]) -> float | None:
    if not found:
        return None
    return round(sum(1 for f in found if f in truth) / len(found), 4)
