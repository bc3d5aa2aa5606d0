"""Which settings are credentials, and the name each one's Prefect Secret block has: ``scout-<path>``.

Plain data and settings arithmetic, no Prefect: ``tasks/secrets.py`` reads the blocks at run start and
``deployments/blocks.py`` writes them (``scout blocks register``). Every ``SecretStr`` field is a
credential, found from the model itself so a new one is never forgotten; the database and Redis URLs
are added by hand because they carry passwords in plain strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, get_args

from pydantic import BaseModel, SecretStr

from scout_core.errors import ConfigurationError
from scout_core.settings import Settings

SettingPath = tuple[str, ...]
URL_SECRETS: tuple[SettingPath, ...] = (("database_url",), ("redis_url",))
BLOCK_PREFIX = "scout-"


def _holds_secret(annotation: Any) -> bool:
    return annotation is SecretStr or any(_holds_secret(arg) for arg in get_args(annotation))


def _secret_paths(model: type[BaseModel], prefix: SettingPath = ()) -> Iterator[SettingPath]:
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _secret_paths(annotation, (*prefix, name))
        elif _holds_secret(annotation):
            yield (*prefix, name)


SECRET_PATHS: tuple[SettingPath, ...] = (*_secret_paths(Settings), *URL_SECRETS)


def block_name(path: SettingPath) -> str:
    """``("x_api", "bearer_token")`` -> ``scout-x-api-bearer-token`` (block names take no underscores)."""
    return BLOCK_PREFIX + "-".join(path).replace("_", "-")


def env_name(path: SettingPath) -> str:
    return "SCOUT_" + "__".join(path).upper()


def secret_values(settings: Settings) -> dict[SettingPath, str]:
    """Every credential the settings hold, as the text a Secret block keeps (a list as JSON)."""
    values: dict[SettingPath, str] = {}
    for path in SECRET_PATHS:
        value = _get(settings, path)
        if isinstance(value, SecretStr):
            values[path] = value.get_secret_value()
        elif isinstance(value, list) and value:
            values[path] = json.dumps([v.get_secret_value() for v in value])
        elif isinstance(value, str) and value:
            values[path] = value
    return values


def with_secrets(settings: Settings, values: dict[SettingPath, str]) -> Settings:
    """Settings with each credential of ``values`` (a Secret block's text) in place."""
    names = ", ".join(block_name(p) for p in values)
    return with_values(settings, {path: _parse(path, text) for path, text in values.items()}, f"Secret blocks {names}")


def with_values(settings: Settings, values: dict[SettingPath, Any], source: str) -> Settings:
    """Settings with each of ``values`` in place, validated as the environment's would be; ``source``
    names where the values came from in the one-line error a bad one gets."""
    if not values:
        return settings
    data = settings.model_dump()
    for path, value in values.items():
        holder = data
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = value
    try:
        return Settings.model_validate(data)  # validation only: the environment is not read again
    except ValueError as exc:
        raise ConfigurationError(f"{source}: a value is not valid for its setting: "
                                 f"{' '.join(str(exc).split())[:300]}") from exc


def _parse(path: SettingPath, text: str) -> Any:
    if path == ("x_web", "session_cookies"):
        try:
            cookies = json.loads(text)
        except json.JSONDecodeError:
            cookies = [text]  # a single cookie kept as plain text
        return cookies if isinstance(cookies, list) else [cookies]
    return text


def _get(settings: Settings, path: SettingPath) -> Any:
    value: Any = settings
    for part in path:
        value = getattr(value, part)
    return value
