"""``scout bench enrich``: X API enrichment throughput over several rate-limit windows, next to fair peers.

The sandbox (in a process of its own) serves X's documented app-auth quotas with the bench's clock
compressed: each window lasts ``window_s`` seconds and holds ``1/quota_scale`` of X's requests, so
``windows`` windows fit in a short run while requests still cost what they cost (latency, a share of
injected 503s). Each leg runs on its own bearer token, so on its own quota:

* ``scout`` — N profiles through the real ``EnrichmentPool`` (Ray actors, controller, batching), with the
  budget caps as configured; where a cap binds is reported, observed or projected;
* the peers of ``enrich_peers`` — ``asyncio`` (the same N profiles), ``sequential`` and ``predecessor``
  (for as long as the bound needs for N);
* ``shared`` — the same again while a neighbour (a second token of the same app) spends ``shared_share``
  of the app's quotas: what is left is what the server's ``x-rate-limit-remaining`` says, which only a
  client reading it can know. Scout and the asyncio peer each get a neighbour.

The bound comes from the server's quotas, not from Scout's pacer: the timeline quota (one call a profile)
or the lookup quota at 100 users a call, whichever is tighter — no client can go faster.
"""

from __future__ import annotations

import asyncio
import math
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from scout_core.bench.cpu import CpuMeter
from scout_core.bench.enrich_peers import PeerSettings, Quotas, TokenBucket, peer_settings, run_peer
from scout_core.bench.sandbox_process import BenchSandbox, SandboxSpec
from scout_core.schema import Candidate
from scout_core.settings import QuotaCfg, Settings

REAL_X_WINDOW_S = 900.0
X_MAX_USERS_PER_LOOKUP = 100  # /2/users/by takes up to 100 usernames
SCOUT, SHARED_SCOUT = "bench-scout", "bench-scout-shared"
NEIGHBOURS = {"scout": ("bench-neighbour-a", "app-a"), "asyncio": ("bench-neighbour-b", "app-b")}
SHARED_PEER = "bench-asyncio-shared"


@dataclass(frozen=True)
class BenchConfig:
    windows: int = 5
    window_s: float = 4.0  # X's 15-minute window on the bench's clock
    quota_scale: int = 15  # each window holds 1/quota_scale of X's documented requests
    error_rate: float = 0.02
    latency_ms: tuple[float, float] = (40.0, 120.0)
    seed: int = 7
    api_workers: int = 2
    batch_size: int = 10  # Scout's users per lookup call; the asyncio peer uses the same
    peer_workers: int = 16
    shared_share: float = 0.5  # of the app's quotas the neighbour spends in the shared run; 0 skips it

    @property
    def rate_compression(self) -> float:
        """How much faster than X the bench's quotas let profiles flow (the predecessor's sleep shrinks by it)."""
        return REAL_X_WINDOW_S / (self.quota_scale * self.window_s)


