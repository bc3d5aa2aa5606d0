"""Shared ML fixtures: a sandbox store built once per session, a pre-migrated MLflow DB, a fake LLM server.

The store is built without Ray or Prefect (ml.sandbox_store): sandbox renderers -> real normalizers ->
scout_core.process. Each test that writes gets its own copies of both databases.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections import deque
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

WORLD_SEED, WORLD_SIZE, PEOPLE = 11, 600, 300


def ml_settings_for(data_dir: Path) -> Any:
    from scout_core.settings import Settings

    return Settings(data_dir=data_dir, _env_file=None, sandbox={"seed": WORLD_SEED, "size": WORLD_SIZE})


@pytest.fixture(scope="session")
def world() -> Any:
    from scout_core.sandbox.world import generate_world

    return generate_world(seed=WORLD_SEED, size=WORLD_SIZE)


@pytest.fixture(scope="session")
def store_template(tmp_path_factory, world) -> Path:
    """scout.db holding the world's first 300 people (X and GitHub), with 12 weeks of follower history."""
    from ml.sandbox_store import build_sandbox_store
    from scout_core.store.migrate import upgrade
    from scout_core.store.repository import Repository

    data_dir = tmp_path_factory.mktemp("ml-store")
    settings = ml_settings_for(data_dir)
    upgrade(settings.resolved_database_url)
    repo = Repository(settings.resolved_database_url)
    build_sandbox_store(settings, repo, world, limit=PEOPLE, observe_history=True)
    repo.close()
    return data_dir / "scout.db"


@pytest.fixture(scope="session")
def mlflow_template(tmp_path_factory) -> Path:
    """An MLflow SQLite DB already migrated (migrations cost ~3 s each time otherwise)."""
    from mlflow import MlflowClient

    path = tmp_path_factory.mktemp("mlflow") / "mlflow.db"
    MlflowClient(tracking_uri=f"sqlite:///{path}").search_experiments()
    return path


def fresh_copy(data_dir: Path, store_template: Path, mlflow_template: Path) -> Any:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(store_template, data_dir / "scout.db")
    shutil.copy(mlflow_template, data_dir / "mlflow.db")
    return ml_settings_for(data_dir)


@pytest.fixture(scope="session")
def ml_copy(store_template, mlflow_template) -> Any:
    """data_dir -> Settings over fresh copies of both databases there (for module-scoped fixtures)."""
    return lambda data_dir: fresh_copy(data_dir, store_template, mlflow_template)


@pytest.fixture
def ml_settings(tmp_path, store_template, mlflow_template) -> Any:
    """Settings over private copies of the sandbox store and a migrated MLflow DB."""
    return fresh_copy(tmp_path / "data", store_template, mlflow_template)


@pytest.fixture
def ml_repo(ml_settings) -> Any:
    from scout_core.store.repository import Repository

    repo = Repository(ml_settings.resolved_database_url)
    yield repo
    repo.close()


# -- a fake OpenAI-compatible chat-completions server ----------------------------------------------

GOOD_VERDICT = ('{"points": 28, "rationale": "Ships LLM agents weekly", '
                '"evidence": ["v0.3 of agent framework"], "label": "early_founder"}')


class FakeChat:
    """Serves POST /v1/chat/completions from a script of steps; unscripted requests get a good verdict.

    Steps: ("ok", content) · ("status", code, headers) · ("hang",) — the last holds the request until
    the test ends, so the client's timeout fires.
    """

    def __init__(self) -> None:
        self.script: deque[tuple[Any, ...]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()

    def app(self) -> FastAPI:
        # Request and JSONResponse are module-level imports: FastAPI resolves the handler's annotations there.
        app = FastAPI()

        @app.get("/healthz")
        def healthz() -> dict[str, str]:
            return {"status": "ok"}

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> JSONResponse:
            self.requests.append(await request.json())
            step = self.script.popleft() if self.script else ("ok", GOOD_VERDICT)
            if step[0] == "hang":
                await asyncio.to_thread(self.release.wait, 10)
                step = ("ok", GOOD_VERDICT)
            if step[0] == "status":
                return JSONResponse(status_code=step[1], headers=step[2], content={"error": {"message": "slow down"}})
            return JSONResponse(_completion(step[1]))

        return app


def _completion(content: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "model": "fake-judge",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500}}


@pytest.fixture
def fake_chat() -> Any:
    """(FakeChat, base_url) served by uvicorn in a thread on a free local port."""
    from scout_core.sandbox.server import SandboxServer

    fake = FakeChat()
    server = SandboxServer(world=None, app=fake.app())  # type: ignore[arg-type]
    url = server.start()
    yield fake, f"{url}/v1"
    fake.release.set()
    server.stop()
