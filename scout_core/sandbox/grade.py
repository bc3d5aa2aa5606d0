"""Grade an export of a run on the sandbox against the world's ground truth (for evaluation only).

An export row is one canonical builder listing its profiles as ``platform:handle``. Graded with the
truth: people shown in more than one row (duplicates the resolver left), rows that mix people (false
merges), and profiles the truth does not know (which would mean the export and the world disagree).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from scout_core.errors import InputError


def truth_owners(truth: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(platform, lower-cased handle, current or previous) → person id; current holders win."""
    owners: dict[tuple[str, str], str] = {}
    for person in truth["people"]:
        for account in person["accounts"]:
            for handle in account.get("previous_handles", []):
                owners[(account["platform"], handle.lower())] = person["person_id"]
    # A recycled handle is someone's previous handle and someone else's current one: the current holder
    # is who an export made now shows.
    for person in truth["people"]:
        for account in person["accounts"]:
            owners[(account["platform"], account["handle"].lower())] = person["person_id"]
    return owners


def grade_rows(rows: list[dict[str, Any]], owners: dict[tuple[str, str], str]) -> dict[str, Any]:
    rows_of: dict[str, set[int]] = defaultdict(set)
    unknown, mixing = 0, 0
    for index, row in enumerate(rows):
        people = set()
        for profile in row.get("profiles") or []:
            platform, _, handle = str(profile).partition(":")
            who = owners.get((platform, handle.lower()))
            if who is None:
                unknown += 1
                continue
            people.add(who)
            rows_of[who].add(index)
        mixing += len(people) > 1
    split = sum(len(found) > 1 for found in rows_of.values())
    return {"rows": len(rows), "people": len(rows_of), "people_in_several_rows": split,
            "duplicate_row_share": round((len(rows) - len(rows_of)) / len(rows), 5) if rows else 0.0,
            "rows_mixing_people": mixing, "profiles_not_in_truth": unknown}


def grade_export(path: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """Grade a JSON export (``scout export --format json`` or a run's export file)."""
    if not path.is_file():
        raise InputError(f"no such export file: {path}")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path} is not a JSON export: {exc}") from exc
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "profiles" in r for r in rows):
        raise InputError(f"{path} is not a JSON export: expected a list of rows with 'profiles'")
    return grade_rows(rows, truth_owners(truth))
