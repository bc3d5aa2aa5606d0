"""X web profile pages, client-rendered (owned by the browser work; stub until it lands)."""

from __future__ import annotations

from fastapi import APIRouter

from scout_core.sandbox.model import World


def build_router(world: World) -> APIRouter:
    return APIRouter()
