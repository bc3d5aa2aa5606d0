"""The benchmark's own wire conditions: per-request latency, injected transient errors, and a count of
every answer by credential — an ASGI middleware in front of the sandbox app, self-contained here.

Injected errors are 503s returned before the route, so they spend no rate-limit quota (as a real
gateway error would not); the counts tell each run (main, sequential, asyncio) apart by bearer token.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from collections import Counter, defaultdict
from typing import Any

Scope = dict[str, Any]

BENCH_PREFIXES = ("/x-api", "/github")
WIRE_PATH = "/bench/wire"  # the counts, for a bench whose sandbox runs in another process


def _bearer(scope: Scope) -> str:
    for name, value in scope.get("headers") or []:
        if name == b"authorization":
            return value.decode("latin-1").partition(" ")[2].strip() or "anonymous"
    return "anonymous"


class WireConditions:
    """ASGI middleware: sleep a latency drawn per request, fail ``error_rate`` of them with 503, count all."""

    def __init__(self, app: Any, error_rate: float = 0.02, latency_ms: tuple[float, float] = (40.0, 120.0),
                 seed: int = 7, prefixes: tuple[str, ...] = BENCH_PREFIXES,
                 counts: dict[str, Counter[int]] | None = None) -> None:
        self.app = app
        self.error_rate = error_rate
        self.latency_ms = latency_ms
        self.rng = random.Random(seed)
        self.prefixes = prefixes
        self.counts: dict[str, Counter[int]] = counts if counts is not None else defaultdict(Counter)
        self.seen: dict[str, list[float]] = {}  # token -> [first, last] request time (epoch s)
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("path") == WIRE_PATH:
            await _send_json(send, 200, self.snapshot())
            return
        if scope.get("type") != "http" or not str(scope.get("path", "")).startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        token = _bearer(scope)
        self._stamp(token)
        await asyncio.sleep(self.rng.uniform(*self.latency_ms) / 1000.0)
        if self.rng.random() < self.error_rate:
            self._count(token, 503)
            await _send_json(send, 503, {"title": "Service Unavailable", "detail": "injected transient error"})
            return

        async def counting_send(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                self._count(token, int(message["status"]))
            await send(message)

        await self.app(scope, receive, counting_send)

    def _count(self, token: str, status: int) -> None:
        with self._lock:
            self.counts[token][status] += 1

    def _stamp(self, token: str) -> None:
        now = time.time()
        with self._lock:
            span = self.seen.setdefault(token, [now, now])
            span[1] = now

    def statuses(self, token: str) -> Counter[int]:
        with self._lock:
            return Counter(self.counts.get(token, Counter()))

    def snapshot(self) -> dict[str, Any]:
        """Every count and first/last request time by credential, as JSON (served at ``/bench/wire``)."""
        with self._lock:
            return {"statuses": {t: {str(k): v for k, v in c.items()} for t, c in self.counts.items()},
                    "seen": {t: list(span) for t, span in self.seen.items()}}


async def _send_json(send: Any, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
