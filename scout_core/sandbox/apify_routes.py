"""The sandbox's Apify API v2: actor runs of an X scraper and their dataset items, for ``apify-client``.

``POST /v2/acts/{actorId}/runs`` (or ``/v2/actors/...``, the path apify-client 3 uses; actor ids with
``/`` arrive as ``~``; the body may be gzip-compressed, as apify-client sends it),
``GET /v2/actor-runs/{runId}`` and ``GET /v2/datasets/{id}/items`` with
``offset``/``limit``/``desc`` and the ``x-apify-pagination-*`` headers. Run and error bodies use the real
``{"data": ...}`` and ``{"error": {"type", "message"}}`` envelopes. A run started with ``waitForFinish``
finishes at once; one started without it is ``RUNNING`` until its status is first read.

Items are rendered from the world's X accounts in the apidojo/tweet-scraper shape (``apify_render``):
for an unknown handle the actor pushes ``{"noResults": true}``, as the real one does.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from scout_core.sandbox.apify_render import render_items
from scout_core.sandbox.live import LiveWorld, world_reader
from scout_core.sandbox.model import World
from scout_core.sandbox.ratelimit import REVOKED_TOKEN_PREFIX, bearer_of

# apidojo/tweet-scraper by name and by its id on the Apify store.
ACTORS = {"apidojo~tweet-scraper": "61RPP7dywgiy0JPD0", "61RPP7dywgiy0JPD0": "61RPP7dywgiy0JPD0"}
DEFAULT_MAX_ITEMS = 100
MAX_RUNS_KEPT = 5000  # oldest runs and datasets are forgotten, so a long benchmark does not grow forever
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass
class _Run:
    run_id: str
    actor_id: str
    dataset_id: str
    started_at: datetime
    input_bytes: int
    max_items: int | None
    status: str = "RUNNING"
    items: list[dict[str, Any]] = field(default_factory=list)


def _error(status: int, kind: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"type": kind, "message": message}})


def _apify_id(seed: str) -> str:
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:16], "big")
    chars = []
    for _ in range(17):
        number, digit = divmod(number, 62)
        chars.append(_ALPHABET[digit])
    return "".join(chars)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def render_run(run: _Run) -> dict[str, Any]:
    """A run object as ``GET /v2/actor-runs/{id}`` returns it (the fields apify-client's model requires, and more)."""
    finished = run.status == "SUCCEEDED"
    ended = run.started_at + timedelta(seconds=4)
    return {
        "id": run.run_id, "actId": run.actor_id, "userId": "sandboxUser00000A", "actorTaskId": None,
        "startedAt": _iso(run.started_at), "finishedAt": _iso(ended) if finished else None,
        "status": run.status, "statusMessage": "Finished!" if finished else "Scraping...",
        "isStatusMessageTerminal": finished,
        "meta": {"origin": "API", "userAgent": "ApifyClient"},
        "stats": {"inputBodyLen": run.input_bytes, "restartCount": 0, "resurrectCount": 0,
                  "computeUnits": 0.0011, "durationMillis": 4000 if finished else None,
                  "runTimeSecs": 4.0 if finished else None},
        "options": {"build": "latest", "timeoutSecs": 3600, "memoryMbytes": 1024, "diskMbytes": 2048,
                    "maxItems": run.max_items},
        "buildId": _apify_id("build:" + run.actor_id), "buildNumber": "0.3.41", "exitCode": 0 if finished else None,
        "defaultKeyValueStoreId": _apify_id("kvs:" + run.run_id), "defaultDatasetId": run.dataset_id,
        "defaultRequestQueueId": _apify_id("rq:" + run.run_id),
        "containerUrl": f"https://{run.run_id.lower()}.runs.apify.net",
        "usageTotalUsd": round(0.0004 * len(run.items), 6) if finished else 0.0,
        "generalAccess": "FOLLOW_USER_SETTING",
    }


def decode_body(raw: bytes, encoding: str | None) -> bytes:
    """The request body without its Content-Encoding (apify-client gzips bodies above a small size)."""
    encoding = (encoding or "identity").strip().lower()
    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "deflate":
        return zlib.decompress(raw)
    if encoding == "identity":
        return raw
    raise ValueError(f"unsupported Content-Encoding {encoding!r}")


def handles_in(run_input: dict[str, Any]) -> list[str]:
    """The X handles a tweet-scraper input asks about: twitterHandles, ``from:`` search terms, profile URLs."""
    found = [h for h in run_input.get("twitterHandles") or [] if isinstance(h, str)]
    for term in run_input.get("searchTerms") or []:
        found += [w[5:] for w in str(term).split() if w.lower().startswith("from:")]
    for entry in run_input.get("startUrls") or []:
        url = entry.get("url") if isinstance(entry, dict) else entry
        parts = [p for p in urlsplit(str(url)).path.split("/") if p]
        if parts:
            found.append(parts[0])
    return list(dict.fromkeys(h.strip().lstrip("@") for h in found if h.strip()))


class _Runs:
    """Runs and their datasets, kept in this router (never in the world), thread-safe."""

    def __init__(self) -> None:
        self._runs: OrderedDict[str, _Run] = OrderedDict()
        self._datasets: dict[str, str] = {}
        self._lock = threading.Lock()
        self._count = 0

    def add(self, actor_id: str, started_at: datetime, input_bytes: int, max_items: int | None) -> _Run:
        with self._lock:
            self._count += 1
            run_id = _apify_id(f"run:{self._count}")
            run = _Run(run_id, actor_id, _apify_id(f"dataset:{self._count}"), started_at, input_bytes, max_items)
            self._runs[run_id] = run
            self._datasets[run.dataset_id] = run_id
            while len(self._runs) > MAX_RUNS_KEPT:
                _, old = self._runs.popitem(last=False)
                self._datasets.pop(old.dataset_id, None)
            return run

    def run(self, run_id: str) -> _Run | None:
        with self._lock:
            return self._runs.get(run_id)

    def dataset(self, dataset_id: str) -> _Run | None:
        with self._lock:
            run_id = self._datasets.get(dataset_id)
            return self._runs.get(run_id) if run_id else None


def _token(request: Request) -> str | None:
    return bearer_of(request.headers.get("authorization")) or request.query_params.get("token")


def _unauthorized(request: Request) -> JSONResponse | None:
    token = _token(request)
    if not token:
        return _error(401, "token-not-provided", "Authentication token was not provided")
    if token.startswith(REVOKED_TOKEN_PREFIX):
        return _error(401, "user-or-token-not-found", "User was not found or authentication token is not valid")
    return None


def _int_param(request: Request, name: str) -> int | None:
    value = request.query_params.get(name)
    return int(value) if value is not None and value.isdigit() else None


async def _read_input(request: Request) -> dict[str, Any]:
    body = decode_body(await request.body(), request.headers.get("content-encoding"))
    value = json.loads(body or b"{}")
    if not isinstance(value, dict):
        raise ValueError("input must be a JSON object")
    return value


def build_router(world: World | LiveWorld, slow_runs: bool = False) -> APIRouter:
    """Routes over ``world`` (read only); runs and datasets live in this router.

    ``slow_runs``: runs ignore ``waitForFinish`` and stay RUNNING until polled, so clients must poll.
    """
    router = APIRouter()
    runs = _Runs()
    current = world_reader(world)

    @router.post("/v2/acts/{actor_id}/runs")
    @router.post("/v2/actors/{actor_id}/runs")  # the path apify-client 3 uses; the API answers both
    async def start_run(request: Request, actor_id: str) -> JSONResponse:
        refused = _unauthorized(request)
        if refused:
            return refused
        if actor_id.replace("/", "~") not in ACTORS:
            return _error(404, "record-not-found", "Actor was not found")
        try:
            run_input = await _read_input(request)
        except (ValueError, OSError, zlib.error) as exc:
            return _error(400, "invalid-input", f"Input is not valid: {exc}")
        max_items = _int_param(request, "maxItems") or run_input.get("maxItems")
        limit = max_items if isinstance(max_items, int) and max_items > 0 else DEFAULT_MAX_ITEMS
        now = current()  # items are the world as of the run's start
        run = runs.add(ACTORS[actor_id], now.now, len(json.dumps(run_input)), limit)
        run.items = render_items(now, handles_in(run_input), limit, str(run_input.get("sort") or "Latest"))
        if (_int_param(request, "waitForFinish") or 0) > 0 and not slow_runs:
            run.status = "SUCCEEDED"
        return JSONResponse(status_code=201, content={"data": render_run(run)})

    @router.get("/v2/actor-runs/{run_id}")
    async def run_status(request: Request, run_id: str) -> JSONResponse:
        refused = _unauthorized(request)
        run = runs.run(run_id)
        if refused or run is None:
            return refused or _error(404, "record-not-found", "Actor run was not found")
        run.status = "SUCCEEDED"  # a run finishes by the time anyone asks about it
        return JSONResponse(content={"data": render_run(run)})

    @router.get("/v2/datasets/{dataset_id}/items")
    async def dataset_items(request: Request, dataset_id: str) -> JSONResponse:
        refused = _unauthorized(request)
        run = runs.dataset(dataset_id)
        if refused or run is None:
            return refused or _error(404, "record-not-found", "Dataset was not found")
        return _items_page(request, run.items)

    return router


def _items_page(request: Request, items: list[dict[str, Any]]) -> JSONResponse:
    offset = _int_param(request, "offset") or 0
    limit = _int_param(request, "limit")
    desc = request.query_params.get("desc", "").lower() in ("1", "true")
    ordered = list(reversed(items)) if desc else items
    page = ordered[offset: offset + limit if limit is not None else None]
    headers = {
        "x-apify-pagination-total": str(len(items)),
        "x-apify-pagination-offset": str(offset),
        "x-apify-pagination-limit": str(limit if limit is not None else 999999999999),
        "x-apify-pagination-count": str(len(page)),
        "x-apify-pagination-desc": "true" if desc else "false",
    }
    return JSONResponse(content=page, headers=headers)
