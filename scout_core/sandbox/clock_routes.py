"""Control routes of a live sandbox: its clock and its fault schedule, for drivers in other processes.

``GET /sandbox/clock`` shows the simulated time; ``POST /sandbox/clock`` moves it, one JSON object::

    {"set": "day 3 09:00"}      jump there (also a number of days, or an ISO date)
    {"advance": "2h"}           move forward ("90m", "1d 6h", or seconds)
    {"run": 10}                 follow real time, one simulated day per 10 real seconds
    {"pause": true}             stop following real time

``GET /sandbox/schedule`` shows the fault schedule with what is active now and the restarts due;
``POST /sandbox/schedule`` replaces it (``{"faults": [...], "events": [...]}``, as ``schedule``
documents). Bad input is a 422 ``{"error": "<one line>"}`` and changes nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from scout_core import bounded
from scout_core.errors import InputError
from scout_core.sandbox.clock import parse_duration, parse_offset
from scout_core.sandbox.faults import Faults
from scout_core.sandbox.live import LiveWorld
from scout_core.sandbox.schedule import parse_schedule

MAX_DEPTH = 5  # {faults: [{knobs: {...}}]}
_CLOCK_KEYS = ("set", "advance", "run", "pause")


def move_clock(live: LiveWorld, command: dict[str, Any]) -> dict[str, Any]:
    """Apply one clock command; InputError (nothing changed) when it is not one."""
    unknown = sorted(set(command) - set(_CLOCK_KEYS))
    if unknown or not command:
        raise InputError(f"clock command takes one of {', '.join(_CLOCK_KEYS)}; got {unknown or 'nothing'}")
    target = None
    if "set" in command and "advance" in command:
        raise InputError("clock command: give 'set' or 'advance', not both")
    if "set" in command:
        target = parse_offset(command["set"], live.clock.origin, what="clock set")
        if target < 0:
            raise InputError("clock set: the world begins at day 0")
    step = parse_duration(command["advance"], "clock advance") if "advance" in command else None
    if step is not None and step < 0:
        raise InputError("clock advance: the world clock only moves forward")
    speed = command.get("run")
    if speed is not None and (isinstance(speed, bool) or not isinstance(speed, int | float) or speed <= 0):
        raise InputError(f"clock run: seconds per simulated day must be a positive number, got {speed!r}")
    if target is not None:
        live.clock.set(target)
    if step is not None:
        live.clock.advance(step)
    if speed is not None:
        live.clock.run(float(speed))
    if command.get("pause"):
        live.clock.pause()
    return live.clock.state()


async def _json_object(request: Request, what: str) -> dict[str, Any]:
    """The body as a JSON object (the app's BodyLimit caps its size; schedules nest a few levels)."""
    value = bounded.loads(await request.body() or b"{}", what, max_depth=MAX_DEPTH)
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a JSON object")
    return value


def install_clock(app: FastAPI, live: LiveWorld, faults: Faults | None) -> None:
    """Add the clock and schedule routes; the schedule acts through ``faults`` on the world clock."""
    if faults is not None:
        faults.follow(live.schedule if len(live.schedule) else None, live.clock.elapsed)

    @app.get("/sandbox/clock")
    def show_clock() -> dict[str, Any]:
        return {**live.clock.state(), "tick_s": live.tick_s, "world_now": live.current().now.isoformat()}

    @app.post("/sandbox/clock")
    async def change_clock(request: Request) -> JSONResponse:
        try:
            return JSONResponse(move_clock(live, await _json_object(request, "clock command")))
        except InputError as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)

    @app.get("/sandbox/schedule")
    def show_schedule() -> dict[str, Any]:
        now = live.clock.elapsed()
        return {**live.schedule.to_data(), "active": [w.describe() for w in live.schedule.active(now)],
                "next_events": [e.describe() for e in live.schedule.events_between(now, float("inf"))]}

    @app.post("/sandbox/schedule")
    async def change_schedule(request: Request) -> JSONResponse:
        try:
            schedule = parse_schedule(await _json_object(request, "fault schedule"))
        except InputError as exc:
            return JSONResponse({"error": str(exc)}, status_code=422)
        live.schedule = schedule
        if faults is not None:
            faults.follow(schedule if len(schedule) else None, live.clock.elapsed)
        return JSONResponse(schedule.to_data())
