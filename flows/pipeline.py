"""The discovery pipeline flow (stub until the pipeline lands)."""

from __future__ import annotations

from prefect import flow


@flow(name="scout-pipeline")
def pipeline(limit: int = 50, world_seed: int | None = None, world_size: int | None = None) -> dict:
    return {"limit": limit}
