"""Unbounded input ends in one line naming the limit: deep JSON, endless files, oversized payloads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

JSON_SOURCES = ["x_api", "apify", "github", "huggingface", "producthunt", "search"]


def scout(*args: str, env: dict | None = None, stdin=None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "scout_core.cli", *args], capture_output=True, text=True,
                          env=full_env, stdin=stdin, timeout=120)


def _one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    return proc.stderr


@pytest.fixture
def deep_json(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"data": ' + "[" * 10_000 + "]" * 10_000 + "}")
    return path


@pytest.mark.parametrize("source", JSON_SOURCES)
def test_normalize_refuses_json_nested_10000_levels(source, deep_json, tmp_path):
    out = _one_line_error(scout("normalize", "--source", source, str(deep_json),
                                env={"SCOUT_DATA_DIR": str(tmp_path)}))
    assert "nested deeper than 64 levels" in out and "SCOUT_INPUT__MAX_DEPTH" in out


def test_normalize_refuses_a_file_over_the_size_cap(tmp_path):
    big = tmp_path / "big.json"
    big.write_text('{"data": {"username": "' + "a" * 5000 + '"}}')
    out = _one_line_error(scout("normalize", "--source", "x_api", str(big),
                                env={"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_INPUT__MAX_BYTES": "4096"}))
    assert "larger than 4,096 bytes" in out and "SCOUT_INPUT__MAX_BYTES" in out


def test_normalize_reads_dev_zero_only_up_to_the_cap(tmp_path):
    out = _one_line_error(scout("normalize", "--source", "x_web", "/dev/zero",
                                env={"SCOUT_DATA_DIR": str(tmp_path)}))
    assert "larger than 50 MiB" in out


def test_resolve_refuses_a_deep_line_in_place(deep_json, tmp_path):
    good = '{"source_platform": "github", "handle": "ada"}\n'
    lines = tmp_path / "profiles.jsonl"
    lines.write_text(good + deep_json.read_text() + "\n")
    proc = scout("resolve", str(lines), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == 2 and '"canonical_id"' in out[0]
    assert "line 2" in out[1] and "nested deeper" in out[1]


def test_resolve_reads_an_endless_stdin_only_up_to_the_cap(tmp_path):
    with open("/dev/zero", "rb") as zero:
        out = _one_line_error(scout("resolve", "-", stdin=zero,
                                    env={"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_INPUT__MAX_BYTES": "1048576"}))
    assert "larger than 1 MiB" in out


def test_real_sample_payloads_stay_within_the_default_depth():
    from pathlib import Path

    from scout_core.bounded import loads

    samples = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
    if not samples.is_dir():
        pytest.skip("../shared/samples is not next to the repository")
    read = 0
    for path in samples.rglob("*.json"):
        try:
            loads(path.read_bytes(), str(path))
        except ValueError as exc:
            assert "nested deeper" not in str(exc), path
        read += 1
    assert read > 10
