"""Writing and reading profile rows: the idempotent upsert and its merge rules.

A profile is found, in order, by (platform, source_id); else, for a profile with a source id, by a
scraped row (no source id) with the same handle, which it adopts; else, for a scraped profile, by the
latest row with its handle. Only then is a row inserted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scout_core.errors import InputError
from scout_core.schema import ExtractedLink, InternalProfile, LinkedProfile, Post, utcnow
from scout_core.store.models import LinkedProfileRow, PostRow, Profile

RECENT_POSTS_READ = 50
# Fields a newer enrichment overwrites only when it has a value: a degraded (partial, minimal)
# enrichment must not erase what a fuller one found.
_KEEP_IF_MISSING = (
    "display_name", "bio", "website", "location", "created_at", "verified", "avatar_url",
    "followers_count", "following_count", "content_count",
)
_KEEP_IF_EMPTY = ("shipping_signals", "technical_keywords")


def default_canonical_id(profile: InternalProfile) -> str:
    """Until identity resolution assigns one, a profile is its own canonical builder."""
    platform, key = profile.key
    return f"{platform}:{key}"


def check_aware(profile: InternalProfile) -> None:
    """Refuse naive datetimes here, where the message can name the profile and the field."""
    where = f"{profile.source_platform} profile @{profile.handle}"
    for field in ("created_at", "first_discovered_at", "last_enriched_at"):
        _require_aware(getattr(profile, field), f"{where}: {field}")
    for post in profile.recent_posts:
        _require_aware(post.created_at, f"{where}: post {post.post_id} created_at")


def _require_aware(value: datetime | None, what: str) -> None:
    if value is not None and value.utcoffset() is None:
        raise InputError(f"{what} is a naive datetime ({value.isoformat()}); a timezone is required")


def find_profile_row(session: Session, profile: InternalProfile) -> Profile | None:
    platform, handle_key = profile.source_platform, profile.handle.lower()
    if profile.source_id:
        by_id = session.scalars(
            select(Profile).where(Profile.source_platform == platform, Profile.source_id == profile.source_id)
        ).first()
        if by_id is not None:
            return by_id
        scraped = select(Profile).where(Profile.source_id.is_(None))
    else:
        scraped = select(Profile).order_by(Profile.updated_at.desc(), Profile.id.desc())
    return session.scalars(
        scraped.where(Profile.source_platform == platform, Profile.handle_key == handle_key).limit(1)
    ).first()


def upsert_profile_row(session: Session, profile: InternalProfile, raw: dict[str, Any] | None) -> Profile:
    """The profile's row, inserted or updated, with its linked profiles and posts; flushed."""
    check_aware(profile)
    row = find_profile_row(session, profile) or _insert_or_find(session, profile)
    apply_profile(row, profile, raw)
    _upsert_linked(row, profile.linked_profiles)
    session.flush()
    upsert_posts(session, row.id, profile.recent_posts)
    return row


