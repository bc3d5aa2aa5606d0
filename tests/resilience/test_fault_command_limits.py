"""POST /sandbox/faults checks a command whole before it applies anything, and no body is read past a cap."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from scout_core.sandbox.body_limit import MAX_BODY_BYTES, BodyLimit


def _url(server) -> str:
    return f"{server.base_url}/sandbox/faults"


@pytest.mark.parametrize("text", [
    '{"source": "x_api", "latency_ms": NaN}',
    '{"source": "x_api", "outage": "503", "duration_s": Infinity}',
    '{"source": "x_api", "outage": "503", "delay_s": NaN}',
    '{"source": "x_api", "outage": "503", "duration_s": 1e308}',
    '{"source": "x_api", "starts_at": -Infinity, "banned": true}',
])
def test_a_refused_command_changes_nothing(faulty_sandbox, faults, text):
    _, server, _ = faulty_sandbox
    answer = httpx.post(_url(server), content=text, headers={"content-type": "application/json"}, timeout=5)
    assert answer.status_code == 422, answer.text
    assert "error" in answer.json()
    assert faults.snapshot()["sources"] == {}  # nothing was applied before the refusal
    assert httpx.get(_url(server), timeout=5).json()["sources"] == {}


def test_deep_nesting_is_a_422_not_a_500(faulty_sandbox, faults):
    _, server, _ = faulty_sandbox
    deep = '{"source": "x_api", "x": ' + "[" * 10_000 + "]" * 10_000 + "}"
    answer = httpx.post(_url(server), content=deep, timeout=5)
    assert answer.status_code == 422
    assert "nested deeper" in answer.json()["error"]
    odd = httpx.post(_url(server), json={"source": ["x_api"], "clear": True}, timeout=5)
    assert odd.status_code == 422 and "source" in odd.json()["error"]
    assert faults.snapshot()["sources"] == {}


def test_a_200_mb_declared_body_is_refused_before_it_is_read(faulty_sandbox, faults):
    _, server, _ = faulty_sandbox
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"POST /sandbox/faults HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 209715200\r\n\r\n" + b"{" * 4096)
        head = sock.recv(4096).decode()
    assert head.startswith("HTTP/1.1 413")
    assert httpx.get(_url(server), timeout=5).status_code == 200  # and the server still serves


def test_an_oversized_body_gets_413_from_any_route(faulty_sandbox):
    _, server, _ = faulty_sandbox
    answer = httpx.post(f"{server.base_url}/search/search", content=b"x" * (MAX_BODY_BYTES + 1), timeout=10)
    assert answer.status_code == 413


def test_a_chunked_body_is_read_only_up_to_the_cap():
    reached_app = []
    read = 0

    async def app(scope, receive, send):
        reached_app.append(True)

    async def endless_body():
        nonlocal read
        read += 65_536
        return {"type": "http.request", "body": b"x" * 65_536, "more_body": True}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "headers": []}
    asyncio.run(BodyLimit(app, max_bytes=MAX_BODY_BYTES)(scope, endless_body, send))
    assert sent[0]["status"] == 413 and not reached_app
    assert read <= MAX_BODY_BYTES + 65_536


def test_a_small_chunked_body_reaches_the_app_whole():
    got = []

    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        got.append(body)

    chunks = [{"type": "http.request", "body": b"ab", "more_body": True},
              {"type": "http.request", "body": b"cd", "more_body": False}]

    async def receive():
        return chunks.pop(0)

    async def send(message):
        raise AssertionError("nothing to send")

    asyncio.run(BodyLimit(app, max_bytes=10)({"type": "http", "method": "POST", "headers": []}, receive, send))
    assert got == [b"abcd"]
