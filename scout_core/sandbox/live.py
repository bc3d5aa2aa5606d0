"""A world that lives on a clock: the day-0 world, its history, the clock, and the snapshot now.

``LiveWorld`` is what the sandbox server serves when the world may move: every route asks
``current()`` for the world as of the clock (``world_reader``), a snapshot rebuilt when the clock
enters a new tick (``tick_s`` simulated seconds, one hour by default) and shared until then. Ticks keep
the cost bounded when the clock runs fast: a snapshot of 2,000 people costs about a tenth of a second.
At day 0 the snapshot is the generated world itself, so a clock that never moves serves exactly the
frozen world. Truth queries about any time live in ``truth_time.TimeTruth`` (``live.truth``).

Python API (tests, benches, the soak driver)::

    live = LiveWorld.generate(seed=7, size=2000)
    live.clock.set(parse_offset("day 3 09:00"))   # or .advance(3600), .run(seconds_per_day=10)
    world = live.current()                        # as of the clock
    world_then = live.world_at(days=30)           # any time, without moving the clock
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import datetime

from scout_core.errors import InputError
from scout_core.sandbox.clock import DAY_S, WorldClock
from scout_core.sandbox.history import DEFAULT_HORIZON_DAYS, History, generate_history
from scout_core.sandbox.model import World
from scout_core.sandbox.schedule import FaultSchedule, load_schedule
from scout_core.sandbox.snapshot import world_at
from scout_core.sandbox.truth_time import TimeTruth
from scout_core.sandbox.world import generate_world
from scout_core.settings import SandboxSettings

DEFAULT_TICK_S = 3600.0


class LiveWorld:
    """The world as of a clock. Thread-safe: the server's threads read while a driver moves the clock."""

    def __init__(self, history: History, clock: WorldClock | None = None, tick_s: float = DEFAULT_TICK_S,
                 schedule: FaultSchedule | None = None) -> None:
        if not 1.0 <= tick_s <= DAY_S:
            raise InputError(f"world tick must be between 1 s and one day, got {tick_s!r} s")
        self.history = history
        self.clock = clock or WorldClock(history.origin)
        self.tick_s = float(tick_s)
        self.schedule = schedule or FaultSchedule()  # served faults follow it (``clock_routes``)
        self.truth = TimeTruth(history)
        self._lock = threading.Lock()
        self._tick: int = 0
        self._snapshot: World = history.world

    @classmethod
    def generate(cls, seed: int = 7, size: int = 2000, now: datetime | None = None,
                 horizon_days: float = DEFAULT_HORIZON_DAYS, start_s: float = 0.0,
                 seconds_per_day: float | None = None, tick_s: float = DEFAULT_TICK_S,
                 schedule: FaultSchedule | None = None) -> LiveWorld:
        """Generate the world and its history; the clock starts at ``start_s`` (running if ``seconds_per_day``)."""
        world = generate_world(seed, size, now=now)
        history = generate_history(world, horizon_days)
        # The world lives as long as the server: keep the collector from rescanning millions of records
        # every time a snapshot's garbage triggers a full collection (they are not cyclic garbage).
        gc.freeze()
        return cls(history, WorldClock(world.day0, start_s, seconds_per_day), tick_s, schedule)

    @property
    def seed(self) -> int:
        return self.history.world.seed

    @property
    def size(self) -> int:
        return self.history.world.size

    @property
    def base(self) -> World:
        """The day-0 world."""
        return self.history.world

    def current(self) -> World:
        """The world as of the clock (the snapshot of the clock's current tick)."""
        tick = int(self.clock.elapsed() // self.tick_s)
        with self._lock:
            if tick != self._tick:
                self._snapshot = world_at(self.history, tick * self.tick_s)
                self._tick = tick
            return self._snapshot

    def world_at(self, seconds: float | None = None, *, days: float | None = None) -> World:
        """The world at a time on the clock (seconds or days after day 0), without moving the clock.

        Exact to the second, not to the tick: ``current()`` at that tick's start is the same world.
        """
        if (seconds is None) == (days is None):
            raise InputError("give the time as seconds or as days after day 0, not both")
        t = seconds if seconds is not None else float(days or 0.0) * DAY_S
        if t < 0:
            raise InputError(f"the world begins at day 0; no world at {t} s")
        return world_at(self.history, t)

    def __repr__(self) -> str:
        return f"LiveWorld(seed={self.seed}, size={self.size}, {self.clock!r})"


def live_world_from(cfg: SandboxSettings, now: datetime | None = None) -> LiveWorld:
    """The live world the sandbox settings describe (seed, size, clock speed and start, schedule)."""
    schedule = load_schedule(cfg.fault_schedule) if cfg.fault_schedule else None
    return LiveWorld.generate(cfg.seed, cfg.size, now=now, horizon_days=cfg.horizon_days,
                              start_s=cfg.start_day * DAY_S, seconds_per_day=cfg.seconds_per_day,
                              tick_s=cfg.tick_minutes * 60, schedule=schedule)


WorldReader = Callable[[], World]


def world_reader(world: World | LiveWorld) -> WorldReader:
    """How a route reads the world: a fixed world as it is, a live one as of its clock, per request."""
    if isinstance(world, LiveWorld):
        return world.current
    return lambda: world
