"""`scout score` and `scout normalize` on bodies of many records, some bad, and on hostile input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

NOW = "2026-02-19T23:00:00Z"


def scout(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "scout_core.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=180)


def _user(i: int, **extra) -> dict:
    user = {"id": str(1000 + i), "username": f"builder{i}", "description": "Building LLM agents. Founder.",
            "public_metrics": {"followers_count": 100 * i, "following_count": 50, "tweet_count": 10}}
    user.update(extra)
    return user


def _lookup(tmp_path, users: list[dict]):
    path = tmp_path / "lookup.json"
    path.write_text(json.dumps({"data": users}), encoding="utf-8")
    return path


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_normalize_prints_every_good_record_and_one_error_line_per_bad_one(tmp_path):
    users = [_user(i) for i in range(1, 6)]
    del users[1]["id"]  # record 1 lacks its id
    users[3]["public_metrics"]["followers_count"] = "lots"  # record 3 has a bad count
    proc = scout("normalize", "--source", "x_api", str(_lookup(tmp_path, users)), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert [p["handle"] for p in _lines(proc.stdout)] == ["builder1", "builder3", "builder5"]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, proc.stderr
    assert "record 1 [builder2] field 'id'" in errors[0] and "missing required field" in errors[0]
    assert "record 3 [builder4] field 'public_metrics.followers_count'" in errors[1]


def test_strict_makes_any_bad_record_fatal_and_prints_nothing(tmp_path):
    users = [_user(1), {"username": "noid"}]
    for command in ("normalize", "score"):
        proc = scout(command, "--source", "x_api", "--strict", str(_lookup(tmp_path, users)),
                     env={"SCOUT_DATA_DIR": str(tmp_path)})
        assert proc.returncode != 0 and proc.stdout == "", (command, proc.stdout)
        assert "record 1 [noid]" in proc.stderr and "Traceback" not in proc.stderr


def test_a_body_of_only_bad_records_fails_with_one_line_each(tmp_path):
    proc = scout("score", "--source", "x_api", str(_lookup(tmp_path, [{"username": "a"}, {"id": "2"}])),
                 env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode != 0 and proc.stdout == ""
    assert "record 0 [a]" in proc.stderr and "record 1" in proc.stderr and "Traceback" not in proc.stderr


def test_score_prints_the_documented_fields_and_classifies_filtered_profiles_too(tmp_path):
    big = _user(1, public_metrics={"followers_count": 10_000, "following_count": 10, "tweet_count": 5})
    stored = [{"user": {"data": big}, "tweets": {"data": [
        {"id": "1", "text": "Just shipped v0.4.0 of our LLM agent framework", "created_at": "2026-02-18T10:00:00Z"}]}}]
    path = tmp_path / "stored.json"
    path.write_text(json.dumps(stored), encoding="utf-8")
    proc = scout("score", "--source", "x_api", "--now", NOW, str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    [line] = _lines(proc.stdout)
    assert {"handle", "source_platform", "account_kind", "filtered", "filter_reasons", "overall_score", "components",
            "rescaled_from", "classification", "class_confidence", "class_reasons"} <= set(line)
    assert line["filtered"] is True and "10,000 followers, at or above the limit of 10,000" in line["filter_reasons"]
    assert line["classification"] == "early_founder"  # the class beside the filter decision, not instead of it
    assert line["components"]["engagement"]["score"] is None  # no like counts: unknown, not 0
    assert line["components"]["engagement"]["evidence"][0].startswith("unknown: ")
    assert "engagement" not in line["rescaled_from"] and "semantic_fit" in line["rescaled_from"]


def test_score_reads_json_lines_of_profiles_and_judges_an_empty_profile_as_unknown(tmp_path):
    path = tmp_path / "profiles.jsonl"
    path.write_text("\n".join([
        json.dumps({"source_platform": "x", "handle": "nobody"}),
        json.dumps({}),
        "not json",
    ]), encoding="utf-8")
    proc = scout("score", "--now", NOW, str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    [line] = _lines(proc.stdout)
    assert line["account_kind"] == "unknown" and line["classification"] == "noise"
    assert line["components"]["semantic_fit"]["score"] is None
    assert "line 2: missing 'source_platform'" in proc.stderr and "line 3: not JSON" in proc.stderr


def test_hostile_text_is_scored_as_text(tmp_path):
    bio = '<script>alert(1)</script> =HYPERLINK("http://evil","x") ' + "A" * 9_000
    huge = "B" * (10 * 2**20)
    users = [_user(1, description=bio), _user(2, description=huge)]
    path = tmp_path / "hostile.json"
    path.write_bytes(json.dumps({"data": users}).encode() + b"")
    proc = scout("score", "--source", "x_api", "--now", NOW, str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    [line] = _lines(proc.stdout)
    assert line["handle"] == "builder1" and line["classification"] == "noise"
    assert "record 1 [builder2] field 'bio'" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr) < 2_000  # the 10 MB bio is named, not echoed


def test_bytes_that_are_not_utf8_are_replaced_and_said(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps({"data": [_user(1)]}).encode().replace(b"Founder", b"Fundad\xf6r"))
    proc = scout("score", "--source", "x_api", "--now", NOW, str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert len(_lines(proc.stdout)) == 1 and "not UTF-8" in proc.stderr


def test_unknown_source_and_malformed_now_are_one_line_errors(tmp_path):
    path = _lookup(tmp_path, [_user(1)])
    for args, expected in ((["--source", "myspace"], "unknown source 'myspace'"),
                           (["--source", "x_api", "--now", "yesterday"], "--now 'yesterday' is not an ISO-8601 time")):
        proc = scout("score", *args, str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
        assert proc.returncode == 2 and proc.stdout == ""
        assert expected in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
