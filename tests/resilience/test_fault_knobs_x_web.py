"""x_web fault knobs in real Chromium through XWebSource: expired cookies, DOM drift, a banned session."""

from __future__ import annotations

import asyncio

import pytest

from scout_core.errors import BannedError, LoginWallError, ParseError
from scout_core.sources.x_web import XWebSource

pytestmark = [pytest.mark.browser]


def _handles(world, n=2) -> list[str]:
    return [p.x.handle for p in world.people if p.x is not None][:n]


async def _outcomes(settings, handles, flip) -> list[object]:
    """Fetch each handle once with the knobs clear, then once after ``flip()``: one browser for both."""
    source = XWebSource(settings)
    try:
        before = [await source.fetch_profile(h) for h in handles]
        flip()
        after = []
        for handle in handles:
            try:
                after.append(await source.fetch_profile(handle))
            except Exception as exc:  # noqa: BLE001 - the error is what the test looks at
                after.append(exc)
        return before + after
    finally:
        await source.aclose()


def test_expired_cookies_show_the_login_wall(faulty_sandbox, faults, sandbox_settings):
    world, _, _ = faulty_sandbox
    handles = _handles(world)
    results = asyncio.run(_outcomes(sandbox_settings, handles, lambda: faults.set("x_web", expired_cookies=True)))
    assert [r.handle for r in results[:2]] == handles  # fine before the knob
    assert all(type(r) is LoginWallError for r in results[2:]), results[2:]


def test_dom_drift_is_a_parse_error_with_the_page_kept(faulty_sandbox, faults, sandbox_settings):
    world, _, _ = faulty_sandbox
    [handle] = _handles(world, 1)
    settings = sandbox_settings.model_copy(update={
        "x_web": sandbox_settings.x_web.model_copy(update={"page_timeout_s": 1.5})})
    results = asyncio.run(_outcomes(settings, [handle], lambda: faults.set("x_web", dom_drift=True)))
    assert results[0].handle == handle
    assert isinstance(results[1], ParseError), results[1]
    assert "UserNameV2" in open(results[1].debug_path).read()  # the renamed markup, kept for debugging


def test_a_banned_session_gets_the_suspension_wall(faulty_sandbox, faults, sandbox_settings):
    world, _, _ = faulty_sandbox
    [handle] = _handles(world, 1)
    results = asyncio.run(_outcomes(sandbox_settings, [handle], lambda: faults.set("x_web", banned=True)))
    assert isinstance(results[1], BannedError), results[1]  # a ban, told apart from an expired cookie
    assert faults.counts()["x_web"]["banned"] >= 1
