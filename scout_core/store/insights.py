"""What the API reads: the analytics tables (lists, insights, series) and one builder's stored record.

Every filter and sort here is a parameter or an allow-listed column; nothing a caller sends is ever
spliced into SQL. Lists are ordered ``<column> DESC NULLS LAST, canonical_id`` so that the sort
indexes of migration 0006 answer them, and pages continue by keyset (``after``) or offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from scout_core.store.analytics_models import (
    AlertRow,
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
)
from scout_core.store.analytics_records import Alert
from scout_core.store.builders import builder_record
from scout_core.store.models import (
    ClassificationRow,
    FollowerSnapshotRow,
    IdentityMergeRow,
    IdentityNodeRow,
    InteractionRow,
    PipelineErrorRow,
    Profile,
    ScoreRow,
)
from scout_core.store.repository import Repository

SORT_COLUMNS: dict[str, Any] = {
    "overall_score": BuilderFactRow.overall_score,
    "followers_count": BuilderFactRow.followers_count,
    "discovered_at": BuilderFactRow.discovered_at,
    "traction_probability": BuilderFactRow.traction_probability,
    "follower_growth_7d": BuilderFactRow.follower_growth_7d,
}
HIDDEN_KINDS = ("organization", "bot")  # insights about people leave these out
DETAIL_LIMIT = 50  # interactions each way, snapshots per profile are all kept


@dataclass(frozen=True)
class BuilderQuery:
    """The list's filters (each optional) and page."""

    min_score: float = 0.0
    classification: str | None = None
    follower_tier: str | None = None
    platform: str | None = None
    account_kind: str | None = None
    q: str | None = None
    shipped_since: datetime | None = None
    sort_by: str = "overall_score"
    limit: int = 50
    offset: int = 0
    after: tuple[Any, str] | None = None  # (sort value, canonical id) of the previous page's last row


def fact_dict(row: BuilderFactRow) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in BuilderFactRow.__table__.columns}


# Lists read these columns as plain rows (no ORM objects: a page of 50 costs a fraction of the time).
LIST_COLUMNS = tuple(c for c in BuilderFactRow.__table__.columns if c.name not in ("search_text", "bio"))


def _rows(session: Session, stmt: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in session.execute(stmt)]


TOTALS_KEPT = 4_096  # distinct filter sets whose totals are remembered until the next refresh


