"""Print the README's settings table from the settings object itself: `python -m deployments.settings_table`."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr

from scout_core.settings import Settings

BASE_URL_NOTE = "Base URL of the service (the real one by default; the sandbox's when it stands in)."


def _default(field) -> str:  # type: ignore[no-untyped-def]
    value = field.default_factory() if field.default_factory is not None else field.default
    if value is None:
        return "unset"
    if isinstance(value, SecretStr) or (isinstance(value, list) and value and isinstance(value[0], SecretStr)):
        return "unset"
    if isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in value.items())
    elif isinstance(value, list):
        value = ", ".join(map(str, value))
    text = str(value)
    return f"`{text[:57]}…`" if len(text) > 58 else f"`{text}`"


def rows(model: type[BaseModel] = Settings, prefix: str = "SCOUT_") -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for name, field in model.model_fields.items():
        env = prefix + (field.alias or name).upper()
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            out += rows(field.annotation, env + "__")
            continue
        note = field.description or (BASE_URL_NOTE if name == "base_url" else "")
        out.append((env, _default(field), note.replace("|", "\\|")))
    return out


def table() -> str:
    lines = ["| env var | default | meaning |", "|---|---|---|"]
    lines += [f"| `{env}` | {default} | {note} |" for env, default, note in rows()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
