"""/builders: the list with filters, sorts and pages; one builder's whole record; operators' labels."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from scout_core.api.deps import InsightsDep, OperatorDep, OperatorKey, ReadKey
from scout_core.api.errors import ApiProblem
from scout_core.api.schemas import ApiError, BuilderDetail, BuilderPage, LabelIn, LabelOut
from scout_core.schema import AccountKind, Classification, utcnow
from scout_core.store.insights import BuilderQuery

router = APIRouter(prefix="/builders", tags=["builders"])
CanonicalId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_:.@-]{1,128}$", description="A builder's canonical id.")]
SortBy = Literal["overall_score", "followers_count", "discovered_at", "traction_probability", "follower_growth_7d"]
Tier = Literal["nano", "micro", "mid", "macro", "influencer"]
Platform = Literal["x", "github", "huggingface", "producthunt"]
NOT_FOUND = {404: {"model": ApiError, "description": "No builder with this id."}}


@router.get("", response_model=BuilderPage, summary="List builders")
def list_builders(
    insights: InsightsDep, _who: ReadKey,
    min_score: Annotated[float, Query(ge=0, le=100)] = 0,
    classification: Classification | None = None,
    follower_tier: Tier | None = None,
    platform: Platform | None = None,
    account_kind: AccountKind | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="Name, handle or bio text.")] = None,
    shipped_within_days: Annotated[int | None, Query(ge=1, le=3650)] = None,
    sort_by: SortBy = "overall_score",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    cursor: Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page.")] = None,
) -> dict[str, Any]:
    """Builders best first (by ``sort_by``, descending; builders without a score are not listed)."""
    if cursor is not None and offset:
        raise ApiProblem(422, "give either offset or cursor, not both")
    after = decode_cursor(cursor, sort_by) if cursor else None
    shipped = utcnow() - timedelta(days=shipped_within_days) if shipped_within_days else None
    query = BuilderQuery(
        min_score=min_score, classification=classification.value if classification else None,
        follower_tier=follower_tier, platform=platform, account_kind=account_kind.value if account_kind else None,
        q=q, shipped_since=shipped, sort_by=sort_by, limit=limit, offset=offset, after=after)
    rows, total = insights.list_builders(query)
    consumed = offset + len(rows) if after is None else None
    more = len(rows) == limit and (consumed is None or consumed < total)
    next_cursor = encode_cursor(sort_by, rows[-1][sort_by], rows[-1]["canonical_id"]) if rows and more else None
    return {"items": rows, "total": total, "next_cursor": next_cursor}  # validated once, by response_model


@router.get("/{canonical_id}", response_model=BuilderDetail, responses=NOT_FOUND, summary="One builder, whole")
def get_builder(canonical_id: CanonicalId, insights: InsightsDep, _who: ReadKey) -> dict[str, Any]:
    """Every profile (score components with evidence, class with reasons, account kind), the merges that
    joined them with the resolver's reasons, follower history, shipping timeline, interactions, related
    builders, graph position and traction probability with its model version."""
    detail = insights.builder_detail(canonical_id)
    if detail is None:
        raise ApiProblem(404, f"no builder {canonical_id!r} (analytics are refreshed hourly: "
                              "`scout analytics refresh` brings new ones in)")
    profiles = [_profile(p) for p in detail["profiles"]]
    return {**detail["facts"], "profiles": profiles, "merges": detail["merges"],
            "follower_history": detail["follower_history"], "launches": detail["launches"],
            "interactions": detail["interactions"], "related": detail["related"]}


@router.post("/{canonical_id}/labels", response_model=LabelOut, status_code=201,
             responses={**NOT_FOUND, 403: {"model": ApiError}}, summary="Label a builder (operator)")
def label_builder(canonical_id: CanonicalId, body: LabelIn, operator: OperatorDep, who: OperatorKey) -> LabelOut:
    """A reviewer's label for the traction model, on every profile of the builder."""
    traction = None if body.not_builder else body.traction == "yes"
    written = operator.label_builder(canonical_id, traction, bool(body.not_builder), by=f"api:{who.fingerprint}")
    if not written:
        raise ApiProblem(404, f"no builder {canonical_id!r}: nothing labelled")
    return LabelOut(canonical_id=canonical_id, labels_written=len(written), traction=traction,
                    not_builder=bool(body.not_builder))


def _profile(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    out["platform"] = record["source_platform"]
    out["score_components"] = {name: {"points": c.get("points"), "max_points": c.get("max_points"),
                                      "evidence": [str(e) for e in c.get("evidence") or []]}
                               for name, c in (record.get("score_components") or {}).items() if isinstance(c, dict)}
    return out


def encode_cursor(sort_by: str, value: Any, canonical_id: str) -> str:
    """An opaque cursor: where the page ended, in the order it was sorted by."""
    if isinstance(value, datetime):
        value = {"t": value.isoformat()}
    raw = json.dumps([sort_by, value, canonical_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort_by: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, canonical_id = json.loads(raw)
        if isinstance(value, dict):
            value = datetime.fromisoformat(value["t"])
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise ApiProblem(422, "cursor: not a cursor this API gave out") from None
    if made_for != sort_by:
        raise ApiProblem(422, f"cursor: made for sort_by={made_for}, not {sort_by}")
    if not isinstance(canonical_id, str) or not (value is None or isinstance(value, int | float | datetime)):
        raise ApiProblem(422, "cursor: not a cursor this API gave out")
    return value, canonical_id
