"""A body of many records, some bad: every good profile, and one error per bad record.

Sources answer with many records at once (an X lookup of 100 users, a list of stored payloads, a
dataset of tweets from many authors). One record without an id must not cost the other 86, so
``normalize_records`` splits a body into its records, normalizes each on its own and reports each
failure as a ``RecordError`` (index in the body, handle, field, message).

How a body splits is per source, as data: a list is its elements; an X API lookup body is its users
(a search body: each author with their tweets); Apify items are grouped by author, since one author's
posts arrive as many items.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scout_core.errors import ScoutError
from scout_core.schema import InternalProfile, RawPayload
from scout_core.sources.base import Source

_RECORD_PATH = re.compile(r"^body(?:\[\d+\])?(?:\.data\[\d+\]|\.data|\.user\.data)?\.?")


@dataclass(frozen=True)
class RecordError:
    index: int  # position of the record in the body (its first item, for grouped records)
    handle: str | None
    field: str | None  # the field within the record
    message: str

    def line(self) -> str:
        """One line for stderr: "record 3 [ada] field 'id': missing required field"."""
        where = f"record {self.index}" + (f" [{self.handle}]" if self.handle else "")
        return f"{where}" + (f" field {self.field!r}" if self.field else "") + f": {self.message}"


def _x_api(body: Any) -> list[tuple[int, Any]]:
    """A lookup body's users one by one; a search body's authors with their own tweets."""
    if isinstance(body, list):
        return list(enumerate(body))
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        return [(0, body)]
    data = body["data"]
    users = (body.get("includes") or {}).get("users") if isinstance(body.get("includes"), dict) else None
    if not isinstance(users, list):  # a lookup body: its data are users (a tweet has text, a user does not)
        if any(isinstance(item, dict) and "text" in item for item in data):
            return [(0, body)]
        return [(i, {"data": [user]}) for i, user in enumerate(data)]
    return [(i, {"data": [t for t in data if isinstance(t, dict) and isinstance(user, dict)
                          and str(t.get("author_id")) == str(user.get("id"))],
                 "includes": {"users": [user]}}) for i, user in enumerate(users)]


def _apify(body: Any) -> list[tuple[int, Any]]:
    """Items grouped by their author (an item without one is a record of its own, and fails alone)."""
    items = body.get("tweets") if isinstance(body, dict) and isinstance(body.get("tweets"), list) else body
    if not isinstance(items, list):
        return [(0, body)]
    groups: dict[str, tuple[int, list[Any]]] = {}
    for index, item in enumerate(items):
        groups.setdefault(_author_key(item) or f"#{index}", (index, []))[1].append(item)
    return [(index, group) for index, group in groups.values()]


def _author_key(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    author = item.get("author") or item.get("user") or item
    if not isinstance(author, dict):
        return None
    for key in ("id", "id_str", "userId", "userName", "screen_name", "username"):
        if author.get(key) not in (None, ""):
            return f"{key}:{str(author[key]).lower()}"
    return None


def _elements(body: Any) -> list[tuple[int, Any]]:
    return list(enumerate(body)) if isinstance(body, list) else [(0, body)]


SPLITTERS: dict[str, Callable[[Any], list[tuple[int, Any]]]] = {"x_api": _x_api, "apify": _apify}


def split_records(source: str, body: Any) -> list[tuple[int, Any]]:
    """(index, record body) pairs, each of which the source's normalizer reads on its own."""
    if source == "x_web":
        return [(0, body)]
    return SPLITTERS.get(source, _elements)(body)


def normalize_records(adapter: Source, raw: RawPayload) -> tuple[list[InternalProfile], list[RecordError]]:
    """Every profile the body's good records yield (one per account), and an error per bad record."""
    profiles: dict[tuple[str, str], InternalProfile] = {}
    errors: list[RecordError] = []
    for index, record in split_records(raw.source, raw.body):
        try:
            found = adapter.normalize(raw.model_copy(update={"body": record}))
        except ScoutError as exc:
            errors.append(_error(index, exc))
            continue
        for profile in found:
            profiles.setdefault(profile.key, profile)
    return list(profiles.values()), errors


def _error(index: int, exc: ScoutError) -> RecordError:
    field = getattr(exc, "field", None)
    message = getattr(exc, "detail", None) or str(exc)
    message = re.sub(r" \(field '[^']*'\)$", "", message)
    return RecordError(index=index, handle=getattr(exc, "handle", None),
                       field=_RECORD_PATH.sub("", field) or None if field else None, message=message)
