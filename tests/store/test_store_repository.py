"""The repository on both backends: idempotent upserts, merges, atomic saves, operational records."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from scout_core.errors import InputError, InvalidHandleError, RateLimitedError
from scout_core.schema import Classification, LinkedProfile, Post
from scout_core.store import builders as builder_rows
from scout_core.store.db import session_factory
from scout_core.store.models import Profile
from tests.store.conftest import T0, make_classification, make_profile, make_scorecard


def _count(db, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_same_profile_twice_is_one_row_with_updated_fields(repo, db):
    first = repo.upsert_profile(make_profile(followers_count=100))
    second = repo.upsert_profile(make_profile(followers_count=250, bio="Shipping evals"), raw={"v": 2})
    assert first == second
    assert repo.count_profiles() == 1
    stored = repo.get_profile("x", "alice_ai")
    assert stored is not None and stored.followers_count == 250 and stored.bio == "Shipping evals"
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT raw FROM profiles")).scalar_one() in ({"v": 2}, '{"v": 2}')


def test_partial_enrichment_keeps_known_fields(repo):
    repo.upsert_profile(make_profile(location="Berlin", website="https://alice.dev"))
    repo.upsert_profile(make_profile(location=None, website=None, enrichment_quality="minimal"))
    stored = repo.get_profile("x", "alice_ai")
    assert stored.location == "Berlin" and stored.website == "https://alice.dev"
    assert stored.enrichment_quality == "minimal"


def test_rename_under_same_source_id_updates_the_same_row(repo):
    old_id = repo.upsert_profile(make_profile(handle="alice_old"))
    new_id = repo.upsert_profile(make_profile(handle="Alice_New"))
    assert old_id == new_id and repo.count_profiles() == 1
    assert repo.get_profile("x", "alice_old") is None
    assert repo.get_profile("x", "alice_new").handle == "Alice_New"
    assert repo.known_handles("x", ["alice_old", "ALICE_NEW"]) == {"alice_new"}


def test_scraped_profile_merges_into_api_profile_later(repo):
    scraped = repo.upsert_profile(make_profile(source_id=None, enriched_by="x_web", location="Paris"))
    again = repo.upsert_profile(make_profile(source_id=None, enriched_by="x_web"))
    assert scraped == again  # scraped profiles without ids are idempotent too
    api = repo.upsert_profile(make_profile(source_id="777", enriched_by="x_api"))
    assert api == scraped and repo.count_profiles() == 1
    stored = repo.get_profile("x", "alice_ai")
    assert stored.source_id == "777" and stored.location == "Paris" and stored.enriched_by == "x_api"


def test_same_handle_on_other_platforms_are_other_rows(repo):
    repo.upsert_profile(make_profile("alice", platform="x", source_id="1"))
    repo.upsert_profile(make_profile("alice", platform="github", source_id="1"))
    assert repo.count_profiles() == 2
    assert repo.known_handles("github", ["Alice", "bob", "not a handle!"]) == {"alice"}


def test_unique_source_id_per_platform_is_enforced_by_the_database(db):
    sessions = session_factory(db.engine)

    def row(handle: str, source_id: str | None) -> Profile:
        return Profile(canonical_id=handle, source_platform="x", source_id=source_id, handle=handle,
                       handle_key=handle, enrichment_quality="full", pipeline_stage="stored")

    with sessions.begin() as session:
        session.add_all([row("a", "42"), row("b", None), row("b2", "43")])
    for duplicate in (row("c", "42"), row("b", None)):
        with pytest.raises(IntegrityError), sessions.begin() as session:
            session.add(duplicate)
    with sessions.begin() as session:  # a handle may recur on another id'd account (renamed away)
        session.add(row("b", "44"))
    assert _count(db, "profiles") == 4


def test_save_builder_writes_everything_in_one_go(repo, db):
    profile = make_profile(
        recent_posts=[Post(post_id="p1", text="shipped v2", created_at=T0, like_count=3),
                      Post(post_id="p2", text="evals", created_at=T0 - timedelta(days=1))],
        linked_profiles=[LinkedProfile(platform="github", handle="alice-gh", verified=True)],
    )
    pid = repo.save_builder(profile, make_scorecard(), make_classification())
    assert pid == repo.save_builder(profile, make_scorecard(80.0), make_classification())
    assert (_count(db, "posts"), _count(db, "linked_profiles"), _count(db, "scores")) == (2, 1, 2)
    assert (_count(db, "classifications"), _count(db, "follower_snapshots")) == (2, 1)
    [builder] = repo.builders()
    assert builder["overall_score"] == 80.0 and builder["classification"] == "early_founder"
    assert builder["semantic_score"] == 20.0 and builder["llm_score"] is None
    stored = repo.get_profile("x", "alice_ai")
    assert [p.post_id for p in stored.recent_posts] == ["p1", "p2"]
    assert stored.linked_profiles[0].handle == "alice-gh" and stored.pipeline_stage == "stored"


def test_save_builder_failing_midway_leaves_nothing(repo, db, monkeypatch):
    def fail(*_args, **_kwargs):
        raise RuntimeError("classifier store failed")

    monkeypatch.setattr(builder_rows, "add_classification", fail)
    profile = make_profile(recent_posts=[Post(post_id="p1", text="hi", created_at=T0)])
    with pytest.raises(RuntimeError):
        repo.save_builder(profile, make_scorecard(), make_classification())
    for table in ("profiles", "posts", "scores", "classifications", "follower_snapshots"):
        assert _count(db, table) == 0, table


def test_failed_update_keeps_the_previous_builder(repo, db, monkeypatch):
    repo.save_builder(make_profile(display_name="Alice"), make_scorecard(50.0), make_classification())
    monkeypatch.setattr(builder_rows, "add_classification", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        repo.save_builder(make_profile(display_name="Mallory"), make_scorecard(99.0), make_classification())
    [builder] = repo.builders()
    assert builder["display_name"] == "Alice" and builder["overall_score"] == 50.0
    assert _count(db, "scores") == 1


def test_aware_datetimes_round_trip_as_utc(repo):
    plus_two = timezone(timedelta(hours=2))
    created = datetime(2021, 6, 1, 14, 30, tzinfo=plus_two)
    repo.upsert_profile(make_profile(created_at=created, recent_posts=[
        Post(post_id="p1", created_at=datetime(2025, 2, 1, 9, 0, tzinfo=plus_two))]))
    stored = repo.get_profile("x", "alice_ai")
    assert stored.created_at == created and stored.created_at.utcoffset() == timedelta(0)
    assert stored.recent_posts[0].created_at == datetime(2025, 2, 1, 7, 0, tzinfo=UTC)
    assert stored.last_enriched_at == T0 and stored.last_enriched_at.tzinfo is not None


def test_naive_datetimes_are_refused(repo):
    with pytest.raises(InputError, match="created_at is a naive datetime"):
        repo.upsert_profile(make_profile(created_at=datetime(2021, 6, 1)))
    with pytest.raises(InputError, match="naive datetime"):  # the column type itself refuses them
        repo.add_dead_letter("x:bob", "x", "bob", "boom", at=datetime(2025, 1, 1))
    assert repo.count_profiles() == 0


def test_get_profile_rejects_invalid_handles(repo):
    with pytest.raises(InvalidHandleError):
        repo.get_profile("x", "not a handle!")


def test_dead_letters_count_attempts_and_replays(repo):
    first = repo.add_dead_letter("x:bob", "x", "bob", "429", error_kind="RateLimitedError",
                                 payload={"depth": 1}, suggested_action="wait for the window")
    second = repo.add_dead_letter("x:bob", "x", "bob", "timeout", error_kind="SourceUnavailableError")
    assert (first, second) == (1, 2)
    [letter] = repo.list_dead_letters()
    assert letter.attempts == 2 and letter.error == "timeout" and letter.payload == {"depth": 1}
    assert letter.first_failed_at <= letter.last_failure_at
    assert pickle.loads(pickle.dumps(letter)) == letter
    assert repo.mark_replayed("x:bob") and repo.list_dead_letters() == []
    assert repo.add_dead_letter("x:bob", "x", "bob", "again") == 3
    assert [d.candidate_key for d in repo.list_dead_letters()] == ["x:bob"]


def test_interactions_accumulate_per_edge(repo, db):
    pid = repo.upsert_profile(make_profile())
    repo.record_interaction(pid, "x", "@Bob", "mention")
    repo.record_interaction(pid, "x", "bob", "mention", count=2)
    repo.record_interaction(pid, "github", "bob", "contributor")
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT target_platform, target_handle, kind, count FROM interactions ORDER BY kind")).all()
    assert [tuple(r) for r in rows] == [("github", "bob", "contributor", 1), ("x", "bob", "mention", 3)]
    with pytest.raises(InputError, match="unknown interaction kind"):
        repo.record_interaction(pid, "x", "bob", "follow")


def test_runs_costs_errors_and_mining_results(repo, db):
    repo.start_run("run-1", {"limit": 10})
    repo.record_cost("x_api", "users_by", 100, 0.5, run_id="run-1")
    repo.record_cost("apify", "scrape", 10, 0.25)
    repo.record_cost("x_api", "tweets", 1, 0.25)
    assert repo.cost_by_source() == {"x_api": 0.75, "apify": 0.25}
    assert repo.cost_by_source(since=datetime.now(UTC) + timedelta(hours=1)) == {}
    repo.record_error("run-1", "enrich", RateLimitedError("slow down", source="x_api", handle="bob"))
    repo.record_mining_result("run-1", "AI agents", candidates_found=40, profiles_stored=12, high_scorers=3)
    repo.finish_run("run-1", "completed", {"stored": 12})
    run = repo.get_run("run-1")
    assert run.status == "completed" and run.params == {"limit": 10} and run.stats == {"stored": 12}
    assert run.finished_at is not None and run.finished_at.tzinfo is not None
    assert repo.get_run("nope") is None
    with pytest.raises(InputError, match="unknown run"):
        repo.finish_run("nope", "failed")
    with db.engine.connect() as conn:
        error = conn.execute(sa.text("SELECT source, handle, error_kind FROM pipeline_errors")).one()
        assert tuple(error) == ("x_api", "bob", "RateLimitedError")
        assert conn.execute(sa.text("SELECT high_scorers FROM mining_results")).scalar_one() == 3


def test_canonical_ids_and_builders_order(repo):
    repo.save_builder(make_profile("low", "1"), make_scorecard(30.0), None)
    repo.save_builder(make_profile("high", "2", canonical_id="builder-7"), make_scorecard(90.0),
                      make_classification(Classification.AI_RESEARCHER))
    repo.upsert_profile(make_profile("unscored", "3"))
    assert repo.canonical_ids() == ["builder-7", "x:1", "x:3"]
    assert [b["handle"] for b in repo.builders()] == ["high", "low", "unscored"]
    unscored = repo.builders()[-1]
    assert unscored["overall_score"] is None and unscored["classification"] is None


def test_concurrent_insert_of_the_same_profile_adopts_the_winner(repo, db):
    from scout_core.store.profiles import _insert_or_find

    winner = repo.upsert_profile(make_profile())
    # A writer that looked before the winner committed now inserts too: it must adopt the row.
    with session_factory(db.engine).begin() as session:
        assert _insert_or_find(session, make_profile()).id == winner
    assert repo.count_profiles() == 1


def test_unreachable_or_unmigrated_database_errors_are_clear(tmp_path, empty_db):
    from scout_core.errors import DatabaseUnavailableError, StoreError
    from scout_core.store.repository import Repository

    with pytest.raises(DatabaseUnavailableError, match="cannot reach database"):
        Repository("postgresql://postgres@127.0.0.1:1/none").count_profiles()
    with pytest.raises(StoreError, match="run `scout db upgrade`"):
        Repository(empty_db.engine).count_profiles()


def test_every_scoring_component_lands_in_its_score_column(repo):
    """The scorer's component names and the store's columns agree: no component is silently dropped."""
    from scout_core.schema import InternalProfile
    from scout_core.scoring import COMPONENT_MAX, score_profile

    profile = InternalProfile(source_platform="x", handle="colcheck", source_id="77", bio="I build LLM agents")
    card = score_profile(profile)
    repo.save_builder(profile, card, None)
    [row] = [b for b in repo.builders() if b["handle"] == "colcheck"]
    for comp in card.components:
        column = {"llm_evaluation": "llm_score", "semantic_fit": "semantic_score",
                  "technical_depth": "technical_score"}.get(comp.name, f"{comp.name}_score")
        assert row[column] == comp.points, comp.name
    assert set(COMPONENT_MAX) == {c.name for c in card.components}


def test_pending_dead_letter_keys_exclude_replayed_ones(repo):
    repo.add_dead_letter("x:ghost", "x", "ghost", "not found", error_kind="NotFoundError")
    repo.add_dead_letter("x:later", "x", "later", "503", error_kind="SourceUnavailableError")
    repo.mark_replayed("x:later")
    assert repo.pending_dead_letter_keys(["x:ghost", "x:later", "x:new"]) == {"x:ghost"}
