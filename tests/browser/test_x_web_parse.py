"""The x_web normalizer on pages our sandbox rendered in real Chromium (tests/browser/fixtures)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from scout_core.errors import InvalidHandleError, ParseError
from scout_core.schema import RawPayload
from scout_core.settings import Settings
from scout_core.sources.x_web import XWebSource
from scout_core.sources.x_web_parse import link_kind, linked_profiles, page_kind, parse_profile, read_page

FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def page(fixtures_dir: Path, name: str) -> str:
    return (fixtures_dir / name).read_text(encoding="utf-8")


def raw(html: str, handle: str = "Ada_Builds") -> RawPayload:
    return RawPayload(source="x_web", handle=handle, content_type="text/html", body=html, fetched_at=FETCHED)


def test_full_profile(settings: Settings, fixtures_dir: Path) -> None:
    [profile] = XWebSource(settings).normalize(raw(page(fixtures_dir, "profile_ada.html")))
    assert (profile.handle, profile.display_name, profile.verified) == ("Ada_Builds", "Ada Lovelace 🚀", True)
    assert profile.bio == ("Building agents at @acme_ai. Code: github.com/adab · "
                           "models: huggingface.co/ada-b & evals")
    assert profile.location == "Berlin, Germany"
    assert profile.website == "ada-builds.dev/projects/a…"  # display text: the href is only a t.co
    assert profile.created_at == datetime(2014, 3, 1, tzinfo=UTC)
    counts = (profile.followers_count, profile.following_count, profile.content_count)
    assert counts == (12_500, 1_184, 83_600)
    assert profile.counts_approximate is True
    assert (profile.enriched_by, profile.last_enriched_at) == ("x_web", FETCHED)
    assert [(lp.platform, lp.handle) for lp in profile.linked_profiles] == [("github", "adab"),
                                                                           ("huggingface", "ada-b")]


def test_posts_and_links(settings: Settings, fixtures_dir: Path) -> None:
    [profile] = XWebSource(settings).normalize(raw(page(fixtures_dir, "profile_ada.html")))
    first, second, third = profile.recent_posts
    assert first.post_id == "1790000000000000003"
    assert first.created_at == datetime(2024, 5, 20, 14, 30, tzinfo=UTC)
    assert first.text == ("Shipped v2 of our eval harness with @grace_h: github.com/adab/evalkit "
                          "& thanks @acme_ai")
    assert first.mentions == ["grace_h", "acme_ai"]
    assert first.urls == ["https://github.com/adab/evalkit"]
    counts = (first.like_count, first.reply_count, first.repost_count, first.view_count)
    assert counts == (1_532, 3, 0, 48_200)
    assert second.urls[0].startswith("https://t.co/")  # display cut off with "…": only the t.co is known
    assert third.like_count == 0 and third.mentions == [] and third.urls == []
    website = profile.extracted_links[0]
    assert (website.found_in, website.kind, website.display_url) == ("website", "website", profile.website)
    assert website.url.startswith("https://t.co/")
    kinds = {(link.display_url, link.kind, link.found_in) for link in profile.extracted_links[1:]}
    assert kinds == {("github.com/adab", "profile", "bio"), ("huggingface.co/ada-b", "profile", "bio"),
                     ("github.com/adab/evalkit", "repo", "post"),
                     ("huggingface.co/ada-b/tiny…", "model", "post")}


def test_small_profile_has_exact_counts_and_no_optional_fields(fixtures_dir: Path) -> None:
    profile = parse_profile(page(fixtures_dir, "profile_grace.html"), "grace_h", FETCHED)
    assert (profile.followers_count, profile.following_count, profile.content_count) == (9_999, 7, 1)
    assert profile.counts_approximate is False
    assert (profile.bio, profile.location, profile.website, profile.verified) == (None, None, None, False)
    assert profile.created_at == datetime(2021, 11, 1, tzinfo=UTC)
    assert profile.recent_posts == [] and profile.extracted_links == []


@pytest.mark.parametrize(("name", "kind"), [
    ("profile_ada.html", "profile"), ("login_wall.html", "login_wall"),
    ("not_found.html", "not_found"), ("drifted_ada.html", "unknown"),
])
def test_page_kind(fixtures_dir: Path, name: str, kind: str) -> None:
    assert page_kind(read_page(page(fixtures_dir, name))) == kind


@pytest.mark.parametrize("name", ["login_wall.html", "drifted_ada.html"])
def test_pages_without_a_profile_are_parse_errors(settings: Settings, fixtures_dir: Path, name: str) -> None:
    with pytest.raises(ParseError) as caught:
        XWebSource(settings).normalize(raw(page(fixtures_dir, name)))
    error = caught.value
    assert (error.source, error.handle, error.field) == ("x_web", "Ada_Builds", "UserName")


def test_another_site_names_source_handle_and_field(settings: Settings) -> None:
    other = "<html><body><h1>GitHub</h1><div class='vcard-names'>adab</div></body></html>"
    with pytest.raises(ParseError) as caught:
        XWebSource(settings).normalize(raw(other, "adab"))
    assert "x_web [adab]" in str(caught.value) and "'UserName'" in str(caught.value)


def test_json_payload_is_rejected(settings: Settings) -> None:
    payload = RawPayload(source="x_web", handle="adab", body={"data": {}})
    with pytest.raises(ParseError) as caught:
        XWebSource(settings).normalize(payload)
    assert caught.value.field == "body"


@pytest.mark.parametrize(("before", "after", "field"), [
    (">12.5K<", ">lots<", "followers_count"),
    ('href="/Ada_Builds/following"', 'href="/Ada_Builds/follows"', "following_count"),
    (">83.6K posts<", "><", "content_count"),
    (">Joined March 2014<", ">Joined sometime<", "UserJoinDate"),
])
def test_drift_in_one_field_names_it(fixtures_dir: Path, before: str, after: str, field: str) -> None:
    html = page(fixtures_dir, "profile_ada.html")
    assert before in html
    with pytest.raises(ParseError) as caught:
        parse_profile(html.replace(before, after), "Ada_Builds", FETCHED)
    assert caught.value.field == field


def test_a_post_link_drifting_keeps_the_profile_and_its_other_posts(fixtures_dir: Path) -> None:
    html = page(fixtures_dir, "profile_ada.html").replace(
        'href="/Ada_Builds/status/1790000000000000002"', 'href="/Ada_Builds/s/2"')
    profile = parse_profile(html, "Ada_Builds", FETCHED)
    assert [p.post_id for p in profile.recent_posts] == ["1790000000000000003", "1790000000000000001"]
    assert profile.enrichment_quality == "partial" and profile.parse_drift[0].startswith("recent_posts.post_id: 1 ")


def test_reposts_and_promoted_posts_are_not_the_persons_posts(fixtures_dir: Path) -> None:
    html = page(fixtures_dir, "profile_ada.html")
    html = html.replace('href="/Ada_Builds/status/1790000000000000002"',
                        'href="/someone/status/1790000000000000002"')
    html = html.replace('<time datetime="2024-05-02T14:30:00.000Z">May 2</time>', "Promoted")
    profile = parse_profile(html, "Ada_Builds", FETCHED)
    assert [p.post_id for p in profile.recent_posts] == ["1790000000000000003"]


def test_emoji_images_read_as_characters() -> None:
    html = ('<div data-testid="UserName"><div><span>Ada <img alt="🚀" src="/e.svg"> Builds</span></div>'
            '<div><span>@ada</span></div></div>')
    block = read_page(html).select_one('[data-testid="UserName"]')
    assert block is not None and "🚀" in block.get_text("")


def test_linked_profiles_only_whole_profile_links() -> None:
    found = linked_profiles([
        "me: github.com/adab, https://huggingface.co/ada-b.",
        "repo github.com/acme/agent, cut github.com/averylonglogi…, huggingface.co/models, github.com/-bad",
    ])
    assert [(p.platform, p.handle, p.url) for p in found] == [
        ("github", "adab", "https://github.com/adab"),
        ("huggingface", "ada-b", "https://huggingface.co/ada-b"),
    ]


@pytest.mark.parametrize(("display", "found_in", "kind"), [
    ("github.com/a/b", "post", "repo"), ("github.com/a", "bio", "profile"),
    ("huggingface.co/a/m", "post", "model"), ("huggingface.co/spaces/a/s", "post", "other"),
    ("producthunt.com/posts/thing", "bio", "launch"), ("x.com/ada", "bio", "profile"),
    ("ada.dev", "website", "website"), ("ada.dev", "post", "other"),
])
def test_link_kind(display: str, found_in: str, kind: str) -> None:
    assert link_kind(display, found_in) == kind


def test_sessions_rotate_round_robin(settings: Settings) -> None:
    assert XWebSource(settings).next_session() == (None, None)
    cookies = [SecretStr(f"s{i}") for i in range(3)]
    rotating = XWebSource(settings.model_copy(update={"x_web": settings.x_web.model_copy(
        update={"session_cookies": cookies})}))
    assert [rotating.next_session() for _ in range(4)] == [(0, "s0"), (1, "s1"), (2, "s2"), (0, "s0")]


async def _fetch(source: XWebSource, handle: str) -> RawPayload:
    return await source.fetch_profile(handle)


def test_invalid_handle_fails_before_any_browser(settings: Settings) -> None:
    import asyncio

    source = XWebSource(settings)
    with pytest.raises(InvalidHandleError):
        asyncio.run(_fetch(source, "not a handle!"))
    assert source._renderer is None  # no Chromium was started for bad input


def test_errors_with_pages_attached_pickle() -> None:
    import pickle

    from scout_core.enrich.browser import ReadyTimeoutError

    timeout = ReadyTimeoutError("no selector", html="<html>x</html>", selector="[data-testid=UserName]")
    again = pickle.loads(pickle.dumps(timeout))
    assert (type(again), again.html, again.selector, again.source) == (
        ReadyTimeoutError, "<html>x</html>", "[data-testid=UserName]", "browser")
    drift = ParseError("changed", source="x_web", handle="ada", field="UserName")
    drift.debug_path = "/tmp/ada.html"  # type: ignore[attr-defined]
    assert pickle.loads(pickle.dumps(drift)).debug_path == "/tmp/ada.html"
