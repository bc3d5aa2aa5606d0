"""X API v2 normalizer: own fixtures, every recorded sample that holds users, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scout_core.errors import NotFoundError, ParseError, ScoutError
from scout_core.schema import EnrichmentQuality, RawPayload
from scout_core.sources.x_api import XApiSource

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "x_api_v2"


@pytest.fixture
def source(settings) -> XApiSource:
    return XApiSource(settings)


def load(name: str):
    return json.loads((FIXTURES / name).read_text())


def normalize(source: XApiSource, body, handle: str | None = None):
    return source.normalize(RawPayload(source="x_api", handle=handle, body=body))


def test_users_lookup_keeps_found_users_once_and_expands_tco(source):
    profiles = normalize(source, load("x_users_lookup_partial.json"))
    assert [p.handle for p in profiles] == ["Mira_Ships", "quietdev"]  # duplicate id dropped, errors ignored
    mira = profiles[0]
    assert mira.source_id == "1500000000000000001"
    assert mira.website == "https://tinyevals.ai"  # t.co url → entities.url expanded_url
    assert mira.bio == "Founder @tinyevals · evals for agents & RAG · code: https://github.com/mira-chen"
    assert mira.verified is True
    assert (mira.followers_count, mira.following_count, mira.content_count) == (2310, 412, 3877)
    assert [(lp.platform, lp.handle) for lp in mira.linked_profiles] == [("github", "mira-chen")]
    assert ("https://x.com/tinyevals", "profile", "bio") in {(x.url, x.kind, x.found_in) for x in mira.extracted_links}
    assert mira.enrichment_quality == EnrichmentQuality.PARTIAL  # no timeline in a bare lookup body
    quiet = profiles[1]
    assert quiet.website is None and quiet.bio is None and quiet.location is None


def test_search_body_attaches_posts_to_authors_with_mentions_and_urls(source):
    mira, quiet = normalize(source, load("x_search_with_authors.json"))
    assert mira.verified is False  # verified_type "none" wins over a missing verified flag
    post = mira.recent_posts[0]
    assert post.text.startswith("🧪🧪 new eval harness w/ @quietdev & @ghost_acct")
    assert post.mentions == ["quietdev", "ghost_acct"]
    assert post.urls == ["https://github.com/mira-chen/evalkit"]
    assert (post.like_count, post.repost_count, post.view_count) == (58, 4, 4100)
    assert quiet.recent_posts[0].post_id == "1790000000000000020"
    assert quiet.enrichment_quality == EnrichmentQuality.MINIMAL  # default fields: no public_metrics
    assert any(link.kind == "repo" and link.found_in == "post" for link in mira.extracted_links)


def test_default_fields_user_object_is_minimal_profile(source):
    (profile,) = normalize(source, load("x_user_default_fields.json"))
    assert profile.handle == "defaultfields" and profile.followers_count is None
    assert profile.enrichment_quality == EnrichmentQuality.MINIMAL and profile.enriched_by == "x_api"


def test_errors_only_body_is_not_found_naming_the_handle(source):
    with pytest.raises(NotFoundError) as info:
        normalize(source, load("x_not_found_only.json"))
    assert info.value.handle == "no_such_person" and info.value.source == "x_api"


def test_stored_shape_with_timeline_is_full(source):
    body = {"user": {"data": load("x_users_lookup_partial.json")["data"][0]},
            "tweets": {"data": [load("x_search_with_authors.json")["data"][0]], "meta": {"result_count": 1}}}
    (profile,) = normalize(source, body, "Mira_Ships")
    assert profile.enrichment_quality == EnrichmentQuality.FULL
    assert len(profile.recent_posts) == 1 and profile.last_post_at() is not None


def test_list_of_bodies_is_deduplicated_across_bodies(source):
    body = [load("x_users_lookup_partial.json"), load("x_search_with_authors.json")]
    assert sorted(p.handle for p in normalize(source, body)) == ["Mira_Ships", "quietdev"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{not json", "body"),
        ({"data": [{"id": "1", "name": "x"}], "includes": {}}, "body.includes.users"),
        ({"data": [{"id": "1", "username": "ok_name", "public_metrics": {"followers_count": "many"}}]},
         "body.data[0].public_metrics.followers_count"),
        ({"data": [{"id": "1", "username": "ok_name", "created_at": "yesterday"}]}, "body.data[0].created_at"),
        ({"data": [{"username": "ok_name"}]}, "body.data[0].id"),
    ],
)
def test_bad_shapes_raise_parse_error_naming_the_field(source, body, field):
    with pytest.raises(ParseError) as info:
        normalize(source, body, "someone")
    assert info.value.field == field and info.value.source == "x_api"
    assert field in str(info.value)


def test_handle_with_spaces_names_source_handle_and_field(source):
    with pytest.raises(ParseError) as info:
        normalize(source, {"data": {"id": "5", "username": "ada lovelace", "name": "Ada"}})
    assert info.value.handle == "ada lovelace" and info.value.field == "body.data.username"
    assert str(info.value).startswith("x_api [ada lovelace]:")


def test_ten_megabyte_bio_is_refused_with_a_clear_error(source):
    user = {"id": "5", "username": "big_bio", "description": "a" * 10_000_000}
    with pytest.raises(ParseError) as info:
        normalize(source, {"data": [user]})
    assert info.value.handle == "big_bio" and info.value.field.endswith(".bio")
    assert len(str(info.value)) < 300


def _sample_bodies():
    if not SAMPLES.is_dir():
        return []
    found = []
    for path in sorted(SAMPLES.glob("*.json")):
        doc = json.loads(path.read_text())
        items = doc if isinstance(doc, list) else [doc]
        for index, item in enumerate(items):
            body = item["body"] if isinstance(item, dict) and "request" in item else item
            data = body.get("data") if isinstance(body, dict) else None
            has_users = (isinstance(data, dict) and "username" in data) or (
                isinstance(data, list) and any(isinstance(d, dict) and "username" in d for d in data)
            ) or bool((body.get("includes") or {}).get("users") if isinstance(body, dict) else None)
            if has_users:
                found.append(pytest.param(body, id=f"{path.stem}[{index}]"))
    return found


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
@pytest.mark.parametrize("body", _sample_bodies())
def test_every_recorded_user_sample_normalizes(source, body):
    profiles = normalize(source, body)
    ids = [p.source_id for p in profiles]
    assert profiles and len(ids) == len(set(ids))
    for profile in profiles:
        assert profile.source_platform == "x" and profile.source_id.isdigit()
        assert profile.website is None or profile.website.startswith(("http://", "https://"))
        assert profile.website is None or not profile.website.startswith("https://t.co/")


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")
def test_recorded_96_user_lookup_dedupes_and_expands():
    body = json.loads((SAMPLES / "twarc_users_lookup_96users.json").read_text())
    profiles = XApiSource.normalize(XApiSource.__new__(XApiSource), RawPayload(source="x_api", body=body))
    assert len(profiles) == len({u["id"] for u in body["data"]}) == 91
    by_handle = {p.handle: p for p in profiles}
    assert by_handle["jduc_hoang"].website == "http://Facebook.com/johnny.d.hoang"


def test_errors_are_scout_errors():
    assert issubclass(ParseError, ScoutError)