class InsightsRepository(Repository):
    """Reads for the API (SQLite or PostgreSQL); each method one short transaction.

    A list's ``total`` is a count over the whole table (200 ms at 100,000 builders on a busy machine,
    where the page itself is an index scan under 1 ms). The tables change only when the analytics
    refresh writes them, so totals are remembered per filter set until ``analytics_state`` says a
    refresh happened.
    """

    def __init__(self, target: Engine | str) -> None:
        super().__init__(target)
        self._totals: dict[tuple[Any, ...], int] = {}
        self._totals_as_of: datetime | None = None

    # -- builders -----------------------------------------------------------------------------------

    def list_builders(self, query: BuilderQuery) -> tuple[list[dict[str, Any]], int]:
        """One page of builders and the total that match the filters."""
        column = SORT_COLUMNS[query.sort_by]  # the API allow-lists sort_by; a KeyError here is a bug
        where = _filters(query)
        stmt = select(*LIST_COLUMNS).where(*where).order_by(column.desc().nulls_last(), BuilderFactRow.canonical_id)
        if query.after is not None:
            stmt = stmt.where(_after(column, *query.after))
        elif query.offset:
            stmt = stmt.offset(query.offset)
        key = (query.min_score, query.classification, query.follower_tier, query.platform, query.account_kind,
               query.q, query.shipped_since)
        with self._transaction() as session:
            rows = _rows(session, stmt.limit(query.limit))
            total = self._remembered_total(session, key)
            if total is None:
                total = int(session.scalar(select(func.count()).select_from(BuilderFactRow).where(*where)) or 0)
                if query.shipped_since is None and len(self._totals) < TOTALS_KEPT:  # a time window moves
                    self._totals[key] = total
        return rows, total

    def _remembered_total(self, session: Session, key: tuple[Any, ...]) -> int | None:
        refreshed = session.scalar(select(AnalyticsStateRow.updated_at).where(AnalyticsStateRow.name == "refresh"))
        if refreshed != self._totals_as_of:
            self._totals, self._totals_as_of = {}, refreshed
        return self._totals.get(key)

    def builder_facts(self, canonical_id: str) -> dict[str, Any] | None:
        with self._transaction() as session:
            row = session.get(BuilderFactRow, canonical_id)
            if row is None:
                return None
            facts = fact_dict(row)
            node = session.get(GraphNodeRow, canonical_id)
            facts.update(pagerank=node.pagerank if node else None, betweenness=node.betweenness if node else None,
                         community_id=node.community_id if node else None, degree=node.degree if node else None)
            return facts

    def builder_detail(self, canonical_id: str) -> dict[str, Any] | None:
        """Everything about one builder: facts, profiles with scores and classes, merges, history, launches,
        interactions and related builders (None when unknown)."""
        facts = self.builder_facts(canonical_id)
        if facts is None:
            return None
        with self._transaction() as session:
            profiles = _profiles(session, canonical_id)
            ids = [p["profile_id"] for p in profiles]
            return {"facts": facts, "profiles": profiles, "merges": _merges(session, canonical_id),
                    "follower_history": _history(session, ids), "launches": _launches(session, canonical_id),
                    "interactions": _interactions(session, profiles), "related": _related(session, canonical_id)}

    def exists(self, canonical_id: str) -> bool:
        with self._transaction() as session:
            return session.scalar(select(Profile.id).where(Profile.canonical_id == canonical_id).limit(1)) is not None

    def profile_ids(self, canonical_id: str) -> list[int]:
        with self._transaction() as session:
            return list(session.scalars(select(Profile.id).where(Profile.canonical_id == canonical_id)
                                        .order_by(Profile.id)))

    # -- insights -----------------------------------------------------------------------------------

    def hidden_gems(self, min_score: float, max_followers: int, limit: int) -> list[dict[str, Any]]:
        return self._people(BuilderFactRow.overall_score, limit, BuilderFactRow.overall_score >= min_score,
                            BuilderFactRow.followers_count < max_followers)

    def rising_stars(self, min_followers: int, limit: int) -> list[dict[str, Any]]:
        start = BuilderFactRow.followers_count - BuilderFactRow.followers_gain_7d
        return self._people(BuilderFactRow.follower_growth_7d, limit,
                            BuilderFactRow.follower_growth_7d.is_not(None), start >= min_followers)

    def serial_shippers(self, min_launches: int, limit: int) -> list[dict[str, Any]]:
        return self._people(BuilderFactRow.launches_90d, limit, BuilderFactRow.launches_90d >= min_launches)

    def cross_platform(self, min_platforms: int, limit: int) -> list[dict[str, Any]]:
        return self._people(BuilderFactRow.overall_score, limit, BuilderFactRow.platform_count >= min_platforms)

    def _people(self, column: Any, limit: int, *where: ColumnElement[bool]) -> list[dict[str, Any]]:
        kind = or_(BuilderFactRow.account_kind.is_(None), BuilderFactRow.account_kind.not_in(HIDDEN_KINDS))
        stmt = (select(*LIST_COLUMNS).where(*where, kind)
                .order_by(column.desc().nulls_last(), BuilderFactRow.canonical_id).limit(limit))
        with self._transaction() as session:
            return _rows(session, stmt)

    def influencers(self, by: str, limit: int) -> list[dict[str, Any]]:
        column = GraphNodeRow.betweenness if by == "betweenness" else GraphNodeRow.pagerank
        stmt = (select(*LIST_COLUMNS, GraphNodeRow.pagerank, GraphNodeRow.betweenness, GraphNodeRow.community_id,
                       GraphNodeRow.degree)
                .join(BuilderFactRow, BuilderFactRow.canonical_id == GraphNodeRow.canonical_id)
                .order_by(column.desc(), GraphNodeRow.canonical_id).limit(limit))
        with self._transaction() as session:
            return _rows(session, stmt)

    def communities(self, limit: int) -> list[dict[str, Any]]:
        with self._transaction() as session:
            rows = list(session.scalars(select(CommunityRow).order_by(CommunityRow.size.desc(),
                                                                      CommunityRow.community_id).limit(limit)))
            names = _names(session, {m for r in rows for m in r.top_members})
            return [{"community_id": r.community_id, "size": r.size, "internal_edges": r.internal_edges,
                     "top_topics": [{"topic": t, "share": s} for t, s in r.top_topics],
                     "top_members": [names.get(m, {"canonical_id": m}) for m in r.top_members]} for r in rows]

    def topics(self, order: str, limit: int, min_mentions: int = 0) -> list[dict[str, Any]]:
        if order == "roi":
            stmt = select(TopicMomentumRow).order_by(TopicMomentumRow.roi.desc().nulls_last(),
                                                     TopicMomentumRow.growth.desc(), TopicMomentumRow.topic)
        else:
            stmt = (select(TopicMomentumRow).where(TopicMomentumRow.mentions >= min_mentions)
                    .order_by(TopicMomentumRow.growth.desc(), TopicMomentumRow.topic))
        with self._transaction() as session:
            return [{c.name: getattr(r, c.name) for c in TopicMomentumRow.__table__.columns}
                    for r in session.scalars(stmt.limit(limit))]

    def sources(self) -> list[dict[str, Any]]:
        with self._transaction() as session:
            return [{c.name: getattr(r, c.name) for c in SourceQualityRow.__table__.columns}
                    for r in session.scalars(select(SourceQualityRow).order_by(SourceQualityRow.source))]

    # -- series and summaries -----------------------------------------------------------------------

    def summary(self, period: str) -> tuple[dict[str, Any], datetime] | None:
        with self._transaction() as session:
            row = session.get(SummaryRow, period)
            return (dict(row.payload), row.computed_at) if row is not None else None

    def hours(self, since: datetime) -> list[tuple[datetime, int, int, float, int]]:
        stmt = (select(HourlyRow.hour, HourlyRow.discoveries, HourlyRow.scored, HourlyRow.score_sum,
                       HourlyRow.launches).where(HourlyRow.hour >= since).order_by(HourlyRow.hour))
        with self._transaction() as session:
            return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]

    def alerts(self, include_resolved: bool, limit: int) -> list[Alert]:
        stmt = select(AlertRow).order_by(AlertRow.opened_at.desc(), AlertRow.id.desc()).limit(limit)
        if not include_resolved:
            stmt = stmt.where(AlertRow.resolved_at.is_(None))
        with self._transaction() as session:
            return [Alert(r.id, r.rule, r.severity, r.dedup_key, r.summary, r.details, r.opened_at,
                          r.last_seen_at, r.resolved_at) for r in session.scalars(stmt)]

    # -- pipeline health (live, from the store) ----------------------------------------------------

    def stage_counts(self) -> dict[str, int]:
        with self._transaction() as session:
            stmt = select(Profile.pipeline_stage, func.count(Profile.id)).group_by(Profile.pipeline_stage)
            rows = session.execute(stmt)
            return {stage: int(n) for stage, n in rows}

    def discovered_since(self, since: datetime) -> int:
        with self._transaction() as session:
            return int(session.scalar(select(func.count(Profile.id)).where(Profile.first_discovered_at >= since)) or 0)

    def source_activity(self, since: datetime) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
        """Since ``since``: profiles enriched per source, and enrichment errors per source and kind."""
        enriched = (select(Profile.enriched_by, func.count(Profile.id)).where(Profile.last_enriched_at >= since)
                    .group_by(Profile.enriched_by))
        errors = (select(PipelineErrorRow.source, PipelineErrorRow.error_kind, func.count(PipelineErrorRow.id))
                  .where(PipelineErrorRow.at >= since).group_by(PipelineErrorRow.source, PipelineErrorRow.error_kind))
        with self._transaction() as session:
            done = {name or "unknown": int(n) for name, n in session.execute(enriched)}
            failed: dict[str, dict[str, int]] = {}
            for name, kind, n in session.execute(errors):
                failed.setdefault(name or "unknown", {})[kind or "unknown"] = int(n)
        return done, failed

    def analytics_refreshed_at(self) -> datetime | None:
        with self._transaction() as session:
            row = session.get(AnalyticsStateRow, "refresh")
            stamp = row.value.get("last_refresh") if row is not None else None
            return datetime.fromisoformat(stamp) if isinstance(stamp, str) else None

    def analytics_count(self) -> int:
        with self._transaction() as session:
            return int(session.scalar(select(func.count()).select_from(BuilderFactRow)) or 0)


