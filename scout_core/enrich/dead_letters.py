"""What an operator should do about a candidate that exhausted its attempts, by error kind."""

from __future__ import annotations

SUGGESTED_ACTIONS: dict[str, str] = {
    "RateLimitedError": "replay after the source's rate-limit window resets",
    "SourceUnavailableError": "replay when the source is back (check `scout sources`)",
    "LoginWallError": "refresh the x_web session cookies (SCOUT_X_WEB__SESSION_COOKIES), then replay",
    "BannedError": "retire the banned session or credential, then replay through another tier",
    "BlockedError": "rotate sessions or replay through an API tier",
    "NotFoundError": "check the handle: the account may be renamed, suspended or deleted",
    "ParseError": "the payload or page changed shape: inspect the kept raw payload, fix the parser, replay",
    "ConfigurationError": "fix the configuration named in the error, then replay",
    "ActorDiedError": "a worker process died: replay; investigate if it repeats",
    "BugError": "an unexpected error in Scout: report it with the raw payload, then replay",
    "PoisonCandidate": "runs kept dying with this candidate in flight: read those runs' logs before replaying",
    "UnstorableProfile": "the store refused this profile (the error says why): fix the value's normalizer, replay",
}


def suggest_action(error_kind: str | None) -> str:
    return SUGGESTED_ACTIONS.get(error_kind or "", "inspect the error, then replay")
