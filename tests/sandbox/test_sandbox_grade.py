"""Grading a run's export against the sandbox truth: duplicates, mixed rows, unknown profiles."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from scout_core.cli import app
from scout_core.errors import InputError
from scout_core.sandbox.grade import grade_export, grade_rows, truth_owners

TRUTH = {"people": [
    {"person_id": "p1", "accounts": [{"platform": "x", "handle": "Jane", "previous_handles": ["jane_old"]},
                                     {"platform": "github", "handle": "jdoe"}]},
    {"person_id": "p2", "accounts": [{"platform": "x", "handle": "bob"}]},
]}


def test_a_person_in_two_rows_is_a_duplicate_and_a_row_of_two_people_mixes_them():
    owners = truth_owners(TRUTH)
    rows = [{"profiles": ["x:jane_old"]}, {"profiles": ["github:JDOE", "x:bob"]}, {"profiles": ["x:ghost"]}]
    assert grade_rows(rows, owners) == {"rows": 3, "people": 2, "people_in_several_rows": 1,
                                        "duplicate_row_share": 0.33333, "rows_mixing_people": 1,
                                        "profiles_not_in_truth": 1}
    clean = grade_rows([{"profiles": ["x:jane", "github:jdoe"]}, {"profiles": ["x:bob"]}], owners)
    assert (clean["people_in_several_rows"], clean["rows_mixing_people"], clean["duplicate_row_share"]) == (0, 0, 0)


def test_a_file_that_is_not_an_export_is_named_as_such(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"rows": 1}')
    with pytest.raises(InputError, match="not a JSON export"):
        grade_export(bad, TRUTH)
    result = CliRunner().invoke(app, ["sandbox", "grade", str(tmp_path / "missing.json"), "--size", "10"])
    assert result.exit_code == 2 and "no such export file" in result.output and "Traceback" not in result.output


def test_the_cli_grades_an_export_of_the_world(tmp_path):
    from scout_core.sandbox.world import generate_world

    world = generate_world(seed=4, size=30)
    person = next(p for p in world.people if p.x and p.github)
    rows = [{"profiles": [f"x:{person.x.handle}"]}, {"profiles": [f"github:{person.github.login}"]}]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(rows))
    result = CliRunner().invoke(app, ["sandbox", "grade", str(export), "--seed", "4", "--size", "30"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["people_in_several_rows"] == 1
