"""The sandbox HTTP server: one FastAPI app, each source's wire protocol under its own path prefix.

Each source's routes live in ``scout_core.sandbox.<name>_routes`` with ``build_router(world, ...)``;
``create_app`` mounts every one that exists at ``wiring.PREFIXES[name]``. ``SandboxServer`` runs the
app with uvicorn in a daemon thread on a real socket, so other processes (Ray workers, browsers)
reach it too; ``serve_forever`` is the blocking form behind ``scout sandbox serve``.
"""

from __future__ import annotations

import importlib
import inspect
import socket
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx
import uvicorn
from fastapi import APIRouter, FastAPI

from scout_core.errors import ConfigurationError
from scout_core.sandbox.live import LiveWorld, WorldReader, world_reader
from scout_core.sandbox.model import World
from scout_core.sandbox.wiring import LLM_PREFIX, PREFIXES
from scout_core.settings import SandboxSettings

RouterBuilder = Callable[..., APIRouter]
_WILDCARD_HOSTS = ("", "0.0.0.0", "::")


def router_builder(name: str) -> RouterBuilder | None:
    """``build_router`` of ``scout_core.sandbox.<name>_routes``, or None while that module does not exist."""
    module_name = f"scout_core.sandbox.{name}_routes"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise  # the module exists but something it imports is missing: that is a real error
    return module.build_router  # type: ignore[no-any-return]


def create_app(world: World | LiveWorld, faults: object | None = None, *, limits: object | None = None,
               router_options: Mapping[str, Mapping[str, Any]] | None = None) -> FastAPI:
    """The sandbox app over ``world`` (a live world is served as of its clock).

    ``faults`` and ``limits`` go to every router whose ``build_router`` takes a parameter of that name;
    ``router_options`` gives extra keyword arguments per router name (e.g. ``{"x_web": {"hooks": ...}}``).
    """
    from scout_core.sandbox.clock_routes import install_clock
    from scout_core.sandbox.fault_middleware import install_faults
    from scout_core.sandbox.faults import Faults

    app = FastAPI(title="Scout sandbox", version="1", docs_url=None, redoc_url=None)
    # Always a live Faults object, so an operator can flip knobs on any running sandbox (POST /sandbox/faults).
    faults = faults if faults is not None else Faults(seed=world.seed)
    app.state.world = world
    app.state.faults = faults
    mounted: dict[str, str] = {}
    for name, prefix in PREFIXES.items():
        build = router_builder(name)
        if build is None:
            continue
        options = dict((router_options or {}).get(name, {}))
        app.include_router(build(world, **_shared_options(build, faults, limits), **options), prefix=prefix)
        mounted[name] = prefix
    from scout_core.sandbox.llm_routes import build_router as build_llm_router

    app.include_router(build_llm_router(), prefix=LLM_PREFIX)  # not a source: no fault knobs, no rate limit
    app.state.mounted = mounted
    _add_service_routes(app, world_reader(world), mounted)
    if isinstance(world, LiveWorld):
        install_clock(app, world, faults if isinstance(faults, Faults) else None)
    if isinstance(faults, Faults):
        install_faults(app, faults)
    _limit_bodies(app)
    return app


def _limit_bodies(app: FastAPI) -> None:
    """Outermost: no route (nor the fault knobs) reads a body past ``body_limit.MAX_BODY_BYTES``."""
    from scout_core.sandbox.body_limit import BodyLimit

    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: BodyLimit(build())  # type: ignore[method-assign]


def _shared_options(build: RouterBuilder, faults: object | None, limits: object | None) -> dict[str, object]:
    accepted = inspect.signature(build).parameters
    shared = {"faults": faults, "limits": limits}
    return {key: value for key, value in shared.items() if value is not None and key in accepted}


def _add_service_routes(app: FastAPI, current: WorldReader, mounted: dict[str, str]) -> None:
    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/sandbox/info")
    def info() -> dict[str, Any]:
        world = current()
        return {
            "seed": world.seed,
            "size": world.size,
            "people": len(world.people),
            "now": world.now.isoformat(),
            "prefixes": dict(mounted),
            "accounts": {"x": len(world.x_by_id), "github": len(world.github_by_login),
                         "huggingface": len(world.hf_by_username), "producthunt": len(world.ph_by_username)},
        }


