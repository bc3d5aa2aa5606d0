"""The canonical schema validates handles per platform and keeps hostile input out."""

import pytest
from pydantic import ValidationError

from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle, handle_key, website_key
from scout_core.schema import Candidate, InternalProfile, LinkedProfile


@pytest.mark.parametrize("platform,raw,clean", [
    ("x", "@Jane_Doe", "Jane_Doe"),
    ("x", " builder42 ", "builder42"),
    ("github", "octo-cat", "octo-cat"),
    ("huggingface", "jane.d-ai", "jane.d-ai"),
    ("website", "https://www.Example.com/", "example.com"),
])
def test_valid_handles_are_cleaned(platform, raw, clean):
    assert clean_handle(platform, raw) == clean


@pytest.mark.parametrize("platform,raw", [
    ("x", "has space"), ("x", "sixteen_chars_xx"), ("x", ""), ("x", "émile"),
    ("github", "-leading"), ("github", "double--hyphen"), ("producthunt", "[REDACTED]"),
    ("mastodon", "someone"),
])
def test_invalid_handles_raise_a_clear_error(platform, raw):
    with pytest.raises(InvalidHandleError) as info:
        clean_handle(platform, raw)
    assert platform in str(info.value)


def test_handle_key_is_case_insensitive():
    assert handle_key("x", "@TwitterDev") == handle_key("x", "twitterdev")


def test_website_key_ignores_scheme_www_and_trailing_slash():
    assert website_key("https://www.jane.dev/") == website_key("http://jane.dev") == "jane.dev"
    assert website_key("jane.dev/blog/") == "jane.dev/blog"


def test_profile_rejects_invalid_handle_with_field_named():
    with pytest.raises(ValidationError) as info:
        InternalProfile(source_platform="x", handle="not valid!")
    assert "handle" in str(info.value) or "invalid x handle" in str(info.value)


def test_profile_rejects_huge_bio():
    with pytest.raises(ValidationError) as info:
        InternalProfile(source_platform="x", handle="jane", bio="a" * 10_000_001)
    assert "bio" in str(info.value)


def test_profile_key_prefers_source_id_and_survives_renames():
    before = InternalProfile(source_platform="x", handle="old_name", source_id="2244994945")
    after = InternalProfile(source_platform="x", handle="new_name", source_id="2244994945")
    assert before.key == after.key
    scraped = InternalProfile(source_platform="x", handle="Jane")
    assert scraped.key == ("x", "@jane")


def test_linked_profile_and_candidate_validate_handles():
    assert LinkedProfile(platform="x", handle="@jane").handle == "jane"
    with pytest.raises(ValidationError):
        Candidate(platform="github", handle="no spaces please")
    assert Candidate(platform="x", handle="@Jane").key == "x:jane"
