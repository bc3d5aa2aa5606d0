"""The end-of-run view: this run's top builders and figures, in the words a user reads.

A run stores *profiles* (one per account); the export and the tables show *builders* (one per person,
all their profiles joined by identity resolution), so both counts are given and never mixed up. A run
that handled fewer candidates than its limit says why; sandbox costs say they are simulated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

SUMMARY_COLUMNS = ("handle", "source_platform", "overall_score", "classification", "followers_count",
                   "enrichment_quality")
NOT_PEOPLE = ("organization", "bot")


def _enriched_since(record: Mapping[str, Any], since: datetime | None) -> bool:
    if since is None:
        return True
    at = record.get("last_enriched_at")
    return isinstance(at, datetime) and at >= since


def builders_of(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One record per canonical builder, its best-scored profile, best first.

    Unscored (filtered) profiles, profiles with no canonical id (redacted ones) and organizations or
    bots are not builders.
    """
    best: dict[str, Mapping[str, Any]] = {}
    for record in records:
        key, score = record.get("canonical_id"), record.get("overall_score")
        if key is None or score is None or record.get("account_kind") in NOT_PEOPLE:
            continue
        current = best.get(str(key))
        if current is None or float(score) > float(current["overall_score"]):
            best[str(key)] = record
    ordered = sorted(best.values(), key=lambda b: (-float(b["overall_score"]), str(b["handle"]).lower()))
    return [dict(b) for b in ordered]


def top_builders(repo: Any, n: int = 10, since: datetime | None = None) -> list[dict[str, Any]]:
    """The ``n`` best-scored builders, best first; with ``since``, only those enriched since then (a run's)."""
    mine = [b for b in repo.builders() if _enriched_since(b, since)]
    return [{k: b.get(k) for k in ("canonical_id", *SUMMARY_COLUMNS)} for b in builders_of(mine)[:n]]


def run_view(repo: Any, since: datetime | None, n: int = 10) -> dict[str, Any]:
    """What the end of a run shows: its top builders, and profiles vs builders this run and in the store."""
    records = repo.builders()
    mine = [r for r in records if _enriched_since(r, since)]
    return {
        "top": [{k: b.get(k) for k in ("canonical_id", *SUMMARY_COLUMNS)} for b in builders_of(mine)[:n]],
        "builders_this_run": len(builders_of(mine)),
        "store_profiles": len(records),
        "store_builders": len(builders_of(records)),
    }


def cost_text(cost_usd: float, sandbox: bool) -> str:
    """``$0.0123``, marked simulated when the sandbox answered (its prices are the real ones, nothing was paid)."""
    return f"${cost_usd:.4f}" + (" (simulated: the sandbox answered, nothing was paid)" if sandbox else "")


def stop_reason(stats: Mapping[str, Any]) -> str | None:
    """Why the run handled as many candidates as it did (the limit, or where the candidates ran out);
    None for runs without a limit (a dead-letter replay)."""
    limit, handled = int(stats.get("limit") or 0), int(stats.get("candidates") or 0)
    if not limit:
        return None
    if handled >= limit:
        return f"stopped at the limit of {limit} candidates (--limit, SCOUT_PIPELINE__LIMIT)"
    parts = [_search_part(stats)]
    if stats.get("refreshes"):
        parts.append(f"{stats['refreshes']} stored profiles were due for a refresh")
    if stats.get("resumed"):
        parts.append(f"{stats['resumed']} were left by a killed run")
    budget, recursive = int(stats.get("recursion_budget") or 0), int(stats.get("recursive_found") or 0)
    if budget and recursive >= budget:
        parts.append(f"recursion found {recursive}, its whole budget (SCOUT_DISCOVERY__RUN_BUDGET={budget})")
    else:
        parts.append(f"recursion found {recursive} more (people the enriched profiles lead to, not yet known)")
    return f"ran out of new candidates after {handled} of {limit}: " + "; ".join(parts)


def _search_part(stats: Mapping[str, Any]) -> str:
    if stats.get("search_enabled") is False:
        return "search is off (SCOUT_SEARCH__ENABLED=false)"
    new, seen, unroutable = (int(stats.get(k) or 0) for k in ("search_new", "already_seen", "unroutable"))
    text = f"search found {new + seen + unroutable} people, {new} of them new"
    if seen:
        text += f" ({seen} already known and not due for a refresh)"
    if unroutable:
        text += f", {unroutable} on platforms no enabled source enriches"
    if stats.get("search_errors"):
        text += f"; {stats['search_errors']} topic searches failed"
    return text
