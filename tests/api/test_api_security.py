"""Keys, roles, CORS, the loopback rule and bad input, against a real server process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import func, select

from scout_core.store.db import make_engine
from scout_core.store.models import IdentitySplitRow, LabelRow
from tests.api.conftest import OPERATOR_KEY, READ_KEY, start_server, stop, wait_up


def _count(server, model) -> int:
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(model)).scalar_one())
    finally:
        engine.dispose()


def test_every_api_path_but_health_needs_a_key(server):
    anonymous = server.client(key=None)
    assert anonymous.get("/api/v1/health").status_code == 200
    for path in ("/api/v1/builders", f"/api/v1/builders/{server.known.ada}", "/api/v1/insights/sources", "/metrics"):
        response = anonymous.get(path)
        assert response.status_code == 401 and response.json()["error"] == "unauthorized", path
        assert response.headers["www-authenticate"] == "Bearer"
    wrong = server.client(key="x" * 32).get("/api/v1/builders")
    assert wrong.status_code == 401 and wrong.json() == {"error": "unauthorized", "detail": "unknown API key"}
    basic = httpx.get(f"{server.url}/api/v1/builders", headers={"Authorization": f"Basic {READ_KEY}"})
    assert basic.status_code == 401


def test_a_read_key_reads_but_never_writes(server):
    reader = server.client(READ_KEY)
    labels = _count(server, LabelRow)
    for path, body in ((f"/api/v1/builders/{server.known.bob}/labels", {"traction": "yes"}),
                       ("/api/v1/identity/split", {"left": "x:ada_ai", "right": "github:ada-l"}),
                       ("/api/v1/dlq/replay", {})):
        response = reader.post(path, json=body)
        assert response.status_code == 403 and response.json()["error"] == "forbidden", path
    assert _count(server, LabelRow) == labels


def test_an_operator_labels_a_builder_on_every_profile(server):
    before = _count(server, LabelRow)
    response = server.client(OPERATOR_KEY).post(f"/api/v1/builders/{server.known.cara}/labels", json={"traction": "no"})
    assert response.status_code == 201 and response.json()["labels_written"] == 1
    assert response.json()["traction"] is False
    assert _count(server, LabelRow) == before + 1


@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/builders/b_doesnotexist", 404), ("/api/v1/builders?limit=100000", 422),
    ("/api/v1/builders?sort_by=password", 422), ("/api/v1/builders?min_score=abc", 422),
    ("/api/v1/builders?min_score=101", 422), ("/api/v1/builders?cursor=bm90IGEgY3Vyc29y", 422),
    ("/api/v1/builders?offset=-1", 422), ("/api/v1/builders/..%2F..%2Fetc", 404),
    ("/api/v1/analytics/summary?period=1y", 422), ("/api/v1/insights/network/influencers?by=degree", 422),
    ("/api/v1/nothing-here", 404),
])
def test_bad_input_gets_the_right_4xx_as_json(server, path, status):
    response = server.client().get(path)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"} and "\n" not in body["detail"] and "Traceback" not in body["detail"]


def test_sql_in_q_is_text(server):
    client = server.client()
    for q in ("'; DROP TABLE profiles; --", "%' OR '1'='1", "\\", "_"):
        assert client.get("/api/v1/builders", params={"q": q}).status_code == 200
    assert client.get("/api/v1/builders").json()["total"] == 5  # nothing dropped, nothing changed


def _raw_get(url: str, target: str) -> tuple[int, dict]:
    """A GET sent byte by byte (HTTP clients refuse URLs this long before sending them)."""
    host, port = url.removeprefix("http://").split(":")
    request = (f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {READ_KEY}\r\n"
               "Connection: close\r\n\r\n").encode()
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_a_megabyte_query_string_is_refused_in_json(server):
    status, body = _raw_get(server.url, "/api/v1/builders?q=" + "a" * 1_000_000)
    assert status == 414 and body["error"] == "uri_too_long"
    assert server.client().get("/api/v1/health").status_code == 200  # and the server is still there


def test_bad_writes_write_nothing(server):
    operator = server.client(OPERATOR_KEY)
    labels, splits = _count(server, LabelRow), _count(server, IdentitySplitRow)
    unknown = operator.post("/api/v1/builders/b_nobodyhere/labels", json={"traction": "yes"})
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"
    for body in ({"traction": "maybe"}, {}, {"traction": "yes", "not_builder": True}, {"not_builder": False},
                 {"traction": "yes", "extra": 1}):
        response = operator.post(f"/api/v1/builders/{server.known.bob}/labels", json=body)
        assert response.status_code == 422, body
    not_json = operator.post(f"/api/v1/builders/{server.known.bob}/labels", content=b"{nope",
                             headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422
    never_merged = operator.post("/api/v1/identity/split", json={"left": "x:bob_builds", "right": "x:cara_c"})
    assert never_merged.status_code == 409 and "never merged" in never_merged.json()["detail"]
    nobody = operator.post("/api/v1/identity/split", json={"left": "x:bob_builds", "right": "x:nobody_here"})
    assert nobody.status_code == 404
    malformed = operator.post("/api/v1/identity/split", json={"left": "bob_builds", "right": "x:cara_c"})
    assert malformed.status_code == 422
    bad_tier = operator.post("/api/v1/dlq/replay", json={"to": "nosuchtier"})
    assert bad_tier.status_code == 422
    assert operator.post("/api/v1/dlq/replay", json={}).json()["status"] == "nothing_to_replay"
    assert (_count(server, LabelRow), _count(server, IdentitySplitRow)) == (labels, splits)


def test_cors_is_closed_by_default(server):
    response = httpx.options(f"{server.url}/api/v1/builders", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in {k.lower() for k in response.headers}
    got = server.client().get("/api/v1/builders", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in {k.lower() for k in got.headers}


def test_keys_never_reach_the_log_or_a_response(server):
    server.client(key="a-wrong-key-that-is-long-enough").get("/api/v1/builders")
    text = server.log.read_text(errors="replace")
    assert READ_KEY not in text and OPERATOR_KEY not in text and "a-wrong-key" not in text
    assert READ_KEY not in server.client().get("/openapi.json").text


def test_split_is_sticky_on_later_runs(server):
    from scout_core.identity import assign_canonical_id
    from scout_core.store.repository import Repository
    from tests.analytics.builders_fixture import profile

    response = server.client(OPERATOR_KEY).post("/api/v1/identity/split", json={
        "left": "x:ada_ai", "right": "github:ada-l", "reason": "two different Adas"})
    assert response.status_code == 200, response.text
    after = response.json()["canonical_ids"]
    assert after["x:ada_ai"] != after["github:ada-l"]
    engine = make_engine(server.database_url)
    try:
        again = profile("github", "ada-l", "11", "Ada Lovelace", 80, server.known.now,
                        linked_profiles=[{"platform": "x", "handle": "ada_ai"}])
        cid, _ = assign_canonical_id(again, Repository(engine))  # a later run sees the same profile again
    finally:
        engine.dispose()
    assert cid == after["github:ada-l"]


def test_without_keys_only_loopback_is_served(tmp_path, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    env.update(SCOUT_DATABASE_URL=database_url, SCOUT_DATA_DIR=str(tmp_path))
    refused = subprocess.run([sys.executable, "-m", "scout_core.cli", "serve", "--host", "0.0.0.0", "--port", "0"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "refusing to listen on 0.0.0.0 without API keys" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    bad_keys = subprocess.run([sys.executable, "-m", "scout_core.cli", "serve", "--port", "0"],
                              env={**env, "SCOUT_API__KEYS": json.dumps({"short": "admin"})},
                              capture_output=True, text=True, timeout=120)
    assert bad_keys.returncode == 2 and "SCOUT_API__KEYS" in bad_keys.stderr and "short" not in bad_keys.stderr
    process, url, log = start_server(database_url, tmp_path)
    try:
        wait_up(process, url, log)
        assert httpx.get(f"{url}/api/v1/builders").status_code == 200  # loopback, no keys: open to this machine
    finally:
        stop(process)
