"""The operator's path, as the README gives it: a real `prefect server start`, `make deploy`, a worker on the
`scout-process` pool started outside the checkout, and `prefect deployment run ... --watch`.

One server and one worker for the module (the server takes ~20 s to start here, more under load); each
deployment then runs as a real flow-run process started by the worker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVER_START_S = 240  # ~20 s idle here; much more while other suites share the two cores


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clean_env(tmp: Path, api_url: str) -> dict[str, str]:
    """The environment an operator's shell would have: no test-suite SCOUT_* or harness settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCOUT_", "PREFECT_"))}
    env.update(PREFECT_HOME=str(tmp / "prefect-home"), PREFECT_API_URL=api_url,
               PREFECT_SERVER_ANALYTICS_ENABLED="false", RAY_USAGE_STATS_ENABLED="0",
               PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process group this test started (the worker's flow-run children with it)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@dataclass
class Operator:
    api: str
    env: dict[str, str]
    tmp: Path

    @property
    def data(self) -> Path:
        return self.tmp / "data"

    def worker_log(self) -> str:
        return (self.tmp / "worker.log").read_text(errors="replace")[-6000:]

    def run(self, deployment: str, *params: str) -> subprocess.CompletedProcess[str]:
        """`prefect deployment run DEPLOYMENT --param ... --watch`, as an operator types it."""
        args = [str(BIN / "prefect"), "deployment", "run", deployment, "--watch", "--watch-timeout", "600"]
        for param in params:
            args += ["--param", param]
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=660, cwd=self.tmp)


@pytest.fixture(scope="module")
def operator(tmp_path_factory) -> Iterator[Operator]:
    tmp = tmp_path_factory.mktemp("operator")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = _clean_env(tmp, api)
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, cwd=tmp, stdout=(tmp / "server.log").open("wb"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    worker = None
    try:
        _wait_healthy(api, server)
        deploy = subprocess.run(["make", "-s", "-C", str(ROOT), "deploy", f"VENV={BIN.parent}"], env=env,
                                capture_output=True, text=True, timeout=600)
        assert deploy.returncode == 0, deploy.stdout[-3000:] + deploy.stderr[-3000:]
        worker_env = {**env, "SCOUT_DATA_DIR": str(tmp / "data"), "PREFECT_WORKER_QUERY_SECONDS": "1",
                      "PREFECT_WORKER_PREFETCH_SECONDS": "5"}
        # Started outside the checkout: the deployments' pull step must find the project by itself.
        worker = subprocess.Popen([str(BIN / "prefect"), "worker", "start", "--pool", "scout-process"],
                                  env=worker_env, cwd=tmp, stdout=(tmp / "worker.log").open("wb"),
                                  stderr=subprocess.STDOUT, start_new_session=True)
        yield Operator(api=api, env=env, tmp=tmp)
    finally:
        if worker is not None:
            _stop(worker)
        _stop(server)


def _wait_healthy(api: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "prefect server exited while starting"
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError(f"prefect server not healthy after {SERVER_START_S} s")


def test_the_hourly_pipeline_deployment_completes_from_a_checkout(operator: Operator) -> None:
    done = operator.run("scout-pipeline/scout-pipeline-hourly", "limit=10")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:] + operator.worker_log()
    assert "Flow run finished successfully in 'Completed'" in done.stdout
    exports = list((operator.data / "exports").glob("*.json"))
    assert exports, "the run stored and exported builders under the worker's data dir"


def _post(operator: Operator, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = httpx.post(f"{operator.api}{path}", json=body, timeout=30)
    response.raise_for_status()
    return response.json()


def _deployment(operator: Operator, flow: str, name: str) -> dict[str, Any]:
    response = httpx.get(f"{operator.api}/deployments/name/{flow}/{name}", timeout=30)
    response.raise_for_status()
    return response.json()


def _runs_of(operator: Operator, deployment_id: Any) -> list[dict[str, Any]]:
    return _post(operator, "/flow_runs/filter", {"flow_runs": {"deployment_id": {"any_": [deployment_id]}}})


def _artifacts_of(operator: Operator, flow_run_id: Any) -> dict[str, dict[str, Any]]:
    found = _post(operator, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
    return {a["key"]: a for a in found}


def test_the_pipeline_run_shows_the_operator_what_ran(operator: Operator) -> None:
    deployment = _deployment(operator, "scout-pipeline", "scout-pipeline-hourly")
    schema = deployment["parameter_openapi_schema"]["properties"]
    assert set(schema) == {"limit", "world_seed", "world_size", "export_format", "wait"}
    assert all(spec.get("description") for spec in schema.values())
    [run] = [r for r in _runs_of(operator, deployment["id"]) if r["state_type"] == "COMPLETED"]
    run_id = str(run["name"]).removeprefix("pipeline-10-")
    assert run_id.startswith("run-") and run_id in run["tags"]
    artifacts = _artifacts_of(operator, run["id"])
    assert {"scout-pipeline-summary", "scout-top-builders", "scout-export"} <= set(artifacts)
    assert f"Scout pipeline run `{run_id}`" in str(artifacts["scout-pipeline-summary"]["data"])
    assert "file://" + str(operator.data / "exports") in str(artifacts["scout-export"]["data"])
    stored = Path(str(run["state"]["data"]["storage_key"]))
    assert stored.is_file() and stored.parent == operator.data / "prefect-results"  # the persisted flow result


def test_every_other_deployment_completes_on_a_fresh_install(operator: Operator) -> None:
    for deployment in ("scout-retrain/scout-retrain-weekly", "scout-dlq-replay/scout-dlq-replay",
                       "scout-topics/scout-topics-daily", "scout-health/scout-health",
                       "scout-analytics/scout-analytics"):
        done = operator.run(deployment)
        assert done.returncode == 0, deployment + done.stdout[-3000:] + done.stderr[-2000:] + operator.worker_log()
        assert "Flow run finished successfully in 'Completed'" in done.stdout, deployment
    retrain = _deployment(operator, "scout-retrain", "scout-retrain-weekly")
    [run] = [r for r in _runs_of(operator, retrain["id"]) if r["state_type"] == "COMPLETED"]  # not the scheduled
    assert run["state"]["message"] == "skipped: 0 labels, need 40"
    assert "scout-retrain" in _artifacts_of(operator, run["id"])


def test_a_parameter_of_the_wrong_type_is_refused_before_any_run(operator: Operator) -> None:
    deployment = _deployment(operator, "scout-pipeline", "scout-pipeline-hourly")
    def started() -> int:  # runs an operator started (the scheduler's future runs aside)
        return sum(1 for r in _runs_of(operator, deployment["id"]) if r["state_type"] != "SCHEDULED")

    before = started()
    refused = operator.run("scout-pipeline/scout-pipeline-hourly", "limit=lots")
    assert refused.returncode != 0
    assert "lots" in refused.stdout + refused.stderr and "Traceback" not in refused.stdout + refused.stderr
    assert started() == before  # no run created, nothing spent
