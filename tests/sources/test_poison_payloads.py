"""A count of 10^30 is a field error naming source, handle and field; control characters never reach a profile."""

from __future__ import annotations

import copy

import pytest

from scout_core.errors import ParseError
from scout_core.schema import RawPayload
from scout_core.sources import get_source
from scout_core.storable import MAX_COUNT

HUGE = 10**30

# The smallest real-shaped payload of each JSON source that accepted 10^30 before, and where its count sits.
PAYLOADS = {
    "x_api": ({"data": {"id": "31337", "name": "Ada", "username": "ada_builds",
                        "public_metrics": {"followers_count": 5, "following_count": 1, "tweet_count": 2}}},
              ("data", "public_metrics", "followers_count"), "ada_builds", "public_metrics.followers_count"),
    "github": ({"user": {"login": "ada-builds", "id": 7, "name": "Ada", "followers": 5, "following": 1,
                         "public_repos": 2, "created_at": "2020-01-01T00:00:00Z"}, "repos": [], "events": []},
               ("user", "followers"), "ada-builds", "followers"),
    "huggingface": ({"_id": "65a1", "user": "ada-h", "fullname": "Ada", "type": "user", "numFollowers": 5,
                     "numFollowing": 1, "numModels": 1},
                    ("numFollowers",), "ada-h", "numFollowers"),
    "apify": ([{"type": "user", "userName": "ada_builds", "id": "31337", "name": "Ada", "followers": 5,
                "following": 1, "statusesCount": 2, "createdAt": "Sun Dec 06 23:33:02 +0000 2009"}],
              (0, "followers"), "ada_builds", "followers"),
}


def _normalize(source: str, body, settings):
    return get_source(source, settings).normalize(RawPayload(source=source, body=body))


def _with(body, path, value):
    body = copy.deepcopy(body)
    node = body
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return body


@pytest.mark.parametrize("source", sorted(PAYLOADS))
def test_the_payloads_normalize_as_they_are(source, settings):
    body, _, handle, _ = PAYLOADS[source]
    [profile] = _normalize(source, body, settings)
    assert profile.handle == handle and profile.followers_count == 5


@pytest.mark.parametrize("source", sorted(PAYLOADS))
@pytest.mark.parametrize("value", [HUGE, str(HUGE), MAX_COUNT + 1])
def test_a_count_past_the_bound_is_a_field_error_naming_source_handle_and_field(source, value, settings):
    body, path, handle, field = PAYLOADS[source]
    with pytest.raises(ParseError) as info:
        _normalize(source, _with(body, path, value), settings)
    err = info.value
    assert err.source == source and err.handle == handle
    assert err.field and err.field.endswith(field)
    assert "larger than" in str(err)


@pytest.mark.parametrize("source", sorted(PAYLOADS))
def test_the_bound_itself_is_a_count(source, settings):
    body, path, _, _ = PAYLOADS[source]
    [profile] = _normalize(source, _with(body, path, MAX_COUNT), settings)
    assert profile.followers_count == MAX_COUNT


NAME_KEYS = {"x_api": ("data", "name"), "github": ("user", "name"), "huggingface": ("fullname",),
             "apify": (0, "name")}


@pytest.mark.parametrize("source", sorted(PAYLOADS))
def test_nul_and_control_characters_are_stripped_from_names(source, settings):
    body, _, _, _ = PAYLOADS[source]
    [profile] = _normalize(source, _with(body, NAME_KEYS[source], "A\x00da\x07 Love\nlace\ud800"), settings)
    assert profile.display_name == "Ada Love lace\ufffd"


def test_bios_keep_their_line_breaks_and_lose_nul(settings):
    body = _with(PAYLOADS["x_api"][0], ("data", "description"), "builds\x00 agents\nships weekly\x1b[31m")
    [profile] = _normalize("x_api", body, settings)
    assert profile.bio == "builds agents\nships weekly[31m"


def test_the_schema_holds_every_count_and_text_to_the_same_rules():
    from pydantic import ValidationError

    from scout_core.schema import InternalProfile, Post

    with pytest.raises(ValidationError):
        InternalProfile(source_platform="x", handle="ada", followers_count=HUGE)
    with pytest.raises(ValidationError):
        Post(post_id="1", like_count=HUGE)
    post = Post(post_id="1\x00", text="a\x00b", mentions=["x\x00y"])
    assert (post.post_id, post.text, post.mentions) == ("1", "ab", ["xy"])
