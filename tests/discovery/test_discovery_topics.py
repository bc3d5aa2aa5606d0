"""Topics: ROI ranking from mining results, exploration of untried topics, trending keywords, the LLM seam."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scout_core.discovery.topics import (
    TopicContext,
    choose_topics,
    phrases,
    phrases_in_results,
    rank_topics,
    recommend,
    roi,
    trending_keywords,
)
from scout_core.errors import ConfigurationError, InputError
from scout_core.store import discovery as store_q
from scout_core.store.discovery import TopicYield
from tests.discovery.conftest import NOW, post, profile


def y(topic: str, runs: int, stored: int, high: int) -> TopicYield:
    return TopicYield(topic, runs, stored * 2, stored, high, NOW)


def test_roi_is_yield_per_run_times_smoothed_high_share():
    assert roi(y("rag", 2, 20, 10)) == pytest.approx(10 * 11 / 22)
    assert roi(y("evals", 1, 0, 0)) == 0.0
    assert roi(TopicYield("new", 0, 0, 0, 0, None)) == 0.0


def test_rank_prefers_high_roi_and_lifts_rarely_tried_topics():
    yields = {"rag": y("rag", 10, 100, 50), "evals": y("evals", 10, 100, 5), "voice ai": y("voice ai", 1, 6, 2)}
    greedy = [t for t, _ in rank_topics(["evals", "RAG", "voice AI"], yields, ucb_c=0.0)]
    assert greedy == ["RAG", "voice AI", "evals"]  # input spelling kept, compared case-insensitively
    curious = [t for t, _ in rank_topics(["evals", "RAG", "voice AI"], yields, ucb_c=2.0)]
    assert curious[0] == "voice AI"  # one run is weak evidence: the bonus puts it first


def test_recommend_blends_exploitation_with_untried_topics():
    yields = {t: y(t, 5, 50, h) for t, h in [("a", 40), ("b", 30), ("c", 20), ("d", 10)]}
    pool = ["a", "b", "c", "d", "new1", "new2", "new3"]
    picked = recommend(pool, yields, n=5, explore_share=0.4, ucb_c=0.0)
    assert picked == ["a", "b", "c", "new1", "new2"]
    assert recommend(pool, yields, n=5, explore_share=0.0, ucb_c=0.0) == ["a", "b", "c", "d", "new1"]
    assert recommend(["x1", "x2"], {}, n=5, explore_share=0.3, ucb_c=0.5) == ["x1", "x2"]  # all untried
    assert recommend(pool[:4], yields, n=2, explore_share=0.5, ucb_c=0.0) == ["a", "b"]


def test_phrases_skip_stopwords_urls_and_mentions():
    words = phrases("Shipped agentic workflows with @bob_ml! https://github.com/a/b & tool calling")
    assert "agentic workflows" in words and "tool calling" in words
    assert not any("bob" in w or "github" in w or "http" in w for w in words)
    assert "workflows tool" not in words  # '&' ends a phrase


def test_phrases_in_results_need_several_results_and_skip_the_query():
    texts = ["voice agents and tool calling", "Tool calling for voice agents", "tool calling evals", "AI agents"]
    assert phrases_in_results(texts, exclude=["Voice agents"]) == ["tool calling"]


def test_trending_finds_the_keyword_whose_weekly_share_grows_fastest():
    posts = []
    for week in range(4):  # week 0 = this week
        at = NOW - timedelta(days=7 * week + 1)
        posts += [(f"thoughts on vector databases and embeddings {i}", at) for i in range(5)]
        posts += [("testing mcp servers today", at)] * (4 - week) ** 2  # 1, 4, 9, 16 going forward
        posts += [("prompt engineering tips", at)] * (week + 1)  # shrinking
    trends = trending_keywords(posts, NOW, weeks=4, top=3)
    assert trends[0].keyword in ("mcp servers", "mcp", "servers", "testing mcp")
    assert trends[0].weekly[0] < trends[0].weekly[-1] and trends[0].slope > 0
    assert not any("prompt" in t.keyword for t in trends)  # falling, not trending
    assert len({w for t in trends for w in t.keyword.split()} & {"mcp"}) <= 1  # one trend, one topic
    assert trending_keywords([("mcp servers", NOW - timedelta(weeks=10))] * 9, NOW) == []  # too old


def test_choose_topics_uses_seeds_history_trending_and_the_llm(settings, repo):
    seeds = ["AI agents", "RAG", "evals"]
    s = settings.model_copy(update={
        "pipeline": settings.pipeline.model_copy(update={"topics": seeds}),
        "discovery": settings.discovery.model_copy(update={"explore_share": 0.4, "ucb_c": 0.0,
                                                             "trending_topics": 1}),
    })
    for topic, stored, high in [("AI agents", 30, 20), ("rag", 30, 2), ("evals", 30, 10)]:
        repo.record_mining_result("r1", topic, stored * 2, stored, high)
    author = profile("poster", recent_posts=[
        post(str(i), "testing mcp servers" if i < 7 or i % 7 == 0 else "lunch break", NOW - timedelta(days=i))
        for i in range(28)])
    repo.upsert_profile(author)
    store_q.remember_topics(repo, ["speech to text"], "search", NOW)
    asked: list[TopicContext] = []

    def llm(context: TopicContext) -> list[str]:
        asked.append(context)
        return ["on-device inference"]

    chosen = choose_topics(s, repo, n=5, suggest_topics=llm, now=NOW)
    assert chosen[:3] == ["AI agents", "evals", "RAG"]  # tried topics by ROI
    assert chosen[3] == "on-device inference"  # then untried ones: the LLM's before trending and search-mined
    assert len(chosen) == 5 and chosen[4] != "speech to text"
    assert asked and asked[0].seed_topics == seeds and "ai agents" in asked[0].yields
    assert asked[0].trending and "mcp" in asked[0].trending[0]
    assert set(store_q.known_topics(repo)) >= {"on-device inference", "speech to text", asked[0].trending[0]}


def test_choose_topics_without_history_starts_from_the_seeds(settings, repo):
    assert choose_topics(settings, repo, n=3, now=NOW) == settings.pipeline.topics[:3]


def test_a_failing_suggester_costs_only_its_suggestions(settings, repo):
    def broken(context: TopicContext) -> list[str]:
        raise ConfigurationError("llm: no model configured")

    assert choose_topics(settings, repo, n=2, suggest_topics=broken, now=NOW) == settings.pipeline.topics[:2]


def test_topic_pool_rejects_an_unknown_origin(repo):
    with pytest.raises(InputError, match="origin"):
        store_q.remember_topics(repo, ["x"], "rumour")
    assert store_q.remember_topics(repo, ["  Voice   AI ", "voice ai"], "search") == 1
    store_q.remember_topics(repo, ["voice ai"], "llm")
    assert store_q.known_topics(repo) == {"voice ai": "search"}  # first origin kept
