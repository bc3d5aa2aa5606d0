"""Scout's one exception tree.

::

    ScoutError
    ├── ConfigurationError          bad settings or options; never retried
    ├── InputError                  bad user input (invalid handle, malformed file); never retried
    │   └── InvalidHandleError
    ├── SourceError                 anything a source did; carries source, handle
    │   ├── RetryableSourceError    try again later
    │   │   ├── RateLimitedError    429 / window exhausted; carries retry_after (s)
    │   │   └── SourceUnavailableError  network error, timeout, 5xx
    │   ├── BlockedError            login wall, captcha, ban: rotate the session, don't hammer
    │   │   ├── LoginWallError
    │   │   └── BannedError
    │   └── PermanentSourceError    retrying will not help
    │       ├── NotFoundError
    │       └── ParseError          payload does not match the expected shape; carries field
    ├── StoreError                  database problems
    │   └── DatabaseUnavailableError
    └── RunInProgressError          another run holds the run lease (and this one would not wait longer)

Adapters translate vendor exceptions into this tree at their boundary (``raise ... from exc``);
nothing vendor-specific leaks out. Every exception pickles (Ray and Prefect serialize them), which
is why each keeps its state in ``__dict__`` and rebuilds through ``__reduce__``.
"""

from __future__ import annotations

from typing import Any


def _rebuild(cls: type[ScoutError], message: str, state: dict[str, Any]) -> ScoutError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class ScoutError(Exception):
    """Base of every error Scout raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))

    def __str__(self) -> str:
        return self.message


class ConfigurationError(ScoutError):
    """Settings or command options that cannot work. Never retried."""


class InputError(ScoutError, ValueError):
    """User-supplied input that is not acceptable."""


class InvalidHandleError(InputError):
    """A handle that is not valid on its platform."""

    def __init__(self, platform: str, handle: object, reason: str) -> None:
        super().__init__(f"invalid {platform} handle {handle!r}: {reason}")
        self.platform = platform
        self.handle = handle
        self.reason = reason


class SourceError(ScoutError):
    """Something a source did. ``source`` and ``handle`` say where."""

    def __init__(self, message: str, *, source: str, handle: str | None = None) -> None:
        where = f"{source}" + (f" [{handle}]" if handle else "")
        super().__init__(f"{where}: {message}")
        self.source = source
        self.handle = handle
        self.detail = message

    @property
    def kind(self) -> str:
        """A short name for health counters and dead letters."""
        return type(self).__name__


class RetryableSourceError(SourceError):
    """Transient: the same call may succeed later."""


class RateLimitedError(RetryableSourceError):
    """The source's window is exhausted. Wait ``retry_after`` seconds; not a source failure."""

    def __init__(self, message: str, *, source: str, handle: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, source=source, handle=handle)
        self.retry_after = retry_after


class SourceUnavailableError(RetryableSourceError):
    """Network error, timeout or 5xx."""

    def __init__(self, message: str, *, source: str, handle: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(message, source=source, handle=handle)
        self.status = status


class BlockedError(SourceError):
    """The source refuses this session: rotate it rather than retry at once."""

    def __init__(self, message: str, *, source: str, handle: str | None = None,
                 session: str | None = None) -> None:
        super().__init__(message, source=source, handle=handle)
        self.session = session


class LoginWallError(BlockedError):
    """A login wall: the session cookie is missing or expired."""


class BannedError(BlockedError):
    """The account or session is banned or suspended."""


class PermanentSourceError(SourceError):
    """Retrying will not help."""


class NotFoundError(PermanentSourceError):
    """No such profile on the source."""


class ParseError(PermanentSourceError):
    """The payload does not have the expected shape. ``field`` names what was wrong."""

    def __init__(self, message: str, *, source: str, handle: str | None = None,
                 field: str | None = None) -> None:
        text = f"{message} (field {field!r})" if field else message
        super().__init__(text, source=source, handle=handle)
        self.field = field


class StoreError(ScoutError):
    """A database problem."""


class DatabaseUnavailableError(StoreError):
    """The database cannot be reached with the configured URL."""


class RunInProgressError(ScoutError):
    """Another run holds the run lease: only one run at a time works on one database."""
