"""Column types shared by every table: aware UTC datetimes, and JSON that is JSONB on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from scout_core.errors import InputError
from scout_core.storable import storable_json


class JsonDocument(TypeDecorator[Any]):
    """A JSON document (JSONB on PostgreSQL); SQL NULL, not JSON 'null', for a missing one.

    Written through ``storable_json``: PostgreSQL refuses NUL in JSONB and neither backend can keep a
    lone surrogate, so one odd character in a raw payload must not make its profile unstorable
    (the raw lake keeps the payload exactly).
    """

    impl = JSON(none_as_null=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB(none_as_null=True))
        return dialect.type_descriptor(JSON(none_as_null=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else storable_json(value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored in UTC, read back aware on every backend.

    SQLite has no timezone type, so values are stored there as naive UTC and made aware again on
    read. Naive values are refused on write: their meaning depends on the writer's clock.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise InputError(f"expected a datetime, got {type(value).__name__} {value!r}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise InputError(f"naive datetime {value.isoformat()} refused: attach a timezone (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
