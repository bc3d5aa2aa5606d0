"""Progress reporting from deep inside a run to whoever shows it (the CLI's live display).

The pipeline calls ``progress().stage(...)`` and ``.advance(...)``; by default nothing is shown.
"""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, name: str, step: int = 1, note: str | None = None) -> None: ...


class SilentReporter:
    def stage(self, name: str, total: int | None = None) -> None:
        return None

    def advance(self, name: str, step: int = 1, note: str | None = None) -> None:
        return None


_current: Reporter = SilentReporter()


def set_reporter(reporter: Reporter | None) -> None:
    global _current
    _current = reporter or SilentReporter()


def progress() -> Reporter:
    return _current
