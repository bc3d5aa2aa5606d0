"""The sandbox's web-search API, in Tavily's shape: ``POST /search`` over the world's people.

Results are deterministic for a query: people whose bios, posts, repos or models match the query words
(the whole phrase counts most), best first, as the pages a web search would return: X profiles,
GitHub profiles and repos, Hugging Face profiles, Product Hunt profiles, plus the noise of the real
web: a listicle naming @handles, and pages whose URLs are not people (x.com/search, github.com/topics).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from scout_core.sandbox.live import LiveWorld, world_reader
from scout_core.sandbox.model import Person, World
from scout_core.sandbox.ratelimit import REVOKED_TOKEN_PREFIX, RateWindows, SandboxLimits, bearer_of

MAX_RESULTS = 100
INDEXED_POSTS = 40  # a search engine sees a profile's recent posts, not all of them (day 0 has at most 20)


@dataclass(frozen=True)
class _Hit:
    person: Person
    score: float


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9][a-z0-9+.-]*[a-z0-9+]|[a-z0-9]", text.lower()) if len(w) > 1]


def _searchable(person: Person) -> str:
    parts: list[str] = []
    for account in (person.x, person.x_alt):
        if account:
            parts += [account.bio] + [p.text for p in account.posts[:INDEXED_POSTS]]
    if person.github:
        parts += [person.github.bio or ""] + [
            f"{r.name} {r.description or ''} {' '.join(r.topics)}" for r in person.github.repos
        ]
    if person.huggingface:
        parts += [person.huggingface.details] + person.huggingface.models
    if person.producthunt:
        parts += [person.producthunt.headline] + person.producthunt.launches
    return " ".join(parts).lower()


def _score(text: str, query: str, words: list[str]) -> float:
    hits = sum(1 for w in words if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text))
    if not hits:
        return 0.0
    phrase = len(re.findall(r"(?<!\w)" + re.escape(query.lower()) + r"(?!\w)", text))
    return hits / len(words) + min(phrase, 10) * 0.3


def rank(world: World, query: str) -> list[_Hit]:
    """People matching the query, best first; ties broken by id so the order never changes.

    The searchable text of everyone is built on the world's first query and kept on the world (a
    snapshot of a live world has its own).
    """
    words = list(dict.fromkeys(_words(query)))
    if not words:
        return []
    texts = world.search_texts
    if not texts:
        texts.update({p.person_id: _searchable(p) for p in world.people})
    hits = [_Hit(p, s) for p in world.people if (s := _score(texts[p.person_id], query.strip(), words)) > 0]
    hits.sort(key=lambda h: (-h.score, h.person.person_id))
    return hits


def _pages(hit: _Hit) -> list[dict[str, Any]]:
    """The web pages about one person a search engine would index."""
    person, pages = hit.person, []
    if person.x:
        pages.append(
            (f"{person.x.name} (@{person.x.handle}) / X", f"https://x.com/{person.x.handle}", person.x.bio)
        )
    if person.github:
        gh = person.github
        pages.append(
            (f"{gh.login} ({gh.name or gh.login}) · GitHub", f"https://github.com/{gh.login}", gh.bio or "")
        )
        for repo in sorted(gh.repos, key=lambda r: -r.stars)[:1]:
            pages.append(
                (
                    f"{repo.owner}/{repo.name}",
                    f"https://github.com/{repo.owner}/{repo.name}",
                    repo.description or "",
                )
            )
    if person.huggingface:
        hf = person.huggingface
        pages.append((f"{hf.username} ({hf.fullname})", f"https://huggingface.co/{hf.username}", hf.details))
    if person.producthunt:
        ph = person.producthunt
        pages.append(
            (f"{ph.name} - Product Hunt", f"https://www.producthunt.com/@{ph.username}", ph.headline)
        )
    return [
        {"title": t, "url": u, "content": c[:400], "score": round(min(0.99, 0.4 + hit.score / 4), 4)}
        for t, u, c in pages
    ]


def _noise(query: str, hits: list[_Hit]) -> list[dict[str, Any]]:
    slug = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-") or "ai"
    named = [f"@{h.person.x.handle}" for h in hits[:8] if h.person.x]
    digest = hashlib.sha256(query.encode()).hexdigest()[:8]
    pages = [
        {
            "title": f"{query} - Search / X",
            "url": f"https://x.com/search?q={slug}",
            "content": f"Latest posts about {query}.",
            "score": 0.31,
        },
        {
            "title": f"{slug} · GitHub Topics",
            "url": f"https://github.com/topics/{slug}",
            "content": f"Repositories tagged {slug}. See github.com/explore and x.com/home.",
            "score": 0.3,
        },
    ]
    if named:
        pages.insert(
            0,
            {
                "title": f"Builders to watch in {query}",
                "score": 0.5,
                "url": f"https://technews.example/{digest}/builders-{slug}",
                "content": f"Our picks in {query}: {', '.join(named)}. Contact: tips@technews.example",
            },
        )
    return pages


def search_results(world: World, query: str, max_results: int) -> list[dict[str, Any]]:
    hits = rank(world, query)
    people = [page for hit in hits for page in _pages(hit)]
    noise = _noise(query, hits)
    # Noise sits among the people, as on the real web: after the first few best matches.
    results = people[:3] + noise[:1] + people[3:] + noise[1:]
    return results[:max_results]


def build_router(world: World | LiveWorld, limits: SandboxLimits | None = None) -> APIRouter:
    """``POST /search`` over ``world`` (read only); rate-limit counters live in this router."""
    limits = limits or SandboxLimits()
    windows = RateWindows(limits.clock)
    current = world_reader(world)
    router = APIRouter()

    @router.post("/search")
    async def search(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse(status_code=400, content={"detail": {"error": "Invalid JSON body."}})
        body = body if isinstance(body, dict) else {}
        token = bearer_of(request.headers.get("authorization")) or body.get("api_key")
        if not token or str(token).startswith(REVOKED_TOKEN_PREFIX):
            return JSONResponse(
                status_code=401, content={"detail": {"error": "Unauthorized: missing or invalid API key."}}
            )
        quota = windows.take(str(token), "search", limits.search_requests, limits.search_window_s)
        if not quota.allowed:
            return JSONResponse(
                status_code=429,
                headers={"retry-after": str(quota.retry_after(limits.clock()))},
                content={"detail": {"error": "Rate limit exceeded."}},
            )
        query = body.get("query")
        size = body.get("max_results", 5)
        if (
            not isinstance(query, str)
            or not query.strip()
            or not isinstance(size, int)
            or not 0 < size <= 100
        ):
            return JSONResponse(
                status_code=400, content={"detail": {"error": "query and max_results (1-100) are required."}}
            )
        results = search_results(current(), query, size)
        return JSONResponse(
            content={
                "query": query,
                "follow_up_questions": None,
                "answer": None,
                "images": [],
                "results": results,
                "response_time": 0.42,
                "request_id": hashlib.sha256(query.encode()).hexdigest()[:32],
            }
        )

    return router
