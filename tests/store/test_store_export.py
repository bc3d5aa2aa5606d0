"""Exports: every stored builder as JSON or CSV, formula-safe, atomic."""

from __future__ import annotations

import csv
import json
import re

import pytest

from scout_core.errors import InputError
from scout_core.export import EXPORT_FIELDS, export_builders, write_atomically
from tests.store.conftest import make_classification, make_profile, make_scorecard

REQUIRED = {
    "canonical_id", "handle", "source_platform", "display_name", "followers_count", "overall_score",
    "classification", "classification_confidence", "enrichment_quality", "llm_score", "semantic_score",
    "technical_score", "engagement_score", "links_score", "completeness_score", "traction_probability",
    "website", "last_enriched_at",
}


@pytest.fixture
def stored(repo):
    repo.save_builder(make_profile("alice_ai", "1", display_name='=HYPERLINK("http://evil")',
                                   website="https://alice.dev"),
                      make_scorecard(81.0, llm=22.0), make_classification())
    repo.save_builder(make_profile("bob", "2", display_name="-2+3", location="@home"),
                      make_scorecard(40.0), None)
    return repo


def test_export_fields_cover_what_the_team_reads():
    assert REQUIRED <= set(EXPORT_FIELDS)


def test_json_export_has_one_object_per_builder(stored, tmp_path):
    path = export_builders(stored, "json", None, tmp_path / "exports")
    assert re.fullmatch(r"builders-\d{8}T\d{6}Z\.json", path.name) and path.parent == tmp_path / "exports"
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert [r["handle"] for r in rows] == ["alice_ai", "bob"]
    alice = rows[0]
    assert REQUIRED <= set(alice)
    assert alice["overall_score"] == 81.0 and alice["llm_score"] == 22.0 and alice["semantic_score"] == 20.0
    assert alice["classification"] == "early_founder" and alice["classification_confidence"] == 0.8
    assert alice["display_name"] == '=HYPERLINK("http://evil")'  # JSON is data, not a sheet: unchanged
    assert alice["last_enriched_at"] == "2025-03-01T12:00:00+00:00"
    assert rows[1]["classification"] is None and rows[1]["llm_score"] is None


def test_csv_export_escapes_formulas(stored, tmp_path):
    target = tmp_path / "out" / "team.csv"
    assert export_builders(stored, "CSV", target, tmp_path / "exports") == target
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["handle"] for r in rows] == ["alice_ai", "bob"]
    assert rows[0]["display_name"] == '\'=HYPERLINK("http://evil")'
    assert rows[1]["display_name"] == "'-2+3" and rows[1]["location"] == "'@home"
    assert rows[0]["overall_score"] == "81.0" and rows[1]["classification"] == ""
    assert rows[0]["website"] == "https://alice.dev"


def test_unknown_format_names_the_allowed_ones(repo, tmp_path):
    with pytest.raises(InputError, match=r"unknown export format 'xml': use one of csv, json"):
        export_builders(repo, "xml", None, tmp_path / "exports")
    assert not (tmp_path / "exports").exists()


def test_empty_store_exports_an_empty_array(repo, tmp_path):
    path = export_builders(repo, "json", tmp_path / "none.json", tmp_path)
    assert json.loads(path.read_text()) == []


def test_a_failing_write_leaves_no_file(tmp_path):
    target = tmp_path / "builders.csv"

    def half_then_fail(out):
        out.write("canonical_id,handle\n")
        raise OSError("disk full")

    with pytest.raises(InputError, match="cannot write the export to .*: disk full"):
        write_atomically(target, half_then_fail)
    assert list(tmp_path.iterdir()) == []


def test_one_row_per_canonical_builder_listing_all_their_profiles(repo, tmp_path):
    """A person found on X and GitHub is one builder: the export never repeats a canonical id."""
    x = make_profile("carol_x", "31", canonical_id="b_carol")
    gh = make_profile("carol-gh", "9001", platform="github", canonical_id="b_carol")
    repo.save_builder(x, make_scorecard(70.0), make_classification())
    repo.save_builder(gh, make_scorecard(55.0), make_classification())
    repo.save_builder(make_profile("dave", "32", canonical_id="b_dave"), None, None)  # filtered out
    rows = json.loads(export_builders(repo, "json", None, tmp_path).read_text())
    assert [r["canonical_id"] for r in rows] == ["b_carol"]
    assert rows[0]["handle"] == "carol_x" and rows[0]["overall_score"] == 70.0
    assert sorted(rows[0]["profiles"]) == ["github:carol-gh", "x:carol_x"]
    with_filtered = json.loads(export_builders(repo, "json", None, tmp_path, include_filtered=True).read_text())
    assert {r["canonical_id"] for r in with_filtered} == {"b_carol", "b_dave"}
