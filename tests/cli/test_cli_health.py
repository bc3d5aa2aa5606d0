"""`scout health` shows what other processes' controllers recorded, when state is shared through Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

pytestmark = pytest.mark.redis


def test_health_reads_the_shared_controller_state(redis_url, tmp_path):
    from scout_core.enrich.controller import Controller
    from scout_core.settings import Settings

    prefix = f"t-health-{uuid.uuid4().hex[:8]}"
    settings = Settings(data_dir=tmp_path, redis_url=redis_url, controller={"key_prefix": prefix}, _env_file=None)
    controller = Controller(settings)
    controller.health.record("github", True, 0.2, "", 3)
    controller.health.record("github", False, 0.4, "SourceUnavailableError", 1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCOUT_")}
    env.update({"SCOUT_DATA_DIR": str(tmp_path), "SCOUT_REDIS_URL": redis_url, "SCOUT_CONTROLLER__KEY_PREFIX": prefix})
    try:
        proc = subprocess.run([sys.executable, "-m", "scout_core.cli", "health", "--json"], capture_output=True,
                              text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        github = json.loads(proc.stdout)["github"]
        assert github["calls"] == 2 and github["success_rate"] == 0.5
        assert github["errors"] == {"SourceUnavailableError": 1}
    finally:
        controller.state.clear()
