"""The sandbox's X web pages over HTTP: a client-rendered shell, and the JSON the page script reads."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from scout_core.sandbox.wiring import SESSION_PREFIX
from scout_core.sandbox.x_web_routes import display_url, page_shell, tco_url, text_segments

SESSION = {"auth_token": f"{SESSION_PREFIX}0"}


@pytest.fixture(scope="module")
def client(x_app: FastAPI) -> TestClient:
    return TestClient(x_app)


def test_shell_is_client_rendered(client: TestClient) -> None:
    page = client.get("/x-web/Ada_Builds", cookies=SESSION)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<div id="react-root"></div>' in page.text
    # Nothing a plain HTTP scraper could read: the profile only exists after the script runs.
    for visible in ("Ada Lovelace", "12.5K", "1,184", "Berlin", "Building agents", "Joined March"):
        assert visible not in page.text


def test_api_requires_a_sandbox_session(client: TestClient) -> None:
    assert client.get("/x-web/i/api/profile/Ada_Builds").status_code == 401
    expired = client.get("/x-web/i/api/profile/Ada_Builds", cookies={"auth_token": "old-session"})
    assert expired.status_code == 401
    assert client.get("/x-web/i/api/profile/nobody_here", cookies=SESSION).status_code == 404


def test_api_sends_counts_as_x_shows_them(client: TestClient) -> None:
    user = client.get("/x-web/i/api/profile/ada_builds", cookies=SESSION).json()["user"]
    assert (user["followers"], user["following"], user["posts"]) == ("12.5K", "1,184", "83.6K posts")
    assert user["joined"] == "Joined March 2014"
    assert user["url"]["href"].startswith("https://t.co/")
    assert user["url"]["display"] == "ada-builds.dev/projects/a…"
    grace = client.get("/x-web/i/api/profile/grace_h", cookies=SESSION).json()
    assert grace["user"]["posts"] == "1 post" and grace["tweets"] == []


def test_text_segments_wrap_links_and_mentions() -> None:
    segments = text_segments("with @grace_h: https://t.co/AbC123 and https://x.dev/a", ["https://github.com/a/b"])
    assert segments[1] == {"mention": "grace_h"}
    assert segments[3] == {"href": "https://t.co/AbC123", "display": "github.com/a/b"}
    assert segments[5] == {"href": tco_url("https://x.dev/a"), "display": "x.dev/a"}
    assert [s for s in text_segments("email@grace_h.dev") if "mention" in s] == []


def test_links_missing_from_text_are_appended() -> None:
    segments = text_segments("see this", ["https://huggingface.co/ada-b/tiny"])
    url = "https://huggingface.co/ada-b/tiny"
    assert segments[-1] == {"href": tco_url(url), "display": "huggingface.co/ada-b/tiny"}


def test_tco_and_display_url() -> None:
    assert tco_url("https://a.dev") == tco_url("https://a.dev") != tco_url("https://b.dev")
    # The same truncation as the real X payload in shared/samples.
    assert display_url("http://www.flickr.com/photos/curiouslee/") == "flickr.com/photos/curious…"
    assert display_url("https://github.com/adab") == "github.com/adab"


def test_shell_config_cannot_break_out_of_its_script() -> None:
    shell = page_shell("</script><img src=x onerror=alert(1)>", {"UserName": "UserName"})
    assert "</script><img" not in shell


def test_drift_hook_changes_the_markup_names(client: TestClient) -> None:
    page = client.get("/x-web-drift/Ada_Builds")
    assert '"UserName": "UserNameV2"' in page.text


def test_bare_domains_are_linked_without_trailing_punctuation() -> None:
    segments = text_segments("gh: github.com/adab. Not v1.2.3 or node.js")
    assert segments == [{"text": "gh: "}, {"href": tco_url("https://github.com/adab"), "display": "github.com/adab"},
                        {"text": ". Not v1.2.3 or node.js"}]
