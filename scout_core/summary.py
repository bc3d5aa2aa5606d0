"""The end-of-run view: the top builders and the run's figures."""

from __future__ import annotations

from typing import Any

SUMMARY_COLUMNS = ("handle", "source_platform", "overall_score", "classification", "followers_count",
                   "enrichment_quality")


def top_builders(repo: Any, n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` best-scored stored builders, best first (unscored profiles are not builders, nor are
    organizations and bots, whatever they score)."""
    scored = [b for b in repo.builders() if b.get("overall_score") is not None
              and b.get("account_kind") not in ("organization", "bot")]
    scored.sort(key=lambda b: (-float(b["overall_score"]), str(b["handle"]).lower()))
    return [{k: b.get(k) for k in ("canonical_id", *SUMMARY_COLUMNS)} for b in scored[:n]]
