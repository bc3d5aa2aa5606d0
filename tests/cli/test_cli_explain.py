"""`scout explain` on a stored builder of two merged profiles, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

from scout_core.process import process_outcomes
from scout_core.runtime import open_repository
from scout_core.schema import Candidate, EnrichmentOutcome, InternalProfile, LinkedProfile, Post, utcnow
from scout_core.settings import Settings


def scout(*args: str, data_dir) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")} | {"SCOUT_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "scout_core.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180)


def _store(data_dir) -> None:
    settings = Settings(data_dir=data_dir, _env_file=None)
    x = InternalProfile(source_platform="x", handle="ada_builds", source_id="11", display_name="Ada Lovelace",
                        bio="Founder. Building LLM agents.", followers_count=900,
                        linked_profiles=[LinkedProfile(platform="github", handle="adalove")],
                        recent_posts=[Post(post_id="1", text="Just shipped v0.3.0 of our agent framework",
                                           created_at=utcnow() - timedelta(days=1))])
    github = InternalProfile(source_platform="github", handle="adalove", source_id="22", display_name="Ada Lovelace",
                             bio="LLM agents", followers_count=50, content_count=12,
                             linked_profiles=[LinkedProfile(platform="x", handle="ada_builds")])
    outcomes = [EnrichmentOutcome(candidate=Candidate(platform=p.source_platform, handle=p.handle), profiles=[p],
                                  source=src) for p, src in ((x, "x_api"), (github, "github"))]
    process_outcomes(settings, open_repository(settings), outcomes, "run-1")


def test_explain_shows_profiles_merges_components_rescale_class_kind_and_traction(tmp_path):
    _store(tmp_path)
    proc = scout("explain", "ada_builds", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "(person)" in out and "x:ada_builds" in out and "github:adalove" in out
    assert "mutual_link" in out and "declares" in out  # the resolver's reasons for the merge
    assert "engagement: unknown" in out and "known points rescaled to 100" in out
    assert "class: early_founder" in out and "traction: not predicted yet" in out
    as_json = json.loads(scout("explain", "github:adalove", "--json", data_dir=tmp_path).stdout)
    assert as_json["account_kind"] == "person" and len(as_json["profiles"]) == 2 and as_json["merges"]


def test_explain_of_an_unknown_builder_is_one_line(tmp_path):
    proc = scout("explain", "nobody_here", data_dir=tmp_path)
    assert proc.returncode == 2 and "no stored builder 'nobody_here'" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
