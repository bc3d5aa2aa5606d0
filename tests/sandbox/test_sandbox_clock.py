"""The world clock: simulated time set by hand or running compressed, and how times are written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scout_core.errors import InputError
from scout_core.sandbox.clock import DAY_S, WorldClock, describe_offset, parse_duration, parse_offset

ORIGIN = datetime(2026, 11, 1, tzinfo=UTC)


class FakeReal:
    """A real clock that moves only when told (never sleep in tests)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("text", "seconds"), [
    ("day 3 09:00", 3 * DAY_S + 9 * 3600), ("day 0", 0.0), ("Day 5 23:59:30", 5 * DAY_S + 86370),
    ("2.5", 2.5 * DAY_S), (1, DAY_S), ("2026-11-04T09:00:00Z", 3 * DAY_S + 9 * 3600),
])
def test_times_are_read_as_schedules_write_them(text, seconds):
    assert parse_offset(text, ORIGIN) == seconds


@pytest.mark.parametrize("text", ["day three", "day 3 25:00", "yesterday", "", None, True])
def test_a_time_that_is_not_one_is_a_one_line_error(text):
    with pytest.raises(InputError) as err:
        parse_offset(text, ORIGIN)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("text", "seconds"), [("2h", 7200), ("90m", 5400), ("1d 6h", 108000), ("45s", 45),
                                                ("30", 30), (12.5, 12.5), ("-2h", -7200)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["2 hours", "h", "2x", "", None])
def test_a_duration_that_is_not_one_is_an_error(text):
    with pytest.raises(InputError):
        parse_duration(text)


def test_a_clock_set_by_hand_stays_where_it_is_put():
    real = FakeReal()
    clock = WorldClock(ORIGIN, real=real)
    assert clock.elapsed() == 0 and clock.now() == ORIGIN
    clock.set(3 * DAY_S)
    real.now += 500
    assert clock.elapsed() == 3 * DAY_S
    assert clock.advance(3600) == 3 * DAY_S + 3600
    assert describe_offset(clock.elapsed()) == "day 3 01:00"
    assert clock.epoch() == ORIGIN.timestamp() + 3 * DAY_S + 3600


def test_a_running_clock_compresses_real_time_and_pauses_where_it_was():
    real = FakeReal()
    clock = WorldClock(ORIGIN, seconds_per_day=10, real=real)  # one simulated day per 10 real seconds
    real.now += 5
    assert clock.elapsed() == pytest.approx(DAY_S / 2)
    clock.advance(DAY_S)  # a running clock can be pushed forward too
    real.now += 10
    assert clock.elapsed() == pytest.approx(2.5 * DAY_S)
    clock.pause()
    real.now += 100
    assert clock.elapsed() == pytest.approx(2.5 * DAY_S)
    assert clock.state()["running"] is False


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_the_clock_refuses_times_before_day_0_and_backward_steps(bad):
    clock = WorldClock(ORIGIN)
    with pytest.raises(InputError):
        clock.set(bad)
    with pytest.raises(InputError):
        clock.advance(bad if bad < 0 else -5.0)
    with pytest.raises(InputError):
        clock.run(0)
