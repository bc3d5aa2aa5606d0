"""Which dead letters a replay can help, by error kind: policy as data, read by one function.

An account that does not exist, a suspended account and an invalid handle fail the same way on every
replay; the scheduled replay used to retry them every 30 minutes forever. Such letters are closed with
their reason instead: they stay in the store (so the candidate stays seen and is not rediscovered) and
``scout dlq list`` shows them as closed. Every other kind (rate limits, outages, login walls, bans of a
session, parse errors after a fix, dead workers) is replayed.
"""

from __future__ import annotations

from scout_core.store.operations import DeadLetter

# error kind -> why no replay can help. PermanentSourceError is what a source answers for an account it
# refuses for good (X API v2: "User has been suspended"); ParseError, its subclass, is kept open: a
# parser fix makes it replayable.
CLOSED_KINDS: dict[str, str] = {
    "NotFoundError": "account not found",
    "InvalidHandleError": "invalid handle",
    "PermanentSourceError": "refused for good by the source",
}


def closing_reason(letter: DeadLetter) -> str | None:
    """Why ``letter`` should be closed rather than replayed; None when a replay may help."""
    reason = CLOSED_KINDS.get(letter.error_kind or "")
    if reason is None:
        return None
    if "suspended" in letter.error.lower():
        reason = "account suspended"
    return f"{reason} ({letter.error_kind}): {letter.error}"[:500]
