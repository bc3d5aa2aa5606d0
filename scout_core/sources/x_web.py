"""X web profile pages through a real browser: the tier that works without API credentials.

``fetch_profile`` renders ``{base_url}/{handle}`` in Chromium with a logged-in session cookie
(round-robin over ``x_web.session_cookies``) and keeps the rendered HTML as the raw payload;
``normalize`` reads it with BeautifulSoup (``x_web_parse``). Page outcomes map onto the error
tree: the login wall is LoginWallError (rotate the session), X's "account doesn't exist" page is
NotFoundError, and a page that no longer has the expected markup (DOM drift) is ParseError, with
its HTML kept under ``data_dir/debug/x_web/`` for whoever fixes the selectors.
"""

from __future__ import annotations

import itertools
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from scout_core.errors import (
    BannedError,
    ConfigurationError,
    LoginWallError,
    NotFoundError,
    ParseError,
    SourceUnavailableError,
)
from scout_core.handles import clean_handle
from scout_core.schema import InternalProfile, RawPayload, utcnow
from scout_core.settings import Settings
from scout_core.sources.base import Source
from scout_core.sources.x_web_parse import READY_SELECTOR, SOURCE, page_kind, parse_profile, read_page

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

log = logging.getLogger(__name__)


class PageRenderer(Protocol):
    """What renders pages: a BrowserWorker here, or the Ray actor wrapping one."""

    async def render(
        self, url: str, session_cookie: str | None, ready_selector: str, timeout_s: float
    ) -> str: ...

    async def close(self) -> None: ...


class XWebSource(Source):
    """X profiles scraped from the web page with Playwright Chromium."""

    name: ClassVar[str] = "x_web"
    platform: ClassVar[str] = "x"

    def __init__(self, settings: Settings, renderer: PageRenderer | None = None) -> None:
        super().__init__(settings)
        self._renderer = renderer
        self._owns_renderer = renderer is None
        self._turn = itertools.count()

    @property
    def renderer(self) -> PageRenderer:
        """The browser worker, launched on first use (Chromium starts only when a page is asked for)."""
        if self._renderer is None:
            from scout_core.enrich.browser import BrowserWorker

            self._renderer = BrowserWorker(self.settings)
        return self._renderer

    def next_session(self) -> tuple[int | None, str | None]:
        """(index, cookie value) of the next session, round-robin; (None, None) without sessions."""
        cookies = self.settings.x_web.session_cookies
        if not cookies:
            return None, None
        index = next(self._turn) % len(cookies)
        return index, cookies[index].get_secret_value()

    def session_cookie(self, session: str) -> tuple[int, str]:
        """(index, cookie value) of a session chosen by the controller's session pool."""
        cookies = self.settings.x_web.session_cookies
        index = int(session)
        if not 0 <= index < len(cookies):
            raise ConfigurationError(f"x_web: no session {session!r}; {len(cookies)} session cookies configured")
        return index, cookies[index].get_secret_value()

    async def fetch_profile(self, handle: str, session: str | None = None) -> RawPayload:
        """Render the profile page; on ``session`` (an index into session_cookies) when given, else round-robin."""
        handle = clean_handle("x", handle)
        index, cookie = self.session_cookie(session) if session is not None else self.next_session()
        cfg = self.settings.x_web
        try:
            url = f"{cfg.base_url}/{handle}"
            html = await self.renderer.render(url, cookie, READY_SELECTOR, cfg.page_timeout_s)
        except SourceUnavailableError as exc:
            shown = getattr(exc, "html", None)  # the browser's ReadyTimeoutError carries the page it saw
            if shown is not None and _has_rendered(read_page(shown)):
                problem = "no profile, login wall or empty state"
                raise self._drifted(handle, shown, "UserName", problem) from exc
            raise SourceUnavailableError(exc.detail, source=self.name, handle=handle,
                                         status=getattr(exc, "status", None)) from exc
        self._check_page(handle, index, html)
        return RawPayload(source=self.name, handle=handle, content_type="text/html", body=html,
                          meta={"session": index})

    def normalize(self, raw: RawPayload) -> list[InternalProfile]:
        handle = raw.handle or "?"
        if raw.content_type != "text/html" or not isinstance(raw.body, str):
            raise ParseError(f"expected an HTML page, got {raw.content_type} ({type(raw.body).__name__})",
                             source=self.name, handle=handle, field="body")
        return [parse_profile(raw.body, handle, raw.fetched_at)]

    async def aclose(self) -> None:
        if self._renderer is not None and self._owns_renderer:
            await self._renderer.close()
            self._renderer = None

    def _check_page(self, handle: str, session: int | None, html: str) -> None:
        """Raise what the page means when it is not a readable profile."""
        soup = read_page(html)
        kind = page_kind(soup)
        if kind == "suspended":
            raise BannedError("session suspended by X", source=self.name, handle=handle,
                              session=None if session is None else str(session))
        if kind == "login_wall":
            raise LoginWallError("login wall: session cookie missing or expired", source=self.name,
                                 handle=handle, session=None if session is None else str(session))
        if kind == "not_found":
            raise NotFoundError("X says this account doesn't exist", source=self.name, handle=handle)
        try:
            parse_profile(html, handle, utcnow())
        except ParseError as exc:
            raise self._drifted(handle, html, exc.field or "profile", exc.detail) from exc

    def _drifted(self, handle: str, html: str, field: str, problem: str) -> ParseError:
        """A ParseError for a page that no longer matches the markup, with its HTML kept for debugging."""
        error = ParseError(f"page markup changed? {problem}", source=self.name, handle=handle, field=field)
        error.debug_path = keep_debug_page(self.settings.data_dir, handle, html)  # type: ignore[attr-defined]
        return error


def _has_rendered(soup: BeautifulSoup) -> bool:
    """Whether the page script drew something: text in the app root rather than a blank shell."""
    root: Any = soup.select_one("#react-root") or soup.body
    return bool(root and root.get_text(strip=True)) and soup.select_one('[role="alert"]') is None


def keep_debug_page(data_dir: Path, handle: str, html: str) -> str | None:
    """Save a page that failed to parse under data_dir/debug/x_web/; its path, or None if unwritable."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = Path(data_dir) / "debug" / SOURCE / f"{handle}-{stamp}.html"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        log.warning("could not keep the unparseable %s page of %s at %s: %s", SOURCE, handle, path, exc)
        return None
    return str(path)
