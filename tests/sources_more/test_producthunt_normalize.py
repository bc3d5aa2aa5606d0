"""Product Hunt bodies → profiles: GraphQL v2, bare user, v1 legacy, redaction, tracking URLs, bad input."""

from __future__ import annotations

import json
import logging

import pytest

from scout_core.errors import ParseError
from scout_core.schema import EnrichmentQuality
from scout_core.sources.producthunt_parse import clean_url, is_redacted, normalize_body
from tests.sources_more.conftest import load_fixture, sample_dir


def test_graphql_user_response():
    (lena,) = normalize_body(load_fixture("ph_user_response.json"))
    assert (lena.handle, lena.source_id, lena.display_name) == ("lenapark", "3141592", "Lena Park")
    assert lena.bio == "Building Loopwise — AI agents for support teams"
    assert lena.website == "https://loopwise.ai/"  # utm_source and ref removed
    assert [(lp.platform, lp.handle) for lp in lena.linked_profiles] == [("x", "Lena_Builds")]
    launches = [link for link in lena.extracted_links if link.kind == "launch"]
    assert [(link.url, link.display_url) for link in launches] == [
        ("https://www.producthunt.com/posts/loopwise", "Loopwise"),
        ("https://www.producthunt.com/posts/promptdeck", "Promptdeck")]
    assert lena.shipping_signals == [
        "launched Loopwise on Product Hunt 2025-02-11 (featured): 612 votes, 48 comments",
        "launched Promptdeck on Product Hunt 2023-09-30: 95 votes, 7 comments"]
    assert lena.technical_keywords == ["artificial intelligence", "customer success"]
    assert lena.content_count == 2 and lena.enrichment_quality == EnrichmentQuality.FULL
    assert lena.followers_count is None  # the v2 API has no follower counts


def test_bare_user_without_launches_is_partial():
    user = load_fixture("ph_user_response.json")["data"]["user"]
    bare = {k: v for k, v in user.items() if k != "madePosts"} | {"twitterUsername": "https://twitter.com/lena_b"}
    (lena,) = normalize_body(bare)
    assert lena.enrichment_quality == EnrichmentQuality.PARTIAL and lena.extracted_links[0].kind == "website"
    assert [(lp.platform, lp.handle) for lp in lena.linked_profiles] == [("x", "lena_b")]


def test_redacted_and_missing_users_make_no_profile(caplog):
    redacted = {"data": {"user": {"id": "0", "name": "[REDACTED]", "username": "[REDACTED]", "url": "[REDACTED]",
                                  "twitterUsername": None, "websiteUrl": None, "profileImage": None}}}
    with caplog.at_level(logging.INFO, logger="scout_core.sources.producthunt_parse"):
        assert normalize_body(redacted, handle="someone") == []
    assert "redacted" in caplog.text
    assert normalize_body({"data": {"user": None}}) == []
    assert is_redacted({"id": "0", "username": "real_looking"}) and not is_redacted({"id": "5", "username": "a"})


def test_tracking_urls():
    assert clean_url("https://www.producthunt.com/posts/x?utm_campaign=producthunt-api&utm_medium=api-v2&page=2") \
        == "https://www.producthunt.com/posts/x?page=2"
    assert clean_url("https://www.producthunt.com/r/7QX2ABCDEF1234?utm_campaign=producthunt-api") is None
    assert clean_url("[REDACTED]") is None and clean_url(None) is None


@pytest.mark.parametrize(("body", "field"), [
    ("nope", "body"),
    ({"errors": [{"message": "Field 'foo' doesn't exist"}]}, "body.errors"),
    ({"data": {"posts": {}}}, "body.data.posts"),  # a connection with neither edges nor nodes
    ({"data": {"topics": {}}}, "body.data.user"),
    ({"data": {"user": {"id": "7", "username": "has spaces"}}}, "body.data.user.username"),
    ({"data": {"user": {"username": "fine"}}}, "body.data.user.id"),
    ({"data": {"user": {"id": "7", "username": "fine", "madePosts": {"edges": ["x"]}}}},
     "body.data.user.madePosts.edges[0]"),
])
def test_bad_bodies_name_the_field(body, field):
    with pytest.raises(ParseError) as info:
        normalize_body(body, handle="fine")
    assert info.value.field == field and info.value.source == "producthunt"


def test_recorded_samples():
    folder = sample_dir("producthunt")
    redacted = json.loads((folder / "ph_v2_user_query_redacted_issue342.json").read_text())
    assert normalize_body(redacted) == []
    (kartik,) = normalize_body(json.loads((folder / "ph_v1_user_legacy_2017.json").read_text()))
    assert (kartik.handle, kartik.source_id, kartik.bio) == ("cr42yh17m4n", "425173", "Android dev")
    assert kartik.website == "http://crazyhitty.com/" and kartik.followers_count == 1
    assert kartik.following_count == 11 and kartik.content_count == 0
    assert [(lp.platform, lp.handle) for lp in kartik.linked_profiles] == [("x", "cr42yh17m4n")]
    assert kartik.avatar_url.startswith("https://ph-avatars.imgix.net/425173/")
    assert kartik.created_at.utcoffset().total_seconds() == -8 * 3600


def test_a_posts_connection_normalizes_to_its_unredacted_makers():
    """What `discover` reads (launches with makers) as profiles: redacted makers are nobody, the rest keep
    their launch and their twitterUsername as a linked X profile."""
    (lena,) = normalize_body(load_fixture("ph_launches_mixed_makers.json"))
    assert lena.handle == "lenapark" and [(lp.platform, lp.handle) for lp in lena.linked_profiles] == [
        ("x", "Lena_Builds")]
    assert [link.display_url for link in lena.extracted_links if link.kind == "launch"] == ["Loopwise"]
    assert lena.enrichment_quality == EnrichmentQuality.PARTIAL  # a maker stub: no counts, no other launches


def _post(name, makers):
    return {"id": name, "name": name, "slug": name.lower(), "votesCount": 10, "commentsCount": 1,
            "createdAt": "2025-05-01T08:00:00Z", "makers": makers}


ADA = {"id": "77123", "name": "Ada Lovelace", "username": "ada_builds", "headline": "Building AgentKit",
       "twitterUsername": "ada_ai", "websiteUrl": None, "url": "https://www.producthunt.com/@ada_builds"}
REDACTED = {"id": "0", "name": "[REDACTED]", "username": "[REDACTED]", "twitterUsername": None, "url": "[REDACTED]"}


def test_a_single_post_body_normalizes_to_its_makers():
    (ada,) = normalize_body({"data": {"post": _post("AgentKit", [REDACTED, ADA])}})
    assert (ada.handle, ada.source_id) == ("ada_builds", "77123")
    assert [(lp.platform, lp.handle) for lp in ada.linked_profiles] == [("x", "ada_ai")]
    assert ada.shipping_signals == ["launched AgentKit on Product Hunt 2025-05-01: 10 votes, 1 comments"]


def test_a_maker_of_several_posts_is_one_profile_with_each_launch():
    body = {"data": {"posts": {"nodes": [_post("AgentKit", [ADA]), _post("EvalBox", [REDACTED, ADA])]}}}
    (ada,) = normalize_body(body)
    assert sorted(link.display_url for link in ada.extracted_links if link.kind == "launch") == ["AgentKit", "EvalBox"]


def test_posts_with_no_one_to_show():
    assert normalize_body({"data": {"post": None}}) == []
    assert normalize_body({"data": {"post": _post("Hidden", [REDACTED, REDACTED])}}) == []
    with pytest.raises(ParseError, match="makers"):
        normalize_body({"data": {"post": _post("Odd", "ada")}})
