"""/dlq/replay: an operator replays the dead-letter queue, as ``scout dlq replay`` does, in its own process.

The replay enriches (Ray, browsers, paid APIs), so it never runs inside the API process: it is started as
a child ``scout dlq replay`` and watched. One at a time; a second request while one runs gets 409.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from scout_core.api.deps import ContextDep, InsightsDep, OperatorKey, ReadKey
from scout_core.api.errors import ApiProblem
from scout_core.api.schemas import ApiError, ReplayIn, ReplayOut
from scout_core.deadletters.replay import check_target
from scout_core.schema import utcnow

router = APIRouter(prefix="/dlq", tags=["dead letters"])
_lock = threading.Lock()


@router.post("/replay", response_model=ReplayOut, status_code=202,
             responses={200: {"model": ReplayOut}, 409: {"model": ApiError}, 403: {"model": ApiError}})
def replay(body: ReplayIn, ctx: ContextDep, insights: InsightsDep, _who: OperatorKey) -> ReplayOut | JSONResponse:
    """Start replaying open dead letters (``limit``, ``to`` as in ``scout dlq replay``); 200 when none wait."""
    if body.to is not None:
        check_target(ctx.settings, body.to)  # a tier that cannot work is a 422 before anything starts
    open_letters = insights.dead_letter_counts()["open"]
    with _lock:
        running = _running(ctx.replay)
        if running is not None:
            raise ApiProblem(409, f"a replay is already running (pid {running}); GET /api/v1/dlq/replay shows it")
        if open_letters == 0:
            return JSONResponse(status_code=200, content=ReplayOut(status="nothing_to_replay",
                                                                   open_letters=0).model_dump(mode="json"))
        limit = body.limit or ctx.settings.dlq.replay_limit
        command = [sys.executable, "-m", "scout_core.cli", "dlq", "replay", "--limit", str(limit)]
        command += ["--to", body.to] if body.to else []
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        ctx.replay.update(process=child, started_at=utcnow())
    return ReplayOut(status="started", open_letters=open_letters, pid=child.pid, started_at=ctx.replay["started_at"])


@router.get("/replay", response_model=ReplayOut)
def replay_status(ctx: ContextDep, insights: InsightsDep, _who: ReadKey) -> ReplayOut:
    """The replay started from the API last: running, finished or failed (idle when none was)."""
    open_letters = insights.dead_letter_counts()["open"]
    child = ctx.replay.get("process")
    started = ctx.replay.get("started_at")
    if not isinstance(child, subprocess.Popen) or not isinstance(started, datetime):
        return ReplayOut(status="idle", open_letters=open_letters)
    code = child.poll()
    status = "running" if code is None else ("finished" if code == 0 else "failed")
    return ReplayOut(status=status, open_letters=open_letters, pid=child.pid, started_at=started, exit_code=code)


def _running(state: dict[str, object]) -> int | None:
    child = state.get("process")
    if isinstance(child, subprocess.Popen) and child.poll() is None:
        return child.pid
    return None