def bind_socket(host: str, port: int) -> socket.socket:
    """A bound socket (``port=0`` picks a free one), so the URL is known before the server runs."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this; without it every response waits ~40 ms (Nagle + delayed ACK).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(2048)  # connections queue from now on, even before uvicorn accepts them
    except OSError as exc:
        sock.close()
        raise ConfigurationError(f"sandbox: cannot listen on {host}:{port}: {exc}") from exc
    return sock


def url_for(host: str, port: int, advertise_host: str | None = None) -> str:
    """The base URL clients use; a wildcard bind is advertised as loopback unless told otherwise."""
    shown = advertise_host or ("127.0.0.1" if host in _WILDCARD_HOSTS else host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def _uvicorn_server(app: FastAPI) -> uvicorn.Server:
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=2)
    return uvicorn.Server(config)


class SandboxServer:
    """The sandbox app served by uvicorn in a daemon thread. ``start()`` returns the base URL."""

    def __init__(self, world: World | LiveWorld, host: str = "127.0.0.1", port: int = 0, *, app: FastAPI | None = None,
                 faults: object | None = None, limits: object | None = None,
                 router_options: Mapping[str, Mapping[str, Any]] | None = None,
                 advertise_host: str | None = None, startup_timeout_s: float = 30.0) -> None:
        self.world = world
        self.host = host
        self.port = port
        self.advertise_host = advertise_host
        self.startup_timeout_s = startup_timeout_s
        self.app = app or create_app(world, faults, limits=limits, router_options=router_options)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    @property
    def base_url(self) -> str:
        if self._url is None:
            raise ConfigurationError("sandbox server is not running: call start() first")
        return self._url

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        """Serve in the background; return the base URL once the server answers."""
        if self.running:
            return self.base_url
        sock = bind_socket(self.host, self.port)
        bound_port = sock.getsockname()[1]
        self._server = _uvicorn_server(self.app)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"scout-sandbox-{bound_port}", daemon=True)
        self._thread.start()
        self._url = url_for(self.host, bound_port, self.advertise_host)
        try:
            self._wait_until_serving()
        except Exception:
            self.stop()
            raise
        return self._url

    def _wait_until_serving(self) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + self.startup_timeout_s
        while not self._server.started:
            if not self._thread.is_alive():
                raise ConfigurationError(f"sandbox server on {self.host}:{self.port} stopped while starting")
            if time.monotonic() > deadline:
                raise ConfigurationError(f"sandbox server did not start within {self.startup_timeout_s} s")
            self._thread.join(timeout=0.01)  # wait for the thread's progress, never a fixed pause
        with httpx.Client(timeout=5.0, trust_env=False) as client:
            client.get(f"{self._url}/healthz").raise_for_status()

    def stop(self) -> None:
        """Stop serving and wait for the thread; safe to call twice."""
        server, thread = self._server, self._thread
        if server is not None and thread is not None:
            server.should_exit = True
            thread.join(timeout=10)
            if thread.is_alive():
                server.force_exit = True
                thread.join(timeout=5)
        self._server = self._thread = None
        self._url = None

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self._url or f"{self.host}:{self.port} (stopped)"
        return f"SandboxServer(seed={self.world.seed}, size={self.world.size}, {where})"


def serve_forever(cfg: SandboxSettings, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Generate the world (live on its clock, as ``cfg`` says) and serve it in the foreground until
    interrupted; prints the base URL first."""
    from scout_core.sandbox.live import live_world_from
    from scout_core.sandbox.world import world_anchor

    app = create_app(live_world_from(cfg, now=world_anchor()))
    sock = bind_socket(host, port)
    print(url_for(host, sock.getsockname()[1]), flush=True)
    try:
        _uvicorn_server(app).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled; the shutdown already happened
        pass
