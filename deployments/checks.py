"""Helpers the validators share: read a YAML mapping, unknown keys, one-line messages, quiet loggers."""

from __future__ import annotations

import contextlib
import difflib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml


def load_yaml_mapping(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The file's top-level mapping, or None with the reason it could not be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [f"{path}: cannot read: {exc.strerror or exc}"]
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return None, [f"{path}: not valid YAML: {one_line(str(exc))}"]
    if not isinstance(doc, dict):
        return None, [f"{path}: top level must be a mapping, got {type(doc).__name__}"]
    return doc, []


def unknown_keys(where: str, mapping: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """One problem per key not in `allowed`, with a did-you-mean when a known key is close."""
    allowed = sorted(allowed)
    problems = []
    for key in mapping:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{where}: unknown key {key!r}{hint}")
    return problems


def one_line(text: str) -> str:
    """Collapse a multi-line library message into one problem line."""
    return " ".join(text.split())


@contextlib.contextmanager
def quiet_logger(name: str) -> Iterator[None]:
    """Silence a library logger that reports, in its own words, a problem we report as a line."""
    logger = logging.getLogger(name)
    was_disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was_disabled
