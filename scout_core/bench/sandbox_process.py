"""The benchmarks' sandbox in a process of its own, so its CPU and GIL are nobody's leg.

In-process, the sandbox's uvicorn thread shares the interpreter with whatever runs in the bench's own
process (the asyncio peer, the plain Playwright loop), and its CPU would count against them. Here it
runs in a child (``python -m scout_core.bench.sandbox_process``, the spec pickled on its stdin):
``BenchSandbox(spec)`` starts it and knows its base URL, ``wire()`` reads the wire counts (statuses
and first/last request time per credential) from ``/bench/wire``, ``pid`` lets a CPU meter leave its
process out, and leaving the ``with`` block stops it.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from scout_core.bench.enrich_wire import BENCH_PREFIXES
from scout_core.errors import ConfigurationError


@dataclass(frozen=True)
class SandboxSpec:
    """What the child serves: the world, the rate-limit windows, the wire conditions, router options."""

    seed: int = 7
    size: int = 2000
    limits: Any = None  # a SandboxLimits, or None for the real services' limits
    error_rate: float = 0.0
    latency_ms: tuple[float, float] = (0.0, 0.0)
    wire_prefixes: tuple[str, ...] = BENCH_PREFIXES
    router_options: dict[str, dict[str, Any]] = field(default_factory=dict)


def _serve(spec: SandboxSpec) -> None:
    """The child: build the world and the app, print the URL (one line), serve until terminated."""
    import uvicorn

    from scout_core.bench.enrich_wire import WireConditions
    from scout_core.sandbox.server import bind_socket, create_app, url_for
    from scout_core.sandbox.world import generate_world

    try:
        world = generate_world(spec.seed, spec.size)
        app = create_app(world, limits=spec.limits, router_options=spec.router_options)
        wired = WireConditions(app, error_rate=spec.error_rate, latency_ms=spec.latency_ms, seed=spec.seed,
                               prefixes=spec.wire_prefixes)
        sock = bind_socket("127.0.0.1", 0)
    except Exception as exc:  # noqa: BLE001 - told to the parent as one line
        print(f"error: {type(exc).__name__}: {exc}", flush=True)
        return
    print(url_for("127.0.0.1", sock.getsockname()[1]), flush=True)
    config = uvicorn.Config(wired, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=1)
    uvicorn.Server(config).run(sockets=[sock])


class BenchSandbox:
    """A sandbox server in a spawned child process."""

    def __init__(self, spec: SandboxSpec) -> None:
        self.spec = spec
        self._process: Any = None
        self.base_url = ""

    @property
    def pid(self) -> int:
        return int(self._process.pid) if self._process is not None else 0

    def start(self) -> str:
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "scout_core.bench.sandbox_process"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=False)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(pickle.dumps(self.spec))
        self._process.stdin.close()
        answer = self._process.stdout.readline().decode().strip()  # the child prints once it is bound
        if not answer.startswith("http"):
            self.stop()
            raise ConfigurationError(f"bench sandbox failed to start: {answer.removeprefix('error: ') or 'no answer'}")
        self.base_url = answer
        self._wait_until_serving()
        return answer

    def _wait_until_serving(self) -> None:
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            for _ in range(200):
                try:
                    client.get(f"{self.base_url}/healthz").raise_for_status()
                    return
                except httpx.HTTPError:
                    try:
                        self._process.wait(timeout=0.1)  # wait for the child's progress, not a fixed pause
                        break  # it exited
                    except subprocess.TimeoutExpired:
                        continue
        self.stop()
        raise ConfigurationError("bench sandbox stopped answering while starting")

    def wire(self) -> dict[str, Any]:
        """Statuses and first/last request time per credential, as counted at the wire."""
        with httpx.Client(timeout=10.0, trust_env=False) as client:
            response = client.get(f"{self.base_url}/bench/wire")
            response.raise_for_status()
            return dict(response.json())

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None

    def __enter__(self) -> BenchSandbox:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


if __name__ == "__main__":
    _serve(pickle.loads(sys.stdin.buffer.read()))  # noqa: S301 - the spec comes from our own parent
