"""The two baselines `scout bench enrich` measures in the same run, against the same sandbox.

* sequential — the predecessor's loop: one profile at a time (user lookup, then its timeline), then
  its fixed 60 s sleep, scaled by the same factor as the rate-limit windows;
* asyncio — a plain asyncio + httpx loop: many profiles at once, one lookup and one timeline call per
  profile, paced by a token bucket set to the tighter of the two per-profile quotas.

Each runs for a fixed time on its own bearer token (its own quota) and reports profiles per minute.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

PREDECESSOR_SLEEP_S = 60.0
USER_FIELDS = "created_at,description,entities,public_metrics,url,verified"
TIMELINE = {"max_results": 20, "tweet.fields": "created_at,public_metrics,entities"}


@dataclass
class BaselineResult:
    name: str
    profiles: int
    seconds: float
    failures: int = 0

    @property
    def profiles_per_min(self) -> float:
        return round(self.profiles / self.seconds * 60.0, 1) if self.seconds else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"profiles_per_min": self.profiles_per_min, "profiles": self.profiles,
                "seconds": round(self.seconds, 2), "failures": self.failures}


async def _fetch_one(client: httpx.AsyncClient, handle: str, attempts: int = 3) -> bool:
    """Lookup then timeline, retrying 5xx and waiting out 429s; True when both answered."""
    user = await _get(client, f"2/users/by/username/{handle}", {"user.fields": USER_FIELDS}, attempts)
    if user is None or "data" not in user:
        return False
    return await _get(client, f"2/users/{user['data']['id']}/tweets", TIMELINE, attempts) is not None


async def _get(client: httpx.AsyncClient, path: str, params: dict, attempts: int) -> dict | None:
    for attempt in range(attempts):
        try:
            response = await client.get(path, params=params)
        except httpx.HTTPError:
            await asyncio.sleep(0.1 * 2 ** attempt)
            continue
        if response.status_code == 200:
            return response.json()
        if response.status_code == 429:
            reset = float(response.headers.get("x-rate-limit-reset", time.time() + 1))
            await asyncio.sleep(max(0.05, reset - time.time()))
        elif response.status_code >= 500:
            await asyncio.sleep(0.1 * 2 ** attempt)
        else:
            return None
    return None


def _client(base_url: str, token: str) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    return httpx.AsyncClient(base_url=base_url.rstrip("/") + "/", headers={"Authorization": f"Bearer {token}"},
                             timeout=30.0, limits=limits, trust_env=False)


async def sequential(base_url: str, token: str, handles: list[str], compression: float,
                     seconds: float) -> BaselineResult:
    """One at a time with the predecessor's sleep (60 s / compression) after each profile."""
    done = failures = 0
    started = time.perf_counter()
    async with _client(base_url, token) as client:
        for handle in handles:
            if time.perf_counter() - started >= seconds and done + failures >= 2:
                break
            ok = await _fetch_one(client, handle)
            done, failures = done + ok, failures + (not ok)
            await asyncio.sleep(PREDECESSOR_SLEEP_S / compression)
    return BaselineResult("sequential", done, time.perf_counter() - started, failures)


class TokenBucket:
    """The textbook asyncio token bucket: ``rate`` per second, ``burst`` at once."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, time.monotonic()
        self.lock = asyncio.Lock()

    async def take(self) -> None:
        async with self.lock:
            while True:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await asyncio.sleep((1 - self.tokens) / self.rate)


async def asyncio_loop(base_url: str, token: str, handles: list[str], rate_per_s: float, seconds: float,
                       concurrency: int = 16) -> BaselineResult:
    """``concurrency`` workers over the handles, each profile paced by the bucket, until time is up."""
    bucket = TokenBucket(rate_per_s, burst=max(1.0, rate_per_s))
    queue = list(reversed(handles))
    counts = {"done": 0, "failures": 0}
    started = time.perf_counter()

    async def worker(client: httpx.AsyncClient) -> None:
        while queue and time.perf_counter() - started < seconds:
            handle = queue.pop()
            await bucket.take()
            ok = await _fetch_one(client, handle)
            counts["done" if ok else "failures"] += 1

    async with _client(base_url, token) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return BaselineResult("asyncio", counts["done"], time.perf_counter() - started, counts["failures"])
