"""/insights: hidden gems, rising stars, serial shippers, cross-platform builders, the network, topics, sources.

Each reads one analytics table (refreshed by ``scout analytics refresh``); nothing is computed per request.
Organizations and bots are left out of the people insights.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from scout_core.analytics.sources import HIGH_SCORE
from scout_core.api.deps import InsightsDep, ReadKey
from scout_core.api.schemas import CommunityList, InsightList, SourceList, TopicList

router = APIRouter(prefix="/insights", tags=["insights"])
Limit = Annotated[int, Query(ge=1, le=500)]


Body = dict[str, Any]  # validated once, by the route's response_model, on the way out


def _list(name: str, parameters: dict[str, object], rows: list[dict[str, object]]) -> Body:
    return {"insight": name, "parameters": parameters, "items": rows}


@router.get("/hidden-gems", response_model=InsightList)
def hidden_gems(insights: InsightsDep, _who: ReadKey, min_score: Annotated[float, Query(ge=0, le=100)] = 80,
                max_followers: Annotated[int, Query(ge=1, le=10_000_000)] = 1_000, limit: Limit = 50) -> Body:
    """High scorers with a small audience: score ≥ ``min_score`` and followers < ``max_followers``."""
    rows = insights.hidden_gems(min_score, max_followers, limit)
    return _list("hidden-gems", {"min_score": min_score, "max_followers": max_followers, "limit": limit}, rows)


@router.get("/rising-stars", response_model=InsightList)
def rising_stars(insights: InsightsDep, _who: ReadKey,
                 min_followers: Annotated[int, Query(ge=0, le=10_000_000)] = 100, limit: Limit = 20) -> Body:
    """Fastest follower growth over the last 7 days of snapshots, among accounts that had
    ``min_followers`` a week ago."""
    rows = insights.rising_stars(min_followers, limit)
    return _list("rising-stars", {"min_followers": min_followers, "limit": limit, "days": 7}, rows)


@router.get("/serial-shippers", response_model=InsightList)
def serial_shippers(insights: InsightsDep, _who: ReadKey, min_launches: Annotated[int, Query(ge=1, le=1000)] = 2,
                    limit: Limit = 50) -> Body:
    """Builders with at least ``min_launches`` repos, models or launches in the last 90 days, most first."""
    rows = insights.serial_shippers(min_launches, limit)
    return _list("serial-shippers", {"min_launches": min_launches, "days": 90, "limit": limit}, rows)


@router.get("/cross-platform", response_model=InsightList)
def cross_platform(insights: InsightsDep, _who: ReadKey, min_platforms: Annotated[int, Query(ge=2, le=4)] = 2,
                   limit: Limit = 50) -> Body:
    """Builders found on at least ``min_platforms`` platforms (identity resolution joined them), best first."""
    rows = insights.cross_platform(min_platforms, limit)
    return _list("cross-platform", {"min_platforms": min_platforms, "limit": limit}, rows)


@router.get("/network/influencers", response_model=InsightList)
def influencers(insights: InsightsDep, _who: ReadKey, by: Literal["pagerank", "betweenness"] = "pagerank",
                limit: Limit = 50) -> Body:
    """The interaction graph's most central builders, by PageRank or betweenness."""
    return _list("network-influencers", {"by": by, "limit": limit}, insights.influencers(by, limit))


@router.get("/network/communities", response_model=CommunityList)
def communities(insights: InsightsDep, _who: ReadKey, limit: Limit = 50) -> Body:
    """Louvain communities of the interaction graph, largest first, with top topics and members."""
    return {"items": insights.communities(limit)}


@router.get("/topics/recommended", response_model=TopicList)
def recommended_topics(insights: InsightsDep, _who: ReadKey, limit: Limit = 20) -> Body:
    """Topics by the recommender's ROI (profiles stored per run × smoothed high-score share); untried last."""
    return {"items": insights.topics("roi", limit)}


@router.get("/topics/trending", response_model=TopicList)
def trending_topics(insights: InsightsDep, _who: ReadKey, limit: Limit = 10,
                    min_mentions: Annotated[int, Query(ge=0, le=1_000_000)] = 5) -> Body:
    """Keyword momentum over 12 weeks: growth (last third over first third of the weeks), fastest first."""
    return {"items": insights.topics("growth", limit, min_mentions)}


@router.get("/sources", response_model=SourceList)
def sources(insights: InsightsDep, _who: ReadKey) -> Body:
    """Per enrichment source: profiles, scores, errors, success rate, cost, cost per high-score builder."""
    return {"items": insights.sources(), "high_score_line": HIGH_SCORE}
