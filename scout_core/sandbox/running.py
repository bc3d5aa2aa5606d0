"""One sandbox server per process for runs that need it, stopped when the process exits."""

from __future__ import annotations

import atexit
import threading

from scout_core.settings import SandboxSettings

_servers: dict[tuple[int, int], object] = {}
_lock = threading.Lock()


def ensure_sandbox(cfg: SandboxSettings) -> str:
    """Start (once) the sandbox world for this seed and size; return its base URL."""
    from scout_core.sandbox.live import live_world_from
    from scout_core.sandbox.server import SandboxServer
    from scout_core.sandbox.world import world_anchor

    key = (cfg.seed, cfg.size)
    with _lock:
        server = _servers.get(key)
        if server is None:
            server = SandboxServer(live_world_from(cfg, now=world_anchor()), host=cfg.host, port=cfg.port)
            server.start()
            _servers[key] = server
        return server.base_url  # type: ignore[attr-defined]


@atexit.register
def stop_all() -> None:
    with _lock:
        for server in _servers.values():
            server.stop()  # type: ignore[attr-defined]
        _servers.clear()
