"""What the Prefect UI shows for a run: a name that says what ran, and Scout's run id as a tag."""

from __future__ import annotations

from prefect import task
from prefect.client.orchestration import get_client
from prefect.runtime import flow_run

from tasks.options import OPTIONS


@task(name="label-flow-run", **OPTIONS["label_flow_run"])
def label_flow_run_task(name: str, tags: list[str]) -> str:
    """Rename the current flow run and add ``tags`` to it (Scout's run id is only known once it started)."""
    run_id = flow_run.get_id()
    if run_id is None:
        return name
    with get_client(sync_client=True) as client:
        current = client.read_flow_run(run_id)
        client.update_flow_run(run_id, name=name, tags=sorted({*current.tags, *tags}))
    return name