def _insert_or_find(session: Session, profile: InternalProfile) -> Profile:
    """Insert a new row; if a concurrent writer inserted the same profile first, use theirs."""
    row = Profile(
        canonical_id=profile.canonical_id or default_canonical_id(profile),
        source_platform=profile.source_platform,
        source_id=profile.source_id,
        handle=profile.handle,
        handle_key=profile.handle.lower(),
        first_discovered_at=profile.first_discovered_at or utcnow(),
        enrichment_quality=profile.enrichment_quality.value,
        pipeline_stage=profile.pipeline_stage.value,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = find_profile_row(session, profile)
        if found is None:
            raise
        return found
    return row


def apply_profile(row: Profile, profile: InternalProfile, raw: dict[str, Any] | None) -> None:
    """Copy the profile onto its row, following the merge rules above."""
    row.handle, row.handle_key = profile.handle, profile.handle.lower()
    row.source_id = profile.source_id or row.source_id
    row.canonical_id = profile.canonical_id or row.canonical_id
    for field in _KEEP_IF_MISSING:
        value = getattr(profile, field)
        if value is not None:
            setattr(row, field, value)
    for field in _KEEP_IF_EMPTY:
        if getattr(profile, field):
            setattr(row, field, list(getattr(profile, field)))
    if profile.extracted_links:
        row.extracted_links = [link.model_dump(mode="json") for link in profile.extracted_links]
    if profile.followers_count is not None:
        row.counts_approximate = profile.counts_approximate
    if profile.first_discovered_at and profile.first_discovered_at < row.first_discovered_at:
        row.first_discovered_at = profile.first_discovered_at
    row.last_enriched_at = profile.last_enriched_at or utcnow()
    row.enrichment_quality = profile.enrichment_quality.value
    row.pipeline_stage = profile.pipeline_stage.value
    row.enriched_by = profile.enriched_by or row.enriched_by
    if raw is not None:
        row.raw = raw


def _upsert_linked(row: Profile, linked: list[LinkedProfile]) -> None:
    """Add newly declared links and refresh known ones; links seen before are kept as evidence."""
    existing = {(link.platform, link.handle.lower()): link for link in row.linked}
    for link in linked:
        found = existing.get((link.platform, link.handle.lower()))
        if found is None:
            found = LinkedProfileRow(platform=link.platform, handle=link.handle)
            row.linked.append(found)
            existing[(link.platform, link.handle.lower())] = found
        found.handle = link.handle
        found.url = link.url or found.url
        found.verified = bool(found.verified) or link.verified


def upsert_posts(session: Session, profile_id: int, posts: list[Post]) -> None:
    """Insert new posts, refresh the counts of known ones (by post_id)."""
    if not posts:
        return
    ids = [post.post_id for post in posts]
    known = {
        row.post_id: row
        for row in session.scalars(
            select(PostRow).where(PostRow.profile_id == profile_id, PostRow.post_id.in_(ids))
        )
    }
    for post in posts:
        row = known.get(post.post_id)
        if row is None:
            row = known[post.post_id] = PostRow(profile_id=profile_id, post_id=post.post_id)
            session.add(row)
        for field in ("text", "created_at", "like_count", "reply_count", "repost_count", "view_count"):
            setattr(row, field, getattr(post, field))
        row.mentions, row.urls = list(post.mentions), list(post.urls)
    session.flush()


def to_internal(session: Session, row: Profile) -> InternalProfile:
    """Rebuild the canonical record from a stored row, with its links and latest posts."""
    posts = session.scalars(
        select(PostRow)
        .where(PostRow.profile_id == row.id)
        .order_by(PostRow.created_at.desc().nulls_last(), PostRow.id.desc())
        .limit(RECENT_POSTS_READ)
    ).all()
    return InternalProfile(
        canonical_id=row.canonical_id, source_id=row.source_id,
        source_platform=row.source_platform,  # type: ignore[arg-type]
        handle=row.handle, display_name=row.display_name, bio=row.bio, website=row.website,
        location=row.location, created_at=row.created_at, verified=row.verified, avatar_url=row.avatar_url,
        linked_profiles=[
            LinkedProfile(platform=lp.platform, handle=lp.handle, url=lp.url, verified=lp.verified)  # type: ignore[arg-type]
            for lp in row.linked
        ],
        followers_count=row.followers_count, following_count=row.following_count,
        content_count=row.content_count, counts_approximate=row.counts_approximate,
        recent_posts=[_to_post(p) for p in posts],
        extracted_links=[ExtractedLink(**link) for link in row.extracted_links or []],
        shipping_signals=row.shipping_signals or [], technical_keywords=row.technical_keywords or [],
        first_discovered_at=row.first_discovered_at, last_enriched_at=row.last_enriched_at,
        enrichment_quality=row.enrichment_quality,  # type: ignore[arg-type]
        pipeline_stage=row.pipeline_stage,  # type: ignore[arg-type]
        enriched_by=row.enriched_by,
    )


def _to_post(row: PostRow) -> Post:
    return Post(
        post_id=row.post_id, text=row.text, created_at=row.created_at, like_count=row.like_count,
        reply_count=row.reply_count, repost_count=row.repost_count, view_count=row.view_count,
        mentions=row.mentions or [], urls=row.urls or [],
    )