def bench_limits(cfg: BenchConfig) -> Any:
    """X's documented quotas on the bench's clock; the neighbours' tokens share an app with their client."""
    from scout_core.sandbox.ratelimit import SandboxLimits

    real = SandboxLimits()
    apps = {SHARED_SCOUT: "app-a", SHARED_PEER: "app-b", **{t: app for t, app in NEIGHBOURS.values()}}
    return replace(real, x_window_s=cfg.window_s,
                   x_users_lookup=max(1, real.x_users_lookup // cfg.quota_scale),
                   x_user_tweets=max(1, real.x_user_tweets // cfg.quota_scale),
                   x_search_recent=max(1, real.x_search_recent // cfg.quota_scale), apps=apps)


def profiles_per_window(limits: Any) -> int:
    """The server's bound on profiles per window for any client (one timeline call per profile)."""
    return int(min(limits.x_users_lookup * X_MAX_USERS_PER_LOOKUP, limits.x_user_tweets))


def x_quotas(limits: Any) -> list[QuotaCfg]:
    """The quotas as Scout is configured with them (documented values, with the paths that report them)."""
    defaults = {q.endpoint: q for q in Settings().controller.rate_limits["x_api"]}
    return [defaults["users_lookup"].model_copy(update={"limit": limits.x_users_lookup, "window_s": limits.x_window_s}),
            defaults["user_tweets"].model_copy(update={"limit": limits.x_user_tweets, "window_s": limits.x_window_s})]


def bench_settings(base: Settings, url: str, cfg: BenchConfig, data_dir: Path, limits: Any, token: str) -> Settings:
    """Every source on the sandbox; X only through the X API tier; quotas as served; caps as configured."""
    from scout_core.sandbox.wiring import point_settings_at

    s = point_settings_at(base.model_copy(update={"data_dir": data_dir, "database_url": None}), url)
    controller = s.controller.model_copy(update={
        "key_prefix": f"scout:bench:{uuid.uuid4().hex[:10]}", "rate_limits": {"x_api": x_quotas(limits)},
        "batch_size": {**s.controller.batch_size, "x_api": cfg.batch_size}})
    return s.model_copy(update={
        "x_api": s.x_api.model_copy(update={"bearer_token": SecretStr(token)}),
        "x_web": s.x_web.model_copy(update={"enabled": False}),
        "apify": s.apify.model_copy(update={"enabled": False}),
        "ray": s.ray.model_copy(update={"api_workers": cfg.api_workers, "browser_workers": 0,
                                        "namespace": "scout-bench", "detached": False}),
        "controller": controller,
    })


def x_handles(world: Any, n: int) -> list[str]:
    seen: dict[str, str] = {}
    for person in world.people:
        if person.x is not None:
            seen.setdefault(person.x.handle.lower(), person.x.handle)
    return list(seen.values())[:n]


class Neighbour:
    """Another client of the same app: spends ``share`` of both quotas, evenly, in a thread of its own."""

    def __init__(self, base_url: str, token: str, limits: Any, share: float, account: Any) -> None:
        self.base_url, self.token, self.limits, self.share, self.account = base_url, token, limits, share, account
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True, name=token)

    async def _run(self) -> None:
        import httpx

        window = self.limits.x_window_s
        async with httpx.AsyncClient(base_url=self.base_url.rstrip("/") + "/", trust_env=False, timeout=30.0,
                                     headers={"Authorization": f"Bearer {self.token}"}) as client:
            await asyncio.gather(
                self._spend(client, f"2/users/{self.account.user_id}/tweets",
                            self.limits.x_user_tweets * self.share / window),
                self._spend(client, f"2/users/by/username/{self.account.handle}",
                            self.limits.x_users_lookup * self.share / window))

    async def _spend(self, client: Any, path: str, rate: float) -> None:
        bucket = TokenBucket(rate, 1.0)
        tasks: set[asyncio.Task[Any]] = set()
        while not self._stop.is_set():
            await bucket.take()
            task = asyncio.ensure_future(client.get(path))  # fire and go on: the neighbour keeps its pace
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> Neighbour:
        self._thread.start()
        self._stop.wait(self.limits.x_window_s)  # a window at its pace first: the leg meets it in its stride
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def run_bench(cfg: BenchConfig, base: Settings) -> dict[str, Any]:
    """Every leg against one sandbox; the figures as one dict (the --json line)."""
    from scout_core.sandbox.world import generate_world

    limits = bench_limits(cfg)
    per_window = profiles_per_window(limits)
    n = cfg.windows * per_window
    world = generate_world(cfg.seed, int(n * 1.1) + 50)
    handles = x_handles(world, n)
    neighbour_target = next(p.x for p in world.people if p.x is not None)
    spec = SandboxSpec(seed=cfg.seed, size=int(n * 1.1) + 50, limits=limits, error_rate=cfg.error_rate,
                       latency_ms=cfg.latency_ms)
    quotas = Quotas(limits.x_window_s, limits.x_users_lookup, limits.x_user_tweets)
    peers = peer_settings(cfg.batch_size, cfg.peer_workers, cfg.rate_compression)
    span_s = n / per_window * limits.x_window_s  # what the bound needs for N
    legs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="scout-bench-") as tmp, BenchSandbox(spec) as sandbox:
        url = sandbox.base_url
        settings = bench_settings(base, url, cfg, Path(tmp), limits, SCOUT)
        legs["scout"] = _run_pool(settings, handles, exclude=[sandbox.pid])
        legs["asyncio"] = _peer(url, "bench-asyncio", handles, quotas, peers["asyncio"], 4 * span_s)
        legs.update(_slow_peers(url, handles, quotas, peers, span_s))
        shared = _shared_legs(cfg, url, limits, handles, quotas, peers["asyncio"], Path(tmp), base,
                              neighbour_target, sandbox.pid) if cfg.shared_share > 0 else {}
        wire = sandbox.wire()
    return _figures(cfg, limits, settings, legs, shared, wire)


def _peer(url: str, token: str, handles: list[str], quotas: Quotas | None, settings: PeerSettings,
          max_seconds: float) -> dict[str, Any]:
    meter = CpuMeter(tree=False).start()  # the peer runs in this process; Ray's idle processes are not its cost
    result = asyncio.run(run_peer(url + "/x-api", token, handles, quotas, settings, max_seconds))
    cpu = meter.stop()
    return {**result.as_dict(), "token": token,
            "cpu_seconds_per_profile": round(cpu / result.ok, 5) if result.ok else None}


def _slow_peers(url: str, handles: list[str], quotas: Quotas, peers: dict[str, PeerSettings],
                span_s: float) -> dict[str, dict[str, Any]]:
    """The sequential peer and the predecessor side by side: one waits on latency, the other on its sleep."""

    async def both() -> list[Any]:
        return list(await asyncio.gather(
            run_peer(url + "/x-api", "bench-sequential", handles, quotas, peers["sequential"], span_s),
            run_peer(url + "/x-api", "bench-predecessor", handles, None, peers["predecessor"], span_s)))

    sequential, predecessor = asyncio.run(both())
    return {"sequential": {**sequential.as_dict(), "token": "bench-sequential"},
            "predecessor": {**predecessor.as_dict(), "token": "bench-predecessor"}}


def _shared_legs(cfg: BenchConfig, url: str, limits: Any, handles: list[str], quotas: Quotas,
                 asyncio_peer: PeerSettings, tmp: Path, base: Settings, target: Any,
                 sandbox_pid: int) -> dict[str, Any]:
    """Scout, then the asyncio peer, each while a neighbour spends ``shared_share`` of their app's quotas."""
    left = max(1, int(len(handles) * (1.0 - cfg.shared_share)))
    span_s = cfg.windows * limits.x_window_s
    found: dict[str, Any] = {}
    token, _ = NEIGHBOURS["scout"]
    with Neighbour(url + "/x-api", token, limits, cfg.shared_share, target):
        settings = bench_settings(base, url, cfg, tmp / "shared", limits, SHARED_SCOUT)
        found["scout"] = _run_pool(settings, handles[:left], exclude=[sandbox_pid])
    token, _ = NEIGHBOURS["asyncio"]
    with Neighbour(url + "/x-api", token, limits, cfg.shared_share, target):
        found["asyncio"] = _peer(url, SHARED_PEER, handles[:left], quotas, asyncio_peer, 4 * span_s)
    found["scout"]["token"] = SHARED_SCOUT
    return found


def _run_pool(settings: Settings, handles: list[str], exclude: list[int]) -> dict[str, Any]:
    """The pool on ``handles``; CPU is this process's tree (driver, Ray, actors) without ``exclude``."""
    from scout_core.enrich.pool import EnrichmentPool

    pool = EnrichmentPool(settings, stale_lookup=lambda platform, handle: None)
    try:
        candidates = [Candidate(platform="x", handle=h) for h in handles]
        meter = CpuMeter(exclude=exclude).start()
        started = time.perf_counter()
        outcomes = pool.enrich(candidates)
        seconds = time.perf_counter() - started
        cpu = meter.stop()
        health = pool.controller.report(["x_api"])
    finally:
        pool.controller.state.clear()
        pool.shutdown()
    return {"outcomes": outcomes, "seconds": seconds, "health": health, "cpu_seconds": cpu}


def _scout_figures(leg: dict[str, Any], settings: Settings) -> dict[str, Any]:
    outcomes, seconds = leg["outcomes"], leg["seconds"]
    ok = [o for o in outcomes if o.ok]
    spent = sum(o.cost_usd for o in outcomes)
    return {
        "profiles_per_min": round(len(ok) / seconds * 60.0, 1) if seconds else 0.0,
        "profiles": len(ok), "failed": len(outcomes) - len(ok),
        "partial": sum(1 for o in ok for p in o.profiles if str(p.enrichment_quality) == "partial"),
        "success_rate": round(len(ok) / len(outcomes), 4) if outcomes else 0.0,
        "seconds": round(seconds, 2), "spent_usd": round(spent, 2),
        "cost_per_profile": round(spent / len(ok), 5) if ok else None,
        "cpu_seconds_per_profile": round(leg["cpu_seconds"] / len(ok), 5) if ok else None,
        "quality": dict(Counter(str(p.enrichment_quality) for o in ok for p in o.profiles)),
        "errors": dict(Counter(o.error_kind for o in outcomes if not o.ok)),
        "budget": _budget(outcomes, settings),
        "settings": {"users_per_lookup": min(settings.controller.batch_size.get("x_api", 1),
                                             settings.x_api.users_per_request),
                     "api_workers": settings.ray.api_workers, "rate_headroom": settings.controller.rate_headroom,
                     "state": "redis" if settings.redis_url else "in-process"},
        "health": leg["health"],
    }


def _budget(outcomes: list[Any], settings: Settings) -> dict[str, Any]:
    """The x_api cap as configured: what the run spent, and the profile at which the cap binds."""
    cap = settings.controller.budgets_usd.get("x_api")
    ok = [o for o in outcomes if o.ok]
    spent = sum(o.cost_usd for o in outcomes)
    per_profile = spent / len(ok) if ok else 0.0
    refused = next((i for i, o in enumerate(outcomes) if not o.ok and "budget" in (o.error or "")), None)
    return {
        "cap_usd": cap, "spent_usd": round(spent, 2),
        "binds_at_profile": None if refused is None else sum(1 for o in outcomes[:refused] if o.ok),
        "projected_binds_at_profile": math.floor(cap / per_profile) if cap is not None and per_profile else None,
    }


def _wire_figures(wire: dict[str, Any], token: str, window_s: float) -> dict[str, Any]:
    statuses = {int(k): v for k, v in (wire["statuses"].get(token) or {}).items()}
    first, last = wire["seen"].get(token, [0.0, 0.0])
    requests = sum(statuses.values())
    spanned = math.floor(last / window_s) - math.floor(first / window_s) + 1 if requests else 0
    return {"requests": requests, "answered_429": statuses.get(429, 0),
            "rate_limited_share": round(statuses.get(429, 0) / requests, 4) if requests else 0.0,
            "windows_spanned": spanned, "statuses": {str(k): v for k, v in sorted(statuses.items())}}


def _figures(cfg: BenchConfig, limits: Any, settings: Settings, legs: dict[str, dict[str, Any]],
             shared: dict[str, Any], wire: dict[str, Any]) -> dict[str, Any]:
    per_window = profiles_per_window(limits)
    bound = per_window / limits.x_window_s * 60.0
    scout = {**_scout_figures(legs["scout"], settings), **_wire_figures(wire, SCOUT, limits.x_window_s)}
    peers = {name: {**leg, **_wire_figures(wire, leg["token"], limits.x_window_s)}
             for name, leg in legs.items() if name != "scout"}
    rate = scout["profiles_per_min"]
    figures: dict[str, Any] = {
        **{k: v for k, v in scout.items() if k not in ("health",)},
        "bound_profiles_per_min": round(bound, 1), "ratio_to_bound": round(rate / bound, 3),
        "ratio_to_asyncio": _ratio(rate, peers["asyncio"]["profiles_per_min"]),
        "speedup_vs_sequential": _ratio(rate, peers["sequential"]["profiles_per_min"]),
        "speedup_vs_predecessor": _ratio(rate, peers["predecessor"]["profiles_per_min"]),
        "peers": {name: {**p, "ratio_to_bound": round(p["profiles_per_min"] / bound, 3)} for name, p in peers.items()},
        "world": {"window_s": cfg.window_s, "quota_scale": cfg.quota_scale, "rate_compression": cfg.rate_compression,
                  "quotas_per_window": {"users_lookup": limits.x_users_lookup, "user_tweets": limits.x_user_tweets},
                  "profiles_per_window": per_window, "error_rate": cfg.error_rate,
                  "latency_ms": list(cfg.latency_ms)},
        "health": legs["scout"]["health"],
    }
    if shared:
        figures["shared"] = _shared_figures(cfg, limits, settings, shared, wire, bound)
    return figures


def _shared_figures(cfg: BenchConfig, limits: Any, settings: Settings, shared: dict[str, Any],
                    wire: dict[str, Any], bound: float) -> dict[str, Any]:
    left_bound = bound * (1.0 - cfg.shared_share)
    scout = {**_scout_figures(shared["scout"], settings), **_wire_figures(wire, SHARED_SCOUT, limits.x_window_s)}
    scout.pop("health")
    scout.pop("budget")
    peer = {**shared["asyncio"], **_wire_figures(wire, SHARED_PEER, limits.x_window_s)}
    return {
        "neighbour_share": cfg.shared_share, "bound_left_profiles_per_min": round(left_bound, 1),
        "scout": {**scout, "ratio_to_bound_left": round(scout["profiles_per_min"] / left_bound, 3)},
        "asyncio": {**peer, "ratio_to_bound_left": round(peer["profiles_per_min"] / left_bound, 3)},
        "ratio_to_asyncio": _ratio(scout["profiles_per_min"], peer["profiles_per_min"]),
        "neighbours": {name: _wire_figures(wire, token, limits.x_window_s) for name, (token, _) in NEIGHBOURS.items()},
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None
