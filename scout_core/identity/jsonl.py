"""``scout resolve FILE``: resolve JSON lines of profiles, one result per line, bad lines reported in place.

A malformed line (not JSON, not an object, not a valid profile) does not stop the run: its output line
is ``{"line": n, "error": "..."}`` at the same position, so nothing is lost and the rest still resolves.
Canonical ids are reported as they stand after the whole file (later lines can join earlier clusters);
the reasons are those found when each line was resolved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from scout_core.bounded import DEFAULT_MAX_DEPTH, check_depth, too_deep
from scout_core.errors import InputError
from scout_core.identity.evidence import is_redacted
from scout_core.identity.resolver import IdentityResolver, Resolution, redacted_resolution
from scout_core.schema import InternalProfile


def parse_profile_line(text: str, number: int, max_depth: int = DEFAULT_MAX_DEPTH
                       ) -> tuple[dict[str, Any], InternalProfile | None]:
    """The record on one line and its profile (None for a redacted record); InputError names the line."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: not JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError:
        raise too_deep(f"line {number}", max_depth) from None
    check_depth(record, f"line {number}", max_depth)
    if not isinstance(record, dict):
        raise InputError(f"line {number}: expected a JSON object, got {type(record).__name__}")
    if is_redacted(record):
        return record, None
    for required in ("source_platform", "handle"):
        if not record.get(required):
            raise InputError(f"line {number}: missing {required!r}")
    try:
        return record, InternalProfile.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "profile"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"line {number}: {where}: {message}") from exc
    except InputError as exc:
        raise InputError(f"line {number}: {exc}") from exc


def resolve_lines(lines: Iterable[str], resolver: IdentityResolver | None = None,
                  max_depth: int = DEFAULT_MAX_DEPTH) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line, in order; a line nested deeper than ``max_depth`` is an error."""
    resolver = resolver or IdentityResolver()
    results: list[tuple[int, dict[str, Any], Resolution | None, str | None]] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            record, profile = parse_profile_line(text, number, max_depth)
        except InputError as exc:
            results.append((number, {}, None, str(exc)))
            continue
        result = resolver.resolve(profile) if profile is not None else redacted_resolution(record)
        results.append((number, record, result, None))
    for number, record, result, error in results:
        yield _output(number, record, result, error, resolver)


def _output(number: int, record: dict[str, Any], result: Resolution | None, error: str | None,
            resolver: IdentityResolver) -> dict[str, Any]:
    if result is None:
        return {"line": number, "error": error}
    canonical = (resolver.canonical_id(result.node_key) if result.node_key else None) or result.canonical_id
    return {"line": number, "source_platform": record.get("source_platform"), "handle": record.get("handle"),
            "account": result.node_key, "canonical_id": canonical, "reasons": result.reasons,
            "rejected": result.rejected, "suggestions": result.suggestions}
