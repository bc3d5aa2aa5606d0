"""Every exception in the tree survives pickling (Ray and Prefect serialize them)."""

import pickle

import pytest

from scout_core import errors

CASES = [
    errors.ScoutError("boom"),
    errors.ConfigurationError("bad setting"),
    errors.InputError("bad input"),
    errors.InvalidHandleError("x", "has space", "1-15 letters"),
    errors.SourceError("failed", source="x_api", handle="jane"),
    errors.RetryableSourceError("later", source="x_api"),
    errors.RateLimitedError("429", source="x_api", handle="jane", retry_after=12.5),
    errors.SourceUnavailableError("503", source="github", status=503),
    errors.BlockedError("blocked", source="x_web", session="s1"),
    errors.LoginWallError("wall", source="x_web", handle="jane", session="s2"),
    errors.BannedError("banned", source="x_web"),
    errors.PermanentSourceError("no", source="x_api"),
    errors.NotFoundError("missing", source="x_api", handle="ghost"),
    errors.ParseError("bad shape", source="x_api", handle="jane", field="data.public_metrics"),
    errors.StoreError("db"),
    errors.DatabaseUnavailableError("cannot reach"),
]


@pytest.mark.parametrize("exc", CASES, ids=lambda e: type(e).__name__)
def test_every_error_round_trips_through_pickle(exc):
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc)
    assert str(back) == str(exc)
    assert back.__dict__ == exc.__dict__


def test_source_errors_name_source_handle_and_field():
    exc = errors.ParseError("missing", source="github", handle="octo", field="login")
    assert "github" in str(exc) and "octo" in str(exc) and "login" in str(exc)
    assert isinstance(exc, errors.PermanentSourceError)


def test_rate_limit_is_retryable_and_blocked_is_not():
    assert isinstance(errors.RateLimitedError("x", source="s"), errors.RetryableSourceError)
    assert not isinstance(errors.LoginWallError("x", source="s"), errors.RetryableSourceError)
    assert isinstance(errors.InvalidHandleError("x", "a b", "r"), ValueError)
