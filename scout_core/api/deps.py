"""What routes depend on, as ``Annotated`` aliases: the store's readers and writers, and who is calling.

    def route(insights: InsightsDep, who: ReadKey) -> ...      # any valid key (or loopback without keys)
    def write(operator: OperatorDep, who: OperatorKey) -> ...  # an operator key
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from scout_core.api.errors import ApiProblem
from scout_core.api.security import LOCAL, ApiKeys, Principal, bearer_token
from scout_core.settings import Settings
from scout_core.store.insights import InsightsRepository
from scout_core.store.operator import OperatorRepository


@dataclass
class ApiContext:
    """What the app holds for its lifetime: settings, keys, and the repositories (one engine each)."""

    settings: Settings
    keys: ApiKeys
    insights: InsightsRepository
    operator: OperatorRepository
    replay: dict[str, object] = field(default_factory=dict)  # the last DLQ replay started from the API

    def close(self) -> None:
        self.insights.engine.dispose()
        self.operator.engine.dispose()


def context(request: Request) -> ApiContext:
    ctx = request.app.state.scout
    assert isinstance(ctx, ApiContext)
    return ctx


ContextDep = Annotated[ApiContext, Depends(context)]


def insights(ctx: ContextDep) -> InsightsRepository:
    return ctx.insights


def operator_repo(ctx: ContextDep) -> OperatorRepository:
    return ctx.operator


def principal(request: Request, ctx: ContextDep) -> Principal:
    """The caller: with keys configured, the key's role; without, this machine (the server is loopback-only)."""
    if not ctx.keys.configured:
        return LOCAL
    token = bearer_token(request.headers.get("authorization"))
    challenge = {"WWW-Authenticate": "Bearer"}
    if token is None:
        raise ApiProblem(401, "an API key is required: send Authorization: Bearer <key>", headers=challenge)
    found = ctx.keys.check(token)
    if found is None:
        raise ApiProblem(401, "unknown API key", headers=challenge)
    return found


def operator_key(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if not who.may("operator"):
        raise ApiProblem(403, "this needs an operator key; a read key can only read")
    return who


InsightsDep = Annotated[InsightsRepository, Depends(insights)]
OperatorDep = Annotated[OperatorRepository, Depends(operator_repo)]
ReadKey = Annotated[Principal, Depends(principal)]
OperatorKey = Annotated[Principal, Depends(operator_key)]
