"""Check SCOUT_* variable names against the settings model.

Settings ignore unknown variables (``extra="ignore"``), so ``SCOUT_REDIS_ULR`` would be dropped without
a word and Scout would quietly fall back to its in-process queue. These checks name such variables.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from scout_core.settings import Settings

PREFIX = "SCOUT_"
_NOT_SETTINGS = ("SCOUT_TEST_",)  # test-suite service URLs (tests/conftest.py), not settings
_DELIMITER = "__"


def unknown_setting_names(names: Iterable[str]) -> list[str]:
    """One problem per SCOUT_* name that no field of Settings (or its nested groups) reads."""
    problems = []
    for name in names:
        if not name.upper().startswith(PREFIX) or name.upper().startswith(_NOT_SETTINGS):
            continue
        reason = _unresolved(name[len(PREFIX):].lower().split(_DELIMITER))
        if reason:
            problems.append(f"{name}: {reason}")
    return problems


def validate_env_file(path: str | Path) -> list[str]:
    """Problems in a ``KEY=value`` env file: malformed lines and SCOUT_* names no setting reads."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror or exc}"]
    names, problems = [], []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, _ = stripped.removeprefix("export ").partition("=")
        if not sep or not key.strip():
            problems.append(f"{path.name}:{number}: expected KEY=value")
            continue
        names.append(key.strip())
    problems += [f"{path.name}: {p}" for p in unknown_setting_names(names)]
    return problems + _value_problems(path)


def _value_problems(path: Path) -> list[str]:
    """Values the settings model rejects (a word where a number goes, a bad URL), read as Scout would."""
    try:
        Settings(_env_file=path)  # type: ignore[call-arg]
    except ValidationError as exc:
        names = ["SCOUT_" + "__".join(map(str, e["loc"])).upper() for e in exc.errors()]
        return [f"{path.name}: {name}: {e['msg']}" for name, e in zip(names, exc.errors(), strict=True)]
    return []


def _unresolved(parts: list[str]) -> str | None:
    """Why the path of field names does not lead to a setting, or None when it does."""
    model: type[BaseModel] = Settings
    for depth, part in enumerate(parts):
        fields = {field.alias or name: field for name, field in model.model_fields.items()}  # env names
        if part not in fields:
            close = difflib.get_close_matches(part, list(fields), n=1)
            group = "settings" if depth == 0 else f"group {parts[depth - 1]!r}"
            return f"no {group} field {part!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
        annotation = fields[part].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        elif depth < len(parts) - 1:
            return f"{part!r} is not a settings group, so it has no sub-field {parts[depth + 1]!r}"
    return None  # a field, or a whole group given as JSON (SCOUT_RAY='{"api_workers": 4}')
