"""Compact counts in both directions: what X shows, and reading it back."""

from __future__ import annotations

import pytest

from scout_core.sources.compact import format_compact_count, parse_compact_count


@pytest.mark.parametrize(("text", "expected"), [
    ("12.5K", (12_500, True)),
    ("1,184", (1_184, False)),
    ("224.2M", (224_200_000, True)),
    ("1.2B", (1_200_000_000, True)),
    ("83.6K posts", (83_600, True)),
    ("1 post", (1, False)),
    ("1 234", (1_234, False)),
    ("1\u202f234\u202f567", (1_234_567, False)),  # narrow no-break spaces (French UI)
    ("1,2 k", (1_200, True)),  # German UI: decimal comma, lower-case k
    ("1.234", (1_234, False)),  # German UI thousands separator
    ("1,5 Mio.", (1_500_000, True)),
    ("12K", (12_000, True)),
    ("1,234,567", (1_234_567, False)),
    ("  0 ", (0, False)),
])
def test_parse_compact_count(text: str, expected: tuple[int, bool]) -> None:
    assert parse_compact_count(text) == expected


@pytest.mark.parametrize("garbage", ["", "abc", "K", "1,5", "1.2.3K", "12,34,567", "1.234,5", "n/a 12"])
def test_parse_rejects_garbage_naming_it(garbage: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_compact_count(garbage)
    assert repr(garbage) in str(caught.value)


@pytest.mark.parametrize(("n", "shown"), [
    (0, "0"), (999, "999"), (1_184, "1,184"), (9_999, "9,999"), (10_000, "10K"), (12_549, "12.5K"),
    (12_550, "12.6K"), (999_949, "999.9K"), (999_950, "1M"), (224_249_999, "224.2M"),
    (1_200_000_000, "1.2B"), (999_999_999, "1B"),
])
def test_format_like_x(n: int, shown: str) -> None:
    assert format_compact_count(n) == shown


def test_format_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_compact_count(-1)


def test_round_trip_within_rounding() -> None:
    values = sorted({int(1.37 ** k) + k for k in range(75)} | {9_999, 10_000, 999_949, 999_950, 10**9})
    for n in values:
        parsed, approximate = parse_compact_count(format_compact_count(n))
        assert approximate == (n >= 10_000), n
        unit = 1 if n < 10_000 else 1_000 if parsed < 1_000_000 else 1_000_000 if parsed < 10**9 else 10**9
        assert abs(parsed - n) <= unit * 0.05, (n, parsed)
