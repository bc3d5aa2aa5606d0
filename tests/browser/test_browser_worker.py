"""BrowserWorker's lifecycle on real Chromium: session contexts, retirement, idle close, crash recovery."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from scout_core.enrich.browser import BrowserWorker
from scout_core.settings import Settings
from scout_core.sources.x_web_parse import READY_SELECTOR

pytestmark = pytest.mark.browser
SESSION = "sandbox-session-0"


class FakeClock:
    """Idle time without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def worker_settings(settings: Settings, **x_web: object) -> Settings:
    return settings.model_copy(update={"x_web": settings.x_web.model_copy(update=x_web)})


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def browser_processes() -> list[int]:
    """Chromium main processes (not renderers or zygotes) started under this test process."""
    me, found = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        program = Path(cmdline.split(b"\0")[0].split(b" ")[0].decode(errors="replace")).name
        # Child processes carry --type=...; Chromium rewrites their cmdline, so search the whole of it.
        if state == "Z" or "chrom" not in program or b"--type=" in cmdline:
            continue
        pid, ancestor = int(entry.name), int(entry.name)
        while ancestor and ancestor not in (1, me):
            ancestor = _parent(ancestor) or 0
        if ancestor == me:
            found.append(pid)
    return found


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def test_contexts_retirement_and_idle_close(x_site: str, settings: Settings, loop_thread) -> None:
    clock = FakeClock()
    worker = BrowserWorker(worker_settings(settings, pages_per_browser=3, idle_close_s=60), clock=clock)
    page = f"{x_site}/x-web/grace_h"

    async def scenario() -> None:
        for cookie in (SESSION, SESSION, "sandbox-session-1"):
            assert "@grace_h" in await worker.render(page, cookie, READY_SELECTOR, 10)
        # One context per session, reused; all three pages in the first browser.
        assert (worker.open_contexts, worker.stats.launches) == (2, 1)
        assert len(browser_processes()) == 1
        await worker.render(page, SESSION, READY_SELECTOR, 10)  # 4th page: the browser is retired
        assert (worker.stats.launches, worker.stats.retirements, worker.open_contexts) == (2, 1, 1)
        assert len(browser_processes()) == 1  # the retired one was closed, not leaked
        assert await worker.close_if_idle() is False
        clock.now += 61  # idle: the next call closes the browser first, then launches a new one
        await worker.render(page, SESSION, READY_SELECTOR, 10)
        assert (worker.stats.idle_closes, worker.stats.launches) == (1, 3)
        clock.now += 61
        assert await worker.close_if_idle() is True
        assert not worker.is_running and browser_processes() == []

    try:
        loop_thread.run(scenario())
    finally:
        loop_thread.run(worker.close())


def test_relaunch_after_chromium_is_killed(x_site: str, settings: Settings, loop_thread) -> None:
    worker = BrowserWorker(worker_settings(settings, max_concurrent_pages=2))
    page = f"{x_site}/x-web/Ada_Builds"

    async def scenario() -> None:
        await worker.render(page, SESSION, READY_SELECTOR, 10)
        # Killed between pages: the next page gets a fresh browser.
        [pid] = browser_processes()
        os.kill(pid, signal.SIGKILL)
        while not gone(pid):
            await asyncio.sleep(0.05)  # wait for the kill to land, not for the test to pass
        assert 'data-testid="UserName"' in await worker.render(page, SESSION, READY_SELECTOR, 10)
        assert (worker.stats.launches, worker.stats.relaunches) == (2, 1)
        # Killed with no chance to notice: the page fails on the dead browser, which is relaunched,
        # and the page retried once.
        [pid] = browser_processes()
        retried = worker.stats.crash_retries
        os.kill(pid, signal.SIGKILL)
        assert 'data-testid="UserName"' in await worker.render(page, SESSION, READY_SELECTOR, 10)
        assert (worker.stats.launches, worker.stats.relaunches) == (3, 2)
        assert worker.stats.crash_retries == retried + 1
        assert pid not in browser_processes()
        # The new browser takes concurrent work within the page bound.
        pages = await asyncio.gather(*(worker.render(page, SESSION, READY_SELECTOR, 10) for _ in range(4)))
        assert all("@Ada_Builds" in html for html in pages)
        assert worker.stats.peak_open_pages == 2 and worker.stats.launches == 3

    try:
        loop_thread.run(scenario())
    finally:
        loop_thread.run(worker.close())
