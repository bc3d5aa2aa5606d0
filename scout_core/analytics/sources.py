"""Source quality: per enrichment source, what it stored, how good it was, what it cost and how often it
worked. A "high-score builder" scores at least ``HIGH_SCORE`` (the pipeline's own line for topic yield).

Success rate = profiles stored / (profiles stored + enrichment errors recorded against the source):
the method's success over everything it was asked, as far as the store remembers.
"""

from __future__ import annotations

from scout_core.store.analytics_records import SourceQuality, SourceTotals

HIGH_SCORE = 60.0  # the pipeline's own line (process.HIGH_SCORE; a test keeps them equal)


def source_quality(totals: SourceTotals) -> list[SourceQuality]:
    names = sorted(set(totals.profiles) | set(totals.errors) | set(totals.cost))
    return [_one(name, totals) for name in names]


def _one(name: str, totals: SourceTotals) -> SourceQuality:
    profiles, scored, high, avg = totals.profiles.get(name, (0, 0, 0, None))
    kinds = totals.errors.get(name, {})
    errors = sum(kinds.values())
    cost = round(totals.cost.get(name, 0.0), 6)
    attempts = profiles + errors
    return SourceQuality(
        source=name, profiles=profiles, scored=scored, high_score=high,
        avg_score=round(avg, 2) if avg is not None else None, errors=errors,
        success_rate=round(profiles / attempts, 4) if attempts else None, cost_usd=cost,
        cost_per_profile=round(cost / profiles, 6) if profiles else None,
        cost_per_high_score=round(cost / high, 6) if high else None,
        errors_by_kind=dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
