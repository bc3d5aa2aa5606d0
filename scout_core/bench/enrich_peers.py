"""The peers `scout bench enrich` runs in the same run, against the same sandbox, each on its own token.

* ``asyncio`` — what a competent engineer writes in an afternoon: httpx, batch user lookups of the same
  size as Scout's, one token bucket per documented quota at 100% of it, timelines of a batch fetched
  concurrently, 5xx retried with jittered exponential backoff, a 429 waited out until its
  ``x-rate-limit-reset``. It never reads ``x-rate-limit-remaining``: it trusts its own count.
* ``sequential`` — the same loop with one worker and one request at a time, and no sleep of its own.
* ``predecessor`` — the old script: one profile at a time (a single-user lookup, then its timeline),
  then its fixed 60 s sleep, compressed like the bench's clock. Labelled as what it is.

Each result carries the settings it ran with, so the report says what was compared.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from scout_core.enrich.costs import cost_of

USER_FIELDS = "created_at,description,entities,public_metrics,url,verified"
TIMELINE = {"max_results": 20, "tweet.fields": "created_at,public_metrics,entities"}
PREDECESSOR_SLEEP_S = 60.0  # the old script slept a minute after every profile
ATTEMPTS = 5


@dataclass(frozen=True)
class PeerSettings:
    """How a peer runs; reported next to its figures."""

    name: str
    users_per_lookup: int = 10
    workers: int = 16
    quota_share: float = 1.0  # of each documented quota its buckets refill at
    burst_share: float = 0.02  # of each quota drawable at once (Scout's BURST_SHARE)
    sleep_after_profile_s: float = 0.0
    concurrent_timelines: bool = True
    reads_remaining_header: bool = False
    note: str = ""


@dataclass
class PeerResult:
    settings: PeerSettings
    ok: int = 0
    partial: int = 0  # the user came back, its timeline did not
    failed: int = 0
    seconds: float = 0.0
    user_reads: int = 0
    post_reads: int = 0

    @property
    def profiles_per_min(self) -> float:
        return round(self.ok / self.seconds * 60.0, 1) if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        done = self.ok + self.failed
        spent = cost_of("x_api", {"user_reads": self.user_reads, "post_reads": self.post_reads})
        return {"profiles_per_min": self.profiles_per_min, "profiles": self.ok, "failed": self.failed,
                "partial": self.partial, "success_rate": round(self.ok / done, 4) if done else 0.0,
                "seconds": round(self.seconds, 2), "spent_usd": round(spent, 2),
                "settings": {k: v for k, v in asdict(self.settings).items() if k != "name"}}


@dataclass(frozen=True)
class Quotas:
    """The server's documented quotas, as the peer's configuration states them."""

    window_s: float
    users_lookup: int  # calls per window
    user_tweets: int  # calls per window


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


@dataclass
class _Run:
    client: httpx.AsyncClient
    settings: PeerSettings
    lookups: TokenBucket | None
    timelines: TokenBucket | None
    result: PeerResult
    deadline: float
    queue: list[list[str]] = field(default_factory=list)


async def _get(run: _Run, path: str, params: dict[str, Any], bucket: TokenBucket | None) -> dict | None:
    """One call under the bucket: 5xx and transport errors back off, a 429 waits for its reset."""
    for attempt in range(ATTEMPTS):
        if bucket is not None:
            await bucket.take()
        try:
            response = await run.client.get(path, params=params)
        except httpx.HTTPError:
            await asyncio.sleep(random.uniform(0, min(5.0, 0.2 * 2 ** attempt)))  # noqa: S311 - jitter
            continue
        if response.status_code == 200:
            return dict(response.json())
        if response.status_code == 429:
            reset = float(response.headers.get("x-rate-limit-reset") or time.time() + 1)
            await asyncio.sleep(max(0.05, reset - time.time()))
        elif response.status_code >= 500:
            await asyncio.sleep(random.uniform(0, min(5.0, 0.2 * 2 ** attempt)))  # noqa: S311 - jitter
        else:
            return None
    return None


async def _timeline(run: _Run, user: dict[str, Any]) -> bool:
    body = await _get(run, f"2/users/{user['id']}/tweets", TIMELINE, run.timelines)
    if body is None:
        return False
    run.result.post_reads += len(body.get("data") or [])
    return True


async def _batch(run: _Run, handles: list[str]) -> None:
    """A batch lookup, then each found user's timeline; counts every profile once."""
    if len(handles) == 1 and run.settings.users_per_lookup == 1:
        body = await _get(run, f"2/users/by/username/{handles[0]}", {"user.fields": USER_FIELDS}, run.lookups)
        users = [body["data"]] if body and isinstance(body.get("data"), dict) else []
    else:
        body = await _get(run, "2/users/by", {"usernames": ",".join(handles), "user.fields": USER_FIELDS},
                          run.lookups)
        users = list((body or {}).get("data") or [])
    run.result.user_reads += len(users)
    if run.settings.concurrent_timelines:
        timelines = await asyncio.gather(*(_timeline(run, u) for u in users))
    else:
        timelines = [await _timeline(run, u) for u in users]
    run.result.ok += len(users)
    run.result.partial += sum(not ok for ok in timelines)
    run.result.failed += len(handles) - len(users)


async def _worker(run: _Run) -> None:
    while run.queue and time.monotonic() < run.deadline:
        await _batch(run, run.queue.pop())
        if run.settings.sleep_after_profile_s:
            await asyncio.sleep(run.settings.sleep_after_profile_s)


def _bucket(limit: int, window_s: float, settings: PeerSettings) -> TokenBucket:
    return TokenBucket(limit * settings.quota_share / window_s, max(1.0, limit * settings.burst_share))


async def run_peer(base_url: str, token: str, handles: list[str], quotas: Quotas | None,
                   settings: PeerSettings, max_seconds: float) -> PeerResult:
    """Enrich ``handles`` the peer's way until done or ``max_seconds`` passed."""
    result = PeerResult(settings)
    size = settings.users_per_lookup
    batches = [handles[i:i + size] for i in range(0, len(handles), size)]
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=base_url.rstrip("/") + "/", timeout=30.0, limits=limits,
                                 headers={"Authorization": f"Bearer {token}"}, trust_env=False) as client:
        run = _Run(client, settings,
                   _bucket(quotas.users_lookup, quotas.window_s, settings) if quotas else None,
                   _bucket(quotas.user_tweets, quotas.window_s, settings) if quotas else None,
                   result, started + max_seconds, list(reversed(batches)))
        await asyncio.gather(*(_worker(run) for _ in range(settings.workers)))
    result.seconds = time.monotonic() - started
    return result


def peer_settings(users_per_lookup: int, workers: int, compression: float) -> dict[str, PeerSettings]:
    """The three peers, named as the report names them."""
    return {
        "asyncio": PeerSettings("asyncio", users_per_lookup=users_per_lookup, workers=workers,
                                note="httpx + asyncio, token buckets at 100% of the documented quotas"),
        "sequential": PeerSettings("sequential", users_per_lookup=users_per_lookup, workers=1,
                                   concurrent_timelines=False,
                                   note="the asyncio peer with one request at a time and no sleeps"),
        "predecessor": PeerSettings("predecessor", users_per_lookup=1, workers=1, quota_share=1.0,
                                    concurrent_timelines=False,
                                    sleep_after_profile_s=PREDECESSOR_SLEEP_S / compression,
                                    note=f"the old loop: one profile, then a fixed {PREDECESSOR_SLEEP_S:.0f} s "
                                         f"sleep (÷{compression:g} like the bench's clock)"),
    }
