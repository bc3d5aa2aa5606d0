"""What the traction model reads and writes: labels, predictions, and the raw material of its features.

Session-level functions; ``Repository`` wraps each in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from scout_core.errors import InputError
from scout_core.schema import utcnow
from scout_core.store.models import (
    FollowerSnapshotRow,
    InteractionRow,
    LabelRow,
    PostRow,
    Profile,
    RunRow,
    ScoreRow,
)
from scout_core.store.operations import RunRecord

_PROFILE_FIELDS = (
    "id", "canonical_id", "source_platform", "source_id", "handle", "created_at", "verified",
    "followers_count", "following_count", "content_count", "technical_keywords", "shipping_signals",
    "extracted_links", "overall_score", "classification", "pipeline_stage", "first_discovered_at",
)
SCORE_FIELDS = ("llm_score", "semantic_score", "technical_score", "engagement_score", "links_score",
                "completeness_score")


def add_label(session: Session, profile_id: int, traction: bool | None, not_builder: bool,
              by: str | None) -> int:
    """A new label row (history is kept; the latest one per profile counts)."""
    if traction is None and not not_builder:
        raise InputError("a label needs a traction answer (yes/no) or not-builder")
    if session.get(Profile, profile_id) is None:
        raise InputError(f"no stored profile with id {profile_id}")
    row = LabelRow(profile_id=profile_id, traction=None if not_builder else traction,
                   not_builder=not_builder, by=by, labelled_at=utcnow())
    session.add(row)
    session.flush()
    return row.id


def latest_labels(session: Session) -> list[dict[str, Any]]:
    """The latest label of every labelled profile."""
    latest = select(func.max(LabelRow.id)).group_by(LabelRow.profile_id)
    rows = session.scalars(select(LabelRow).where(LabelRow.id.in_(latest)).order_by(LabelRow.profile_id))
    return [{"profile_id": r.profile_id, "traction": r.traction, "not_builder": r.not_builder,
             "labelled_at": r.labelled_at, "by": r.by} for r in rows]


def set_predictions(session: Session, predictions: Iterable[tuple[int, float]], model_version: str) -> int:
    """Write traction_probability and model_version on each profile; returns how many were updated."""
    count = 0
    for profile_id, probability in predictions:
        if not 0.0 <= probability <= 1.0:
            raise InputError(f"traction probability {probability!r} for profile {profile_id} is not in [0, 1]")
        result = session.execute(update(Profile).where(Profile.id == profile_id).values(
            traction_probability=round(float(probability), 6), model_version=model_version))
        count += result.rowcount or 0  # type: ignore[attr-defined]
    return count


def feature_profiles(session: Session) -> list[dict[str, Any]]:
    """Every profile's own fields, with the component points of its latest score."""
    latest = select(ScoreRow.profile_id, func.max(ScoreRow.id).label("latest_id")).group_by(
        ScoreRow.profile_id).subquery()
    stmt = (select(Profile, ScoreRow).outerjoin(latest, latest.c.profile_id == Profile.id)
            .outerjoin(ScoreRow, ScoreRow.id == latest.c.latest_id).order_by(Profile.id))
    found = []
    for profile, score in session.execute(stmt):
        record = {name: getattr(profile, name) for name in _PROFILE_FIELDS}
        record.update({name: getattr(score, name) if score else None for name in SCORE_FIELDS})
        found.append(record)
    return found


def raw_payloads(session: Session, platform: str) -> dict[int, dict[str, Any]]:
    """Profile id -> the raw record kept on the row, for one platform's profiles that have one."""
    stmt = select(Profile.id, Profile.raw).where(Profile.source_platform == platform, Profile.raw.is_not(None))
    return {pid: raw for pid, raw in session.execute(stmt) if isinstance(raw, dict)}


def follower_snapshots(session: Session) -> list[tuple[int, datetime, int]]:
    stmt = select(FollowerSnapshotRow.profile_id, FollowerSnapshotRow.taken_at,
                  FollowerSnapshotRow.followers_count).order_by(FollowerSnapshotRow.profile_id,
                                                                FollowerSnapshotRow.taken_on)
    return [(pid, at, count) for pid, at, count in session.execute(stmt)]


def add_follower_snapshots(session: Session, profile_id: int, readings: Iterable[tuple[datetime, int]]) -> int:
    """Follower counts read at given times (one per UTC day: a later reading that day replaces the other)."""
    by_day: dict[Any, tuple[datetime, int]] = {}
    for taken_at, followers in sorted(readings):
        if followers < 0:
            raise InputError(f"follower count must not be negative, got {followers}")
        by_day[taken_at.date()] = (taken_at, followers)
    if not by_day:
        return 0
    session.execute(delete(FollowerSnapshotRow).where(FollowerSnapshotRow.profile_id == profile_id,
                                                      FollowerSnapshotRow.taken_on.in_(list(by_day))))
    session.execute(insert(FollowerSnapshotRow), [
        {"profile_id": profile_id, "taken_on": day, "taken_at": at, "followers_count": n}
        for day, (at, n) in by_day.items()])
    return len(by_day)


def post_activity(session: Session) -> list[dict[str, Any]]:
    """Every stored post's date, engagement counts and mentions, by profile."""
    stmt = select(PostRow.profile_id, PostRow.created_at, PostRow.like_count, PostRow.reply_count,
                  PostRow.repost_count, PostRow.mentions).order_by(PostRow.profile_id)
    return [{"profile_id": pid, "created_at": at, "likes": likes, "replies": replies, "reposts": reposts,
             "mentions": mentions or []} for pid, at, likes, replies, reposts, mentions in session.execute(stmt)]


def interaction_edges(session: Session) -> list[tuple[int, str, str, str, int]]:
    """(source profile id, target platform, target handle key, kind, count) for every recorded edge."""
    stmt = select(InteractionRow.source_profile_id, InteractionRow.target_platform,
                  InteractionRow.target_handle, InteractionRow.kind, InteractionRow.count)
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]


def recent_runs(session: Session, limit: int) -> list[RunRecord]:
    rows = session.scalars(select(RunRow).order_by(RunRow.started_at.desc()).limit(limit))
    return [RunRecord(run_id=r.run_id, status=r.status, started_at=r.started_at, finished_at=r.finished_at,
                      params=r.params or {}, stats=r.stats or {}) for r in rows]
