"""ensure_work_pool against a real Prefect API (the server app in-process, on a throwaway SQLite)."""

from __future__ import annotations

import asyncio

import pytest

from deployments.work_pool import POOL_NAME, ensure_work_pool_with
from scout_core.errors import ConfigurationError


@pytest.mark.integration
@pytest.mark.slow
def test_pool_is_created_once_with_the_process_template_and_a_wrong_type_is_refused(tmp_path, monkeypatch):
    from prefect.client.orchestration import PrefectClient
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.server.api.server import create_app
    from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL, temporary_settings

    async def scenario():
        async with PrefectClient(create_app(ephemeral=True)) as client:
            first = await ensure_work_pool_with(client)
            again = await ensure_work_pool_with(client)
            pool = await client.read_work_pool(POOL_NAME)
            await client.create_work_pool(WorkPoolCreate(name="not-a-process-pool", type="docker"))
            with pytest.raises(ConfigurationError, match="'not-a-process-pool' has type 'docker'"):
                await ensure_work_pool_with(client, "not-a-process-pool")
            return first, again, pool

    with temporary_settings({PREFECT_API_DATABASE_CONNECTION_URL: f"sqlite+aiosqlite:///{tmp_path}/prefect.db"}):
        first, again, pool = asyncio.run(scenario())
    assert (first, again) == (True, False)
    assert pool.type == "process"
    # Without the process worker's template a flow run would start with no command.
    assert "command" in pool.base_job_template["variables"]["properties"]
