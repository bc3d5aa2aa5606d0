"""Warnings and errors logged inside a worker call, carried back with the call's result.

A Ray actor logs into its own worker files and none of it reaches the Prefect run (notes/stack.md:
0 of those lines arrived). So each call collects what Scout's own code logs at WARNING or above while
it runs, and returns it as plain records; the task that drove the call logs them in its run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LOGGER = "scout_core"
MAX_RECORDS = 50  # per call: a failing source repeats itself; the first few say it
MAX_MESSAGE = 1000

WorkerLog = dict[str, Any]  # {"level": int, "logger": str, "message": str}, plus "where" on the driver

_sink: ContextVar[list[WorkerLog] | None] = ContextVar("scout_worker_logs", default=None)


class _CallLogHandler(logging.Handler):
    """Appends each record to the list of the call whose context logged it (asyncio tasks inherit it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sink = _sink.get()
        if sink is None or len(sink) >= MAX_RECORDS:
            return
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string must not break the call it reports on
            message = str(record.msg)
        sink.append({"level": record.levelno, "logger": record.name, "message": message[:MAX_MESSAGE]})


_handler = _CallLogHandler(logging.WARNING)


@contextmanager
def collecting_logs() -> Iterator[list[WorkerLog]]:
    """Collect what Scout logs at WARNING or above inside this block (and the tasks it starts)."""
    logger = logging.getLogger(LOGGER)
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    records: list[WorkerLog] = []
    token = _sink.set(records)
    try:
        yield records
    finally:
        _sink.reset(token)
