"""The analytics' pure parts: tiers, growth from snapshots, launches from payloads, momentum, the graph."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from scout_core.analytics.facts import growth_over
from scout_core.analytics.graph import graph_metrics
from scout_core.analytics.launches import launches_of
from scout_core.analytics.momentum import TopicMatcher, count_weeks, momentum, week_start
from scout_core.analytics.tiers import follower_tier
from scout_core.store.analytics_records import Edge, Snapshot

T = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday


def test_tiers_have_the_issue_s_boundaries():
    assert [follower_tier(n) for n in (0, 99, 100, 999, 1_000, 9_999, 10_000, 99_999, 100_000)] == [
        "nano", "nano", "micro", "micro", "mid", "mid", "macro", "macro", "influencer"]
    assert follower_tier(None) is None


def test_growth_reads_the_reading_a_week_before_the_latest():
    readings = [Snapshot(1, T - timedelta(days=d), n) for d, n in ((30, 100), (7, 200), (3, 250), (0, 300))]
    assert growth_over(readings, 7) == (0.5, 100)
    assert growth_over(readings[-2:], 7) == (None, None)  # no reading a week back: unknown, not zero
    assert growth_over([Snapshot(1, T, 5)], 7) == (None, None)


def test_launches_are_the_builder_s_own_dated_work_only():
    raw = {"body": {"repos": [
        {"full_name": "ada/kit", "created_at": "2026-01-05T10:00:00Z", "owner": {"login": "ada"}},
        {"full_name": "ada/fork", "created_at": "2026-01-06T10:00:00Z", "fork": True, "owner": {"login": "ada"}},
        {"full_name": "bob/theirs", "created_at": "2026-01-07T10:00:00Z", "owner": {"login": "bob"}},
        {"full_name": "ada/undated", "owner": {"login": "ada"}}, "not a repo"]}}
    found = launches_of("b_1", 7, "github", "Ada", raw)
    assert [(x.kind, x.name, x.launched_at.day) for x in found] == [("repo", "ada/kit", 5)]
    models = {"body": {"models": [{"id": "ada/tiny-rag", "createdAt": "2026-02-01T00:00:00.000Z"},
                                  {"id": "other/model", "createdAt": "2026-02-01T00:00:00Z"}]}}
    assert [x.name for x in launches_of("b_1", 8, "huggingface", "ada", models)] == ["ada/tiny-rag"]
    ph = {"body": {"data": {"user": {"madePosts": {"edges": [{"node": {"name": "Beacon",
                                                                       "createdAt": "2026-02-03T08:00:00Z"}}]}}}}}
    assert [x.kind for x in launches_of("b_1", 9, "producthunt", "ada", ph)] == ["launch"]
    assert launches_of("b_1", 9, "x", "ada", raw) == [] and launches_of("b_1", 9, "github", "ada", None) == []


def test_topics_match_as_words_whatever_the_case_and_spacing():
    matcher = TopicMatcher(["RAG", "AI agents", "evals"])
    assert matcher.mentioned("Shipping rag  and ai\nAGENTS today") == {"rag", "ai agents"}
    assert matcher.mentioned("storage drag and evaluations") == set()


def test_momentum_ranks_the_rising_topic_first_by_share_of_posts():
    posts = []
    for week in range(12):
        at = T - timedelta(weeks=11 - week)
        posts += [("rag is great" if i < week else "agents rule", at) for i in range(12)]
        posts += [("unrelated", at)] * (week * 10)  # more posts overall later: shares, not counts
    counts: Counter = count_weeks(posts, TopicMatcher(["rag", "agents"]))
    ranked = momentum(counts, ["rag", "agents", "evals"], T)
    assert [m.topic for m in ranked][0] == "rag"
    rag = ranked[0]
    assert rag.growth > 1.5 and rag.acceleration > 1 and rag.mentions == sum(range(12))
    assert next(m for m in ranked if m.topic == "agents").growth < 1
    assert week_start(T + timedelta(days=3)) == T.replace(hour=0)


def test_graph_finds_hubs_bridges_and_communities():
    edges = [Edge(a, b, 1) for a, b in [("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("a1", "hub"), ("a2", "hub"),
                                         ("b1", "b2"), ("b2", "b3"), ("b3", "b1"), ("b1", "hub"), ("b2", "hub"),
                                         ("hub", "a1"), ("hub", "b1")]]
    metrics = graph_metrics(edges, {"a1": ["rag"], "a2": ["rag"], "b1": ["voice"]})
    assert max(metrics.pagerank, key=metrics.pagerank.get) == "hub"
    assert max(metrics.betweenness, key=metrics.betweenness.get) == "hub"
    assert metrics.community["a1"] == metrics.community["a2"] == metrics.community["a3"]
    assert metrics.community["b1"] == metrics.community["b2"] != metrics.community["a1"]
    assert metrics.betweenness_samples is None
    assert any(c["top_topics"] and c["top_topics"][0][0] == "rag" for c in metrics.communities)
    assert graph_metrics([]).pagerank == {}


def test_the_high_score_line_is_the_pipeline_s():
    from scout_core.analytics.sources import HIGH_SCORE
    from scout_core.process import HIGH_SCORE as PIPELINE_LINE

    assert HIGH_SCORE == PIPELINE_LINE
