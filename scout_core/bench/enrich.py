"""``scout bench enrich``: enrichment throughput against the sandbox, next to its rate-limit bound.

The sandbox serves a generated world with the real X API quotas, their windows compressed (15 min →
``window_s``), every request delayed by a realistic latency and ``error_rate`` of them failed with a
503. N X profiles go through the real ``EnrichmentPool`` (Ray actors, controller, batching); two
baselines run on the same server in the same run. The bound is what the configured quotas allow at the
pool's batch size: ``min over quotas of limit / window / requests per profile``.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from scout_core.bench.enrich_baselines import asyncio_loop, sequential
from scout_core.bench.enrich_wire import WireConditions
from scout_core.enrich.ratelimit import bound_per_s
from scout_core.schema import Candidate
from scout_core.settings import QuotaCfg, Settings

REAL_X_WINDOW_S = 900.0
TOKENS = {"main": "bench-scout", "sequential": "bench-sequential", "asyncio": "bench-asyncio"}


@dataclass(frozen=True)
class BenchConfig:
    profiles: int = 1000
    window_s: float = 60.0  # X's 15-minute window, compressed
    error_rate: float = 0.02
    latency_ms: tuple[float, float] = (40.0, 120.0)
    seed: int = 7
    api_workers: int = 2
    baseline_s: float = 12.0
    batch_size: int = 10

    @property
    def compression(self) -> float:
        return REAL_X_WINDOW_S / self.window_s


def scaled_limits(cfg: BenchConfig) -> Any:
    """The sandbox's real-service limits with every window compressed by the same factor."""
    from scout_core.sandbox.ratelimit import SandboxLimits

    real = SandboxLimits()
    factor = cfg.compression
    return replace(real, x_window_s=real.x_window_s / factor, github_window_s=real.github_window_s / factor,
                   search_window_s=max(1.0, real.search_window_s / factor))


def x_quotas(limits: Any) -> list[QuotaCfg]:
    """The controller's view of the sandbox's X quotas (what it paces against)."""
    return [QuotaCfg(endpoint="users_lookup", limit=limits.x_users_lookup, window_s=limits.x_window_s, per="call"),
            QuotaCfg(endpoint="user_tweets", limit=limits.x_user_tweets, window_s=limits.x_window_s)]


def bench_settings(base: Settings, url: str, cfg: BenchConfig, data_dir: Path, limits: Any) -> Settings:
    """Every source on the sandbox; X only through the X API tier; quotas as served; no budget caps."""
    from scout_core.sandbox.wiring import point_settings_at

    s = point_settings_at(base.model_copy(update={"data_dir": data_dir, "database_url": None}), url)
    controller = s.controller.model_copy(update={
        "key_prefix": f"scout:bench:{uuid.uuid4().hex[:10]}", "rate_limits": {"x_api": x_quotas(limits)},
        "budgets_usd": {}, "batch_size": {"x_api": cfg.batch_size}})
    return s.model_copy(update={
        "x_api": s.x_api.model_copy(update={"bearer_token": SecretStr(TOKENS["main"])}),
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


def run_bench(cfg: BenchConfig, base: Settings) -> dict[str, Any]:
    """Run the pool and both baselines; the figures as one flat dict (the --json line)."""
    from scout_core.sandbox.server import SandboxServer, create_app
    from scout_core.sandbox.world import generate_world

    world = generate_world(cfg.seed, int(cfg.profiles * 1.1) + 50)
    handles = x_handles(world, cfg.profiles)
    limits = scaled_limits(cfg)
    app = create_app(world, limits=limits)
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    app.add_middleware(WireConditions, error_rate=cfg.error_rate, latency_ms=cfg.latency_ms, seed=cfg.seed,
                       counts=counts)
    with tempfile.TemporaryDirectory(prefix="scout-bench-") as tmp, SandboxServer(world, app=app) as server:
        settings = bench_settings(base, server.base_url, cfg, Path(tmp), limits)
        main = _run_pool(settings, handles)
        seq = asyncio.run(sequential(server.base_url + "/x-api", TOKENS["sequential"], handles, cfg.compression,
                                     cfg.baseline_s))
        per_profile = min(limits.x_users_lookup, limits.x_user_tweets) / limits.x_window_s
        plain = asyncio.run(asyncio_loop(server.base_url + "/x-api", TOKENS["asyncio"], handles, per_profile,
                                         cfg.baseline_s))
        statuses = Counter(counts.get(TOKENS["main"], Counter()))
    return _figures(cfg, settings, main, statuses, {"sequential": seq.as_dict(), "asyncio": plain.as_dict()})


def _run_pool(settings: Settings, handles: list[str]) -> dict[str, Any]:
    from scout_core.enrich.pool import EnrichmentPool

    pool = EnrichmentPool(settings, stale_lookup=lambda platform, handle: None)
    try:
        candidates = [Candidate(platform="x", handle=h) for h in handles]
        started = time.perf_counter()
        outcomes = pool.enrich(candidates)
        seconds = time.perf_counter() - started
        health = pool.controller.report(["x_api"])
    finally:
        pool.controller.state.clear()
        pool.shutdown()
    return {"outcomes": outcomes, "seconds": seconds, "health": health}


def _figures(cfg: BenchConfig, settings: Settings, main: dict[str, Any], statuses: Counter[int],
             baselines: dict[str, dict[str, Any]]) -> dict[str, Any]:
    outcomes, seconds = main["outcomes"], main["seconds"]
    ok = [o for o in outcomes if o.ok]
    per_min = len(ok) / seconds * 60.0 if seconds else 0.0
    bound = bound_per_s(settings.controller.rate_limits["x_api"], cfg.batch_size) * 60.0
    requests = sum(statuses.values())
    quality = Counter(str(p.enrichment_quality) for o in ok for p in o.profiles)
    seq, plain = baselines["sequential"]["profiles_per_min"], baselines["asyncio"]["profiles_per_min"]
    return {
        "profiles": len(outcomes), "seconds": round(seconds, 2),
        "profiles_per_min": round(per_min, 1), "bound_profiles_per_min": round(bound, 1),
        "ratio_to_bound": round(per_min / bound, 3) if bound else None,
        "rate_limited_share": round(statuses[429] / requests, 4) if requests else 0.0,
        "success_rate": round(len(ok) / len(outcomes), 4) if outcomes else 0.0,
        "cost_per_profile": round(sum(o.cost_usd for o in outcomes) / len(ok), 5) if ok else None,
        "baselines": baselines,
        "speedup_vs_sequential": round(per_min / seq, 1) if seq else None,
        "ratio_to_asyncio": round(per_min / plain, 2) if plain else None,
        "requests": requests, "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "quality": dict(quality), "errors": dict(Counter(o.error_kind for o in outcomes if not o.ok)),
        "window_s": cfg.window_s, "error_rate": cfg.error_rate, "latency_ms": list(cfg.latency_ms),
        "batch_size": cfg.batch_size, "api_workers": cfg.api_workers,
        "state": "redis" if settings.redis_url else "in-process", "health": main["health"],
    }
