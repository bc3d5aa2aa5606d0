"""What each call costs, per source: public list prices, as data.

Units come from a RawPayload's ``meta`` (e.g. ``{"user_reads": 1, "post_reads": 20}``).
"""

from __future__ import annotations

from collections.abc import Mapping

# USD per unit. X API v2 pay-per-use: $0.010 per user read, $0.005 per post read.
# Apify's tweet scrapers bill per 1,000 results (~$0.40). A browser page is compute only.
PRICES: dict[str, dict[str, float]] = {
    "x_api": {"user_reads": 0.010, "post_reads": 0.005},
    "apify": {"results": 0.40 / 1000},
    "x_web": {"pages": 0.0002},
    "github": {},
    "huggingface": {},
    "producthunt": {},
    "search": {"searches": 0.008},
}


def cost_of(source: str, units: Mapping[str, object]) -> float:
    """Price of one call given the units it consumed; unknown units cost nothing."""
    table = PRICES.get(source, {})
    total = 0.0
    for unit, price in table.items():
        count = units.get(unit, 0)
        if isinstance(count, int | float):
            total += price * count
    return round(total, 6)


# What enriching one typical profile consumes, per tier: the routing's idea of relative cost until the
# ledger has observed real calls. X: one user read and a 20-post timeline; Apify: the profile and 20 posts.
TYPICAL_UNITS: dict[str, dict[str, float]] = {
    "x_api": {"user_reads": 1, "post_reads": 20},
    "apify": {"results": 21},
    "x_web": {"pages": 1},
}


def expected_cost(source: str) -> float:
    """List price of one typical profile from ``source``."""
    return cost_of(source, TYPICAL_UNITS.get(source, {}))
