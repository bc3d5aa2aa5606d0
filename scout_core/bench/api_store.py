"""A synthetic store at scale for ``scout bench api``: builders with history, written in bulk.

Each builder has an X profile (and one in three a GitHub profile with dated repositories), a latest score
and class, follower snapshots a week apart over three weeks (most flat, a few growing fast), two posts
drawn from the topics, and mentions of other builders chosen by preferential attachment (a heavy-tailed
graph, like real ones). Rows are inserted with explicit ids in chunks: the store is fresh and private.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from scout_core.schema import utcnow
from scout_core.store.models import (
    ClassificationRow,
    FollowerSnapshotRow,
    InteractionRow,
    PostRow,
    Profile,
    ScoreRow,
)

CHUNK = 5_000
TOPICS = ["RAG", "AI agents", "evals", "fine-tuning", "inference", "voice AI", "multimodal", "MLOps"]
CLASSES = ["early_founder", "ai_researcher", "ai_operator", "angel_investor", "noise"]
KINDS = ["person"] * 18 + ["organization", "bot"]
MENTIONS_PER_BUILDER = 3
SNAPSHOT_WEEKS = 3


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


def fill_store(engine: Engine, builders: int, seed: int = 14, now: datetime | None = None) -> dict[str, int]:
    """Write ``builders`` synthetic builders into a migrated, empty store; returns row counts per table."""
    rng = random.Random(seed)
    now = now or utcnow()
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in (
        "profiles", "scores", "classifications", "follower_snapshots", "posts", "interactions")}
    next_id = 1
    handles: list[str] = []
    for number in range(builders):
        canonical = f"b_bench{number:09d}"
        handle = f"builder_{number}"
        handles.append(handle)
        x_id = next_id
        tables["profiles"].append(_profile(rng, x_id, canonical, "x", handle, now))
        next_id += 1
        if number % 3 == 0:
            tables["profiles"].append(_github(rng, next_id, canonical, f"builder-{number}", now))
            next_id += 1
        tables["follower_snapshots"] += _snapshots(rng, x_id, tables["profiles"][-1 if number % 3 else -2], now)
        tables["posts"] += _posts(rng, x_id, handle, now)
    for row in tables["profiles"]:
        tables["scores"].append(_score(row))
        tables["classifications"].append(_class(rng, row))
    tables["interactions"] = _mentions(rng, [r for r in tables["profiles"] if r["source_platform"] == "x"],
                                       handles, now)
    models = {"profiles": Profile, "scores": ScoreRow, "classifications": ClassificationRow,
              "follower_snapshots": FollowerSnapshotRow, "posts": PostRow, "interactions": InteractionRow}
    with Session(engine) as session, session.begin():
        for name, model in models.items():
            for part in _chunks(tables[name]):
                session.execute(insert(model), part)
    return {name: len(rows) for name, rows in tables.items()}


def _profile(rng: random.Random, pid: int, canonical: str, platform: str, handle: str, now: datetime) -> dict[str, Any]:
    followers = int(min(5_000_000, rng.paretovariate(1.1) * 60))
    score = round(min(100.0, max(0.0, rng.gauss(55, 18))), 2)
    discovered = now - timedelta(hours=rng.uniform(0, 90 * 24))
    return {"id": pid, "canonical_id": canonical, "source_platform": platform, "source_id": str(10_000_000 + pid),
            "handle": handle, "handle_key": handle.lower(), "display_name": f"Builder {handle.split('_')[-1]}",
            "bio": f"Building {rng.choice(TOPICS)} tools. Shipping {rng.choice(TOPICS)} weekly.",
            "followers_count": followers, "following_count": rng.randint(10, 2_000), "content_count": 500,
            "counts_approximate": False, "first_discovered_at": discovered, "last_enriched_at": now,
            "enrichment_quality": "full", "pipeline_stage": "classified", "enriched_by": "x_api",
            "overall_score": score, "classification": rng.choice(CLASSES), "classification_confidence": 0.7,
            "account_kind": rng.choice(KINDS), "traction_probability": round(rng.random(), 4),
            "model_version": "bench-1", "technical_keywords": [t.lower() for t in rng.sample(TOPICS, 3)],
            "updated_at": now}


def _github(rng: random.Random, pid: int, canonical: str, login: str, now: datetime) -> dict[str, Any]:
    row = _profile(rng, pid, canonical, "github", login, now)
    repos = [{"full_name": f"{login}/{rng.choice(TOPICS).lower().replace(' ', '-')}-{i}", "fork": False,
              "owner": {"login": login}, "html_url": f"https://github.com/{login}/r{i}",
              "created_at": (now - timedelta(days=rng.uniform(0, 400))).isoformat().replace("+00:00", "Z")}
             for i in range(rng.randint(1, 5))]
    row.update(enriched_by="github", followers_count=rng.randint(0, 3_000),
               raw={"source": "github", "body": {"user": {"login": login}, "repos": repos}})
    return row


def _snapshots(rng: random.Random, pid: int, row: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    final = int(row["followers_count"])
    rate = rng.choice([1.0] * 8 + [1.02, 1.1, 1.5, 2.5])  # per week: most flat, a few take off
    found = []
    for weeks_back in range(SNAPSHOT_WEEKS, -1, -1):
        at = now - timedelta(weeks=weeks_back)
        found.append({"profile_id": pid, "taken_on": at.date(), "taken_at": at,
                      "followers_count": int(final / rate ** weeks_back)})
    return found


def _posts(rng: random.Random, pid: int, handle: str, now: datetime) -> list[dict[str, Any]]:
    return [{"profile_id": pid, "post_id": f"{handle}-{i}", "text": f"Shipped a {rng.choice(TOPICS)} demo today",
             "created_at": now - timedelta(days=rng.uniform(0, 84)), "like_count": rng.randint(0, 200),
             "mentions": []} for i in range(2)]


def _score(row: dict[str, Any]) -> dict[str, Any]:
    overall = row["overall_score"]
    evidence = {"technical_depth": {"points": round(overall * 0.15, 2), "max_points": 15,
                                    "evidence": ["core terms: rag, agents"]}}
    return {"profile_id": row["id"], "scored_at": row["last_enriched_at"], "overall": overall,
            "technical_score": round(overall * 0.15, 2), "evidence": evidence, "rescaled": True}


def _class(rng: random.Random, row: dict[str, Any]) -> dict[str, Any]:
    return {"profile_id": row["id"], "label": row["classification"], "confidence": 0.7,
            "reasons": ["synthetic"], "account_kind": row["account_kind"], "account_evidence": [],
            "classified_at": row["last_enriched_at"]}


def _mentions(rng: random.Random, x_rows: list[dict[str, Any]], handles: list[str],
              now: datetime) -> list[dict[str, Any]]:
    """Each builder mentions a few others, popular ones more (preferential attachment)."""
    popular: list[str] = handles[:10]
    found = []
    for row in x_rows:
        targets = {rng.choice(popular) if rng.random() < 0.6 else rng.choice(handles)
                   for _ in range(MENTIONS_PER_BUILDER)} - {row["handle"]}
        for target in sorted(targets):
            found.append({"source_profile_id": row["id"], "target_platform": "x", "target_handle": target.lower(),
                          "kind": "mention", "count": rng.randint(1, 5), "first_seen": now, "last_seen": now})
            popular.append(target)
    return found
