"""What every store can keep: counts that fit, and text without the characters databases refuse.

A payload may say ``followers_count: 10**30`` (SQLite's INTEGER and PostgreSQL's BIGINT overflow) or
put a NUL in a name (PostgreSQL refuses NUL in text and in JSONB). Normalizers refuse such a count
with a field error and clean such text; the profile schema holds them to the same rules, so no
source can hand the store a value it cannot write.

* ``MAX_COUNT``: far above any real count (the largest follower counts are ~10^9, views ~10^11)
  and far below 2^63.
* ``Line`` (names, handles, URLs): control characters dropped, tab and line breaks become spaces.
* ``Text`` (bios, posts): control characters dropped except tab and line breaks.
* Both: lone UTF-16 surrogates (``"\\ud800"`` is valid JSON, not valid UTF-8) become U+FFFD.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator

MAX_COUNT = 10**12

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAK = re.compile("[\t\n\r]")
_NUL = "\x00"


def clean_text(value: str) -> str:
    """Multi-line text the store can keep: controls gone except tab and line breaks, surrogates replaced."""
    value = _CONTROL_IN_TEXT.sub("", value)
    return _SURROGATE.sub("\ufffd", value)


def clean_line(value: str) -> str:
    """One-line text the store can keep: tab and line breaks become spaces, other controls go."""
    return clean_text(_BREAK.sub(" ", value))


def storable_json(value: Any) -> Any:
    """A JSON document with NUL characters removed and lone surrogates replaced, in keys and strings.

    Raw payloads are kept exactly in the raw lake; their copy in the database only has to be storable.
    Returns ``value`` itself when nothing needed cleaning (the common case costs one walk, no copy).
    """
    if isinstance(value, str):
        return _clean_json_text(value)
    if isinstance(value, dict):
        cleaned = {_clean_json_text(k) if isinstance(k, str) else k: storable_json(v) for k, v in value.items()}
        return value if _same(cleaned, value) else cleaned
    if isinstance(value, list):
        items = [storable_json(v) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def _clean_json_text(value: str) -> str:
    if _NUL not in value and _SURROGATE.search(value) is None:
        return value
    return _SURROGATE.sub("\ufffd", value.replace(_NUL, ""))


def _same(cleaned: dict[Any, Any], value: dict[Any, Any]) -> bool:
    return len(cleaned) == len(value) and all(
        k in value and cleaned[k] is value[k] for k in cleaned)


Line = Annotated[str, AfterValidator(clean_line)]
Text = Annotated[str, AfterValidator(clean_text)]
