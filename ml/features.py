"""Features of the traction model, one row per stored profile, from what the store holds.

==========================  ======================================================================
feature                     from
==========================  ======================================================================
log_followers, log_following, follower_ratio, log_content, account_age_days      the profile row
follower_tier               0: <100, 1: <1k, 2: <10k, 3: <100k, 4: more
follower_growth_weekly      follower_snapshots: compound weekly growth between the first and last
                            snapshot; NaN with fewer than two snapshots or under 6 days apart (one
                            ``scout run`` stores one snapshot per profile per day: growth needs runs
                            on several days over at least a week)
follower_growth_recent      the same over the last 4 weeks only
posts_30d, posts_per_week   stored posts (dates)
posting_consistency         share of the last 8 weeks with at least one post
engagement_rate             mean likes+replies+reposts per post / followers
activity_tier               0: no post in 30 days, 1: 1-3, 2: 4-9, 3: 10+
days_since_post             NaN without dated posts
shipping_count              shipping signals on the profile
technical_terms             distinct AI terms on the profile (technical_keywords)
gh_*                        GitHub signals (scout_core.scoring.github_signals) of the person's GitHub
                            account: pushes and push days in 30 days, new repos, stars, AI repos
in_degree, pagerank         mention / interaction graph: stored posts' @mentions + interactions table
score_* , overall_score     the latest scorecard's components
is_<platform>               one-hot platform
==========================  ======================================================================

Growth, GitHub and graph features are per person: every profile of a canonical builder gets the person's best
GitHub signals and graph centrality. Unknowns stay NaN; XGBoost routes them natively.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from scout_core.schema import utcnow
from scout_core.scoring.components import as_utc
from scout_core.scoring.github_signals import github_signals

FOLLOWER_TIERS = (100, 1_000, 10_000, 100_000)
PLATFORMS = ("x", "github", "huggingface", "producthunt")
SCORE_COLUMNS = ("overall_score", "llm_score", "semantic_score", "technical_score", "engagement_score",
                 "links_score", "completeness_score")
GITHUB_COLUMNS = ("gh_pushes_30d", "gh_push_days_30d", "gh_repos_created_90d", "gh_own_repos", "gh_log_stars",
                  "gh_ai_repos", "gh_max_contributors")
FEATURE_COLUMNS: tuple[str, ...] = (
    "log_followers", "log_following", "follower_ratio", "log_content", "account_age_days", "follower_tier",
    "follower_growth_weekly", "follower_growth_recent", "snapshot_span_days",
    "posts_30d", "posts_per_week", "posting_consistency", "engagement_rate", "activity_tier", "days_since_post",
    "shipping_count", "technical_terms", *GITHUB_COLUMNS, "in_degree", "pagerank",
    *SCORE_COLUMNS, *(f"is_{p}" for p in PLATFORMS),
)
MIN_GROWTH_SPAN_DAYS = 6
RECENT_WEEKS = 4
CONSISTENCY_WEEKS = 8


@dataclass
class FeatureTable:
    """The features and the moment they describe (what "30 days" and "age" were measured from)."""

    frame: pd.DataFrame
    as_of: datetime


def build_features(repo: Any, now: datetime | None = None, scored_only: bool = True) -> pd.DataFrame:
    """One row per profile (index ``profile_id``): ``canonical_id``, ``source_platform``, ``handle``,
    ``source_id`` and every column of FEATURE_COLUMNS (float). ``now`` defaults to the newest post's date
    in the store (so a stored sandbox world is measured at its own today), else the clock."""
    return feature_table(repo, now=now, scored_only=scored_only).frame


def feature_table(repo: Any, now: datetime | None = None, scored_only: bool = True) -> FeatureTable:
    """build_features with its as-of moment (training logs it with the dataset)."""
    everyone = repo.feature_profiles()
    rows = [r for r in everyone if r["overall_score"] is not None] if scored_only else everyone
    if not rows:
        empty = pd.DataFrame(columns=["canonical_id", "source_platform", "handle", "source_id", *FEATURE_COLUMNS])
        return FeatureTable(empty, as_utc(now) if now else utcnow())
    posts = _posts_by_profile(repo.post_activity())
    moment = as_utc(now) if now else _default_now(posts)
    frame = pd.DataFrame([_own(r, moment) for r in rows]).set_index("profile_id")
    frame = _per_person(frame, growth_features(repo.follower_snapshots()))
    frame = frame.join(pd.DataFrame([_activity(pid, posts.get(pid, []), moment, frame.at[pid, "followers"])
                                     for pid in frame.index]).set_index("profile_id"), how="left")
    frame = _per_person(frame, _github_frame(repo, moment))
    frame = _per_person(frame, graph_features(repo, everyone, posts))
    for column in FEATURE_COLUMNS:
        if column not in frame:
            frame[column] = np.nan
    frame[list(FEATURE_COLUMNS)] = frame[list(FEATURE_COLUMNS)].astype(float)
    return FeatureTable(frame[["canonical_id", "source_platform", "handle", "source_id", *FEATURE_COLUMNS]], moment)


def _default_now(posts: dict[int, list[dict[str, Any]]]) -> datetime:
    dates = [as_utc(p["created_at"]) for items in posts.values() for p in items if p["created_at"]]
    return max(dates) if dates else utcnow()


def _posts_by_profile(activity: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for post in activity:
        grouped[post["profile_id"]].append(post)
    return grouped


def follower_tier(followers: float | None) -> float:
    if followers is None or math.isnan(followers):
        return np.nan
    return float(sum(followers >= edge for edge in FOLLOWER_TIERS))


def _log(value: Any) -> float:
    return math.log1p(value) if isinstance(value, int | float) and value is not None and value >= 0 else np.nan


def _own(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    followers, following = row["followers_count"], row["following_count"]
    created = row["created_at"]
    record = {
        "profile_id": row["id"], "canonical_id": row["canonical_id"], "source_platform": row["source_platform"],
        "handle": row["handle"], "source_id": row["source_id"], "followers": followers,
        "log_followers": _log(followers), "log_following": _log(following),
        "follower_ratio": _log(followers) - _log(following),
        "log_content": _log(row["content_count"]),
        "account_age_days": (now - as_utc(created)).days if created else np.nan,
        "follower_tier": follower_tier(followers),
        "shipping_count": float(len(row["shipping_signals"] or [])),
        "technical_terms": float(len(row["technical_keywords"] or [])),
    }
    record.update({name: row.get(name) if row.get(name) is not None else np.nan for name in SCORE_COLUMNS})
    record.update({f"is_{p}": float(row["source_platform"] == p) for p in PLATFORMS})
    return record


def growth_features(snapshots: list[tuple[int, datetime, int]]) -> pd.DataFrame:
    """Per profile: compound weekly follower growth overall and over the last 4 weeks, and the span."""
    by_profile: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for profile_id, taken_at, count in snapshots:
        by_profile[profile_id].append((as_utc(taken_at), count))
    records = []
    for profile_id, points in by_profile.items():
        points.sort()
        last = points[-1][0]
        recent = [p for p in points if p[0] >= last - timedelta(weeks=RECENT_WEEKS)]
        records.append({"profile_id": profile_id, "follower_growth_weekly": _weekly_growth(points),
                        "follower_growth_recent": _weekly_growth(recent),
                        "snapshot_span_days": float((last - points[0][0]).days)})
    columns = ["follower_growth_weekly", "follower_growth_recent", "snapshot_span_days"]
    return pd.DataFrame(records, columns=["profile_id", *columns]).set_index("profile_id")


def _weekly_growth(points: list[tuple[datetime, int]]) -> float:
    if len(points) < 2:
        return np.nan
    (first_at, first), (last_at, last) = points[0], points[-1]
    days = (last_at - first_at).total_seconds() / 86400
    if days < MIN_GROWTH_SPAN_DAYS or first <= 0:
        return np.nan
    return (last / first) ** (7 / days) - 1


def _activity(profile_id: int, posts: list[dict[str, Any]], now: datetime, followers: Any) -> dict[str, Any]:
    dated = sorted(as_utc(p["created_at"]) for p in posts if p["created_at"])
    recent = [d for d in dated if d >= now - timedelta(days=30)]
    record: dict[str, Any] = {"profile_id": profile_id, "posts_30d": float(len(recent)),
                              "activity_tier": float(_activity_tier(len(recent)))}
    if dated:
        span_weeks = max((dated[-1] - dated[0]).days / 7, 1.0)
        weeks = {(now - d).days // 7 for d in dated if (now - d).days < 7 * CONSISTENCY_WEEKS}
        record.update(posts_per_week=len(dated) / span_weeks, posting_consistency=len(weeks) / CONSISTENCY_WEEKS,
                      days_since_post=float((now - dated[-1]).days))
    if posts and _known(followers):
        interactions = [(p["likes"] or 0) + (p["replies"] or 0) + (p["reposts"] or 0) for p in posts]
        record["engagement_rate"] = sum(interactions) / len(interactions) / max(followers, 1)
    return record


def _known(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _activity_tier(posts_30d: int) -> int:
    return 0 if posts_30d == 0 else 1 if posts_30d <= 3 else 2 if posts_30d <= 9 else 3


def _github_frame(repo: Any, now: datetime) -> pd.DataFrame:
    """GitHub signals per GitHub profile, from the raw body kept on the row."""
    records = []
    for profile_id, raw in repo.raw_payloads("github").items():
        signals = github_signals(raw.get("body"), now=now)
        if signals is not None:
            records.append({"profile_id": profile_id, **signals.as_features()})
    return pd.DataFrame(records, columns=["profile_id", *GITHUB_COLUMNS]).set_index("profile_id")


def _per_person(frame: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """Join per-profile values onto every profile of the same canonical builder (the max per person)."""
    if extra.empty:
        return frame.join(extra, how="left")
    person = extra.join(frame["canonical_id"], how="inner").groupby("canonical_id").max()
    return frame.join(person, on="canonical_id", how="left")


def graph_features(repo: Any, rows: list[dict[str, Any]], posts: dict[int, list[dict[str, Any]]]) -> pd.DataFrame:
    """In-degree (distinct mentioners) and PageRank of each profile in the mention/interaction graph.

    ``rows`` are every stored profile (a filtered-out account still mentions people).
    """
    node_of = {r["id"]: f"{r['source_platform']}:{r['handle'].lower()}" for r in rows}
    edges: dict[tuple[str, str], float] = defaultdict(float)
    for profile_id, items in posts.items():
        source = node_of.get(profile_id)
        for handle in (h for post in items for h in post["mentions"]) if source else ():
            edges[(source, f"x:{str(handle).lower().lstrip('@')}")] += 1
    for profile_id, platform, handle, _kind, count in repo.interaction_edges():
        if profile_id in node_of:
            edges[(node_of[profile_id], f"{platform}:{handle.lower()}")] += count
    ranks, in_degree = _centrality(edges)
    records = [{"profile_id": pid, "in_degree": float(in_degree.get(node, 0)), "pagerank": ranks.get(node, 0.0)}
               for pid, node in node_of.items()]
    return pd.DataFrame(records, columns=["profile_id", "in_degree", "pagerank"]).set_index("profile_id")


def _centrality(edges: dict[tuple[str, str], float]) -> tuple[dict[str, float], dict[str, int]]:
    in_degree: dict[str, int] = defaultdict(int)
    for (source, target), _ in edges.items():
        if source != target:
            in_degree[target] += 1
    try:
        import networkx as nx
    except ImportError:  # optional: in-degree share stands in for PageRank
        total = sum(in_degree.values()) or 1
        return {n: d / total for n, d in in_degree.items()}, in_degree
    graph = nx.DiGraph()
    graph.add_weighted_edges_from((s, t, w) for (s, t), w in edges.items() if s != t)
    if not graph:
        return {}, in_degree
    ranks = nx.pagerank(graph, weight="weight")
    scale = graph.number_of_nodes()  # ~1 for an average node, whatever the graph's size
    return {n: r * scale for n, r in ranks.items()}, in_degree
