"""The sandbox: a deterministic synthetic world and a local server speaking each source's protocol.

Exports are loaded lazily, so importing ``scout_core.sandbox.wiring`` does not pull in FastAPI.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scout_core.sandbox.clock import WorldClock, parse_duration, parse_offset
    from scout_core.sandbox.history import History, generate_history
    from scout_core.sandbox.live import LiveWorld
    from scout_core.sandbox.model import World
    from scout_core.sandbox.schedule import FaultSchedule, default_schedule, load_schedule, parse_schedule
    from scout_core.sandbox.server import SandboxServer, create_app, serve_forever
    from scout_core.sandbox.snapshot import world_at
    from scout_core.sandbox.truth import world_truth, write_truth
    from scout_core.sandbox.truth_time import TimeTruth
    from scout_core.sandbox.wiring import PREFIXES, point_settings_at
    from scout_core.sandbox.world import generate_world
    from scout_core.sandbox.world_recycle import HandleLedger, recycle_handles

_EXPORTS = {
    "generate_world": "scout_core.sandbox.world",
    "World": "scout_core.sandbox.model",
    "SandboxServer": "scout_core.sandbox.server",
    "create_app": "scout_core.sandbox.server",
    "serve_forever": "scout_core.sandbox.server",
    "world_truth": "scout_core.sandbox.truth",
    "write_truth": "scout_core.sandbox.truth",
    "point_settings_at": "scout_core.sandbox.wiring",
    "PREFIXES": "scout_core.sandbox.wiring",
    "WorldClock": "scout_core.sandbox.clock",
    "parse_offset": "scout_core.sandbox.clock",
    "parse_duration": "scout_core.sandbox.clock",
    "History": "scout_core.sandbox.history",
    "generate_history": "scout_core.sandbox.history",
    "LiveWorld": "scout_core.sandbox.live",
    "world_at": "scout_core.sandbox.snapshot",
    "TimeTruth": "scout_core.sandbox.truth_time",
    "FaultSchedule": "scout_core.sandbox.schedule",
    "default_schedule": "scout_core.sandbox.schedule",
    "load_schedule": "scout_core.sandbox.schedule",
    "parse_schedule": "scout_core.sandbox.schedule",
    "HandleLedger": "scout_core.sandbox.world_recycle",
    "recycle_handles": "scout_core.sandbox.world_recycle",
}
__all__ = ["PREFIXES", "FaultSchedule", "HandleLedger", "History", "LiveWorld", "SandboxServer", "TimeTruth",
           "World", "WorldClock", "create_app", "default_schedule", "generate_history", "generate_world",
           "load_schedule", "parse_duration", "parse_offset", "parse_schedule", "point_settings_at",
           "recycle_handles", "serve_forever", "world_at", "world_truth", "write_truth"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'scout_core.sandbox' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
