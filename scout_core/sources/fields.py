"""Small, strict readers for raw payload fields, shared by the API normalizers.

Every reader takes the path it is reading (``data[3].public_metrics.followers_count``) so a bad
value becomes a ParseError naming source, handle and field, never a silent drop or a bare KeyError.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from scout_core.errors import ParseError
from scout_core.schema import InternalProfile
from scout_core.storable import MAX_COUNT


class FieldReader:
    """Reads fields of one raw object for one source and handle, raising ParseError on bad shapes."""

    def __init__(self, source: str, handle: str | None = None) -> None:
        self.source = source
        self.handle = handle

    def fail(self, message: str, field: str) -> ParseError:
        return ParseError(message, source=self.source, handle=self.handle, field=field)

    def obj(self, value: Any, field: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"expected an object, got {type(value).__name__}", field)
        return value

    def required_str(self, obj: dict[str, Any], key: str, field: str) -> str:
        value = obj.get(key)
        if value is None:
            raise self.fail("missing required field", f"{field}.{key}")
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # ids that arrive as numbers; strings are canonical
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"expected a non-empty string, got {value!r:.80}", f"{field}.{key}")
        return value

    def optional_str(self, obj: dict[str, Any], key: str, field: str) -> str | None:
        """A text field where null and "" both mean absent."""
        value = obj.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.fail(f"expected a string, got {type(value).__name__}", f"{field}.{key}")
        return value

    def count(self, obj: dict[str, Any] | None, key: str, field: str) -> int | None:
        """A count from 0 to ``MAX_COUNT``; numeric strings are accepted (some dictionaries type counts as strings).

        The bound is what a store column can hold with room to spare: a larger value is a broken or hostile
        payload, refused here by name rather than by the database in the middle of a batch.
        """
        if not obj or obj.get(key) is None:
            return None
        value = obj[key]
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value.strip()) if len(value.strip()) <= 20 else MAX_COUNT + 1
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(f"expected a non-negative integer, got {value!r:.80}", f"{field}.{key}")
        if value > MAX_COUNT:
            raise self.fail(f"count {str(value)[:40]} is larger than {MAX_COUNT:,}: not a real count",
                            f"{field}.{key}")
        return value

    def timestamp(self, obj: dict[str, Any], key: str, field: str) -> datetime | None:
        value = obj.get(key)
        if value in (None, ""):
            return None
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as exc:
            raise self.fail(f"not an ISO timestamp: {value!r:.80}", f"{field}.{key}") from exc
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def profile(self, field: str, **values: Any) -> InternalProfile:
        """Build the canonical profile; a schema violation names the offending field."""
        try:
            return InternalProfile(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "profile"
            raise self.fail(f"invalid profile: {first['msg']}", f"{field}.{where}") from exc
