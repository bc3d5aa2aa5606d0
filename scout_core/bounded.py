"""Bounded input: files and JSON read with a size cap and a nesting cap, each refusal one line.

Anything Scout reads from outside - a payload file, a JSON-lines file, an HTTP body, a sandbox
control request - goes through here, so a 10,000-level document or ``/dev/zero`` ends in an
InputError naming the limit (and the setting that raises it) instead of a RecursionError
traceback or a process read until MemoryError. JSON is read strictly: ``NaN`` and ``Infinity``
are not JSON, and no real source sends them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from scout_core.errors import InputError

DEFAULT_MAX_BYTES = 50 * 2**20
DEFAULT_MAX_DEPTH = 64  # real payloads nest at most 10 levels (../shared/samples)
_CHUNK = 2**20


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or InputError when it cannot be read or holds more than ``max_bytes``.

    Reads at most ``max_bytes + 1`` bytes, so an endless file (``/dev/zero``, a pipe) is refused too.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise too_large(str(path), max_bytes)
    return data


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file as UTF-8 text, within ``max_bytes``."""
    data = read_bytes(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text: {exc.reason} at byte {exc.start}") from exc


def too_large(what: str, max_bytes: int) -> InputError:
    return InputError(f"{what} is larger than {_size(max_bytes)} (the limit is SCOUT_INPUT__MAX_BYTES)")


def loads(text: str | bytes, what: str, max_depth: int = DEFAULT_MAX_DEPTH) -> Any:
    """Strict JSON nested at most ``max_depth`` levels; InputError (with line and column) otherwise."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise too_deep(what, max_depth) from None  # the traceback would be thousands of lines
    except json.JSONDecodeError as exc:
        raise InputError(f"{what}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{what}: {exc}") from exc
    check_depth(value, what, max_depth)
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def too_deep(what: str, max_depth: int) -> InputError:
    return InputError(f"{what}: JSON nested deeper than {max_depth} levels (the limit is SCOUT_INPUT__MAX_DEPTH)")


def check_depth(value: Any, what: str, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Refuse a decoded document nested deeper than ``max_depth``; walks without recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > max_depth:
            raise too_deep(what, max_depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def bounded_lines(stream: IO[str], what: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[str]:
    """The stream's lines while their total stays within ``max_bytes`` (characters, for a text stream).

    A line is read in pieces of at most ``max_bytes + 1``, so one endless line stops at the limit.
    """
    total = 0
    while True:
        line = stream.readline(max_bytes + 1 - total)
        if not line:
            return
        total += len(line)
        if total > max_bytes:
            raise too_large(what, max_bytes)
        yield line


def _size(n: int) -> str:
    return f"{n / 2**20:g} MiB" if n >= 2**20 else f"{n:,} bytes"
