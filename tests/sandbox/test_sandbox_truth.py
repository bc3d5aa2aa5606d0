"""The sandbox's ground truth export (for evaluation only)."""

from __future__ import annotations

import json

import pytest

from scout_core.sandbox import generate_world, world_truth, write_truth


@pytest.fixture(scope="module")
def world():
    return generate_world(seed=5, size=400)


def test_truth_header_says_evaluation_only(world):
    truth = world_truth(world)
    assert truth["ground_truth_for_evaluation_only"] is True
    assert "evaluation only" in truth["note"] and "never read" in truth["note"]
    assert (truth["seed"], truth["size"], len(truth["people"])) == (5, 400, 400)


def test_truth_records_who_owns_which_account(world):
    truth = world_truth(world)
    by_id = {p.person_id: p for p in world.people}
    for record in truth["people"]:
        person = by_id[record["person_id"]]
        assert (record["archetype"], record["name"], record["achieved_traction"]) == (
            person.archetype, person.name, person.achieved_traction)
        assert record["company_site"] == person.company_site and record["namesake_of"] == person.namesake_of
        for account in record["accounts"]:
            if account["platform"] == "x":
                x = world.x_by_handle[account["handle"].lower()]
                assert x.user_id == account["source_id"] and x.is_alt == account["is_alt"]
                assert account["previous_handles"] == x.previous_handles
            elif account["platform"] == "github":
                assert str(world.github_by_login[account["handle"].lower()].user_id) == account["source_id"]
            elif account["platform"] == "huggingface":
                assert world.hf_by_username[account["handle"].lower()].user_id == account["source_id"]
            else:
                assert world.ph_by_username[account["handle"].lower()].user_id == account["source_id"]
    platforms = {a["platform"] for r in truth["people"] for a in r["accounts"]}
    assert platforms == {"x", "github", "huggingface", "producthunt"}
    assert any(a["is_alt"] for r in truth["people"] for a in r["accounts"])
    assert any(a["previous_handles"] for r in truth["people"] for a in r["accounts"])


def test_write_truth_round_trips(world, tmp_path):
    path = write_truth(world, tmp_path / "nested" / "truth.json")
    assert path.exists()
    assert json.loads(path.read_text(encoding="utf-8")) == world_truth(world)
