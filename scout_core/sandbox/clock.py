"""The sandbox world's clock: simulated time since day 0, set by hand or running compressed.

The world's state is a function of the simulated time alone (``history``), so the same seed gives the
same world at the same simulated time whatever the real timing was. The clock only says which time it
is: ``set``/``advance`` move it explicitly (tests, benches, the soak driver), ``run(seconds_per_day)``
lets it follow real time compressed (one simulated day per ``seconds_per_day`` real seconds), ``pause``
stops it where it is. Day 0 is the frozen world of ``generate_world``; the clock never goes below it.

Times are written the way schedules and operators say them: ``"day 3 09:00"``, ``"3.5"`` (days),
``"2026-11-04T09:00:00Z"``; durations as ``"2h"``, ``"90m"``, ``"1d 6h"``, ``"45s"`` or plain seconds.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from scout_core.errors import InputError

DAY_S = 86_400.0
_DAY_TIME = re.compile(r"^\s*day\s+(?P<day>\d+(?:\.\d+)?)(?:\s+(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?)?\s*$",
                       re.I)
_DURATION_PART = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>d|h|m|s)", re.I)
_UNIT_S = {"d": DAY_S, "h": 3600.0, "m": 60.0, "s": 1.0}


def parse_offset(value: object, origin: datetime | None = None, what: str = "time") -> float:
    """Seconds since day 0 for ``"day 3 09:00"``, a number of days, or an ISO datetime (needs ``origin``)."""
    if isinstance(value, bool) or value is None:
        raise InputError(f"{what}: expected 'day N HH:MM', a number of days or an ISO datetime, got {value!r}")
    if isinstance(value, int | float):
        return _finite(float(value) * DAY_S, what, value)
    text = str(value)
    match = _DAY_TIME.match(text)
    if match:
        hours, minutes = int(match["hh"] or 0), int(match["mm"] or 0)
        if hours > 23 or minutes > 59 or int(match["ss"] or 0) > 59:
            raise InputError(f"{what}: no such time of day in {text!r}")
        return float(match["day"]) * DAY_S + hours * 3600 + minutes * 60 + int(match["ss"] or 0)
    try:
        return _finite(float(text) * DAY_S, what, value)
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{what}: expected 'day N HH:MM', a number of days or an ISO datetime, "
                         f"got {text!r}") from None
    if origin is None:
        raise InputError(f"{what}: a calendar date needs the world's day 0; use 'day N HH:MM'")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - origin).total_seconds()


def parse_duration(value: object, what: str = "duration") -> float:
    """Seconds in ``"2h"``, ``"1d 6h"``, ``"90m"``, ``"45s"`` or a plain number of seconds (may be negative:
    callers decide; a schedule refuses it)."""
    if isinstance(value, bool) or value is None:
        raise InputError(f"{what}: expected e.g. '2h', '90m', '1d 6h' or seconds, got {value!r}")
    if isinstance(value, int | float):
        return _finite(float(value), what, value)
    text = str(value).strip()
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-").strip()
    try:
        return sign * _finite(float(body), what, value)
    except ValueError:
        pass
    parts = list(_DURATION_PART.finditer(body))
    if not parts or _DURATION_PART.sub("", body).strip():
        raise InputError(f"{what}: expected e.g. '2h', '90m', '1d 6h' or seconds, got {text!r}")
    return sign * sum(float(p["n"]) * _UNIT_S[p["unit"].lower()] for p in parts)


def _finite(seconds: float, what: str, shown: object) -> float:
    if not math.isfinite(seconds):
        raise InputError(f"{what}: not a finite number: {shown!r}")
    return seconds


def describe_offset(seconds: float) -> str:
    """``"day 3 09:00"`` (seconds shown only when there are any)."""
    day, rest = divmod(int(seconds), int(DAY_S))
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"day {day} {hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


class WorldClock:
    """Simulated seconds since day 0. Thread-safe: the server reads while a driver sets or advances it.

    ``origin`` is day 0 as a date (the world's ``now`` at generation). ``real`` is the real clock a
    running clock follows (monotonic; replaceable in tests).
    """

    def __init__(self, origin: datetime, start_s: float = 0.0, seconds_per_day: float | None = None,
                 real: Callable[[], float] = time.monotonic) -> None:
        self.origin = origin
        self._real = real
        self._lock = threading.Lock()
        self._base_s = self._checked(start_s)
        self._since = real()
        self._seconds_per_day: float | None = None
        if seconds_per_day is not None:
            self.run(seconds_per_day)

    # -- reading ---------------------------------------------------------------------------------

    def elapsed(self) -> float:
        """Simulated seconds since day 0."""
        with self._lock:
            return self._elapsed_locked()

    def _elapsed_locked(self) -> float:
        if self._seconds_per_day is None:
            return self._base_s
        return self._base_s + (self._real() - self._since) * DAY_S / self._seconds_per_day

    def now(self) -> datetime:
        """The simulated date and time."""
        return self.origin + timedelta(seconds=self.elapsed())

    def epoch(self) -> float:
        """The simulated time as epoch seconds (what fault windows and rate windows compare against)."""
        return self.origin.timestamp() + self.elapsed()

    @property
    def seconds_per_day(self) -> float | None:
        """Real seconds per simulated day while running; None while the clock is set by hand."""
        return self._seconds_per_day

    def state(self) -> dict[str, object]:
        elapsed = self.elapsed()
        return {"origin": self.origin.isoformat(), "now": (self.origin + timedelta(seconds=elapsed)).isoformat(),
                "elapsed_s": round(elapsed, 3), "day": round(elapsed / DAY_S, 6), "at": describe_offset(elapsed),
                "running": self._seconds_per_day is not None, "seconds_per_day": self._seconds_per_day}

    # -- moving ----------------------------------------------------------------------------------

    def set(self, elapsed_s: float) -> float:
        """Jump to ``elapsed_s`` simulated seconds after day 0 (a running clock keeps running from there)."""
        elapsed_s = self._checked(elapsed_s)
        with self._lock:
            self._base_s, self._since = elapsed_s, self._real()
        return elapsed_s

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds`` simulated seconds; returns the new elapsed time."""
        if not math.isfinite(seconds) or seconds < 0:
            raise InputError(f"the world clock only moves forward: cannot advance by {seconds!r} s")
        with self._lock:
            self._base_s, self._since = self._elapsed_locked() + seconds, self._real()
            return self._base_s

    def run(self, seconds_per_day: float) -> None:
        """Follow real time from now on, one simulated day per ``seconds_per_day`` real seconds."""
        if isinstance(seconds_per_day, bool) or not math.isfinite(seconds_per_day) or seconds_per_day <= 0:
            raise InputError(f"seconds per simulated day must be a positive number, got {seconds_per_day!r}")
        with self._lock:
            self._base_s, self._since = self._elapsed_locked(), self._real()
            self._seconds_per_day = float(seconds_per_day)

    def pause(self) -> None:
        """Stop following real time; the clock stays at the time it had."""
        with self._lock:
            self._base_s, self._since = self._elapsed_locked(), self._real()
            self._seconds_per_day = None

    @staticmethod
    def _checked(elapsed_s: float) -> float:
        if isinstance(elapsed_s, bool) or not math.isfinite(elapsed_s) or elapsed_s < 0:
            raise InputError(f"the world clock starts at day 0: cannot set it to {elapsed_s!r} s")
        return float(elapsed_s)

    def __repr__(self) -> str:
        return f"WorldClock({describe_offset(self.elapsed())}, seconds_per_day={self._seconds_per_day})"
