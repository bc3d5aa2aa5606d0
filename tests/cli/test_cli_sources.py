"""`scout sources`, `scout normalize` and `scout fetch` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def scout(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "scout_core.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=180)


@pytest.fixture(scope="module")
def served_world():
    from scout_core.sandbox.server import SandboxServer
    from scout_core.sandbox.world import generate_world, world_anchor

    world = generate_world(seed=21, size=80, now=world_anchor())
    with SandboxServer(world) as server:
        yield world, server.base_url


def test_sources_lists_every_source_with_its_target(tmp_path):
    proc = scout("sources", env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    for name in ("x_api", "x_web", "github", "search"):
        assert name in proc.stdout
    assert "sandbox" in proc.stdout


def test_sources_shows_real_target_when_credentials_are_set(tmp_path):
    proc = scout("sources", env={"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_GITHUB__TOKEN": "t"})
    assert "https://api.github.com" in proc.stdout and "https://api.x.com" in proc.stdout


def test_normalize_prints_one_json_line_per_profile(tmp_path):
    body = {"data": [{"id": "1", "username": "ada_ai", "name": "Ada"}, {"id": "2", "username": "Bob", "name": "B"}]}
    path = tmp_path / "users.json"
    path.write_text(json.dumps(body))
    proc = scout("normalize", "--source", "x_api", str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [p["handle"] for p in lines] == ["ada_ai", "Bob"]
    assert all(p["source_platform"] == "x" for p in lines)


def test_normalize_names_the_problem_in_bad_input(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"data": [')
    proc = scout("normalize", "--source", "x_api", str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "bad.json" in proc.stderr and "line 1" in proc.stderr
    proc = scout("normalize", "--source", "myspace", str(path), env={"SCOUT_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 2 and "x_api" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.browser
def test_fetch_x_web_from_any_x_style_page_server(tmp_path, served_world):
    from scout_core.sources.compact import format_compact_count, parse_compact_count

    world, url = served_world
    account = next(p.x for p in world.people if p.x and p.archetype != "noise" and p.x.posts)
    env = {"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_X_WEB__BASE_URL": url + "/x-web",
           "SCOUT_X_WEB__SESSION_COOKIES": '["sandbox-session-0"]'}
    proc = scout("fetch", "x_web", account.handle, env=env)
    assert proc.returncode == 0, proc.stderr
    [profile] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert profile["handle"] == account.handle and profile["bio"] == account.bio
    # Exact integers from the compact text the page shows ("12.5K" -> 12500).
    assert profile["followers_count"] == parse_compact_count(format_compact_count(account.followers))[0]
    assert len(profile["recent_posts"]) > 0
    mentioned = {m.lower() for p in account.posts for m in p.mentions}
    got = {m.lower() for p in profile["recent_posts"] for m in p["mentions"]}
    assert got <= mentioned and (got or not mentioned)


def test_fetch_x_api_uses_the_sandbox_without_credentials(tmp_path):
    from scout_core.sandbox.world import generate_world

    world = generate_world(seed=7, size=60)
    handle = next(p.x.handle for p in world.people if p.x)
    proc = scout("fetch", "x_api", handle, env={"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_SANDBOX__SIZE": "60"})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["handle"] == handle
    assert list((tmp_path / "raw").rglob("*.json.gz")), "the raw payload is kept in the lake"


def test_fetch_unknown_handle_is_one_line(tmp_path):
    proc = scout("fetch", "x_api", "nobody_at_all", env={"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_SANDBOX__SIZE": "20"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "nobody_at_all" in proc.stderr
