"""``refresh_analytics`` on SQLite and PostgreSQL: the insights the fixture's store holds, and incrementality."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from scout_core.analytics import refresh_analytics
from scout_core.store.analytics_models import BuilderFactRow, CommunityRow, GraphNodeRow, TopicMomentumRow
from scout_core.store.insights import BuilderQuery, InsightsRepository
from scout_core.store.repository import Repository
from tests.analytics.builders_fixture import SEED_TOPICS


def _facts(repo, cid):
    return InsightsRepository(repo.engine).builder_facts(cid)


def test_builder_facts_merge_profiles_and_read_growth_and_launches(filled):
    repo, known = filled
    ada = _facts(repo, known.ada)
    assert ada["platforms"] == ["github", "x"] and ada["profile_count"] == 2
    assert ada["overall_score"] == 86 and ada["followers_count"] == 960 and ada["follower_tier"] == "micro"
    assert ada["follower_growth_7d"] == 1.0 and ada["followers_gain_7d"] == 480
    assert ada["launches_total"] == 4 and ada["launches_90d"] == 3  # the fork is not hers to count
    assert _facts(repo, known.bob)["follower_growth_7d"] == 0.0


def test_insights_answer_the_fixture_s_questions(filled):
    repo, known = filled
    reader = InsightsRepository(repo.engine)
    assert [r["canonical_id"] for r in reader.hidden_gems(80, 1000, 10)] == [known.ada]  # not the organization
    assert [r["canonical_id"] for r in reader.rising_stars(100, 10)][0] == known.ada
    assert [r["canonical_id"] for r in reader.serial_shippers(2, 10)] == [known.ada]
    assert [r["canonical_id"] for r in reader.cross_platform(2, 10)] == [known.ada]
    top = reader.influencers("pagerank", 10)
    assert top[0]["canonical_id"] == known.ada and top[0]["degree"] >= 2
    trending = reader.topics("growth", 10, 1)
    assert trending[0]["topic"] == "rag" and trending[0]["growth"] > 1
    assert next(t for t in trending if t["topic"] == "ai agents")["growth"] < 1
    sources = {s["source"]: s for s in reader.sources()}
    assert sources["x_api"]["cost_usd"] == 0.02 and sources["x_api"]["profiles"] == 5


def test_list_filters_sorts_and_pages_by_keyset(filled):
    repo, known = filled
    reader = InsightsRepository(repo.engine)
    rows, total = reader.list_builders(BuilderQuery(limit=2))
    assert total == 5 and [r["overall_score"] for r in rows] == [90, 86]
    after = (rows[-1]["overall_score"], rows[-1]["canonical_id"])
    more, _ = reader.list_builders(BuilderQuery(limit=10, after=after))
    assert [r["overall_score"] for r in more] == [70, 55, 40]
    assert reader.list_builders(BuilderQuery(platform="github"))[1] == 1
    assert reader.list_builders(BuilderQuery(q="LOVELACE"))[0][0]["canonical_id"] == known.ada
    assert reader.list_builders(BuilderQuery(q="%"))[1] == 0  # a LIKE wildcard is a character here
    assert reader.list_builders(BuilderQuery(q="' or 1=1"))[1] == 1  # Eve's bio holds that text; nothing else
    by_growth, _ = reader.list_builders(BuilderQuery(sort_by="follower_growth_7d"))
    assert by_growth[0]["canonical_id"] == known.ada and by_growth[-1]["follower_growth_7d"] is None


def test_a_second_refresh_does_only_what_changed(filled):
    repo, known = filled
    again = refresh_analytics(repo, now=known.now, seed_topics=SEED_TOPICS)
    assert again.builders_updated <= 1 and not again.graph_recomputed and again.posts_counted == 0
    store = Repository(repo.engine)
    pid = store.profile_id("x", "bob_builds")
    store.add_follower_snapshots(pid, [(known.now + timedelta(hours=1), 30_000)])
    store.record_interaction(pid, "x", "cara_c", "mention")
    third = refresh_analytics(repo, now=known.now + timedelta(hours=1), seed_topics=SEED_TOPICS)
    assert third.builders_updated >= 1 and third.graph_recomputed
    assert _facts(repo, known.bob)["followers_count"] == 20_000  # the profile row says 20,000 still
    assert _facts(repo, known.bob)["follower_growth_7d"] == 0.5  # growth reads the snapshots


def test_tables_are_filled_and_a_full_refresh_rebuilds_them_identically(filled):
    repo, known = filled
    with repo.engine.connect() as conn:
        before = {m.__tablename__: conn.execute(select(m)).all() for m in (GraphNodeRow, CommunityRow)}
        facts = conn.execute(select(BuilderFactRow.canonical_id, BuilderFactRow.overall_score)).all()
        topics = conn.execute(select(TopicMomentumRow.topic, TopicMomentumRow.growth)).all()
    assert len(facts) == 5 and topics and before["analytics_graph"]
    refresh_analytics(repo, now=known.now, full=True, seed_topics=SEED_TOPICS)
    with repo.engine.connect() as conn:
        assert {m.__tablename__: conn.execute(select(m)).all() for m in (GraphNodeRow, CommunityRow)} == before
        assert conn.execute(select(TopicMomentumRow.topic, TopicMomentumRow.growth)).all() == topics
