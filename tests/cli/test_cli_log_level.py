"""SCOUT_LOG_LEVEL reaches Scout's loggers: INFO shows what WARNING hides, on stderr, never on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys

REDACTED = {"data": {"user": {"id": "0", "name": "[REDACTED]", "username": "[REDACTED]", "headline": None,
                              "twitterUsername": None, "websiteUrl": None, "url": "[REDACTED]"}}}


def _normalize(tmp_path, level: str | None) -> subprocess.CompletedProcess:
    body = tmp_path / "redacted.json"
    body.write_text(json.dumps(REDACTED), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    env["SCOUT_DATA_DIR"] = str(tmp_path / "data")
    if level is not None:
        env["SCOUT_LOG_LEVEL"] = level
    return subprocess.run([sys.executable, "-m", "scout_core.cli", "normalize", "--source", "producthunt", str(body)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


def test_info_level_shows_scouts_info_messages_on_stderr(tmp_path):
    proc = _normalize(tmp_path, "info")
    assert proc.returncode == 0, proc.stderr
    assert "INFO scout_core.sources.producthunt_parse" in proc.stderr and "redacted" in proc.stderr
    assert proc.stdout == ""


def test_the_default_level_keeps_info_quiet(tmp_path):
    proc = _normalize(tmp_path, None)
    assert proc.returncode == 0 and "redacted" not in proc.stderr


def test_apply_log_level_sets_scouts_logger_only():
    import logging

    from scout_core.logs import apply_log_level

    root = logging.getLogger().level
    try:
        apply_log_level("DEBUG")
        assert logging.getLogger("scout_core.discovery.topics").getEffectiveLevel() == logging.DEBUG
        assert logging.getLogger().level == root
    finally:
        apply_log_level("WARNING")
