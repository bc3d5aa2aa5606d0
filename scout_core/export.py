"""Exports of every stored builder, as a JSON array or a CSV sheet, written atomically."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from scout_core.errors import InputError
from scout_core.explanation import explain_builder
from scout_core.store.repository import Repository

EXPORT_FIELDS: tuple[str, ...] = (
    "canonical_id", "source_platform", "handle", "source_id", "display_name", "website", "location",
    "followers_count", "following_count", "overall_score", "classification", "classification_confidence",
    "account_kind", "enrichment_quality", "llm_score", "semantic_score", "technical_score", "engagement_score",
    "links_score", "completeness_score", "score_rescaled", "score_rescaled_from", "traction_probability",
    "model_version",
    "enriched_by", "first_discovered_at", "last_enriched_at", "scored_at", "profiles",
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def _rank(record: dict[str, Any]) -> tuple[float, str]:
    score = record.get("overall_score")
    return (-(score if score is not None else -1.0), str(record.get("source_platform")))


def one_per_builder(records: Iterable[dict[str, Any]], include_filtered: bool = False) -> list[dict[str, Any]]:
    """One row per canonical builder: their best-scored profile, with all their profiles listed.

    A person found on X and GitHub is one builder, so the export never repeats a canonical id.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record.get("canonical_id") is None:
            continue  # no canonical id (a redacted profile): nobody, so no builder
        groups.setdefault(str(record["canonical_id"]), []).append(record)
    rows = []
    for members in groups.values():
        members.sort(key=_rank)
        primary = dict(members[0])
        if primary.get("overall_score") is None and not include_filtered:
            continue  # filtered out everywhere: stored so it is not fetched again, but not a builder
        primary["profiles"] = [f"{m['source_platform']}:{m['handle']}" for m in members]
        rows.append(primary)
    return sorted(rows, key=_rank)


def export_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The exported view of builder records: the export fields only, datetimes as ISO 8601."""
    return [{field: _plain(record.get(field)) for field in EXPORT_FIELDS} for record in records]


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: formula-looking strings get a leading quote."""
    if isinstance(value, list):
        value = " ".join(map(str, value))
    if isinstance(value, str) and (value.startswith(_FORMULA_PREFIXES) or value.lstrip().startswith(_FORMULA_PREFIXES)):
        return "'" + value  # leading spaces too: some spreadsheets trim them, then run the formula
    return "" if value is None else value


def _write_json(rows: list[dict[str, Any]], out: IO[str]) -> None:
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _write_csv(rows: list[dict[str, Any]], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})


WRITERS: dict[str, Callable[[list[dict[str, Any]], IO[str]], None]] = {"json": _write_json, "csv": _write_csv}


def default_export_path(exports_dir: Path, fmt: str, now: datetime | None = None) -> Path:
    """exports_dir/builders-<UTC timestamp>.<fmt>, never an existing file."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    path = exports_dir / f"builders-{stamp}.{fmt}"
    counter = 1
    while path.exists():
        path = exports_dir / f"builders-{stamp}-{counter}.{fmt}"
        counter += 1
    return path


def check_format(fmt: str) -> str:
    """The normalized format name, or an InputError naming the allowed ones."""
    clean = fmt.lower().strip()
    if clean not in WRITERS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(sorted(WRITERS))}")
    return clean


def export_builders(repo: Repository, fmt: str, path: Path | None, exports_dir: Path,
                    include_filtered: bool = False) -> Path:
    """Write every stored builder to ``path`` (default: a timestamped file in exports_dir); return it.

    One row per canonical builder (``one_per_builder``); profiles the filter dropped are kept in the
    store (so they are not fetched again) but exported only with ``include_filtered``.
    """
    fmt = check_format(fmt)
    target = Path(path) if path is not None else default_export_path(Path(exports_dir), fmt)
    records = repo.builders()
    builders = one_per_builder(records, include_filtered)
    rows = export_rows(builders)
    if fmt == "json":  # a sheet has no room for it; the JSON export explains each builder
        explained = explanations(records, repo.identity_merges())
        for row in rows:
            row["explanation"] = explained[str(row["canonical_id"])]
    write_atomically(target, lambda out: WRITERS[fmt](rows, out))
    return target


def explanations(records: Iterable[dict[str, Any]], merges: dict[str, list[dict[str, Any]]]
                 ) -> dict[str, dict[str, Any]]:
    """canonical id -> the builder's explanation (scout_core/explanation.py), from every stored profile."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record.get("canonical_id") is None:
            continue  # no canonical id (a redacted profile): nobody, so no builder
        groups.setdefault(str(record["canonical_id"]), []).append(record)
    return {cid: explain_builder(members, merges.get(cid, [])) for cid, members in groups.items()}


def write_atomically(target: Path, write: Callable[[IO[str]], None]) -> None:
    """Write through a temporary file in the same directory, then rename: all of the file or none."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create export directory {target.parent}: {exc.strerror}") from exc
    if target.is_dir():
        raise InputError(f"cannot write the export to {target}: it is a directory")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write in {target.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise InputError(f"cannot write the export to {target}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
