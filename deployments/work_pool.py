"""Create Scout's process work pool if it is missing: ``python -m deployments.work_pool [NAME]``.

``make deploy`` runs this before ``prefect --no-prompt deploy --all``: a deployment whose pool does not
exist is registered but never runs. Talks to the Prefect API at ``PREFECT_API_URL``.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from typing import Any

from scout_core.errors import ConfigurationError

POOL_NAME = "scout-process"  # prefect.yaml: definitions.work_pools.scout_process
POOL_TYPE = "process"


async def ensure_work_pool_with(client: Any, name: str = POOL_NAME) -> bool:
    """Create the process pool through an open ``PrefectClient``; True if created, False if it existed."""
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.workers.process import ProcessWorker

    try:
        pool = await client.read_work_pool(name)
    except ObjectNotFound:
        pool = None
    if pool is not None:
        if pool.type != POOL_TYPE:
            raise ConfigurationError(f"work pool {name!r} has type {pool.type!r}, expected {POOL_TYPE!r}")
        return False
    # The template `prefect work-pool create --type process` would use; without it runs get no command.
    template = ProcessWorker.get_default_base_job_template()
    try:
        await client.create_work_pool(WorkPoolCreate(name=name, type=POOL_TYPE, base_job_template=template))
    except ObjectAlreadyExists:
        return False  # another `make deploy` created it between our read and create
    return True


def prefect_api_url() -> str:
    """The configured ``PREFECT_API_URL``; deploying to Prefect's throwaway ephemeral API would be lost."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise ConfigurationError("PREFECT_API_URL is not set: point it at your Prefect server, "
                                 "e.g. export PREFECT_API_URL=http://127.0.0.1:4200/api")
    return url


def ensure_work_pool(name: str = POOL_NAME) -> bool:
    """Create the process work pool at ``PREFECT_API_URL`` if missing; True if it was created."""
    import httpx
    from prefect.client.orchestration import get_client

    url = prefect_api_url()

    async def run() -> bool:
        async with get_client() as client:
            return await ensure_work_pool_with(client, name)

    try:
        return asyncio.run(run())
    except httpx.HTTPError as exc:  # connection refused, timeouts, and Prefect's status errors
        raise ConfigurationError(f"cannot reach the Prefect API at {url}: {type(exc).__name__}: {exc}") from exc


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    name = args[0] if args else POOL_NAME
    try:
        created = ensure_work_pool(name)
    except ConfigurationError as exc:
        print(f"work pool: {exc}", file=sys.stderr)
        return 1
    print(f"work pool {name!r} {'created' if created else 'already exists'} (type {POOL_TYPE})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
