"""XWebSource end to end: real Chromium renders the sandbox's client-side X pages served by uvicorn.

One BrowserWorker is shared by every test here (one Chromium launch for the module).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from scout_core.enrich.browser import BrowserWorker
from scout_core.errors import LoginWallError, NotFoundError, ParseError, SourceUnavailableError
from scout_core.process import process_outcomes
from scout_core.runtime import open_repository
from scout_core.schema import Candidate, EnrichmentOutcome, EnrichmentQuality
from scout_core.settings import Settings
from scout_core.sources.x_web import XWebSource
from scout_core.sources.x_web_parse import READY_SELECTOR, page_kind, read_page

pytestmark = pytest.mark.browser


def site_settings(base: Settings, base_url: str, cookies: list[str], **x_web: object) -> Settings:
    update = {"base_url": base_url, "session_cookies": [SecretStr(c) for c in cookies], **x_web}
    return base.model_copy(update={"x_web": base.x_web.model_copy(update=update)})


@pytest.fixture(scope="module")
def base_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("x-web-data"), _env_file=None)


@pytest.fixture(scope="module")
def worker(base_settings: Settings, loop_thread) -> Iterator[BrowserWorker]:
    shared = BrowserWorker(base_settings)
    yield shared
    loop_thread.run(shared.close())


def source_for(settings: Settings, worker: BrowserWorker) -> XWebSource:
    return XWebSource(settings, renderer=worker)


def test_full_profile(x_site: str, base_settings: Settings, worker: BrowserWorker, loop_thread) -> None:
    settings = site_settings(base_settings, f"{x_site}/x-web", ["sandbox-session-0", "sandbox-session-1"])
    source = source_for(settings, worker)

    async def both():  # concurrent pages on two sessions
        return await asyncio.gather(source.fetch_profile("@Ada_Builds"), source.fetch_profile("grace_h"))

    ada_raw, grace_raw = loop_thread.run(both())
    assert (ada_raw.source, ada_raw.handle, ada_raw.content_type) == ("x_web", "Ada_Builds", "text/html")
    assert {ada_raw.meta["session"], grace_raw.meta["session"]} == {0, 1}
    [ada] = source.normalize(ada_raw)
    assert (ada.display_name, ada.verified, ada.location) == ("Ada Lovelace 🚀", True, "Berlin, Germany")
    assert (ada.followers_count, ada.following_count, ada.content_count) == (12_500, 1_184, 83_600)
    assert ada.counts_approximate and ada.created_at == datetime(2014, 3, 1, tzinfo=UTC)
    assert "Building agents at @acme_ai" in (ada.bio or "")
    assert [p.mentions for p in ada.recent_posts] == [["grace_h", "acme_ai"], [], []]
    assert ada.recent_posts[0].urls == ["https://github.com/adab/evalkit"]
    [grace] = source.normalize(grace_raw)
    assert (grace.followers_count, grace.following_count, grace.content_count) == (9_999, 7, 1)
    assert not grace.counts_approximate
    assert worker.stats.launches == 1 and worker.stats.relaunches == 0


def test_login_wall(x_site: str, base_settings: Settings, worker: BrowserWorker, loop_thread) -> None:
    anonymous = source_for(site_settings(base_settings, f"{x_site}/x-web", []), worker)
    with pytest.raises(LoginWallError) as caught:
        loop_thread.run(anonymous.fetch_profile("Ada_Builds"))
    assert (caught.value.handle, caught.value.session) == ("Ada_Builds", None)
    expired = source_for(site_settings(base_settings, f"{x_site}/x-web", ["expired-cookie"]), worker)
    with pytest.raises(LoginWallError) as caught:
        loop_thread.run(expired.fetch_profile("Ada_Builds"))
    assert caught.value.session == "0"
    assert worker.stats.launches == 1


def test_unknown_handle(x_site: str, base_settings: Settings, worker: BrowserWorker, loop_thread) -> None:
    source = source_for(site_settings(base_settings, f"{x_site}/x-web", ["sandbox-session-0"]), worker)
    with pytest.raises(NotFoundError) as caught:
        loop_thread.run(source.fetch_profile("nobody_here"))
    assert caught.value.handle == "nobody_here"


def test_drifted_markup_keeps_the_page(x_site: str, base_settings: Settings, worker: BrowserWorker,
                                       loop_thread) -> None:
    # The drifted page never shows a ready selector, so keep the wait short.
    settings = site_settings(base_settings, f"{x_site}/x-web-drift", ["sandbox-session-0"],
                             page_timeout_s=1.5)
    with pytest.raises(ParseError) as caught:
        loop_thread.run(source_for(settings, worker).fetch_profile("Ada_Builds"))
    error = caught.value
    assert (error.source, error.handle, error.field) == ("x_web", "Ada_Builds", "UserName")
    kept = Path(error.debug_path)
    assert kept.parent == base_settings.data_dir / "debug" / "x_web" and kept.name.startswith("Ada_Builds-")
    assert 'data-testid="UserNameV2"' in kept.read_text(encoding="utf-8")


def test_adapter_starts_and_closes_its_own_browser(x_site: str, base_settings: Settings, loop_thread) -> None:
    source = XWebSource(site_settings(base_settings, f"{x_site}/x-web", ["sandbox-session-0"]))
    assert source._renderer is None  # lazy: nothing launched until a page is asked for

    async def fetch_then_close() -> tuple[int, bool]:
        profiles = await source.fetch("grace_h")
        worker = source.renderer
        await source.aclose()
        return len(profiles), worker.is_running  # type: ignore[attr-defined]

    assert loop_thread.run(fetch_then_close()) == (1, False)


def test_unreachable_site_is_retryable(base_settings: Settings, worker: BrowserWorker, loop_thread) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound but never listening: connections are refused
    try:
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/x-web"
        source = source_for(site_settings(base_settings, url, ["sandbox-session-0"]), worker)
        with pytest.raises(SourceUnavailableError) as caught:
            loop_thread.run(source.fetch_profile("Ada_Builds"))
    finally:
        closed.close()
    assert (caught.value.source, caught.value.handle) == ("x_web", "Ada_Builds")
    assert "ERR_CONNECTION_REFUSED" in str(caught.value)


def test_a_suspended_account_shows_x_s_notice_and_is_not_taken_for_a_suspended_session(
        x_site: str, base_settings: Settings, worker: BrowserWorker, loop_thread) -> None:
    html = loop_thread.run(worker.render(f"{x_site}/x-web/mallory_x", "sandbox-session-0", READY_SELECTOR, 20))
    soup = read_page(html)
    assert "Account suspended" in soup.get_text(" ")
    assert "X suspends accounts which violate the X Rules" in soup.get_text(" ")
    assert page_kind(soup) == "not_found"  # the account is gone from view; the session is fine
    source = source_for(site_settings(base_settings, f"{x_site}/x-web", ["sandbox-session-0"]), worker)
    with pytest.raises(NotFoundError):
        loop_thread.run(source.fetch_profile("mallory_x"))


def test_a_post_without_its_status_link_costs_that_post_not_the_profile(
        x_site: str, base_settings: Settings, worker: BrowserWorker, loop_thread, tmp_path) -> None:
    """Rendered in Chromium: the first post's time is not inside a /<handle>/status/<id> link. The profile
    is kept with the two posts it could read, PARTIAL, and the stored run records the drift."""
    settings = site_settings(base_settings, f"{x_site}/x-web-post-drift", ["sandbox-session-0"])
    source = source_for(settings, worker)
    raw = loop_thread.run(source.fetch_profile("Ada_Builds"))  # no ParseError: the page is a profile
    [ada] = source.normalize(raw)
    assert ada.handle == "Ada_Builds" and ada.followers_count == 12_500
    assert [p.post_id for p in ada.recent_posts] == ["1790000000000000002", "1790000000000000001"]
    assert ada.enrichment_quality == EnrichmentQuality.PARTIAL
    assert ada.parse_drift == ["recent_posts.post_id: 1 post(s) with a time but no /<handle>/status/<id> link, "
                               "skipped (2 read)"]

    store = Settings(data_dir=tmp_path / "store", _env_file=None)
    repo = open_repository(store)
    repo.start_run("run-drift", {})
    kept = raw.model_copy(update={"meta": {"lake_keys": ["x_web/a.json.gz"]}})
    outcome = EnrichmentOutcome(candidate=Candidate(platform="x", handle="Ada_Builds"), source="x_web",
                                profiles=[ada], raw=[kept])
    report = process_outcomes(store, repo, [outcome], "run-drift")
    assert report.stored == 1 and report.drifted == 1 and report.dead_letters == 0
    assert repo.error_counts("run-drift", "parse-drift") == {"MarkupDrift": 1}
    assert repo.get_profile("x", "Ada_Builds").enrichment_quality == EnrichmentQuality.PARTIAL
