"""`scout resolve FILE` and `scout bench identity` (on a small world)."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from scout_core.bench.identity import run_identity_bench
from scout_core.cli.identity import bench_app, resolve

LINES = [
    {"source_platform": "github", "handle": "ada-l", "source_id": "11", "display_name": "Ada Lovelace",
     "linked_profiles": [{"platform": "x", "handle": "ada_ai"}]},
    "{not json",
    {"source_platform": "x", "handle": "ada_ai", "source_id": None, "display_name": "Ada Lovelace"},
    {"source_platform": "producthunt", "handle": "[REDACTED]", "source_id": "0", "display_name": "[REDACTED]"},
    {"handle": "nobody"},
]


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("resolve")(resolve)
    app.add_typer(bench_app, name="bench")
    return app


def test_resolve_file_reports_every_line_in_order_and_the_bad_one_in_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "profiles.jsonl"
    source.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in LINES) + "\n")
    result = CliRunner().invoke(_app(), ["resolve", str(source)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5]
    assert out[0]["canonical_id"] == out[2]["canonical_id"]  # the scraped X page joins the GitHub account
    assert out[2]["reasons"][0]["level"] == 3
    assert out[1]["error"].startswith("line 2: not JSON")
    assert out[3]["reasons"][0]["kind"] == "redacted" and out[3]["canonical_id"] is None
    assert out[4]["error"] == "line 5: missing 'source_platform'"
    assert "Traceback" not in result.output


def test_resolve_missing_file_is_one_line():
    result = CliRunner().invoke(_app(), ["resolve", "/nonexistent/profiles.jsonl"])
    assert result.exit_code == 2 and "no such file" in result.output.lower() and "Traceback" not in result.output


def test_bench_on_a_small_world_beats_the_exact_handle_baseline():
    report = run_identity_bench(size=2000, seed=11)
    metrics = {"precision", "recall", "residual_duplicate_rate", "false_merge_rate"}
    assert metrics | {"profiles", "seconds", "world_seconds"} <= set(report)
    assert metrics <= set(report["baseline"])
    assert report["profiles"] > 2000
    assert report["precision"] > report["baseline"]["precision"]
    assert report["precision"] >= 0.99
    assert report["residual_duplicate_rate"] < report["baseline"]["residual_duplicate_rate"]
    assert report["residual_duplicate_rate"] >= report["evidence_ceiling"]["best_residual_duplicate_rate"]


def test_bench_command_ends_with_one_json_object(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(_app(), ["bench", "identity", "--size", "300", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["profiles"] > 300 and {"precision", "recall", "baseline"} <= set(report)


def test_two_identical_redacted_makers_get_no_canonical_id(tmp_path, monkeypatch):
    """The issue's case: two redacted Product Hunt makers, identical as the API sends them, and a real one."""
    monkeypatch.chdir(tmp_path)
    redacted = {"source_platform": "producthunt", "handle": "[REDACTED]", "source_id": "0",
                "display_name": "[REDACTED]"}
    real = {"source_platform": "producthunt", "handle": "ada", "source_id": "123", "display_name": "Ada Lovelace"}
    source = tmp_path / "makers.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in (redacted, redacted, real)) + "\n")
    result = CliRunner().invoke(_app(), ["resolve", str(source)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["canonical_id"] for o in out[:2]] == [None, None]
    assert out[2]["canonical_id"] and "never merged" in out[0]["reasons"][0]["evidence"]
