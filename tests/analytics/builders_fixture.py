"""A small store with known answers, for the analytics and API tests.

* Ada: an X account and a GitHub account that declares it (the resolver merges them); 480 → 960 followers
  over the last 7 days; three own repositories made in the last 90 days and a fork; score 86: a hidden gem,
  a rising star, a serial shipper and cross-platform.
* Bob: X only, 20,000 followers, flat, score 70; mentions Ada often.
* Cara: X only, 150 followers, score 40, noise; mentions Bob.
* An organization with score 90 and 300 followers: never a hidden gem (people only).
* Eve: a bio with markup and SQL in it, score 55.
Posts mention "RAG" more and more over 12 weeks and "AI agents" less and less.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from scout_core.identity import assign_canonical_id
from scout_core.schema import (
    AccountKind,
    Classification,
    ClassificationResult,
    InternalProfile,
    LinkedProfile,
    Post,
    ScoreCard,
    ScoreComponent,
    utcnow,
)
from scout_core.store.repository import Repository

SEED_TOPICS = ("RAG", "AI agents", "evals")
HOSTILE_BIO = "<script>alert(1)</script> ' OR 1=1; DROP TABLE profiles; --"


@dataclass
class Filled:
    now: datetime
    ada: str  # canonical ids
    bob: str
    cara: str
    org: str
    eve: str


def card(overall: float) -> ScoreCard:
    return ScoreCard(overall=overall, rescaled=True, note="no LLM judge", components=[
        ScoreComponent(name="technical_depth", points=round(overall * 0.15, 2), max_points=15,
                       evidence=["core terms: rag, agents (+6.00)"]),
        ScoreComponent(name="engagement", points=5.0, max_points=15, evidence=["12 posts in the last 30 days"])])


def label(kind: AccountKind = AccountKind.PERSON,
          cls: Classification = Classification.EARLY_FOUNDER) -> ClassificationResult:
    return ClassificationResult(label=cls, confidence=0.8, reasons=["ships weekly"], account_kind=kind,
                                account_evidence=["first-person posts"])


def profile(platform: str, handle: str, source_id: str, name: str, followers: int, now: datetime,
            **fields: object) -> InternalProfile:
    values: dict[str, object] = {"source_platform": platform, "handle": handle, "source_id": source_id,
                                 "display_name": name, "followers_count": followers, "last_enriched_at": now,
                                 "first_discovered_at": now - timedelta(hours=3), "enriched_by": f"{platform}_api"
                                 if platform == "x" else platform}
    values.update(fields)
    return InternalProfile(**values)  # type: ignore[arg-type]


def repos(owner: str, now: datetime) -> dict[str, object]:
    made = [now - timedelta(days=d) for d in (5, 40, 80, 400)]
    body = {"user": {"login": owner}, "repos": [
        {"full_name": f"{owner}/rag-kit-{i}", "name": f"rag-kit-{i}", "html_url": f"https://github.com/{owner}/r{i}",
         "fork": False, "owner": {"login": owner}, "created_at": at.isoformat().replace("+00:00", "Z")}
        for i, at in enumerate(made)]}
    body["repos"].append({"full_name": f"{owner}/forked", "fork": True, "owner": {"login": owner},  # type: ignore[attr-defined]
                          "created_at": (now - timedelta(days=2)).isoformat()})
    return {"source": "github", "body": body}


def posts(handle: str, now: datetime, mention: str | None = None) -> list[Post]:
    """One post a week for 12 weeks: RAG in the later ones, AI agents in the earlier ones."""
    found = []
    for week in range(12):
        at = now - timedelta(weeks=11 - week, hours=1)
        topic = "RAG pipelines" if week >= 6 else "AI agents everywhere"
        text = f"{topic} week {week}" + (f" with @{mention}" if mention else "")
        found.append(Post(post_id=f"{handle}-{week}", text=text, created_at=at, mentions=[mention] if mention else []))
    return found


def fill(engine: Engine) -> Filled:
    """Store the builders above (identity resolved as the pipeline does) and record their interactions."""
    repo = Repository(engine)
    now = utcnow()
    ada_x = profile("x", "ada_ai", "1", "Ada Lovelace", 960, now, bio="Building RAG tools",
                    recent_posts=posts("ada_ai", now))
    ada_gh = profile("github", "ada-l", "11", "Ada Lovelace", 80, now,
                     linked_profiles=[LinkedProfile(platform="x", handle="ada_ai")])
    bob = profile("x", "bob_builds", "2", "Bob Builder", 20_000, now, recent_posts=posts("bob_builds", now, "ada_ai"))
    cara = profile("x", "cara_c", "3", "Cara", 150, now, recent_posts=posts("cara_c", now, "bob_builds"))
    org = profile("x", "acme_ai", "4", "Acme AI", 300, now, bio="We build agents")
    eve = profile("x", "eve_x", "5", "Eve <img src=x onerror=alert(1)>", 700, now, bio=HOSTILE_BIO)
    plan = [(ada_gh, card(80), label(), repos("ada-l", now)), (ada_x, card(86), label(), None),
            (bob, card(70), label(), None), (cara, card(40), label(cls=Classification.NOISE), None),
            (org, card(90), label(AccountKind.ORGANIZATION), None), (eve, card(55), label(), None)]
    ids = {}
    for p, score, cls, raw in plan:
        assign_canonical_id(p, repo)
        ids[p.handle] = repo.save_builder(p, score, cls, raw)
    repo.add_follower_snapshots(ids["ada_ai"], [(now - timedelta(days=7), 480), (now, 960)])
    repo.add_follower_snapshots(ids["bob_builds"], [(now - timedelta(days=7), 20_000), (now, 20_000)])
    repo.add_follower_snapshots(ids["cara_c"], [(now - timedelta(days=7), 140), (now, 150)])
    for _ in range(3):
        repo.record_interaction(ids["bob_builds"], "x", "ada_ai", "mention")
    repo.record_interaction(ids["cara_c"], "x", "bob_builds", "mention")
    repo.record_interaction(ids["eve_x"], "x", "ada_ai", "mention")
    repo.record_interaction(ids["ada-l"], "x", "ada_ai", "link")  # her own profile: not an edge between builders
    repo.record_cost("x_api", "enrich", 1, 0.02)
    repo.record_cost("github", "enrich", 1, 0.0)
    canon = {h: p.canonical_id or "" for h, p in (("ada", ada_x), ("bob", bob), ("cara", cara), ("org", org),
                                                    ("eve", eve))}
    return Filled(now=now, **canon)
