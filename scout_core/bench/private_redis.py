"""A private redis-server the benchmark (or a test) starts, kills and restarts on its own port.

Never the shared server: this one runs in a temp dir with ``--save ""`` (no RDB snapshots) and an
append-only file fsynced on every write, the configuration a durable work queue needs in production,
so a restart - even after SIGKILL - keeps every stream entry and the consumer groups' pending lists.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from scout_core.errors import ConfigurationError


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateRedis:
    """``start()``/``kill()``/``restart()`` a redis-server on ``port`` (0 = a free one)."""

    def __init__(self, port: int = 0, binary: str = "redis-server", startup_timeout_s: float = 10.0) -> None:
        self.binary = shutil.which(binary) or binary
        self.port = port or free_port()
        self.startup_timeout_s = startup_timeout_s
        self.dir = Path(tempfile.mkdtemp(prefix="scout-redis-"))
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        if self._process is not None and self._process.poll() is None:
            return self.url
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no",
                "--protected-mode", "yes", "--loglevel", "warning"]
        try:
            self._process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise ConfigurationError(f"cannot start {self.binary}: {exc}") from exc
        self._wait_until_answering()
        return self.url

    def _wait_until_answering(self) -> None:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + self.startup_timeout_s
        try:
            while True:
                if self._process is not None and self._process.poll() is not None:
                    raise ConfigurationError(f"redis-server on port {self.port} exited while starting")
                try:
                    if client.ping():
                        return
                except (redis.ConnectionError, redis.BusyLoadingError):
                    if time.monotonic() > deadline:
                        raise ConfigurationError(f"redis-server on port {self.port} did not answer") from None
                    time.sleep(0.05)  # polling a starting process: there is nothing to wait on
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL, as a crash would; the AOF keeps what was acknowledged."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=10)
        self._process = None

    def restart(self, down_s: float = 0.0, empty: bool = False) -> None:
        """Kill and start again after ``down_s``; ``empty``: with its files gone, as a Redis that lost its data."""
        self.kill()
        if down_s:
            time.sleep(down_s)  # the outage the clients must ride out
        if empty:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir.mkdir(parents=True)
        self.start()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PrivateRedis:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
