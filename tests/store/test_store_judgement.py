"""The judgement in the store: account kind, rescale list and component evidence, their migration, the explanation,
and the JSON export's ``explanation`` — on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json

import sqlalchemy as sa
from alembic import command

from scout_core.explanation import explain_builder, render
from scout_core.export import export_builders
from scout_core.schema import AccountKind, Classification, ClassificationResult, ScoreCard, ScoreComponent
from scout_core.store.migrate import alembic_config, head_revision, upgrade
from tests.store.conftest import make_profile


def _card() -> ScoreCard:
    parts = [ScoreComponent(name="llm_evaluation", points=None, max_points=35, evidence=["LLM judge not configured"]),
             ScoreComponent(name="semantic_fit", points=12.0, max_points=20, evidence=["AI terms: llm, agents"]),
             ScoreComponent(name="technical_depth", points=9.5, max_points=15, evidence=["repo github.com/a/b"]),
             ScoreComponent(name="engagement", points=None, max_points=15,
                            evidence=["unknown: no like, reply or repost counts on the 4 recent posts"]),
             ScoreComponent(name="links", points=6.0, max_points=10, evidence=["github: a (+3.0)"]),
             ScoreComponent(name="completeness", points=4.0, max_points=5, evidence=["has bio (+1.0)"])]
    return ScoreCard(overall=63.0, components=parts, rescaled=True,
                     rescaled_from=["semantic_fit", "technical_depth", "links", "completeness"],
                     note="llm_evaluation, engagement unknown (...): 31.50 of the 50 known points = 63.00/100")


def _label(kind: AccountKind = AccountKind.PERSON) -> ClassificationResult:
    return ClassificationResult(label=Classification.EARLY_FOUNDER, confidence=0.9, reasons=["early_founder cues: ceo"],
                                account_kind=kind, account_evidence=["speaks as 'I' in the bio (+1.5)"])


def test_the_judgement_round_trips_through_the_store(repo):
    repo.save_builder(make_profile("alice_ai", "1"), _card(), _label())
    [member] = repo.builder("@Alice_AI")
    assert member["account_kind"] == "person" and member["account_evidence"] == ["speaks as 'I' in the bio (+1.5)"]
    assert member["score_rescaled_from"] == ["semantic_fit", "technical_depth", "links", "completeness"]
    assert member["score_components"]["engagement"]["points"] is None
    assert repo.builder(member["canonical_id"]) == [member]
    assert repo.builder("x:alice_ai") == [member] and repo.builder("github:alice_ai") == [] == repo.builder("nobody")


def test_the_explanation_shows_how_the_overall_follows_from_the_known_components(repo):
    repo.save_builder(make_profile("alice_ai", "1"), _card(), _label())
    explanation = explain_builder(repo.builder("alice_ai"), [])
    assert explanation["overall"]["known_points"] == 31.5 and explanation["overall"]["known_max"] == 50
    assert explanation["overall"]["unknown"] == ["llm_evaluation", "engagement"]
    text = render(explanation)
    assert "overall: 63.00 = 31.5 of the 50 known points rescaled to 100 (unknown: llm_evaluation, engagement)" in text
    assert "engagement: unknown" in text and "class: early_founder (confidence 0.90)" in text
    assert "traction: not predicted yet" in text and "(person)" in text


def test_json_export_carries_the_explanation_and_csv_the_kind(repo, tmp_path):
    repo.save_builder(make_profile("alice_ai", "1", display_name=' =HYPERLINK("http://evil")'), _card(), _label())
    [row] = json.loads(export_builders(repo, "json", None, tmp_path).read_text(encoding="utf-8"))
    assert row["account_kind"] == "person" and row["score_rescaled_from"][0] == "semantic_fit"
    assert row["explanation"]["components"][3]["evidence"][0].startswith("unknown: ")
    assert row["explanation"]["classification"]["reasons"] == ["early_founder cues: ceo"]
    with export_builders(repo, "csv", tmp_path / "b.csv", tmp_path).open(newline="", encoding="utf-8") as handle:
        [sheet] = list(csv.DictReader(handle))
    assert sheet["account_kind"] == "person" and "explanation" not in sheet
    assert sheet["display_name"].startswith("'")  # a formula behind a space is defused too


def test_organizations_and_bots_are_kept_out_of_the_top_builders(repo):
    from scout_core.summary import top_builders

    repo.save_builder(make_profile("alice_ai", "1"), _card(), _label())
    repo.save_builder(make_profile("ainews", "2"), _card().model_copy(update={"overall": 90.0}),
                      _label(AccountKind.ORGANIZATION).model_copy(update={"label": Classification.NOISE}))
    assert [b["handle"] for b in top_builders(repo)] == ["alice_ai"]


def test_the_migration_adds_nullable_columns_to_scored_rows_and_reverts(empty_db):
    upgrade(empty_db.url, "0003_identity")
    with empty_db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO profiles (canonical_id, source_platform, handle, handle_key, "
                             "first_discovered_at, enrichment_quality, pipeline_stage, counts_approximate, updated_at) "
                             "VALUES ('x:1', 'x', 'old', 'old', '2025-01-01 00:00:00', 'full', 'classified', false, "
                             "'2025-01-01 00:00:00')"))
    assert upgrade(empty_db.url) == head_revision()
    with empty_db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT account_kind FROM profiles")).scalars().all() == [None]
    columns = {c["name"] for c in sa.inspect(empty_db.engine).get_columns("scores")}
    assert "rescaled_from" in columns
    with empty_db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003_identity")
    inspector = sa.inspect(empty_db.engine)
    assert "account_kind" not in {c["name"] for c in inspector.get_columns("profiles")}
