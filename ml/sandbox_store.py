"""A store full of sandbox builders in seconds, without Ray, Prefect or HTTP.

Each person's accounts are rendered in the sources' wire format by the sandbox's own renderers, normalized
by the real adapters' normalizers and processed by ``scout_core.process`` (identity, filter, score,
classify, store) exactly as a pipeline run would. For training experiments and tests: a data scientist
would rather run ``scout run --limit 300 --world-size 2000`` against the served sandbox.

``observe_history=True`` also writes each X account's 12 weekly follower counts as snapshots, as if Scout
had re-enriched the account every week for 12 weeks. The served sandbox never changes follower counts,
so repeated ``scout run``s cannot produce that history: without it, follower growth is unknown (NaN).
"""

from __future__ import annotations

from typing import Any

from scout_core.process import process_outcomes
from scout_core.sandbox.github_routes import _events as github_events
from scout_core.sandbox.github_routes import render_repo
from scout_core.sandbox.github_routes import render_user as render_github_user
from scout_core.sandbox.model import GithubAccount, Person, World, XAccount
from scout_core.sandbox.x_api_render import render_tweet, render_user
from scout_core.schema import Candidate, EnrichmentOutcome, RawPayload
from scout_core.settings import Settings
from scout_core.sources import github as github_source
from scout_core.sources import x_api_parse
from scout_core.sources.x_api import TIMELINE_SIZE, TWEET_FIELDS, USER_FIELDS

GITHUB_ROOT = "https://api.github.com"
REPOS_PER_PAGE = 30  # the first page of /users/{login}/repos, as the adapter reads it
EVENTS_PER_PAGE = 30


def x_payload(world: World, account: XAccount) -> RawPayload:
    """What ``XApiSource.fetch_profile`` would return for this account."""
    user = render_user(account, set(USER_FIELDS.split(",")))
    tweets = [render_tweet(p, account, set(TWEET_FIELDS.split(",")), world) for p in account.posts[:TIMELINE_SIZE]]
    timeline: dict[str, Any] = ({"data": tweets} if tweets else {}) | {"meta": {"result_count": len(tweets)}}
    return RawPayload(source="x_api", handle=account.handle, fetched_at=world.now,
                      body={"user": {"data": user}, "tweets": timeline}, meta={"requests": 2})


def github_payload(world: World, account: GithubAccount) -> RawPayload:
    """What ``GithubSource.fetch_profile`` would return: user, first page of repos, first page of events."""
    repos = sorted(account.repos, key=lambda r: r.pushed_at, reverse=True)[:REPOS_PER_PAGE]
    body = {"user": render_github_user(GITHUB_ROOT, account, world.now),
            "repos": [render_repo(GITHUB_ROOT, repo, account.user_id) for repo in repos],
            "events": github_events(GITHUB_ROOT, account, world.now)[:EVENTS_PER_PAGE]}
    return RawPayload(source="github", handle=account.login, fetched_at=world.now, body=body,
                      meta={"requests": 3})


def _outcome(platform: str, raw: RawPayload, topic: str) -> EnrichmentOutcome:
    if raw.source == "github":
        profiles = [github_source.normalize_body(raw.body, handle=raw.handle, fetched_at=raw.fetched_at)]
    else:
        profiles = x_api_parse.normalize_body(raw.body, handle=raw.handle, fetched_at=raw.fetched_at)
    candidate = Candidate(platform=platform, handle=raw.handle or "", topic=topic)  # type: ignore[arg-type]
    return EnrichmentOutcome(candidate=candidate, profiles=profiles, raw=[raw], source=raw.source)


def person_outcomes(world: World, person: Person) -> list[EnrichmentOutcome]:
    """The person's X account first, then GitHub (whose twitter_username links back to the stored X row)."""
    topic = world.topics[person.community % len(world.topics)]
    found = []
    if person.x:
        found.append(_outcome("x", x_payload(world, person.x), topic))
    if person.github:
        found.append(_outcome("github", github_payload(world, person.github), topic))
    return found


def build_sandbox_store(settings: Settings, repo: Any, world: World, limit: int | None = None,
                        observe_history: bool = False, run_id: str = "sandbox-store") -> int:
    """Store the first ``limit`` people of ``world`` (X and GitHub accounts); returns profiles stored.

    The run is recorded with the world's seed and size, which ``--labels sandbox`` training checks.
    """
    people = world.people[:limit] if limit else world.people
    repo.start_run(run_id, {"limit": len(people), "sandbox": True, "world_seed": world.seed,
                            "world_size": world.size, "built_by": "ml.sandbox_store"})
    stored = 0
    for person in people:
        outcomes = person_outcomes(world, person)
        if outcomes:
            stored += process_outcomes(settings, repo, outcomes, run_id, now=world.now).stored
        if observe_history and person.x:
            _write_history(repo, person.x)
    repo.finish_run(run_id, "completed", {"stored": stored})
    return stored


def _write_history(repo: Any, account: XAccount) -> None:
    profile_id = repo.profile_id("x", account.handle)
    if profile_id is None:
        return
    repo.add_follower_snapshots(profile_id, account.follower_history)  # world dates are UTC-aware
