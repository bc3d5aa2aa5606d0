"""The sandbox HTTP server: router mounting, service routes, a real socket in a thread, serve_forever."""

from __future__ import annotations

import importlib.abc
import importlib.util
import signal
import subprocess
import sys
import types

import httpx
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from scout_core.errors import ConfigurationError
from scout_core.sandbox import PREFIXES, SandboxServer, create_app, generate_world
from scout_core.sandbox.ratelimit import SandboxLimits
from scout_core.sandbox.server import router_builder
from scout_core.sandbox.wiring import SANDBOX_TOKEN


@pytest.fixture(scope="module")
def world():
    return generate_world(seed=3, size=120)


@pytest.fixture
def fake_apify(monkeypatch):
    """A stand-in ``apify_routes`` module recording what create_app passed to it."""
    calls: list[dict] = []

    def build_router(world, limits=None):
        calls.append({"world": world, "limits": limits})
        router = APIRouter()

        @router.get("/ping")
        def ping() -> dict:
            return {"people": len(world.people)}

        return router

    module = types.ModuleType("scout_core.sandbox.apify_routes")
    module.build_router = build_router
    monkeypatch.setitem(sys.modules, "scout_core.sandbox.apify_routes", module)
    return calls


def test_existing_router_module_is_mounted_at_its_prefix(world, fake_apify):
    limits = SandboxLimits(x_window_s=60.0)
    client = TestClient(create_app(world, limits=limits))
    assert client.get(f"{PREFIXES['apify']}/ping").json() == {"people": 120}
    assert fake_apify == [{"world": world, "limits": limits}]
    assert client.get("/sandbox/info").json()["prefixes"]["apify"] == PREFIXES["apify"]


def test_router_options_reach_their_router(world, fake_apify):
    create_app(world, router_options={"apify": {"limits": "compressed"}})
    assert fake_apify[-1]["limits"] == "compressed"


def test_missing_router_module_is_skipped():
    assert router_builder("no_such_source") is None


class _BrokenRoutes(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``scout_core.sandbox.broken_routes``, whose import needs a package that is not installed."""

    name = "scout_core.sandbox.broken_routes"

    def find_spec(self, fullname, path=None, target=None):
        return importlib.util.spec_from_loader(fullname, self) if fullname == self.name else None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec("import scout_missing_dependency_xyz", module.__dict__)


def test_router_module_with_a_missing_dependency_is_an_error(monkeypatch):
    monkeypatch.setattr(sys, "meta_path", [_BrokenRoutes(), *sys.meta_path])
    with pytest.raises(ModuleNotFoundError, match="scout_missing_dependency_xyz"):
        router_builder("broken")


def test_info_and_health(world):
    client = TestClient(create_app(world))
    assert client.get("/healthz").json() == {"status": "ok"}
    info = client.get("/sandbox/info").json()
    assert (info["seed"], info["size"], info["people"]) == (3, 120, 120)
    assert info["accounts"]["x"] == len(world.x_by_id)
    assert all(PREFIXES[name] == prefix for name, prefix in info["prefixes"].items())


def test_server_starts_on_a_free_port_and_stops(world):
    server = SandboxServer(world)
    with pytest.raises(ConfigurationError, match="not running"):
        _ = server.base_url
    url = server.start()
    try:
        assert url == server.base_url and url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        assert server.start() == url  # idempotent
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
        # Another process (as a Ray worker would be) reaches it too.
        code = f"import httpx; print(httpx.get('{url}/sandbox/info').json()['people'])"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
        assert out.stdout.strip() == "120"
    finally:
        server.stop()
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/healthz", timeout=2)
    server.stop()  # twice is fine


def test_server_as_context_manager_serves_a_real_source(world):
    handle = next(p.x.handle for p in world.people if p.x)
    with SandboxServer(world) as server:
        assert "x_api" in httpx.get(f"{server.base_url}/sandbox/info").json()["prefixes"]
        response = httpx.get(f"{server.base_url}{PREFIXES['x_api']}/2/users/by/username/{handle}",
                             headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"})
        assert response.json()["data"]["username"] == handle
    assert not server.running


def test_port_in_use_is_a_configuration_error(world):
    with SandboxServer(world) as first:
        port = int(first.base_url.rsplit(":", 1)[1])
        with pytest.raises(ConfigurationError, match="cannot listen"):
            SandboxServer(world, port=port).start()


def test_serve_forever_prints_the_url_and_serves_until_interrupted():
    code = ("from scout_core.sandbox import serve_forever; from scout_core.settings import SandboxSettings; "
            "serve_forever(SandboxSettings(seed=3, size=60), '127.0.0.1', 0)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{url}/sandbox/info", timeout=30).json()["people"] == 60
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == 0
