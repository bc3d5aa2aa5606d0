"""One run at a time per database: the run lease, held with a heartbeat, waited for or refused.

Two runs on one store would both resume the same journaled batch and pay twice for the same calls.
So a run takes the lease (``store.lease``: a row with a holder and an expiry) before it starts and a
daemon thread renews it every quarter of ``ttl_s``. A second run waits, saying for whom, until the
lease is released or expires - or refuses at once (``--no-wait``), or after ``wait_s``. A run that
died stops renewing: its lease expires after ``ttl_s``, the next run takes it, marks the dead run
``crashed`` and resumes the batches it left in flight (they are in the journal).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from scout_core.errors import RunInProgressError, ScoutError
from scout_core.schema import utcnow
from scout_core.settings import LeaseSettings
from scout_core.store.lease import LeaseState
from scout_core.store.repository import Repository

log = logging.getLogger(__name__)

LEASE_NAME = "pipeline"
MAX_POLL_S = 5.0  # how often a waiting run looks again (a quarter of the ttl when that is shorter)

_held: dict[str, RunLease] = {}
_held_lock = threading.Lock()


def describe(state: LeaseState, now: datetime | None = None) -> str:
    """``run-… (started 12:00:01 UTC, last heartbeat 3 s ago)``."""
    now = now or utcnow()
    beat = max(0, round((now - state.heartbeat_at).total_seconds()))
    return f"{state.holder} (started {state.acquired_at:%Y-%m-%d %H:%M:%S} UTC, last heartbeat {beat} s ago)"


class RunLease:
    """The lease held by one run: taken by ``acquire``, renewed in the background, given back by ``release``."""

    def __init__(self, repo: Repository, run_id: str, cfg: LeaseSettings, name: str = LEASE_NAME) -> None:
        self.repo = repo
        self.run_id = run_id
        self.cfg = cfg
        self.name = name
        self.lost = False  # set when a heartbeat found the lease taken by another run
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def acquire(self, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lease, waiting (up to ``cfg.wait_s``) while another live run holds it.

        RunInProgressError when ``wait`` is False and the lease is held, or when the wait runs out.
        ``on_wait`` is told once, in a sentence, whom this run is waiting for.
        """
        def attempt() -> LeaseState | None:
            state = self.repo.take_lease(self.name, self.run_id, self.cfg.ttl_s)
            return None if state.holder == self.run_id else state

        _wait(self.cfg, wait, on_wait or log.warning, attempt)
        self._start_heartbeat()

    def _start_heartbeat(self) -> None:
        with _held_lock:
            _held[self.run_id] = self
        self._beat = threading.Thread(target=self._heartbeat, name=f"lease-{self.run_id}", daemon=True)
        self._beat.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.cfg.ttl_s / 4) and self.beat():
            pass

    def beat(self) -> bool:
        """Renew the lease once; False (and ``lost``) when another run holds it now."""
        try:
            if not self.repo.renew_lease(self.name, self.run_id, self.cfg.ttl_s):
                self.lost = True
                log.error("run %s lost the run lease (it expired and another run took it)", self.run_id)
                return False
        except ScoutError as exc:  # a database blip: the next beat tries again well before the expiry
            log.warning("run %s: lease heartbeat failed: %s", self.run_id, exc)
        return True

    def check(self) -> None:
        """RunInProgressError when the lease was lost: stop before doing work another run now owns."""
        if self.lost:
            raise RunInProgressError(f"run {self.run_id} lost the run lease to another run; stopping")

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=10)
        with _held_lock:
            _held.pop(self.run_id, None)
        try:
            self.repo.release_lease(self.name, self.run_id)
        except ScoutError as exc:  # it expires on its own after ttl_s
            log.warning("run %s: could not release the run lease (%s); it expires by itself", self.run_id, exc)


def take_run_lease(repo: Repository, run_id: str, cfg: LeaseSettings, wait: bool = True,
                   on_wait: Callable[[str], None] | None = None) -> RunLease:
    """Hold the run lease for ``run_id`` (see ``RunLease.acquire``), then mark runs that died ``crashed``."""
    held = RunLease(repo, run_id, cfg)
    held.acquire(wait, on_wait)
    crashed = repo.mark_stale_runs_crashed(run_id)
    if crashed:
        log.warning("marked %d run(s) that died without finishing as crashed: %s", len(crashed), ", ".join(crashed))
    return held


def abandon_held_runs(reason: str) -> list[str]:
    """Mark every run holding a lease in this process failed and release its lease (a flow failed or crashed)."""
    with _held_lock:
        held = list(_held.values())
    for lease in held:
        try:
            lease.repo.finish_run(lease.run_id, "failed", {"error": reason[:500]})
        except ScoutError as exc:
            log.warning("run %s: could not be marked failed: %s", lease.run_id, exc)
        lease.release()
    return [lease.run_id for lease in held]


def held_lease(run_id: str) -> RunLease | None:
    with _held_lock:
        return _held.get(run_id)


def check_run_lease(run_id: str) -> None:
    """RunInProgressError when ``run_id`` held the lease in this process and lost it (see ``RunLease.check``)."""
    held = held_lease(run_id)
    if held is not None:
        held.check()


def release_run_lease(run_id: str) -> None:
    """Give back the lease ``run_id`` holds in this process, if any."""
    held = held_lease(run_id)
    if held is not None:
        held.release()


def wait_for_free_lease(repo: Repository, cfg: LeaseSettings, wait: bool,
                        on_wait: Callable[[str], None]) -> None:
    """Before starting a run's machinery: refuse (``wait`` False) or wait while a live run holds the lease.

    Only a courtesy to the user (one clear line before seconds of start-up); the run itself takes the lease.
    """
    def attempt() -> LeaseState | None:
        state = repo.current_lease(LEASE_NAME)
        return state if state is not None and state.expires_at > utcnow() else None

    _wait(cfg, wait, on_wait, attempt)


def _wait(cfg: LeaseSettings, wait: bool, on_wait: Callable[[str], None],
          attempt: Callable[[], LeaseState | None]) -> None:
    """Repeat ``attempt`` (None: go ahead; else who holds the lease) until it lets this run go, or refuse."""
    deadline = time.monotonic() + cfg.wait_s
    told = False
    while (state := attempt()) is not None:
        if not wait:
            raise RunInProgressError(f"another run is in progress: {describe(state)}; "
                                     f"wait for it, or run without --no-wait to queue behind it")
        if time.monotonic() >= deadline:
            raise RunInProgressError(f"another run is still in progress after waiting {cfg.wait_s:g} s: "
                                     f"{describe(state)} (SCOUT_LEASE__WAIT_S sets how long to wait)")
        if not told:
            told = True
            on_wait(f"waiting for {describe(state)} to finish; a run that died frees the lease "
                    f"{cfg.ttl_s:g} s after its last heartbeat (--no-wait refuses instead)")
        time.sleep(min(MAX_POLL_S, cfg.ttl_s / 4, max(0.01, deadline - time.monotonic())))
