"""How fast the sandbox answers: a fixed mix of source requests against a served world, over a real socket.

``python -m scout_core.bench.sandbox_speed --size 2000 [--day D] [--seconds-per-day S]`` serves the
world (a frozen ``World`` without ``--day``, else a ``LiveWorld`` whose clock is at day ``D``, running
when ``--seconds-per-day`` is given) and sends the same requests in the same order: X users lookups
and timelines, X page JSON, GitHub users and repos, Hugging Face overviews, a search. It prints one
JSON line: requests, seconds, requests per second, p50/p95 milliseconds. Without ``--day`` it uses only
APIs older than the clock, so the same file runs against an older tree for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

import httpx

from scout_core.sandbox.server import SandboxServer
from scout_core.sandbox.world import generate_world

AUTH = {"authorization": "Bearer sandbox-token"}


def requests_for(world: Any, count: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    """``count`` requests cycling over the world's first people (their day-0 handles and ids)."""
    out: list[tuple[str, str, dict[str, Any] | None]] = []
    people = [p for p in world.people if p.x][:200]
    k = 0
    while len(out) < count:
        person = people[k % len(people)]
        k += 1
        out.append(("GET", f"/x-api/2/users/by?usernames={person.x.handle}&user.fields=public_metrics,description",
                    None))
        out.append(("GET", f"/x-api/2/users/{person.x.user_id}/tweets?max_results=20", None))
        out.append(("GET", f"/x-web/i/api/profile/{person.x.handle}", None))
        if person.github:
            out.append(("GET", f"/github/users/{person.github.login}", None))
            out.append(("GET", f"/github/users/{person.github.login}/repos", None))
        if person.huggingface:
            out.append(("GET", f"/hf/api/users/{person.huggingface.username}/overview", None))
        if k % 25 == 0:
            out.append(("POST", "/search/search", {"query": "AI agents", "max_results": 20}))
    return out[:count]


def drive(base_url: str, requests: list[tuple[str, str, dict[str, Any] | None]]) -> dict[str, Any]:
    latencies = []
    with httpx.Client(base_url=base_url, headers=AUTH, cookies={"auth_token": "sandbox-session-0"},
                      timeout=30, trust_env=False) as client:
        start = time.perf_counter()
        for method, path, body in requests:
            began = time.perf_counter()
            answer = client.get(path) if method == "GET" else client.post(path, json=body)
            if answer.status_code >= 500:  # a 404 for a handle renamed since day 0 is an answer too
                answer.raise_for_status()
            latencies.append(time.perf_counter() - began)
        seconds = time.perf_counter() - start
    latencies.sort()
    return {"requests": len(requests), "seconds": round(seconds, 3), "rps": round(len(requests) / seconds, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 2),
            "p95_ms": round(latencies[int(0.95 * len(latencies))] * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--day", type=float, default=None, help="serve a live world with its clock at this day")
    parser.add_argument("--seconds-per-day", type=float, default=None, help="run the live world's clock")
    args = parser.parse_args()
    served: Any
    if args.day is None:
        served = world = generate_world(args.seed, args.size)
    else:
        from scout_core.sandbox.live import LiveWorld

        served = LiveWorld.generate(args.seed, args.size, start_s=args.day * 86400,
                                    seconds_per_day=args.seconds_per_day)
        world = served.base
    with SandboxServer(served) as server:
        drive(server.base_url, requests_for(world, 200))  # warm up: caches, search texts, first snapshot
        result = drive(server.base_url, requests_for(world, args.requests))
    print(json.dumps({"size": args.size, "day": args.day, "seconds_per_day": args.seconds_per_day, **result}))


if __name__ == "__main__":
    main()
