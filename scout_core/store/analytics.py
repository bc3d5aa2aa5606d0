"""The analytics repository: what a refresh reads from the store, and the analytics tables it writes.

Each public method is one transaction (the base ``Repository``'s, so its error translation applies).
Bulk writes go in chunks of multi-row INSERTs; a builder's rows are replaced as a whole.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session, aliased

from scout_core.schema import utcnow
from scout_core.store.analytics_models import (
    AnalyticsStateRow,
    BuilderFactRow,
    BuilderPlatformRow,
    CommunityRow,
    GraphNodeRow,
    HourlyRow,
    LaunchRow,
    NeighborRow,
    SourceQualityRow,
    SummaryRow,
    TopicMomentumRow,
    TopicWeekRow,
)
from scout_core.store.analytics_records import (
    BuilderFacts,
    Edge,
    GraphMetrics,
    HourBucket,
    Launch,
    ProfileInput,
    Snapshot,
    SourceQuality,
    SourceTotals,
    TopicMomentum,
)
from scout_core.store.models import (
    CostRow,
    FollowerSnapshotRow,
    IdentityMergeRow,
    IdentitySplitRow,
    InteractionRow,
    MiningResultRow,
    PipelineErrorRow,
    PostRow,
    Profile,
    TopicRow,
)
from scout_core.store.repository import Repository
from scout_core.store.sql import upsert_many_statement, upsert_statement

CHUNK = 1_000  # rows per multi-row INSERT (SQLite allows 32,766 parameters a statement)
_IN = 900  # ids per IN (...)
LAUNCH_PLATFORMS = ("github", "huggingface", "producthunt")
STATE = "refresh"
_FACT_COLUMNS = tuple(c.name for c in BuilderFactRow.__table__.columns if c.name != "canonical_id")


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class AnalyticsRepository(Repository):
    """The store's side of ``scout analytics refresh`` (SQLite or PostgreSQL)."""

    # -- what changed -------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self._transaction() as session:
            row = session.get(AnalyticsStateRow, STATE)
            return dict(row.value) if row is not None else {}

    def save_state(self, value: dict[str, Any]) -> None:
        with self._transaction() as session:
            session.execute(upsert_statement(
                session, _table(AnalyticsStateRow), {"name": STATE, "value": value, "updated_at": utcnow()},
                ("name",), lambda new: {"value": new.value, "updated_at": new.updated_at}))

    def watermarks(self) -> dict[str, Any]:
        """Where the store is now: the latest profile update, snapshot and post."""
        with self._transaction() as session:
            updated = session.scalar(select(func.max(Profile.updated_at)))
            return {"profiles_updated": updated.isoformat() if updated else None,
                    "snapshot_id": int(session.scalar(select(func.max(FollowerSnapshotRow.id))) or 0),
                    "post_id": int(session.scalar(select(func.max(PostRow.id))) or 0)}

    def changed_canonical_ids(self, since: dict[str, Any] | None) -> list[str]:
        """Builders with a profile updated, or a follower reading added, since the watermarks (all: None)."""
        with self._transaction() as session:
            if not since or not since.get("profiles_updated"):
                return list(session.scalars(select(Profile.canonical_id).distinct()))
            after = datetime.fromisoformat(since["profiles_updated"])
            found = set(session.scalars(select(Profile.canonical_id).where(Profile.updated_at >= after).distinct()))
            fresh = (select(Profile.canonical_id)
                     .join(FollowerSnapshotRow, FollowerSnapshotRow.profile_id == Profile.id)
                     .where(FollowerSnapshotRow.id > int(since.get("snapshot_id", 0))).distinct())
            return sorted(found | set(session.scalars(fresh)))

    # -- builder facts: inputs ----------------------------------------------------------------------

    def profile_inputs(self, canonical_ids: Sequence[str]) -> list[ProfileInput]:
        found: list[ProfileInput] = []
        with self._transaction() as session:
            for chunk in _chunks(list(canonical_ids), _IN):
                stmt = select(Profile.id, Profile.canonical_id, Profile.source_platform, Profile.handle,
                              Profile.display_name, Profile.bio, Profile.followers_count, Profile.overall_score,
                              Profile.classification, Profile.account_kind, Profile.traction_probability,
                              Profile.model_version, Profile.first_discovered_at, Profile.last_enriched_at
                              ).where(Profile.canonical_id.in_(chunk))
                found += [ProfileInput(*row) for row in session.execute(stmt)]
        return found

    def snapshots(self, profile_ids: Sequence[int]) -> dict[int, list[Snapshot]]:
        found: dict[int, list[Snapshot]] = defaultdict(list)
        with self._transaction() as session:
            for chunk in _chunks(list(profile_ids), _IN):
                stmt = select(FollowerSnapshotRow.profile_id, FollowerSnapshotRow.taken_at,
                              FollowerSnapshotRow.followers_count).where(FollowerSnapshotRow.profile_id.in_(chunk))
                for pid, at, n in session.execute(stmt):
                    found[pid].append(Snapshot(pid, at, n))
        return found

    def launch_payloads(self, profile_ids: Sequence[int]) -> list[tuple[int, str, str, str, Any]]:
        """(profile id, canonical id, platform, handle, raw) of the profiles whose payloads can hold launches."""
        found: list[tuple[int, str, str, str, Any]] = []
        with self._transaction() as session:
            for chunk in _chunks(list(profile_ids), _IN):
                stmt = select(Profile.id, Profile.canonical_id, Profile.source_platform, Profile.handle, Profile.raw
                              ).where(Profile.id.in_(chunk), Profile.source_platform.in_(LAUNCH_PLATFORMS),
                                      Profile.raw.is_not(None))
                found += [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]
        return found

    # -- builder facts: outputs ---------------------------------------------------------------------

    def write_builders(self, facts: Sequence[BuilderFacts], launches: Sequence[Launch], now: datetime) -> None:
        """Upsert these builders' facts; replace their platform rows and launches."""
        ids = [f.canonical_id for f in facts]
        rows = [{**{name: getattr(f, name) for name in _FACT_COLUMNS if name not in ("platform_count", "refreshed_at")},
                 "canonical_id": f.canonical_id, "platform_count": len(f.platforms), "refreshed_at": now}
                for f in facts]
        with self._transaction() as session:
            for chunk in _chunks(ids, _IN):
                session.execute(delete(BuilderPlatformRow).where(BuilderPlatformRow.canonical_id.in_(chunk)))
                session.execute(delete(LaunchRow).where(LaunchRow.canonical_id.in_(chunk)))
            if rows:
                upsert = upsert_many_statement(session, _table(BuilderFactRow), ("canonical_id",), _set_facts)
                for part in _chunks(rows, CHUNK):
                    session.connection().execute(upsert, list(part))
            _insert(session, BuilderPlatformRow, [{"platform": p, "canonical_id": f.canonical_id}
                                                  for f in facts for p in f.platforms])
            _insert(session, LaunchRow, [vars(launch) for launch in launches])

    def remove_gone_builders(self) -> int:
        """Drop the analytics of canonical ids no profile has any more (merged away, split, deleted)."""
        with self._transaction() as session:
            live = select(Profile.canonical_id)
            gone = list(session.scalars(select(BuilderFactRow.canonical_id)
                                        .where(BuilderFactRow.canonical_id.not_in(live))))
            for chunk in _chunks(gone, _IN):
                for model in (BuilderFactRow, BuilderPlatformRow, LaunchRow):
                    session.execute(delete(model).where(model.canonical_id.in_(chunk)))  # type: ignore[attr-defined]
            return len(gone)

    def count_recent_launches(self, since: datetime, now: datetime) -> None:
        """Set every builder's launches_90d for the window [since, now] (it moves with time, not with data)."""
        recent = (select(func.count(LaunchRow.id)).where(LaunchRow.canonical_id == BuilderFactRow.canonical_id,
                                                         LaunchRow.launched_at >= since, LaunchRow.launched_at <= now)
                  .scalar_subquery())
        with self._transaction() as session:
            session.execute(update(BuilderFactRow).values(launches_90d=recent))

    # -- the interaction graph ----------------------------------------------------------------------

    def graph_fingerprint(self) -> list[Any]:
        """Changes whenever an edge or an identity decision changes (then the graph is recomputed)."""
        with self._transaction() as session:
            edges = session.execute(select(func.count(InteractionRow.id), func.max(InteractionRow.id),
                                           func.coalesce(func.sum(InteractionRow.count), 0))).one()
            merges = session.execute(select(func.count(IdentityMergeRow.id), func.max(IdentityMergeRow.id),
                                            func.count(IdentityMergeRow.id).filter(IdentityMergeRow.active))).one()
            splits = session.scalar(select(func.count(IdentitySplitRow.id)))
            builders = session.scalar(select(func.count(BuilderFactRow.canonical_id)))
            return [*(int(v or 0) for v in edges), *(int(v or 0) for v in merges), int(splits or 0), int(builders or 0)]

    def builder_edges(self) -> list[Edge]:
        """Interactions between stored builders, summed per (from, to) canonical pair."""
        source, target = aliased(Profile), aliased(Profile)
        stmt = (select(source.canonical_id, target.canonical_id, func.sum(InteractionRow.count))
                .join(source, source.id == InteractionRow.source_profile_id)
                .join(target, (target.source_platform == InteractionRow.target_platform)
                      & (target.handle_key == InteractionRow.target_handle))
                .group_by(source.canonical_id, target.canonical_id))
        with self._transaction() as session:
            return [Edge(a, b, int(n)) for a, b, n in session.execute(stmt) if a != b]

    def builder_keywords(self) -> dict[str, list[str]]:
        """Each builder's technical keywords (their profiles' first few, in order), for community topics."""
        found: dict[str, list[str]] = defaultdict(list)
        with self._transaction() as session:
            stmt = select(Profile.canonical_id, Profile.technical_keywords).where(
                Profile.technical_keywords.is_not(None))
            for canonical, words in session.execute(stmt.execution_options(yield_per=5_000)):
                if isinstance(words, list):
                    found[canonical] += [str(w).lower() for w in words[:8]]
        return found

    def write_graph(self, metrics: GraphMetrics) -> None:
        """Replace the graph tables with these metrics."""
        degree: Counter[str] = Counter()
        for a, _b, _w, _out, _inc in metrics.neighbors:
            degree[a] += 1
        nodes = [{"canonical_id": cid, "pagerank": round(rank, 10),
                  "betweenness": round(metrics.betweenness.get(cid, 0.0), 10),
                  "community_id": metrics.community.get(cid, 0), "degree": degree[cid]}
                 for cid, rank in metrics.pagerank.items()]
        with self._transaction() as session:
            for model in (GraphNodeRow, CommunityRow, NeighborRow):
                session.execute(delete(model))
            _insert(session, GraphNodeRow, nodes)
            _insert(session, CommunityRow, metrics.communities)
            _insert(session, NeighborRow, [{"canonical_id": a, "other_id": b, "weight": w, "outgoing": o,
                                            "incoming": i} for a, b, w, o, i in metrics.neighbors])

    # -- topics -------------------------------------------------------------------------------------

    def topic_pool(self) -> list[str]:
        with self._transaction() as session:
            return list(session.scalars(select(TopicRow.topic)))

    def topic_yields(self) -> dict[str, tuple[int, int, int]]:
        """topic -> (runs, profiles stored, high scorers) over every mining run."""
        key = func.lower(func.trim(MiningResultRow.topic))
        stmt = select(key, func.count(MiningResultRow.id), func.sum(MiningResultRow.profiles_stored),
                      func.sum(MiningResultRow.high_scorers)).group_by(key)
        with self._transaction() as session:
            return {t: (int(r), int(s or 0), int(h or 0)) for t, r, s, h in session.execute(stmt)}

    def posts_after(self, post_id: int, batch: int = 5_000) -> Iterator[list[tuple[int, str, datetime]]]:
        """Dated posts with an id above ``post_id``, in batches of (id, text, created_at)."""
        last = post_id
        while True:
            with self._transaction() as session:
                stmt = (select(PostRow.id, PostRow.text, PostRow.created_at)
                        .where(PostRow.id > last, PostRow.created_at.is_not(None)).order_by(PostRow.id).limit(batch))
                rows = [(pid, text or "", at) for pid, text, at in session.execute(stmt)]
            if not rows:
                return
            last = rows[-1][0]
            yield rows

    def topic_weeks(self) -> Counter[tuple[str, datetime]]:
        with self._transaction() as session:
            rows = session.execute(select(TopicWeekRow.topic, TopicWeekRow.week_start, TopicWeekRow.mentions))
            return Counter({(topic, week): n for topic, week, n in rows})

    def replace_topic_weeks(self, counts: Counter[tuple[str, datetime]]) -> None:
        with self._transaction() as session:
            session.execute(delete(TopicWeekRow))
            _insert(session, TopicWeekRow, [{"topic": t, "week_start": w, "mentions": n}
                                            for (t, w), n in counts.items()])

    def write_topics(self, topics: Sequence[TopicMomentum]) -> None:
        with self._transaction() as session:
            session.execute(delete(TopicMomentumRow))
            _insert(session, TopicMomentumRow, [vars(t) for t in topics])

    # -- sources, series, summaries -----------------------------------------------------------------

    def source_totals(self, high_score: float) -> SourceTotals:
        source = func.coalesce(Profile.enriched_by, "unknown")
        stmt = select(source, func.count(Profile.id), func.count(Profile.overall_score),
                      func.count(Profile.id).filter(Profile.overall_score >= high_score),
                      func.avg(Profile.overall_score)).group_by(source)
        errors = (select(PipelineErrorRow.source, PipelineErrorRow.error_kind, func.count(PipelineErrorRow.id))
                  .where(PipelineErrorRow.stage == "enrich", PipelineErrorRow.source.is_not(None))
                  .group_by(PipelineErrorRow.source, PipelineErrorRow.error_kind))
        with self._transaction() as session:
            profiles = {s: (int(n), int(sc), int(h), float(a) if a is not None else None)
                        for s, n, sc, h, a in session.execute(stmt)}
            by_source: dict[str, dict[str, int]] = defaultdict(dict)
            for name, kind, n in session.execute(errors):
                by_source[name][kind or "unknown"] = int(n)
            cost = {s: float(u or 0.0) for s, u in session.execute(
                select(CostRow.source, func.sum(CostRow.usd)).group_by(CostRow.source))}
        return SourceTotals(profiles, dict(by_source), cost)

    def write_sources(self, sources: Sequence[SourceQuality]) -> None:
        with self._transaction() as session:
            session.execute(delete(SourceQualityRow))
            _insert(session, SourceQualityRow, [vars(s) for s in sources])

    def series_inputs(self) -> tuple[list[dict[str, Any]], list[datetime]]:
        """Every builder's (discovered_at, score, class, tier, platforms), and every launch date."""
        with self._transaction() as session:
            stmt = select(BuilderFactRow.discovered_at, BuilderFactRow.overall_score, BuilderFactRow.classification,
                          BuilderFactRow.follower_tier, BuilderFactRow.platforms)
            rows = [{"discovered_at": d, "overall_score": s, "classification": c, "follower_tier": t,
                     "platforms": list(p or [])} for d, s, c, t, p in session.execute(stmt)]
            launches = list(session.scalars(select(LaunchRow.launched_at)))
        return rows, launches

    def analyze(self) -> None:
        """Fresh planner statistics for the analytics tables (PostgreSQL), after a refresh rewrote them:
        with stale ones a filtered page was planned as a 1.4 s nested loop instead of an index scan."""
        if self.engine.dialect.name != "postgresql":
            return
        with self._transaction() as session:
            for model in (BuilderFactRow, BuilderPlatformRow, LaunchRow, GraphNodeRow, NeighborRow):
                session.execute(text(f"ANALYZE {_table(model).name}"))

    def write_series(self, hours: dict[datetime, HourBucket], summaries: dict[str, dict[str, Any]],
                     now: datetime) -> None:
        with self._transaction() as session:
            session.execute(delete(HourlyRow))
            _insert(session, HourlyRow, [{"hour": h, **vars(b)} for h, b in sorted(hours.items())])
            session.execute(delete(SummaryRow))
            _insert(session, SummaryRow, [{"period": p, "payload": payload, "computed_at": now}
                                          for p, payload in summaries.items()])


def _set_facts(new: Any) -> dict[str, Any]:
    return {name: getattr(new, name) for name in _FACT_COLUMNS}


def _insert(session: Session, model: type[Any], rows: Iterable[dict[str, Any]]) -> None:
    """INSERTs of ``CHUNK`` rows each, one compiled statement sent in batches (nothing for no rows)."""
    rows = list(rows)
    stmt = insert(_table(model))
    for part in _chunks(rows, CHUNK):
        session.connection().execute(stmt, list(part))
