"""Compact counts as web pages show them ("12.5K", "1,184", "224.2M"), in both directions.

Pages round counts above 10,000 to one decimal with a K/M/B suffix, so a parsed "12.5K" is only
known to lie in 12,450..12,549: callers get the approximate flag and must not compare such
values for equality with API integers.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Suffix -> multiplier; English plus the common European UI forms (German, French, Spanish).
_SUFFIXES: dict[str, int] = {
    "k": 1_000, "tsd": 1_000, "mil": 1_000,
    "m": 1_000_000, "mio": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
    "b": 1_000_000_000, "bn": 1_000_000_000, "mrd": 1_000_000_000,
}
_COUNT = re.compile(
    r"^\s*(?P<num>\d(?:[\d.,'\s]*\d)?)\s*(?:(?P<suffix>[^\W\d_]+)\.?)?(?P<rest>\D*)$"
)
_GROUPED = re.compile(r"\d{1,3}(?:(?P<sep>[.,'\s])\d{3})(?:(?P=sep)\d{3})*")
_UNITS: tuple[tuple[int, str], ...] = ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K"))
EXACT_BELOW = 10_000  # X shows "9,999" but "10K"


def parse_compact_count(text: str) -> tuple[int, bool]:
    """``(value, approximate)`` from a displayed count; trailing words ("83.6K posts") are ignored.

    Raises ValueError naming the text when it is not a count.
    """
    match = _COUNT.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"not a count: {text!r}")
    number, suffix = match["num"], (match["suffix"] or "").lower()
    if suffix and suffix not in _SUFFIXES:
        suffix = ""  # a label such as "posts", not a multiplier
    if suffix:
        return _scaled(number, _SUFFIXES[suffix], text), True
    return _exact(number, text), False


def _exact(number: str, text: str) -> int:
    """An unabbreviated count: digits, optionally grouped by threes with one separator."""
    compact = re.sub(r"\s+", " ", number)
    if compact.isdigit():
        return int(compact)
    if _GROUPED.fullmatch(compact):
        return int(re.sub(r"\D", "", compact))
    raise ValueError(f"not a whole count (fraction without K/M/B, or mixed separators): {text!r}")


def _scaled(number: str, multiplier: int, text: str) -> int:
    """An abbreviated count: one decimal separator ("12.5", "1,2"), or thousands groups."""
    compact = re.sub(r"\s+", "", number)
    if _GROUPED.fullmatch(compact) and not re.fullmatch(r"\d+[.,]\d{3}", compact):
        compact = re.sub(r"\D", "", compact)
    decimal = compact.replace(",", ".")
    if decimal.count(".") > 1:
        raise ValueError(f"not a count (several decimal separators): {text!r}")
    try:
        return int((Decimal(decimal) * multiplier).to_integral_value(ROUND_HALF_UP))
    except InvalidOperation as exc:
        raise ValueError(f"not a count: {text!r}") from exc


def format_compact_count(n: int) -> str:
    """X's display of a count: "1,184" below 10,000, else "12.5K", "224.2M", "1.2B" (rounded)."""
    if n < 0:
        raise ValueError(f"counts are never negative: {n}")
    if n < EXACT_BELOW:
        return f"{n:,}"
    for index, (unit, suffix) in enumerate(_UNITS):
        if n < unit:
            continue
        shown = (Decimal(n) / unit).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if shown >= 1000 and index > 0:  # 999,950 rounds to "1000K": show "1M" instead
            unit, suffix = _UNITS[index - 1]
            shown = (Decimal(n) / unit).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{shown.normalize():f}{suffix}"
    raise AssertionError("unreachable: n >= EXACT_BELOW is at least 1K")
