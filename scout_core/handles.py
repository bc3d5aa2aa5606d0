"""Per-platform handle rules: what a valid handle is, and its comparable form."""

from __future__ import annotations

import re
from typing import Literal, get_args

from scout_core.errors import InvalidHandleError

Platform = Literal["x", "github", "huggingface", "producthunt", "linkedin", "website"]
PLATFORMS: tuple[str, ...] = get_args(Platform)

# Rules from each platform's own sign-up constraints.
_RULES: dict[str, tuple[re.Pattern[str], str]] = {
    "x": (re.compile(r"[A-Za-z0-9_]{1,15}"), "1-15 letters, digits or underscores"),
    "github": (
        re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"),
        "1-39 letters, digits or single inner hyphens",
    ),
    "huggingface": (re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,95}"), "1-96 letters, digits, '-', '_' or '.'"),
    "producthunt": (re.compile(r"[A-Za-z0-9_]{1,64}"), "1-64 letters, digits or underscores"),
    "linkedin": (re.compile(r"[A-Za-z0-9_%-]{3,100}"), "3-100 letters, digits, '-', '_' or '%'"),
    "website": (re.compile(r"[a-z0-9.-]+\.[a-z]{2,}(?:/[^\s]*)?"), "a host name such as example.com"),
}


def validate_platform(platform: object) -> str:
    if platform not in PLATFORMS:
        raise InvalidHandleError(str(platform), "", f"unknown platform (one of {', '.join(PLATFORMS)})")
    return str(platform)


def clean_handle(platform: str, handle: object) -> str:
    """Return the handle without decoration (leading ``@``, whitespace), or raise InvalidHandleError."""
    validate_platform(platform)
    if not isinstance(handle, str):
        raise InvalidHandleError(platform, handle, "not a string")
    value = handle.strip()
    if platform != "website":
        value = value.removeprefix("@")
    else:
        value = website_key(value)
    pattern, rule = _RULES[platform]
    if not pattern.fullmatch(value):
        raise InvalidHandleError(platform, handle, rule)
    return value


def handle_key(platform: str, handle: str) -> str:
    """The comparable form: handles are case-insensitive on every platform we know."""
    return clean_handle(platform, handle).lower()


def website_key(url: str) -> str:
    """A URL reduced to what identifies a site: no scheme, no ``www.``, no trailing slash, lower host."""
    value = url.strip()
    value = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", value)
    value = value.split("?", 1)[0].split("#", 1)[0]
    host, _, path = value.partition("/")
    host = host.lower().removeprefix("www.").split(":", 1)[0]
    path = path.rstrip("/")
    return f"{host}/{path}" if path else host
