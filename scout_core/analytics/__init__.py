"""Analytics: the insights Scout computes from its store, kept in the analytics tables (no web code here).

    from scout_core.analytics import refresh_analytics
    from scout_core.store.analytics import AnalyticsRepository
    report = refresh_analytics(AnalyticsRepository(url))

Builder facts (tiers, follower growth from snapshots, launches, cross-platform presence), the interaction
graph (PageRank, betweenness, Louvain communities), keyword momentum, source quality and cost per
high-score builder, hourly series and period summaries. ``scout analytics refresh`` and the
``scout-analytics`` deployment run it; the API only reads the tables.
"""

from scout_core.analytics.refresh import RefreshReport, refresh_analytics
from scout_core.analytics.tiers import TIER_NAMES, follower_tier

__all__ = ["TIER_NAMES", "RefreshReport", "follower_tier", "refresh_analytics"]
