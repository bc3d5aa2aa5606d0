"""A plain-Python browser worker: one Chromium, its lifecycle, and pages rendered on demand.

The Ray actor that runs it is a thin shell; everything that can go wrong with a browser is handled
here, where it is tested without Ray:

* one browser context per (site, session cookie), reused across that session's pages;
* a semaphore bounds the pages open at once;
* the browser is retired (closed once its open pages finish, and relaunched) after
  ``pages_per_browser`` pages, which caps Chromium's slow memory growth;
* it is closed after ``idle_close_s`` without work (checked lazily and by ``close_if_idle``);
* when Chromium dies under it (TargetClosedError, disconnected), it relaunches and retries once.

Use it from one event loop (Playwright's async API is bound to the loop that started it).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, Playwright, Route, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from scout_core.enrich.chromium import LAUNCH_ARGS, find_chromium
from scout_core.errors import SourceUnavailableError
from scout_core.settings import Settings

SOURCE = "browser"  # errors raised here name the worker; adapters re-raise them under their own name
SESSION_COOKIE = "auth_token"
_SKIPPED_RESOURCES = frozenset({"image", "media", "font"})  # never needed to read a page's text


class ReadyTimeoutError(SourceUnavailableError):
    """The page loaded but no ready selector appeared in time; ``html`` is what it showed then."""

    def __init__(self, message: str, *, html: str, selector: str) -> None:
        super().__init__(message, source=SOURCE)
        self.html = html
        self.selector = selector


@dataclass
class BrowserStats:
    pages: int = 0  # pages opened
    launches: int = 0  # browsers started, for any reason
    relaunches: int = 0  # launches after Chromium died under us
    crash_retries: int = 0  # pages retried because Chromium died while they were open
    retirements: int = 0  # browsers retired after pages_per_browser pages
    idle_closes: int = 0
    peak_open_pages: int = 0  # most pages open at once (bounded by max_concurrent_pages)


@dataclass(eq=False)
class _Generation:
    """One launched browser and what hangs off it."""

    browser: Browser
    contexts: dict[tuple[str, str | None], BrowserContext] = field(default_factory=dict)
    pages: int = 0
    active: int = 0
    retired: bool = False


class _BrowserDied(Exception):
    """Internal: Chromium went away during a page; relaunch and retry once."""


class BrowserWorker:
    """Renders pages in one Chromium and keeps that Chromium healthy."""

    def __init__(self, settings: Settings, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self._cfg = settings.x_web
        self._clock = clock
        self._playwright: Playwright | None = None
        self._current: _Generation | None = None
        self._retired: set[_Generation] = set()
        self._lock = asyncio.Lock()
        self._pages = asyncio.Semaphore(self._cfg.max_concurrent_pages)
        self._active = 0
        self._last_used = clock()
        self.stats = BrowserStats()

    @property
    def is_running(self) -> bool:
        return self._current is not None

    @property
    def open_contexts(self) -> int:
        """Session contexts of the current browser."""
        return len(self._current.contexts) if self._current else 0

    async def render(
        self, url: str, session_cookie: str | None, ready_selector: str, timeout_s: float
    ) -> str:
        """The page's HTML once ``ready_selector`` (CSS, may list alternatives) is in the DOM."""
        await self.close_if_idle()
        async with self._pages:
            self._active += 1
            self.stats.peak_open_pages = max(self.stats.peak_open_pages, self._active)
            try:
                try:
                    return await self._render_once(url, session_cookie, ready_selector, timeout_s)
                except _BrowserDied:
                    self.stats.crash_retries += 1
                    return await self._render_once(url, session_cookie, ready_selector, timeout_s)
            except _BrowserDied as exc:
                raise SourceUnavailableError(f"Chromium died twice rendering {url}", source=SOURCE) from exc
            finally:
                self._active -= 1
                self._last_used = self._clock()

    async def close_if_idle(self) -> bool:
        """Close the browser when nothing ran for ``idle_close_s``; True when it did."""
        idle = self._clock() - self._last_used
        if self._current is None or self._active or idle <= self._cfg.idle_close_s:
            return False
        self.stats.idle_closes += 1
        await self.close()
        return True

    async def close(self) -> None:
        """Close every browser and the Playwright driver; the next render starts afresh."""
        async with self._lock:
            generations = [g for g in (self._current, *self._retired) if g is not None]
            self._current, self._retired = None, set()
            for generation in generations:
                await _close_quietly(generation.browser)
            if self._playwright is not None:
                with contextlib.suppress(Exception):
                    await self._playwright.stop()
                self._playwright = None

    async def _render_once(self, url: str, cookie: str | None, selector: str, timeout_s: float) -> str:
        generation = await self._acquire()
        try:
            context = await self._context(generation, url, cookie)
            page = await context.new_page()
            try:
                return await self._load(page, url, selector, timeout_s)
            finally:
                with contextlib.suppress(PlaywrightError):
                    await page.close()
        except PlaywrightError as exc:
            if _died(exc, generation):
                await self._drop(generation)
                raise _BrowserDied(str(exc)) from exc
            message = f"browser failed on {url}: {_first_line(exc)}"
            raise SourceUnavailableError(message, source=SOURCE) from exc
        finally:
            await self._release(generation)

    async def _load(self, page: Any, url: str, selector: str, timeout_s: float) -> str:
        deadline = self._clock() + timeout_s
        try:
            await page.goto(url, timeout=timeout_s * 1000, wait_until="domcontentloaded")
        except PlaywrightTimeoutError as exc:
            raise SourceUnavailableError(f"{url} did not load within {timeout_s}s", source=SOURCE) from exc
        remaining_ms = max(deadline - self._clock(), 0.05) * 1000
        try:
            await page.wait_for_selector(selector, state="attached", timeout=remaining_ms)
        except PlaywrightTimeoutError as exc:
            raise ReadyTimeoutError(
                f"none of {selector!r} appeared on {url} within {timeout_s}s",
                html=await page.content(), selector=selector,
            ) from exc
        return await page.content()

    async def _acquire(self) -> _Generation:
        """The current browser, launching, retiring or replacing it first when needed."""
        async with self._lock:
            current = self._current
            if current is not None and not current.browser.is_connected():
                self.stats.relaunches += 1
                await self._retire(current)
                current = None
            elif current is not None and current.pages >= self._cfg.pages_per_browser:
                self.stats.retirements += 1
                await self._retire(current)
                current = None
            if current is None:
                current = self._current = _Generation(await self._launch())
            current.pages += 1
            current.active += 1
            self.stats.pages += 1
            return current

    async def _release(self, generation: _Generation) -> None:
        generation.active -= 1
        if generation.retired and generation.active == 0 and generation in self._retired:
            self._retired.discard(generation)
            await _close_quietly(generation.browser)

    async def _drop(self, generation: _Generation) -> None:
        """Chromium died: forget it so the retry launches a fresh one."""
        async with self._lock:
            if self._current is generation:
                self.stats.relaunches += 1
                await self._retire(generation)

    async def _retire(self, generation: _Generation) -> None:
        """Take a browser out of service; close it now if no page is open in it, else at its last release."""
        generation.retired = True
        if self._current is generation:
            self._current = None
        if generation.active:
            self._retired.add(generation)
        else:
            await _close_quietly(generation.browser)

    async def _launch(self) -> Browser:
        executable = find_chromium(self._settings)
        try:
            if self._playwright is None:
                self._playwright = await async_playwright().start()
            browser = await self._playwright.chromium.launch(
                executable_path=executable, headless=True, args=list(LAUNCH_ARGS))
        except PlaywrightError as exc:
            raise SourceUnavailableError(
                f"could not launch Chromium at {executable}: {_first_line(exc)}", source=SOURCE) from exc
        self.stats.launches += 1
        return browser

    async def _context(self, generation: _Generation, url: str, cookie: str | None) -> BrowserContext:
        """One context per (site, session): its cookies stay apart from every other session's."""
        parts = urlsplit(url)
        key = (f"{parts.scheme}://{parts.netloc}", cookie)
        async with self._lock:
            context = generation.contexts.get(key)
            if context is None:
                context = await generation.browser.new_context(locale="en-US", timezone_id="UTC")
                await context.route("**/*", _skip_heavy)
                if cookie is not None:
                    await context.add_cookies([_session_cookie(parts.scheme, parts.hostname or "", cookie)])
                generation.contexts[key] = context
            return context


def _session_cookie(scheme: str, host: str, value: str) -> Any:
    return {"name": SESSION_COOKIE, "value": value, "domain": host, "path": "/",
            "httpOnly": True, "secure": scheme == "https", "sameSite": "Lax"}


async def _skip_heavy(route: Route) -> None:
    if route.request.resource_type in _SKIPPED_RESOURCES:
        await route.abort()
    else:
        await route.continue_()


def _died(exc: PlaywrightError, generation: _Generation) -> bool:
    """Whether an error means Chromium itself is gone (not just this page)."""
    if not generation.browser.is_connected():
        return True
    closed = type(exc).__name__ == "TargetClosedError" or "has been closed" in str(exc)
    return closed or "Target crashed" in str(exc)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


async def _close_quietly(browser: Browser) -> None:
    with contextlib.suppress(Exception):
        await browser.close()
