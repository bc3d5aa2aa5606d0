"""A small hand-made X world, the sandbox's X web pages served by uvicorn in a thread, and one
event loop thread so a single Chromium can be shared by several tests (each launch costs ~1 s)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from fastapi import FastAPI

from scout_core.sandbox.model import SandboxPost, World, XAccount
from scout_core.sandbox.x_web_routes import TESTIDS, PageHooks, build_router

T = TypeVar("T")
SESSION = "sandbox-session-0"


def _post(post_id: str, text: str, day: int, likes: int, *,
          mentions: list[str], urls: list[str]) -> SandboxPost:
    return SandboxPost(post_id=post_id, text=text, created_at=datetime(2024, 5, day, 14, 30, tzinfo=UTC),
                       like_count=likes, reply_count=3, repost_count=0, view_count=48_213,
                       mentions=mentions, urls=urls)


def make_world() -> World:
    ada = XAccount(
        user_id="1500000000000000001", handle="Ada_Builds", name="Ada Lovelace 🚀",
        bio="Building agents at @acme_ai. Code: github.com/adab · models: "
            "https://huggingface.co/ada-b &amp; evals",
        location="Berlin, Germany", website="https://www.ada-builds.dev/projects/agents-and-evals",
        created_at=datetime(2014, 3, 17, 9, 0, tzinfo=UTC),
        followers=12_549, following=1_184, tweet_count=83_612, verified=True,
        avatar_url="http://127.0.0.1:9/avatar/ada.png",
        posts=[
            _post("1790000000000000003", "Shipped v2 of our eval harness with @grace_h: "
                  "https://t.co/AbCdEf1234 &amp; thanks @acme_ai", 20, 1_532,
                  mentions=["grace_h", "acme_ai"], urls=["https://github.com/adab/evalkit"]),
            _post("1790000000000000002", "New model up https://huggingface.co/ada-b/tiny-agent-7b", 12, 87,
                  mentions=[], urls=["https://huggingface.co/ada-b/tiny-agent-7b"]),
            _post("1790000000000000001", "gm", 2, 0, mentions=[], urls=[]),
        ],
    )
    grace = XAccount(
        user_id="42", handle="grace_h", name="Grace", bio="", location="", website=None,
        created_at=datetime(2021, 11, 2, tzinfo=UTC), followers=9_999, following=7, tweet_count=1,
        verified=False, avatar_url="http://127.0.0.1:9/avatar/grace.png",
    )
    mallory = XAccount(
        user_id="77", handle="mallory_x", name="Mallory", bio="", location="", website=None,
        created_at=datetime(2020, 1, 2, tzinfo=UTC), followers=10, following=7, tweet_count=1,
        verified=False, avatar_url="http://127.0.0.1:9/avatar/mallory.png", suspended=True,
    )
    accounts = [ada, grace, mallory]
    return World(seed=1, size=2, now=datetime(2024, 6, 1, tzinfo=UTC), people=[], topics=["AI agents"],
                 x_by_handle={a.handle.lower(): a for a in accounts},
                 x_by_id={a.user_id: a for a in accounts})


def make_app(world: World) -> FastAPI:
    """The real pages at /x-web, the same pages with drifted markup at /x-web-drift, and with the first
    post's status link gone at /x-web-post-drift."""
    app = FastAPI()
    app.include_router(build_router(world), prefix="/x-web")
    drifted = PageHooks(testids=lambda handle: {**TESTIDS, "UserName": "UserNameV2"})
    app.include_router(build_router(world, drifted), prefix="/x-web-drift")
    unlinked = PageHooks(unlinked_posts=lambda handle: 1)  # the first post's status link drifted away
    app.include_router(build_router(world, unlinked), prefix="/x-web-post-drift")
    return app


@pytest.fixture(scope="session")
def x_world() -> World:
    return make_world()


@pytest.fixture(scope="session")
def x_site(x_world: World) -> Iterator[str]:
    """Base URL of the pages, served by a real uvicorn on a free local port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(make_app(x_world), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.02):  # poll readiness; uvicorn has no ready callback
        if server.started:
            started.set()
        elif not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)


class LoopThread:
    """One asyncio loop on a thread: Playwright objects live on it across tests."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture(scope="session")
def loop_thread() -> Iterator[LoopThread]:
    runner = LoopThread()
    yield runner
    runner.stop()


@pytest.fixture(scope="session")
def x_app(x_world: World) -> FastAPI:
    return make_app(x_world)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return Path(__file__).parent / "fixtures"
