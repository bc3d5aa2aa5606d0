"""The sandbox: a deterministic synthetic world and a local server speaking each source's protocol.

Exports are loaded lazily, so importing ``scout_core.sandbox.wiring`` does not pull in FastAPI.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scout_core.sandbox.model import World
    from scout_core.sandbox.server import SandboxServer, create_app, serve_forever
    from scout_core.sandbox.truth import world_truth, write_truth
    from scout_core.sandbox.wiring import PREFIXES, point_settings_at
    from scout_core.sandbox.world import generate_world

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
}
__all__ = ["PREFIXES", "SandboxServer", "World", "create_app", "generate_world", "point_settings_at",
           "serve_forever", "world_truth", "write_truth"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'scout_core.sandbox' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
