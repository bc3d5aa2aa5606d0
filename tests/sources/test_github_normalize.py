"""GitHub normalizer: own fixtures, every recorded user sample, hostile free text, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scout_core.errors import ParseError
from scout_core.schema import EnrichmentQuality, RawPayload
from scout_core.sources.github import GithubSource

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "github"


@pytest.fixture
def source(settings) -> GithubSource:
    return GithubSource(settings)


def normalize(source, body, handle=None):
    return source.normalize(RawPayload(source="github", handle=handle, body=body))


def test_stored_shape_gives_links_keywords_and_signals(source):
    (profile,) = normalize(source, json.loads((FIXTURES / "github_user_stored.json").read_text()))
    assert (profile.handle, profile.source_id) == ("mira-chen", "9012345")
    assert profile.bio is None  # "" means absent
    assert profile.website == "https://tinyevals.ai"  # scheme added to free text
    assert [(lp.platform, lp.handle) for lp in profile.linked_profiles] == [("x", "Mira_Ships")]
    assert (profile.followers_count, profile.following_count, profile.content_count) == (420, 17, 3)
    repos = [link.url for link in profile.extracted_links if link.kind == "repo"]
    assert repos[0] == "https://github.com/mira-chen/evalkit" and len(repos) == 3
    assert "https://evalkit.dev" in {link.url for link in profile.extracted_links}
    assert profile.technical_keywords[0] == "python" and "nlp" not in profile.technical_keywords  # forks skipped
    assert profile.shipping_signals[0] == "repo mira-chen/evalkit: 812 stars"
    assert any("1 public pushes" in s for s in profile.shipping_signals)
    assert "created repo mira-chen/evalkit" in profile.shipping_signals
    assert profile.enrichment_quality == EnrichmentQuality.FULL and profile.enriched_by == "github"


def test_hostile_blog_is_never_a_website_or_link(source):
    (profile,) = normalize(source, json.loads((FIXTURES / "github_user_hostile_blog.json").read_text()))
    assert profile.website is None and profile.extracted_links == [] and profile.linked_profiles == []
    assert all("jndi" not in (link.url or "") for link in profile.extracted_links)
    assert profile.display_name is None and profile.bio is None
    assert profile.enrichment_quality == EnrichmentQuality.PARTIAL


@pytest.mark.parametrize(
    ("blog", "website"),
    [("http://nvie.com", "http://nvie.com"), ("nvie.com/blog", "https://nvie.com/blog"), ("", None),
     ("my site", None), ("javascript:alert(1)", None), ("ftp://files.example.com", None)],
)
def test_blog_free_text(source, blog, website):
    body = {"login": "someone", "id": 1, "blog": blog}
    assert normalize(source, body)[0].website == website


def test_blog_pointing_at_hugging_face_becomes_a_linked_profile(source):
    (profile,) = normalize(source, {"login": "someone", "id": 1, "blog": "https://huggingface.co/some-one"})
    assert [(lp.platform, lp.handle) for lp in profile.linked_profiles] == [("huggingface", "some-one")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id": 1}, "body.login"),
        ({"login": "bad login", "id": 1}, "body.login"),
        ({"login": "ok", "id": 1, "followers": -3}, "body.followers"),
        ({"login": "ok", "id": 1, "twitter_username": "not a handle!"}, "body.twitter_username"),
        ({"user": {"login": "ok", "id": 1}, "repos": {"oops": 1}}, "body.repos"),
        ({"login": "ok", "id": 1, "bio": "b" * 10_000_000}, "body.bio"),
    ],
)
def test_bad_input_names_source_handle_and_field(source, body, field):
    with pytest.raises(ParseError) as info:
        normalize(source, body, "ok")
    assert info.value.source == "github" and info.value.field == field
    assert len(str(info.value)) < 300


def _user_samples():
    if not SAMPLES.is_dir():
        return []
    found = []
    for path in sorted(SAMPLES.glob("*.json")):
        for index, record in enumerate(json.loads(path.read_text())):
            body = record["body"]
            if isinstance(body, dict) and "login" in body and "followers" in body:
                found.append(pytest.param(body, id=f"{path.stem}[{index}]"))
    return found


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
@pytest.mark.parametrize("body", _user_samples())
def test_every_recorded_user_sample_normalizes(source, body):
    (profile,) = normalize(source, body)
    assert profile.handle == body["login"] and profile.source_id == str(body["id"])
    assert profile.followers_count == body["followers"]
    assert profile.website is None or "${" not in profile.website
    twitter = body.get("twitter_username")
    assert [lp.handle for lp in profile.linked_profiles if lp.platform == "x"] == ([twitter] if twitter else [])


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
def test_recorded_repos_and_events_as_stored_shape(source):
    def body_of(name):
        return json.loads((SAMPLES / name).read_text())[0]["body"]

    stored = {"user": body_of("pygithub_get_user_jacquev6_2025.json"), "repos": body_of("pygithub_get_user_repos.json"),
              "events": body_of("pygithub_get_user_events.json")}
    (profile,) = normalize(source, stored)
    assert profile.handle == "jacquev6" and sum(link.kind == "repo" for link in profile.extracted_links) > 3
    assert any("public pushes" in s for s in profile.shipping_signals)
