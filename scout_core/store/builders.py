"""A builder's evaluation (score, classification, follower history) and the joined read of all builders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scout_core.schema import ClassificationResult, ScoreCard, utcnow
from scout_core.store.models import (
    ClassificationRow,
    FollowerSnapshotRow,
    IdentityMergeRow,
    IdentityNodeRow,
    Profile,
    ScoreRow,
)
from scout_core.store.sql import upsert_statement

SCORE_COLUMNS = ("llm", "semantic", "technical", "engagement", "links", "completeness")
# Scoring's component names (scout_core.scoring.COMPONENT_MAX) -> score columns.
_ALIASES = {"llm_evaluation": "llm", "semantic_fit": "semantic", "technical_depth": "technical",
            "link": "links", "profile_completeness": "completeness", "llm_judge": "llm"}


def _score_column(component: str) -> str | None:
    name = component.lower().removesuffix("_score")
    name = _ALIASES.get(name, name)
    return f"{name}_score" if name in SCORE_COLUMNS else None


def add_score(session: Session, row: Profile, card: ScoreCard, at: datetime | None = None) -> ScoreRow:
    """A new score row (history is kept); the profile's overall_score follows the latest."""
    score = ScoreRow(profile_id=row.id, scored_at=at or utcnow(), overall=card.overall,
                     rescaled=card.rescaled, rescaled_from=list(card.rescaled_from) or None, note=card.note,
                     evidence={})
    for comp in card.components:
        column = _score_column(comp.name)
        if column:
            setattr(score, column, comp.points)
        score.evidence[comp.name] = {  # type: ignore[index]
            "points": comp.points, "max_points": comp.max_points, "evidence": list(comp.evidence),
        }
    row.overall_score = card.overall
    session.add(score)
    session.flush()
    return score


def add_classification(
    session: Session, row: Profile, result: ClassificationResult, at: datetime | None = None
) -> ClassificationRow:
    record = ClassificationRow(profile_id=row.id, label=result.label.value, confidence=result.confidence,
                               reasons=list(result.reasons), account_kind=result.account_kind.value,
                               account_evidence=list(result.account_evidence), classified_at=at or utcnow())
    row.classification, row.classification_confidence = result.label.value, result.confidence
    row.account_kind = result.account_kind.value
    session.add(record)
    session.flush()
    return record


def snapshot_followers(session: Session, row: Profile) -> None:
    """One follower count per profile per UTC day; a later reading the same day replaces it."""
    if row.followers_count is None:
        return
    taken_at = row.last_enriched_at or utcnow()
    values = {"profile_id": row.id, "taken_on": taken_at.date(), "taken_at": taken_at,
              "followers_count": row.followers_count}
    session.execute(upsert_statement(
        session, FollowerSnapshotRow.__table__, values, ("profile_id", "taken_on"),  # type: ignore[arg-type]
        lambda new: {"taken_at": new.taken_at, "followers_count": new.followers_count},
    ))


def _latest(model: type[ScoreRow] | type[ClassificationRow]) -> Any:
    """Per profile, the id of its latest row (ids grow with time; ties on timestamps cannot mislead)."""
    latest = select(model.profile_id, func.max(model.id).label("latest_id"))
    return latest.group_by(model.profile_id).subquery()


def _builders_query() -> Select[Any]:
    score, label = _latest(ScoreRow), _latest(ClassificationRow)
    return (
        select(Profile, ScoreRow, ClassificationRow)
        .outerjoin(score, score.c.profile_id == Profile.id)
        .outerjoin(ScoreRow, ScoreRow.id == score.c.latest_id)
        .outerjoin(label, label.c.profile_id == Profile.id)
        .outerjoin(ClassificationRow, ClassificationRow.id == label.c.latest_id)
        .order_by(Profile.overall_score.desc().nulls_last(), Profile.id)
    )


def iter_builders(session: Session, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every stored profile with its latest score and classification, best score first."""
    for profile, score, label in session.execute(_builders_query().execution_options(yield_per=batch)):
        yield builder_record(profile, score, label)


def builder_record(p: Profile, score: ScoreRow | None, label: ClassificationRow | None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "profile_id": p.id, "canonical_id": p.canonical_id, "source_platform": p.source_platform,
        "source_id": p.source_id, "handle": p.handle, "display_name": p.display_name, "bio": p.bio,
        "website": p.website, "location": p.location, "verified": p.verified,
        "followers_count": p.followers_count, "following_count": p.following_count,
        "content_count": p.content_count, "enrichment_quality": p.enrichment_quality,
        "pipeline_stage": p.pipeline_stage, "enriched_by": p.enriched_by, "overall_score": p.overall_score,
        "classification": p.classification, "classification_confidence": p.classification_confidence,
        "classification_reasons": list(label.reasons or []) if label else [],
        "traction_probability": p.traction_probability, "model_version": p.model_version,
        "first_discovered_at": p.first_discovered_at, "last_enriched_at": p.last_enriched_at,
        "scored_at": score.scored_at if score else None,
        "score_rescaled": score.rescaled if score else None, "score_note": score.note if score else None,
        "score_rescaled_from": list(score.rescaled_from or []) if score else [],
        "score_components": dict(score.evidence or {}) if score else {},
        "account_kind": p.account_kind, "account_evidence": list(label.account_evidence or []) if label else [],
    }
    for name in SCORE_COLUMNS:
        record[f"{name}_score"] = getattr(score, f"{name}_score") if score else None
    return record


def builder_members(session: Session, who: str) -> list[dict[str, Any]]:
    """Every profile of the builder named by ``who``: a canonical id, or a handle (``ada``, ``@ada``,
    ``x:ada``) of any of their profiles."""
    who = who.strip()
    canonical = session.scalars(select(Profile.canonical_id).where(Profile.canonical_id == who).limit(1)).first()
    if canonical is None:
        platform, _, handle = who.rpartition(":")
        stmt = select(Profile.canonical_id).where(Profile.handle_key == handle.lstrip("@").lower())
        if platform:
            stmt = stmt.where(Profile.source_platform == platform.lower())
        canonical = session.scalars(stmt.order_by(Profile.overall_score.desc().nulls_last()).limit(1)).first()
    if canonical is None:
        return []
    stmt = _builders_query().where(Profile.canonical_id == canonical)
    return [builder_record(p, s, c) for p, s, c in session.execute(stmt)]


def merges_by_canonical(session: Session, canonical_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The identity merges in force that joined each builder's accounts, with the resolver's reasons."""
    nodes = select(IdentityNodeRow.key, IdentityNodeRow.canonical_id)
    if canonical_ids is not None:
        nodes = nodes.where(IdentityNodeRow.canonical_id.in_(canonical_ids))
    owner = dict(session.execute(nodes).tuples().all())
    found: dict[str, list[dict[str, Any]]] = {}
    if not owner:
        return found
    merges = select(IdentityMergeRow).where(IdentityMergeRow.active.is_(True)).order_by(IdentityMergeRow.id)
    for merge in session.scalars(merges):
        canonical = owner.get(merge.left_key) or owner.get(merge.right_key)
        if canonical is None:
            continue
        found.setdefault(canonical, []).append({
            "left": merge.left_key, "right": merge.right_key, "level": merge.level, "kind": merge.kind,
            "evidence": merge.evidence, "confidence": merge.confidence, "corroboration": merge.corroboration})
    return found
