"""Search discovery: Tavily-shaped API in the sandbox, and candidate extraction from results."""

from __future__ import annotations

import pytest

from scout_core.errors import ConfigurationError, ParseError
from scout_core.sources.search import SearchSource, candidates_from_results

pytestmark = pytest.mark.anyio


async def test_discover_against_the_sandbox(sandbox_settings):
    source = SearchSource(sandbox_settings)
    try:
        body = await source.search("AI agents")
        candidates = await source.discover("AI agents")
    finally:
        await source.aclose()
    assert body["query"] == "AI agents" and body["results"][0]["url"] == "https://x.com/Ada_Builds"
    keys = [c.key for c in candidates]
    assert keys[:3] == ["x:ada_builds", "x:acmeai", "github:ada-l"]
    assert {"x:bob_ml", "huggingface:ada-l", "github:bobml", "producthunt:bob_ph"} <= set(keys)
    assert len(keys) == len(set(keys))
    assert not any(c.handle.lower() in ("search", "home", "topics", "explore") for c in candidates)
    assert "x:cryptoking" not in keys  # noise that does not match the topic
    assert all(c.discovered_via == "search" and c.topic == "AI agents" for c in candidates)


async def test_search_results_are_deterministic(sandbox_settings):
    source = SearchSource(sandbox_settings)
    try:
        first, second = await source.search("agents evals"), await source.search("agents evals")
    finally:
        await source.aclose()
    assert first["results"] == second["results"] and first["results"]


async def test_missing_api_key_is_a_configuration_error(settings):
    with pytest.raises(ConfigurationError, match="SCOUT_SEARCH__API_KEY"):
        await SearchSource(settings).discover("AI agents")


def test_candidates_skip_reserved_paths_and_invalid_handles():
    body = {"results": [
        {"title": "t", "url": "https://twitter.com/Real_One/status/123", "content": "cc @second_one and a@b.com",
         "score": 0.9},
        {"title": "t", "url": "https://x.com/home", "content": "", "score": 0.8},
        {"title": "t", "url": "https://x.com/this_handle_is_far_too_long", "content": "", "score": 0.8},
        {"title": "t", "url": "https://github.com/topics/llm", "content": "see github.com/explore", "score": 0.7},
        {"title": "t", "url": "https://huggingface.co/datasets/some-org/data", "content": "", "score": 0.6},
        {"title": "t", "url": "https://www.producthunt.com/posts/shiny", "content": "", "score": 0.5},
        {"title": "t", "url": "https://www.producthunt.com/@maker_1", "content": "", "score": 0.5},
        {"title": "t", "url": "https://huggingface.co/models", "content": "https://github.com/-bad-", "score": 0.4},
        "not a result",
    ]}
    candidates = candidates_from_results(body, "RAG")
    assert [c.key for c in candidates] == ["x:real_one", "x:second_one", "huggingface:some-org",
                                           "producthunt:maker_1"]
    assert candidates[0].priority == 0.9


def test_malformed_response_is_a_parse_error():
    with pytest.raises(ParseError, match="results"):
        candidates_from_results({"answer": "no list"}, "RAG")


def test_search_is_not_an_enrichment_source(settings):
    from scout_core.schema import RawPayload

    with pytest.raises(ConfigurationError):
        SearchSource(settings).normalize(RawPayload(source="search", body={}))
