"""Faults on the world's clock: source faults in windows, and service restarts for the soak driver.

A schedule is data (YAML or JSON, or the same as Python objects)::

    faults:
      - {source: x_api, kind: outage, start: "day 3 09:00", duration: 2h}
      - {source: x_web, kind: dom_drift, start: "day 5"}              # no end: until cleared
      - {source: github, kind: rate_limit_storm, start: "day 4 12:00", duration: 30m,
         knobs: {retry_after_s: 120}}                                   # knobs refine the kind
    events:
      - {kind: redis_restart, at: "day 2 03:00"}
      - {kind: database_restart, at: "day 6 04:30", duration: 2m}

Fault windows act through the sandbox's ``Faults`` (``Faults.follow``), evaluated on the world clock, so
they start and end at the same simulated minute however fast the clock runs. Service restarts are not
the sandbox's to perform: ``events_between`` tells the soak driver which ones fall in a stretch of time.
Bad schedules fail at load with one line naming the entry: an unknown source or kind, overlapping
windows of one source, a negative or zero duration, a time before day 0.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scout_core.errors import InputError
from scout_core.sandbox.clock import DAY_S, describe_offset, parse_duration, parse_offset
from scout_core.sandbox.faults import SOURCES, FaultSpec

# What each kind of fault turns on; ``knobs`` in an entry add to or override these.
FAULT_KINDS: dict[str, dict[str, Any]] = {
    "outage": {"outage": "connection"},
    "outage_503": {"outage": "503"},
    "rate_limit_storm": {"rate_limit": 1.0, "retry_after_s": 60},
    "server_errors": {"server_errors": 0.5},
    "timeouts": {"timeouts": 0.3, "hang_s": 30.0},
    "latency": {"latency_ms": 1500.0, "jitter_ms": 1000.0},
    "banned": {"banned": True},
    "expired_cookies": {"expired_cookies": True},
    "dom_drift": {"dom_drift": True},
}
PAGE_ONLY = {"expired_cookies", "dom_drift"}  # these act on X's pages only
OPS_EVENTS = ("redis_restart", "database_restart")
_FAULT_KEYS = {"source", "kind", "start", "duration", "end", "knobs"}
_EVENT_KEYS = {"kind", "at", "duration"}


@dataclass(frozen=True)
class FaultWindow:
    """One kind of fault on one source from ``start_s`` to ``end_s`` (None: no end), world seconds."""

    source: str
    kind: str
    start_s: float
    end_s: float | None
    spec: FaultSpec

    def active_at(self, t: float) -> bool:
        return self.start_s <= t and (self.end_s is None or t < self.end_s)

    def describe(self) -> str:
        end = "open" if self.end_s is None else describe_offset(self.end_s)
        return f"{self.source} {self.kind} {describe_offset(self.start_s)} - {end}"


@dataclass(frozen=True)
class OpsEvent:
    """A service restart the soak driver performs: down at ``at_s`` for ``duration_s`` (world seconds)."""

    kind: str
    at_s: float
    duration_s: float = 0.0

    def describe(self) -> str:
        down = f" for {self.duration_s:g} s" if self.duration_s else ""
        return f"{self.kind} at {describe_offset(self.at_s)}{down}"


@dataclass(frozen=True)
class FaultSchedule:
    """Validated fault windows (non-overlapping per source) and service restarts, sorted by time."""

    windows: tuple[FaultWindow, ...] = ()
    events: tuple[OpsEvent, ...] = ()

    def spec_at(self, source: str, t: float) -> FaultSpec | None:
        """The knobs in force for ``source`` at world time ``t`` (at most one window can cover it)."""
        for window in self.windows:
            if window.source == source and window.active_at(t):
                return window.spec
        return None

    def active(self, t: float) -> list[FaultWindow]:
        return [w for w in self.windows if w.active_at(t)]

    def events_between(self, start_s: float, end_s: float) -> list[OpsEvent]:
        """Service restarts due in ``[start_s, end_s)``: what a soak driver steps through."""
        return [e for e in self.events if start_s <= e.at_s < end_s]

    def to_data(self) -> dict[str, Any]:
        """The schedule as plain data (loads back to the same schedule)."""
        faults = []
        for w in self.windows:
            entry: dict[str, Any] = {"source": w.source, "kind": w.kind, "start": describe_offset(w.start_s)}
            if w.end_s is not None:
                entry["duration"] = w.end_s - w.start_s
            extra = _knob_overrides(w)
            if extra:
                entry["knobs"] = extra
            faults.append(entry)
        events = [{"kind": e.kind, "at": describe_offset(e.at_s), "duration": e.duration_s} for e in self.events]
        return {"faults": faults, "events": events}

    def __len__(self) -> int:
        return len(self.windows) + len(self.events)


def _knob_overrides(window: FaultWindow) -> dict[str, Any]:
    preset = FaultSpec(**FAULT_KINDS[window.kind]).model_dump()
    return {k: v for k, v in window.spec.model_dump().items() if preset.get(k) != v}


def parse_schedule(data: object) -> FaultSchedule:
    """A schedule from plain data: ``{"faults": [...], "events": [...]}`` or a bare list of faults."""
    if data is None:
        return FaultSchedule()
    if isinstance(data, list):
        data = {"faults": data}
    if not isinstance(data, Mapping):
        raise InputError("fault schedule: expected a mapping with 'faults' and 'events' lists")
    unknown = set(data) - {"faults", "events"}
    if unknown:
        raise InputError(f"fault schedule: unknown section {sorted(unknown)[0]!r}; use 'faults' and 'events'")
    windows = [_window(k, entry) for k, entry in enumerate(_entries(data, "faults"))]
    events = [_event(k, entry) for k, entry in enumerate(_entries(data, "events"))]
    _no_overlap([(w.source, w.start_s, w.end_s, f"faults[{k}] ({w.describe()})") for k, w in enumerate(windows)])
    _no_overlap([(e.kind, e.at_s, e.at_s + max(1.0, e.duration_s), f"events[{k}] ({e.describe()})")
                 for k, e in enumerate(events)])
    return FaultSchedule(windows=tuple(sorted(windows, key=lambda w: (w.start_s, w.source))),
                         events=tuple(sorted(events, key=lambda e: (e.at_s, e.kind))))


def load_schedule(path: str | Path) -> FaultSchedule:
    """A schedule from a YAML or JSON file; any problem is one line naming the file."""
    target = Path(path)
    if not target.is_file():
        raise InputError(f"fault schedule: no such file: {target}")
    try:
        text = target.read_text(encoding="utf-8")
        data = json.loads(text) if target.suffix.lower() == ".json" else yaml.safe_load(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"fault schedule {target}: not valid {'JSON' if target.suffix == '.json' else 'YAML'}: "
                         f"{first}") from exc
    try:
        return parse_schedule(data)
    except InputError as exc:
        raise InputError(f"{target}: {exc}") from exc


def _entries(data: Mapping[str, Any], section: str) -> Sequence[Mapping[str, Any]]:
    entries = data.get(section) or []
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise InputError(f"fault schedule: '{section}' must be a list of mappings")
    return entries


def _window(k: int, entry: Mapping[str, Any]) -> FaultWindow:
    where = f"fault schedule: faults[{k}]"
    _known_keys(where, entry, _FAULT_KEYS)
    source, kind = entry.get("source"), entry.get("kind")
    if source not in SOURCES:
        raise InputError(f"{where}: unknown source {source!r}; known: {', '.join(SOURCES)}")
    if kind not in FAULT_KINDS:
        raise InputError(f"{where}: unknown kind {kind!r}; known: {', '.join(FAULT_KINDS)}")
    if kind in PAGE_ONLY and source != "x_web":
        raise InputError(f"{where}: {kind} acts on X's pages only (source x_web), not {source}")
    start = _start(where, entry.get("start"), "start")
    end = _end(where, entry, start)
    knobs = entry.get("knobs") or {}
    if not isinstance(knobs, Mapping):
        raise InputError(f"{where}: knobs must be a mapping of fault knobs")
    if {"starts_at", "ends_at"} & set(knobs):
        raise InputError(f"{where}: give the window with start and duration, not starts_at/ends_at")
    try:
        spec = FaultSpec(**{**FAULT_KINDS[kind], **knobs})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"{where}: invalid knob {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
    return FaultWindow(str(source), str(kind), start, end, spec)


def _event(k: int, entry: Mapping[str, Any]) -> OpsEvent:
    where = f"fault schedule: events[{k}]"
    _known_keys(where, entry, _EVENT_KEYS)
    kind = entry.get("kind")
    if kind not in OPS_EVENTS:
        raise InputError(f"{where}: unknown event {kind!r}; known: {', '.join(OPS_EVENTS)}")
    at = _start(where, entry.get("at"), "at")
    duration = 0.0
    if entry.get("duration") is not None:
        duration = parse_duration(entry["duration"], f"{where}: duration")
        if duration < 0:
            raise InputError(f"{where}: duration must not be negative, got {entry['duration']!r}")
    return OpsEvent(str(kind), at, duration)


def _known_keys(where: str, entry: Mapping[str, Any], known: set[str]) -> None:
    unknown = sorted(set(entry) - known)
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r}; known: {', '.join(sorted(known))}")


def _start(where: str, value: object, name: str) -> float:
    if value is None:
        raise InputError(f"{where}: '{name}' is required (e.g. 'day 3 09:00')")
    start = parse_offset(value, what=f"{where}: {name}")
    if start < 0:
        raise InputError(f"{where}: {name} is before day 0")
    return start


def _end(where: str, entry: Mapping[str, Any], start: float) -> float | None:
    if entry.get("duration") is not None and entry.get("end") is not None:
        raise InputError(f"{where}: give duration or end, not both")
    if entry.get("end") is not None:
        end = parse_offset(entry["end"], what=f"{where}: end")
        if end <= start:
            raise InputError(f"{where}: end must come after start")
        return end
    if entry.get("duration") is None:
        return None
    duration = parse_duration(entry["duration"], f"{where}: duration")
    if duration <= 0:
        raise InputError(f"{where}: duration must be positive, got {entry['duration']!r}")
    return start + duration


def _no_overlap(spans: list[tuple[str, float, float | None, str]]) -> None:
    """Windows of one source (or restarts of one service) must not overlap: which would win is unclear."""
    by_key: dict[str, list[tuple[float, float, str]]] = {}
    for key, start, end, label in spans:
        by_key.setdefault(key, []).append((start, float("inf") if end is None else end, label))
    for spans_of_key in by_key.values():
        spans_of_key.sort()
        for (_, end, label), (start, _, next_label) in zip(spans_of_key, spans_of_key[1:], strict=False):
            if start < end:
                raise InputError(f"fault schedule: {label} overlaps {next_label}")


def default_schedule(days: float = 7.0) -> FaultSchedule:
    """One of every kind of fault and restart, spread over ``days`` (at least 7) simulated days, for a soak."""
    scale = max(7.0, days) / 7.0

    def at(day: float, hour: int) -> str:
        return describe_offset(day * scale * DAY_S + hour * 3600)

    return parse_schedule({
        "faults": [
            {"source": "x_api", "kind": "outage", "start": at(1, 9), "duration": "2h"},
            {"source": "x_api", "kind": "rate_limit_storm", "start": at(2, 14), "duration": "30m"},
            {"source": "github", "kind": "server_errors", "start": at(3, 9), "duration": "1h"},
            {"source": "huggingface", "kind": "outage_503", "start": at(3, 20), "duration": "1h"},
            {"source": "search", "kind": "timeouts", "start": at(4, 2), "duration": "45m"},
            {"source": "apify", "kind": "latency", "start": at(4, 11), "duration": "3h"},
            {"source": "x_web", "kind": "expired_cookies", "start": at(4, 16), "duration": "2h"},
            {"source": "producthunt", "kind": "banned", "start": at(5, 10), "duration": "1h"},
            {"source": "x_web", "kind": "dom_drift", "start": at(6, 0)},
        ],
        "events": [
            {"kind": "redis_restart", "at": at(2, 3)},
            {"kind": "database_restart", "at": at(5, 4), "duration": "2m"},
        ],
    })
