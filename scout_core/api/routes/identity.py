"""/identity/split: an operator separates two accounts the resolver joined; the split is sticky (a
cannot-link every later resolution respects)."""

from __future__ import annotations

from fastapi import APIRouter

from scout_core.api.deps import ContextDep, OperatorDep, OperatorKey
from scout_core.api.errors import ApiProblem
from scout_core.api.schemas import ApiError, SplitIn, SplitOut
from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle, validate_platform
from scout_core.identity.store_backend import StoreResolver

router = APIRouter(prefix="/identity", tags=["identity"])


@router.post("/split", response_model=SplitOut, responses={404: {"model": ApiError}, 409: {"model": ApiError},
                                                           403: {"model": ApiError}})
def split(body: SplitIn, ctx: ContextDep, operator: OperatorDep, who: OperatorKey) -> SplitOut:
    """Accounts as ``platform:handle``. 404 when one is unknown, 409 when they are not one builder."""
    left, right = _account(operator, body.left), _account(operator, body.right)
    if left[0] == right[0]:
        raise ApiProblem(422, "left and right are the same account")
    if left[1] != right[1]:
        raise ApiProblem(409, f"{body.left} and {body.right} were never merged: they are different builders "
                              "already (nothing written)")
    reason = body.reason or f"split by operator (api:{who.fingerprint})"
    after = StoreResolver(operator.engine, ctx.settings.identity).split(left[0], right[0], reason)
    return SplitOut(left=body.left, right=body.right, canonical_ids={body.left: after[left[0]],
                                                                     body.right: after[right[0]]})


def _account(operator: OperatorDep, reference: str) -> tuple[str, str]:
    platform, sep, handle = reference.strip().partition(":")
    if not sep:
        raise ApiProblem(422, f"{reference[:60]!r}: expected platform:handle, e.g. x:ada_builds")
    try:
        platform = validate_platform(platform.lower())
        handle = clean_handle(platform, handle)
    except InvalidHandleError as exc:
        raise ApiProblem(422, str(exc)) from None
    found = operator.identity_account(platform, handle)
    if found is None:
        raise ApiProblem(404, f"no account {platform}:{handle} known to identity resolution")
    return found
