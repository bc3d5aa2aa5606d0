"""Scout's log level (``SCOUT_LOG_LEVEL``), applied to its own loggers in every process that runs its code.

Scout's modules log under ``scout_core``; the level is set there, not on the root logger, so Prefect's,
Ray's and the libraries' own logging stay as they are. When nothing has configured logging (the
command line), messages get a plain handler on stderr: stdout is kept for results (``--json``).
"""

from __future__ import annotations

import logging
import sys

LOGGER = "scout_core"
_FORMAT = "%(levelname)s %(name)s: %(message)s"


def apply_log_level(level: str) -> None:
    """Set the level of Scout's loggers; give them a stderr handler when no handler would show them."""
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(handler)
