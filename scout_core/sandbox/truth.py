"""The sandbox world's ground truth: who owns which account, archetypes, later traction.

For evaluation only (identity-resolution precision, classifier accuracy, traction-model labels).
The pipeline must never read it: it is what the pipeline is graded against.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scout_core.errors import InputError
from scout_core.sandbox.model import Person, World, XAccount

TRUTH_NOTE = ("Ground truth of the Scout sandbox world, for evaluation only. "
              "The pipeline must never read this file.")


def world_truth(world: World) -> dict[str, Any]:
    """The ground truth as plain JSON-ready data, one record per person."""
    return {
        "note": TRUTH_NOTE,
        "ground_truth_for_evaluation_only": True,
        "seed": world.seed,
        "size": world.size,
        "now": world.now.isoformat(),
        "people": [_person_truth(person) for person in world.people],
    }


def write_truth(world: World, path: str | Path) -> Path:
    """Write the ground truth as JSON to ``path`` (parents created); return the path."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(world_truth(world), ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the truth to {target}: {exc.strerror}") from exc
    return target


def _person_truth(person: Person) -> dict[str, Any]:
    return {
        "person_id": person.person_id,
        "archetype": person.archetype,
        "name": person.name,
        "community": person.community,
        "achieved_traction": person.achieved_traction,
        "accounts": _accounts(person),
        "company_site": person.company_site,
        "namesake_of": person.namesake_of,
    }


def _accounts(person: Person) -> list[dict[str, Any]]:
    found = [_x(account) for account in (person.x, person.x_alt) if account]
    if person.github:
        found.append(_account("github", person.github.login, str(person.github.user_id)))
    if person.huggingface:
        found.append(_account("huggingface", person.huggingface.username, person.huggingface.user_id))
    if person.producthunt:
        found.append(_account("producthunt", person.producthunt.username, person.producthunt.user_id))
    return found


def _x(account: XAccount) -> dict[str, Any]:
    return _account("x", account.handle, account.user_id, list(account.previous_handles), account.is_alt)


def _account(platform: str, handle: str, source_id: str, previous: list[str] | None = None,
             is_alt: bool = False) -> dict[str, Any]:
    return {"platform": platform, "handle": handle, "source_id": source_id,
            "previous_handles": previous or [], "is_alt": is_alt}