def _filters(query: BuilderQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [BuilderFactRow.overall_score >= query.min_score]
    for column, value in ((BuilderFactRow.classification, query.classification),
                          (BuilderFactRow.follower_tier, query.follower_tier),
                          (BuilderFactRow.account_kind, query.account_kind)):
        if value is not None:
            where.append(column == value)
    if query.platform is not None:
        where.append(exists().where(BuilderPlatformRow.canonical_id == BuilderFactRow.canonical_id,
                                    BuilderPlatformRow.platform == query.platform))
    if query.q:
        pattern = "%" + query.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(BuilderFactRow.search_text.like(pattern, escape="\\"))
    if query.shipped_since is not None:
        where.append(BuilderFactRow.last_launch_at >= query.shipped_since)
    return where


def _after(column: Any, value: Any, canonical_id: str) -> ColumnElement[bool]:
    """Rows after (value, id) in the order ``column DESC NULLS LAST, canonical_id``."""
    if value is None:
        return and_(column.is_(None), BuilderFactRow.canonical_id > canonical_id)
    return or_(column < value, and_(column == value, BuilderFactRow.canonical_id > canonical_id), column.is_(None))


def _profiles(session: Session, canonical_id: str) -> list[dict[str, Any]]:
    scores, labels = aliased(ScoreRow), aliased(ClassificationRow)
    score = select(func.max(scores.id)).where(scores.profile_id == Profile.id).correlate(Profile).scalar_subquery()
    label = (select(func.max(labels.id)).where(labels.profile_id == Profile.id).correlate(Profile)
             .scalar_subquery())
    stmt = (select(Profile, ScoreRow, ClassificationRow).select_from(Profile)
            .where(Profile.canonical_id == canonical_id)
            .outerjoin(ScoreRow, ScoreRow.id == score).outerjoin(ClassificationRow, ClassificationRow.id == label)
            .order_by(Profile.overall_score.desc().nulls_last(), Profile.id))
    return [builder_record(p, s, c) for p, s, c in session.execute(stmt)]


def _merges(session: Session, canonical_id: str) -> list[dict[str, Any]]:
    keys = list(session.scalars(select(IdentityNodeRow.key).where(IdentityNodeRow.canonical_id == canonical_id)))
    if not keys:
        return []
    touching = or_(IdentityMergeRow.left_key.in_(keys), IdentityMergeRow.right_key.in_(keys))
    stmt = (select(IdentityMergeRow).where(IdentityMergeRow.active.is_(True), touching)
            .order_by(IdentityMergeRow.id))
    return [{"left": m.left_key, "right": m.right_key, "level": m.level, "kind": m.kind, "evidence": m.evidence,
             "confidence": m.confidence, "corroboration": m.corroboration, "at": m.created_at}
            for m in session.scalars(stmt)]


def _history(session: Session, profile_ids: list[int]) -> list[dict[str, Any]]:
    if not profile_ids:
        return []
    stmt = (select(FollowerSnapshotRow.profile_id, Profile.source_platform, FollowerSnapshotRow.taken_at,
                   FollowerSnapshotRow.followers_count)
            .join(Profile, Profile.id == FollowerSnapshotRow.profile_id)
            .where(FollowerSnapshotRow.profile_id.in_(profile_ids))
            .order_by(FollowerSnapshotRow.profile_id, FollowerSnapshotRow.taken_on))
    return [{"profile_id": pid, "platform": platform, "at": at, "followers": n}
            for pid, platform, at, n in session.execute(stmt)]


def _launches(session: Session, canonical_id: str) -> list[dict[str, Any]]:
    stmt = select(LaunchRow).where(LaunchRow.canonical_id == canonical_id).order_by(LaunchRow.launched_at.desc())
    return [{"kind": r.kind, "platform": r.platform, "name": r.name, "url": r.url, "at": r.launched_at}
            for r in session.scalars(stmt.limit(200))]


def _interactions(session: Session, profiles: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    ids = [p["profile_id"] for p in profiles]
    out_stmt = (select(InteractionRow).where(InteractionRow.source_profile_id.in_(ids))
                .order_by(InteractionRow.count.desc(), InteractionRow.id).limit(DETAIL_LIMIT))
    outgoing = [{"platform": r.target_platform, "handle": r.target_handle, "kind": r.kind, "count": r.count,
                 "last_seen": r.last_seen} for r in session.scalars(out_stmt)]
    mine = [and_(InteractionRow.target_platform == p["source_platform"],
                 InteractionRow.target_handle == str(p["handle"]).lower()) for p in profiles]
    incoming: list[dict[str, Any]] = []
    if mine:
        in_stmt = (select(InteractionRow, Profile.source_platform, Profile.handle, Profile.canonical_id)
                   .join(Profile, Profile.id == InteractionRow.source_profile_id).where(or_(*mine))
                   .order_by(InteractionRow.count.desc(), InteractionRow.id).limit(DETAIL_LIMIT))
        incoming = [{"platform": platform, "handle": handle, "canonical_id": cid, "kind": r.kind, "count": r.count,
                     "last_seen": r.last_seen} for r, platform, handle, cid in session.execute(in_stmt)]
    return {"outgoing": outgoing, "incoming": incoming}


def _related(session: Session, canonical_id: str) -> list[dict[str, Any]]:
    stmt = (select(NeighborRow, BuilderFactRow.display_name, BuilderFactRow.handle, BuilderFactRow.overall_score)
            .join(BuilderFactRow, BuilderFactRow.canonical_id == NeighborRow.other_id)
            .where(NeighborRow.canonical_id == canonical_id).order_by(NeighborRow.weight.desc(), NeighborRow.other_id))
    return [{"canonical_id": n.other_id, "display_name": name, "handle": handle, "overall_score": score,
             "weight": n.weight, "outgoing": n.outgoing, "incoming": n.incoming}
            for n, name, handle, score in session.execute(stmt)]


def _names(session: Session, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    stmt = select(BuilderFactRow.canonical_id, BuilderFactRow.display_name, BuilderFactRow.handle,
                  BuilderFactRow.overall_score).where(BuilderFactRow.canonical_id.in_(sorted(ids)))
    return {cid: {"canonical_id": cid, "display_name": name, "handle": handle, "overall_score": score}
            for cid, name, handle, score in session.execute(stmt)}

