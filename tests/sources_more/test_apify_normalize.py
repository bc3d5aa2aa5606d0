"""Apify dataset items → profiles: own fixtures, every recorded sample, and bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scout_core.errors import ParseError
from scout_core.schema import EnrichmentQuality, RawPayload
from scout_core.sources.apify import ApifySource
from scout_core.sources.apify_parse import normalize_items
from tests.sources_more.conftest import load_fixture, sample_dir


def _normalize(body):
    return ApifySource.__new__(ApifySource).normalize(RawPayload(source="apify", body=body))


def test_one_profile_per_author_with_the_latest_counts_and_the_bio_from_profile_bio():
    (mira,) = _normalize(load_fixture("apify_items_two_runs.json"))
    assert mira.source_id == "1790000000000000123" and mira.handle == "mira_builds"
    assert (mira.followers_count, mira.following_count, mira.content_count) == (905, 302, 1204)  # last item wins
    assert mira.bio == "evals for LLM agents"  # the last item's profile_bio, no t.co left
    assert [p.post_id for p in mira.recent_posts] == ["1850000000000000001", "1850000000000000002"]
    first, second = mira.recent_posts
    assert first.view_count == 1893 and second.view_count == 240
    assert first.text == "shipped evalkit 0.3 with @tom_ops & co https://github.com/mira-b/evalkit"
    assert first.mentions == ["tom_ops"] and first.urls == ["https://github.com/mira-b/evalkit"]
    assert first.created_at == datetime(2024, 10, 21, 9, 15, 2, tzinfo=UTC)
    assert mira.enrichment_quality == EnrichmentQuality.FULL and mira.enriched_by == "apify"


def test_website_and_bio_links_come_from_profile_bio_entities():
    items = load_fixture("apify_items_two_runs.json")[:1]
    (mira,) = normalize_items(items)
    assert mira.website == "https://mira.dev" and mira.bio == "evals for LLM agents · code: https://github.com/mira-b"
    assert [(lp.platform, lp.handle) for lp in mira.linked_profiles] == [("github", "mira-b")]
    kinds = {link.url: (link.kind, link.found_in) for link in mira.extracted_links}
    assert kinds["https://mira.dev"] == ("website", "website")
    assert kinds["https://github.com/mira-b/evalkit"] == ("repo", "post")


def test_legacy_snake_case_items_and_user_items():
    tom, quiet = normalize_items(load_fixture("apify_items_legacy_and_user.json"))
    assert (tom.handle, tom.source_id, tom.followers_count, tom.following_count) == ("tom_ops", "98765", 4100, 12)
    assert tom.recent_posts[0].urls == ["https://huggingface.co/mira-b/eval-7b"]
    assert tom.recent_posts[0].mentions == ["mira_builds"] and tom.recent_posts[0].like_count == 3
    assert tom.created_at == datetime(2011, 3, 4, 5, 6, 7, tzinfo=UTC)
    # a follower item's "following" is a boolean (do I follow them?), not a count
    assert (quiet.source_id, quiet.followers_count, quiet.following_count) == ("555", 10, 20)
    assert quiet.recent_posts == [] and quiet.enrichment_quality == EnrichmentQuality.PARTIAL


def test_only_placeholders_make_no_profiles():
    assert normalize_items([{"noResults": True}]) == []


@pytest.mark.parametrize(("body", "field"), [
    ("not a list", "body"),
    ([{"type": "tweet", "id": "1", "text": "no author"}], "body[0]"),
    ([{"id": "1", "author": {"userName": "has spaces", "id": "9"}}], "body[0].author.userName"),
    ([{"id": 1.8434474138242092e18, "author": {"userName": "ok_name", "id": "9"}}], "body[0].id"),
    ([{"id": "1", "likeCount": "many", "author": {"userName": "ok_name", "id": "9"}}], "body[0].likeCount"),
    ([{"id": "1", "author": {"userName": "ok_name"}, "createdAt": "yesterday"}], "body[0].createdAt"),
])
def test_bad_items_name_the_field(body, field):
    with pytest.raises(ParseError) as info:
        normalize_items(body, handle="ok_name")
    assert info.value.field == field and info.value.source == "apify"


def test_every_recorded_sample_normalizes():
    folder = sample_dir("apify_twitter")
    seen = {}
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text())
        if "tweet" in body and "follower_item" in body:  # a README pairing two examples: feed each as items
            profiles = normalize_items([body["tweet"]]) + normalize_items([body["follower_item"]])
        else:
            profiles = normalize_items(body)
        assert profiles, path.name
        seen[path.name] = profiles
    (seven,) = seen["twitterapi_io_webhook_tweet_profile_bio_2025.json"]
    assert seven.bio.startswith("CT and dev tool") and "t.co" not in seven.bio
    assert seven.website == "https://axiom.trade/@7seven7" and seven.source_id == "1776219178409611264"
    (elon,) = seen["twitterapi_io_webhook_tweet_elonmusk_2025.json"]
    assert elon.bio is None and elon.website is None and elon.followers_count == 224221577
    assert elon.recent_posts[0].mentions == ["veggie_eric"]
    tweet, follower = seen["thirdparty_readme_apify_style_tweet_and_follower.json"]
    assert tweet.recent_posts[0].post_id == "1843447413824209160" and tweet.recent_posts[0].view_count == 51275823
    assert follower.following_count == 1686
    (apify,) = seen["epctex_twitter_profile_scraper_readme_item.json"]
    assert apify.website == "https://apify.com" and apify.source_id == "3510729917"
