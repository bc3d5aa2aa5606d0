"""``refresh_analytics``: bring the analytics tables up to date with the store, doing only what changed.

* builder facts: only builders with a profile updated or a follower reading added since the last refresh
  (all on the first, or with ``full``); builders merged away are dropped; the 90-day launch count moves
  with time, so it is recounted for everyone (one set-based UPDATE);
* the interaction graph (PageRank, betweenness, communities, neighbours): recomputed only when an edge or
  an identity decision changed;
* keyword momentum: posts newer than the last refresh are counted into weekly totals (all posts again
  when the topic pool changed), then momentum is read off the last 12 weeks;
* source quality, hourly series and period summaries: recomputed (aggregates over small inputs).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from scout_core.analytics.facts import SHIPPING_WINDOW_DAYS, builder_facts
from scout_core.analytics.graph import graph_metrics
from scout_core.analytics.launches import launches_of
from scout_core.analytics.momentum import TopicMatcher, count_weeks, momentum
from scout_core.analytics.series import PERIODS, hourly, summary
from scout_core.analytics.sources import HIGH_SCORE, source_quality
from scout_core.discovery.topics import roi
from scout_core.schema import utcnow
from scout_core.store.analytics import AnalyticsRepository
from scout_core.store.analytics_records import BuilderFacts, Launch, ProfileInput
from scout_core.store.discovery import TopicYield

BATCH = 2_000  # builders per facts batch


@dataclass
class RefreshReport:
    """What one refresh did and how long each part took."""

    builders_updated: int = 0
    builders_removed: int = 0
    graph_recomputed: bool = False
    graph_nodes: int = 0
    communities: int = 0
    betweenness_samples: int | None = None
    posts_counted: int = 0
    topics: int = 0
    sources: int = 0
    full: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def refresh_analytics(repo: AnalyticsRepository, now: datetime | None = None, *, full: bool = False,
                      seed_topics: Sequence[str] = ()) -> RefreshReport:
    """Refresh every analytics table from the store; ``seed_topics`` join the store's topic pool."""
    now = now or utcnow()
    state = {} if full else repo.state()
    marks = repo.watermarks()
    report = RefreshReport(full=full or not state)
    clock = _Clock(report)
    with clock("facts"):
        _refresh_facts(repo, state, now, report)
    with clock("graph"):
        _refresh_graph(repo, state, report)
    with clock("topics"):
        _refresh_topics(repo, state, marks, now, seed_topics, report)
    with clock("sources"):
        quality = source_quality(repo.source_totals(HIGH_SCORE))
        repo.write_sources(quality)
        report.sources = len(quality)
    with clock("series"):
        rows, launch_dates = repo.series_inputs()
        repo.write_series(hourly(((r["discovered_at"], r["overall_score"]) for r in rows), launch_dates),
                          {p: summary(rows, launch_dates, now, p) for p in PERIODS}, now)
    with clock("analyze"):
        repo.analyze()
    state.update(marks, last_refresh=now.isoformat(), seconds=report.seconds)
    repo.save_state(state)
    return report


def _refresh_facts(repo: AnalyticsRepository, state: dict[str, Any], now: datetime, report: RefreshReport) -> None:
    changed = repo.changed_canonical_ids(state or None)
    for start in range(0, len(changed), BATCH):
        batch = changed[start:start + BATCH]
        facts, launches = _facts_of(repo, batch, now)
        repo.write_builders(facts, launches, now)
        report.builders_updated += len(facts)
    report.builders_removed = repo.remove_gone_builders()
    repo.count_recent_launches(now - timedelta(days=SHIPPING_WINDOW_DAYS), now)


def _facts_of(repo: AnalyticsRepository, canonical_ids: list[str],
              now: datetime) -> tuple[list[BuilderFacts], list[Launch]]:
    profiles = repo.profile_inputs(canonical_ids)
    by_builder: dict[str, list[ProfileInput]] = defaultdict(list)
    for profile in profiles:
        by_builder[profile.canonical_id].append(profile)
    snapshots = repo.snapshots([p.profile_id for p in profiles])
    launches: dict[str, list[Launch]] = defaultdict(list)
    for pid, canonical, platform, handle, raw in repo.launch_payloads([p.profile_id for p in profiles]):
        launches[canonical] += launches_of(canonical, pid, platform, handle, raw)
    facts = [builder_facts(members, snapshots, _distinct(launches[cid]), now) for cid, members in by_builder.items()]
    return facts, [launch for f in facts for launch in _distinct(launches[f.canonical_id])]


def _distinct(launches: list[Launch]) -> list[Launch]:
    """One launch per (kind, name): two stored copies of one account must not count a repo twice."""
    seen: dict[tuple[str, str], Launch] = {}
    for launch in sorted(launches, key=lambda x: x.launched_at):
        seen.setdefault((launch.kind, launch.name.lower()), launch)
    return list(seen.values())


def _refresh_graph(repo: AnalyticsRepository, state: dict[str, Any], report: RefreshReport) -> None:
    fingerprint = repo.graph_fingerprint()
    if state.get("graph_fingerprint") == fingerprint:
        return
    metrics = graph_metrics(repo.builder_edges(), repo.builder_keywords())
    repo.write_graph(metrics)
    state["graph_fingerprint"] = fingerprint
    report.graph_recomputed, report.graph_nodes = True, len(metrics.pagerank)
    report.communities, report.betweenness_samples = len(metrics.communities), metrics.betweenness_samples


def _refresh_topics(repo: AnalyticsRepository, state: dict[str, Any], marks: dict[str, Any], now: datetime,
                    seed_topics: Sequence[str], report: RefreshReport) -> None:
    pool = sorted({t.strip().lower() for t in [*repo.topic_pool(), *seed_topics] if t.strip()})
    signature = hashlib.sha256("\n".join(pool).encode()).hexdigest()[:16]
    rebuild = state.get("topics_signature") != signature
    counts = repo.topic_weeks() if not rebuild else Counter()
    matcher = TopicMatcher(pool)
    after = 0 if rebuild else int(state.get("post_id", 0))
    for rows in repo.posts_after(after):
        counts.update(count_weeks(((text, at) for _pid, text, at in rows), matcher))
        report.posts_counted += len(rows)
    if rebuild or report.posts_counted:
        repo.replace_topic_weeks(counts)
    yields = {t: (_roi(runs, stored, high), runs) for t, (runs, stored, high) in repo.topic_yields().items()}
    ranked = momentum(counts, pool, now, yields)
    repo.write_topics(ranked)
    state["topics_signature"], report.topics = signature, len(ranked)
    marks["post_id"] = max(int(marks.get("post_id", 0)), after)


def _roi(runs: int, stored: int, high: int) -> float:
    """The recommender's ROI of a topic: profiles stored per run × the (smoothed) share scoring high."""
    return round(roi(TopicYield("", runs, 0, stored, high, None)), 4)


class _Clock:
    """Times the parts of a refresh into the report."""

    def __init__(self, report: RefreshReport) -> None:
        self.report = report

    def __call__(self, part: str) -> _Clock:
        self._part = part
        return self

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.seconds[self._part] = round(time.perf_counter() - self._start, 3)
