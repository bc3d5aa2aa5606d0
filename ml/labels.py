"""Training labels: a reviewer's stored labels, or the sandbox world's synthetic outcomes.

``stored``: the latest label per profile from the ``labels`` table (``scout label``). Traction yes/no
becomes 1/0; profiles labelled not-builder leave the training set. Groups are canonical builders.

``sandbox``: the world's ``achieved_traction`` (scout_core.sandbox.truth), matched to stored profiles by
platform + source id, else by current or previous handle. Synthetic: it shows whether the model learns
the world's generating rule, not how it would do on real people. The world must be the one the store was
filled from: its seed and size are read from the runs' params (``world_seed``/``world_size``), else from
settings, and the match rate is checked. Groups are the world's people, so one person's accounts never
straddle the split even when identity resolution did not link them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from scout_core.errors import ConfigurationError, InputError
from scout_core.settings import Settings

LABEL_SOURCES = ("stored", "sandbox")
MIN_MATCH_SHARE = 0.8  # below this, the store was not filled from the assumed world


@dataclass
class LabelSet:
    """``frame``: index profile_id, columns ``label`` (0/1) and ``group`` (who the profile belongs to)."""

    frame: pd.DataFrame
    source: str
    synthetic: bool
    tags: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def load_labels(kind: str, repo: Any, settings: Settings, features: pd.DataFrame) -> LabelSet:
    if kind == "stored":
        return stored_labels(repo, features)
    if kind == "sandbox":
        return sandbox_labels(repo, settings, features)
    raise InputError(f"unknown label source {kind!r}; use one of: {', '.join(LABEL_SOURCES)}")


def stored_labels(repo: Any, features: pd.DataFrame) -> LabelSet:
    labels = repo.labels()
    usable = [row for row in labels if not row["not_builder"] and row["traction"] is not None]
    records = [{"profile_id": row["profile_id"], "label": int(bool(row["traction"]))}
               for row in usable if row["profile_id"] in features.index]
    frame = pd.DataFrame(records, columns=["profile_id", "label"]).set_index("profile_id")
    frame["group"] = features.loc[frame.index, "canonical_id"].astype(str)
    notes = [f"{len(labels)} labelled profiles: {len(usable)} with a traction answer, "
             f"{len(labels) - len(usable)} not builders (left out), {len(frame)} with features"]
    return LabelSet(frame=frame, source="stored", synthetic=False, tags={"labels": "stored-reviewer"}, notes=notes)


def stored_world(repo: Any, settings: Settings) -> tuple[int, int, str]:
    """(seed, size, where it came from) of the sandbox world the store was filled from."""
    worlds = {(int(run.params["world_seed"]), int(run.params["world_size"]))
              for run in repo.recent_runs(200)  # None: the run took the world from settings, unrecorded
              if run.params.get("sandbox") and run.params.get("world_seed") is not None
              and run.params.get("world_size") is not None}
    if len(worlds) > 1:
        shown = ", ".join(f"seed {s} size {n}" for s, n in sorted(worlds))
        raise ConfigurationError(f"the store holds profiles from several sandbox worlds ({shown}); "
                                 "sandbox labels need a store filled from one world")
    if worlds:
        seed, size = worlds.pop()
        return seed, size, "runs"
    return settings.sandbox.seed, settings.sandbox.size, "settings (runs did not record their world)"


def _truth_index(seed: int, size: int) -> dict[tuple[str, str], tuple[str, bool]]:
    """(platform, "id:<source id>" or "@<handle>") -> (person id, achieved traction)."""
    from scout_core.sandbox.truth import world_truth
    from scout_core.sandbox.world import generate_world

    index: dict[tuple[str, str], tuple[str, bool]] = {}
    for person in world_truth(generate_world(seed=seed, size=size))["people"]:
        outcome = (person["person_id"], bool(person["achieved_traction"]))
        for account in person["accounts"]:
            index[(account["platform"], f"id:{account['source_id']}")] = outcome
            for handle in [account["handle"], *account["previous_handles"]]:
                index.setdefault((account["platform"], f"@{handle.lower()}"), outcome)
    return index


def sandbox_labels(repo: Any, settings: Settings, features: pd.DataFrame) -> LabelSet:
    seed, size, origin = stored_world(repo, settings)
    index = _truth_index(seed, size)
    records = []
    for profile_id, row in features.iterrows():
        platform = row["source_platform"]
        found = index.get((platform, f"id:{row['source_id']}")) if row["source_id"] else None
        found = found or index.get((platform, f"@{str(row['handle']).lower()}"))
        if found:
            records.append({"profile_id": profile_id, "label": int(found[1]), "group": found[0]})
    _check_match(len(records), len(features), seed, size, origin)
    frame = pd.DataFrame(records, columns=["profile_id", "label", "group"]).set_index("profile_id")
    notes = [f"sandbox world seed {seed} size {size} (from {origin}); {len(frame)} of {len(features)} "
             "profiles matched to the world's people; labels are SYNTHETIC"]
    tags = {"labels": "sandbox-synthetic", "world_seed": str(seed), "world_size": str(size),
            "world_from": origin, "split_groups": "sandbox person"}
    return LabelSet(frame=frame, source="sandbox", synthetic=True, tags=tags, notes=notes)


def _check_match(matched: int, total: int, seed: int, size: int, origin: str) -> None:
    if total and matched / total < MIN_MATCH_SHARE:
        raise ConfigurationError(
            f"only {matched} of {total} stored profiles belong to the sandbox world seed {seed} size {size} "
            f"(from {origin}): the store was filled from another world (set SCOUT_SANDBOX__SEED and "
            "SCOUT_SANDBOX__SIZE to the ones `scout run` used) or from real sources")
