"""The daily topic refresh and the 15-minute health canary on Prefect's test harness."""

from __future__ import annotations

import socket

import pytest

pytestmark = [pytest.mark.integration]


def _artifact(state, key):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        mine = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]))
        return next(a for a in client.read_artifacts(artifact_filter=mine) if a.key == key)


def test_topic_refresh_on_a_fresh_install_and_after_mining(prefect_harness, tmp_path, monkeypatch):
    from flows.topics import REPORT_KEY, topics_refresh
    from scout_core.runtime import open_repository
    from scout_core.settings import Settings

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    fresh = topics_refresh(return_state=True)
    assert fresh.is_completed() and fresh.result()["ranked"] == []
    assert "No topic has been mined yet" in _artifact(fresh, REPORT_KEY).data

    repo = open_repository(Settings(data_dir=tmp_path / "data", _env_file=None))
    repo.record_mining_result("run-1", "RAG", candidates_found=20, profiles_stored=10, high_scorers=4)
    repo.record_mining_result("run-1", "AI agents", candidates_found=20, profiles_stored=2, high_scorers=0)
    mined = topics_refresh(n=3, return_state=True).result()
    assert [r["topic"] for r in mined["ranked"]] == ["RAG", "AI agents"]  # best yield first
    assert len(mined["next_cycle"]) == 3 and "RAG" in mined["next_cycle"]


def test_health_on_a_fresh_install_is_healthy(prefect_harness, tmp_path, monkeypatch):
    from flows.health import REPORT_KEY, health

    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    state = health(return_state=True)
    assert state.is_completed(), state.message
    report = state.result()
    assert report["healthy"] and all(p["reachable"] for p in report["sources"]) and len(report["sources"]) >= 5
    assert "# Scout health: healthy" in _artifact(state, REPORT_KEY).data


def test_health_fails_naming_an_unreachable_source(prefect_harness, tmp_path, monkeypatch):
    from flows.health import REPORT_KEY, health

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("SCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SCOUT_GITHUB__TOKEN", "t")  # a credential: the real (here, dead) endpoints are used
    monkeypatch.setenv("SCOUT_GITHUB__BASE_URL", dead)
    for source in ("X_API", "X_WEB", "APIFY", "HUGGINGFACE", "PRODUCTHUNT", "SEARCH"):
        monkeypatch.setenv(f"SCOUT_{source}__ENABLED", "false")
    state = health(return_state=True)
    assert state.is_failed()
    assert state.message.startswith(f"unhealthy: github unreachable at {dead}")
    assert "UNHEALTHY" in _artifact(state, REPORT_KEY).data
