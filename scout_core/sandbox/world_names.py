"""Names, display names and per-platform handles for the sandbox world.

Handles are what make cross-platform identity hard: many people use different handles on different
platforms, some the same, some differ only in case. Every handle is validated with the real
platform rules (``scout_core.handles.clean_handle``) and is unique per platform, case-insensitively.
"""

from __future__ import annotations

import random
import unicodedata

from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle
from scout_core.sandbox.world_vocab import EMOJI, FIRST_NAMES, LAST_NAMES, NICKNAMES, NOISE_BRANDS

_MAX_LEN = {"x": 15, "github": 39, "huggingface": 96, "producthunt": 64}


def ascii_fold(text: str) -> str:
    """'Chloé Müller' -> 'chloemuller'-ready ascii: accents dropped, everything else not alnum removed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class HandleRegistry:
    """Hands out valid handles, unique per platform regardless of case."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: dict[str, dict[str, bool]] = {p: {} for p in _MAX_LEN}

    def reserve(self, platform: str, handle: str) -> None:
        """Mark a handle taken without drawing anything (a handle some account already has or had)."""
        self._taken[platform][handle.lower()] = True

    def is_free(self, platform: str, handle: str) -> bool:
        return handle.lower() not in self._taken[platform]

    def claim(self, platform: str, wanted: list[str]) -> str:
        """The first free, valid handle among ``wanted``, else the first one with a number appended."""
        for candidate in wanted:
            handle = self._fit(platform, candidate)
            if handle and self.is_free(platform, handle):
                return self._take(platform, handle)
        stem = self._fit(platform, wanted[0]) or "user"
        for _ in range(1000):
            suffix = str(self._rng.randrange(2, 10_000))
            handle = self._fit(platform, stem[: _MAX_LEN[platform] - len(suffix)] + suffix)
            if handle and self.is_free(platform, handle):
                return self._take(platform, handle)
        raise RuntimeError(f"sandbox: no free {platform} handle near {wanted[0]!r}")

    def _take(self, platform: str, handle: str) -> str:
        self._taken[platform][handle.lower()] = True
        return handle

    @staticmethod
    def _fit(platform: str, candidate: str) -> str | None:
        handle = candidate[: _MAX_LEN[platform]]
        if platform == "github":
            handle = handle.strip("-").replace("--", "-").replace("_", "-")
        try:
            return clean_handle(platform, handle)
        except InvalidHandleError:
            return None


def pick_names(rng: random.Random, size: int,
               namesake_rate: float = 0.03) -> tuple[list[str], list[int | None]]:
    """Unique names, except ~3% who share the name of an earlier, different person (their index)."""
    names: list[str] = []
    namesake_of: list[int | None] = []
    used: dict[str, bool] = {}
    for i in range(size):
        if i > 10 and rng.random() < namesake_rate:
            original = rng.randrange(i)
            if namesake_of[original] is None:
                names.append(names[original])
                namesake_of.append(original)
                continue
        name = fresh_name(rng, used)
        used[name] = True
        names.append(name)
        namesake_of.append(None)
    return names, namesake_of


def fresh_name(rng: random.Random, used: dict[str, bool]) -> str:
    for attempt in range(50):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        # Middle initials open up the name space once plain first+last pairs run short.
        name = f"{first} {last}" if attempt < 3 else f"{first} {chr(65 + rng.randrange(26))}. {last}"
        if name not in used:
            return name
    while name in used:  # only in worlds of hundreds of thousands: double-barrelled surnames
        name = f"{first} {chr(65 + rng.randrange(26))}. {last}-{rng.choice(LAST_NAMES)}"
    return name


def split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    return parts[0], parts[-1]


def display_name(rng: random.Random, name: str, tagline: str) -> str:
    """How a person shows their name: plain, nickname, emoji inside or after, initials with a tagline."""
    first, last = split_name(name)
    roll = rng.random()
    if roll < 0.35:
        return name
    if roll < 0.50:
        return f"{NICKNAMES.get(first, first)} {last}"
    if roll < 0.62:
        return f"{first} {rng.choice(EMOJI)} {last}"
    if roll < 0.74:
        return f"{name} {rng.choice(EMOJI)}"
    if roll < 0.86:
        return f"{first[0]}{last[0]} | {tagline}"
    if roll < 0.93:
        return first.lower()
    return f"{NICKNAMES.get(first, first)} ({tagline})"


def noise_brand(rng: random.Random, kind: str) -> tuple[str, str]:
    """A brand-like display name and handle stem for crypto/news/meme accounts."""
    names, stems = NOISE_BRANDS[kind]
    brand = rng.choice(names)
    shown = f"{brand} {rng.choice(['👑', '🚨', '😂', '📰', ''])}".strip()
    return shown, ascii_fold(brand) + rng.choice(stems)


def handle_stems(name: str) -> dict[str, str]:
    """The pieces handles are made of: 'Jane Doe' -> first 'jane', last 'doe', initial 'j'..."""
    first, last = split_name(name)
    f, ln = ascii_fold(first) or "x", ascii_fold(last) or "y"
    return {"f": f, "l": ln, "F": f.capitalize(), "L": ln.capitalize(), "i": f[0], "j": ln[0]}


_X_PATTERNS = ["{f}{l}", "{f}_{l}", "{f}{l}_ai", "{i}{l}", "{f}{j}", "{F}{L}", "{f}builds", "its{f}{l}",
               "{f}_ml", "{l}{f}", "{f}{l}dev", "{f}_{j}", "{F}_{L}", "{i}{l}_ai", "{f}ships"]
_GH_PATTERNS = ["{i}{l}", "{f}-{l}", "{f}{l}", "{f}-{j}", "{f}{j}", "{F}{L}", "{l}{f}", "{f}{l}-ai",
                "{i}-{l}", "{f}{l}-dev", "{l}-{f}"]
_HF_PATTERNS = ["{f}-{j}", "{f}{l}", "{i}{l}", "{f}_{l}", "{F}{j}", "{f}-{l}", "{F}{L}", "{l}-lab"]
_PH_PATTERNS = ["{f}_{l}", "{f}{l}", "{i}{l}", "{f}{j}", "{f}_{j}", "{f}_makes"]
_SAME_PATTERNS = ["{f}{l}", "{i}{l}", "{f}{j}", "{l}{f}", "{i}{l}ai"]
PATTERNS = {"x": _X_PATTERNS, "github": _GH_PATTERNS, "huggingface": _HF_PATTERNS,
            "producthunt": _PH_PATTERNS}


def wanted_handles(rng: random.Random, stems: dict[str, str], platform: str, first: str | None) -> list[str]:
    """Candidate handles for one platform, preferred first; ``first`` is a shared handle to try before all."""
    patterns = PATTERNS[platform]
    start = rng.randrange(len(patterns))
    ordered = [p.format(**stems) for p in patterns[start:] + patterns[:start]]
    return ([first] if first else []) + ordered


def shared_handle(rng: random.Random, stems: dict[str, str]) -> str:
    """A handle valid on every platform, for people who use the same one everywhere."""
    return rng.choice(_SAME_PATTERNS).format(**stems)


def case_variant(rng: random.Random, handle: str) -> str:
    """The same handle in a different case ('janedoe' -> 'JaneDoe' / 'JANEDOE' / 'Janedoe')."""
    roll = rng.random()
    if roll < 0.4:
        return handle.capitalize() if handle != handle.capitalize() else handle.upper()
    if roll < 0.7:
        return handle.upper()
    half = max(1, len(handle) // 2)
    return handle[:half].capitalize() + handle[half:].capitalize()
