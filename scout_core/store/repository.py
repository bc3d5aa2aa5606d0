"""The one repository: every read and write Scout makes to its database goes through it.

Each public method is one transaction. Database failures leave it as StoreError (or
DatabaseUnavailableError when the server cannot be reached); bad input as InputError.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, OperationalError, StatementError
from sqlalchemy.orm import Session

from scout_core.errors import InvalidHandleError, ScoutError, StoreError
from scout_core.handles import clean_handle, handle_key, validate_platform
from scout_core.schema import ClassificationResult, InternalProfile, PipelineStage, ScoreCard, utcnow
from scout_core.store import builders as builder_rows
from scout_core.store import learning, lease, operations
from scout_core.store.db import (
    check_connection,
    make_engine,
    masked,
    session_factory,
    short_reason,
    unavailable,
)
from scout_core.store.lease import LeaseState
from scout_core.store.models import DeadLetterRow, Profile
from scout_core.store.operations import DeadLetter, RunRecord
from scout_core.store.profiles import find_profile_row, to_internal, upsert_profile_row

_IN_CHUNK = 500  # bound the parameters of one IN (...) query


class Repository:
    """Scout's storage, on SQLite or PostgreSQL. Build it from an Engine or a URL."""

    def __init__(self, target: Engine | str) -> None:
        self._owns_engine = isinstance(target, str)
        self.engine = make_engine(target) if isinstance(target, str) else target
        self._sessions = session_factory(self.engine)

    def close(self) -> None:
        """Release the connection pool, if this repository made the engine."""
        if self._owns_engine:
            self.engine.dispose()

    def check(self) -> None:
        """Raise DatabaseUnavailableError unless the database answers."""
        check_connection(self.engine)

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except StatementError as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: StatementError) -> ScoutError:
        if isinstance(exc.orig, ScoutError):  # raised by our own column types (naive datetime)
            return exc.orig
        if isinstance(exc, OperationalError) and (exc.connection_invalidated or exc.statement is None):
            return unavailable(self.engine.url, exc)
        kind = type(exc.orig).__name__ if isinstance(exc, DBAPIError) else type(exc).__name__
        reason = short_reason(exc)
        if "no such table" in reason or ("relation" in reason and "does not exist" in reason):
            reason += " (schema missing or outdated: run `scout db upgrade`)"
        return StoreError(f"database error on {masked(self.engine.url)} ({kind}): {reason}")

    # -- profiles ---------------------------------------------------------------------------------

    def upsert_profile(self, profile: InternalProfile, raw: dict[str, Any] | None = None) -> int:
        """Insert or update one profile (with its posts and linked profiles); returns its row id."""
        with self._transaction() as session:
            row = upsert_profile_row(session, profile, raw)
            builder_rows.snapshot_followers(session, row)
            return row.id

    def save_builder(
        self, profile: InternalProfile, scorecard: ScoreCard | None,
        classification: ClassificationResult | None, raw: dict[str, Any] | None = None,
    ) -> int:
        """Store a scored, classified builder in one transaction: all of it or none of it."""
        with self._transaction() as session:
            row = upsert_profile_row(session, profile, raw)
            if row.pipeline_stage != PipelineStage.FILTERED_OUT.value:
                row.pipeline_stage = PipelineStage.STORED.value
            if scorecard is not None:
                builder_rows.add_score(session, row, scorecard)
            if classification is not None:
                builder_rows.add_classification(session, row, classification)
            builder_rows.snapshot_followers(session, row)
            return row.id

    def known_handles(self, platform: str, handles: Iterable[str]) -> set[str]:
        """The lower-case handle keys among ``handles`` already stored for ``platform``."""
        keys = sorted(_valid_keys(validate_platform(platform), handles))
        found: set[str] = set()
        with self._transaction() as session:
            for start in range(0, len(keys), _IN_CHUNK):
                chunk = keys[start:start + _IN_CHUNK]
                found.update(session.scalars(select(Profile.handle_key).where(
                    Profile.source_platform == platform, Profile.handle_key.in_(chunk))))
        return found

    def get_profile(self, platform: str, handle: str) -> InternalProfile | None:
        """The stored profile with this handle (the most recently updated, if the handle moved)."""
        handle = clean_handle(platform, handle)  # InvalidHandleError names platform and handle
        probe = InternalProfile(source_platform=platform, handle=handle)  # type: ignore[arg-type]
        with self._transaction() as session:
            row = find_profile_row(session, probe)
            return to_internal(session, row) if row is not None else None

    def count_profiles(self) -> int:
        with self._transaction() as session:
            return int(session.scalar(select(func.count(Profile.id))) or 0)

    def canonical_ids(self) -> list[str]:
        with self._transaction() as session:
            stmt = select(Profile.canonical_id).distinct().order_by(Profile.canonical_id)
            return list(session.scalars(stmt))

    def builders(self) -> list[dict[str, Any]]:
        """One dict per stored profile with its latest score and classification, best first."""
        with self._transaction() as session:
            return list(builder_rows.iter_builders(session))

    def builder(self, who: str) -> list[dict[str, Any]]:
        """Every stored profile of one builder, by canonical id or by a handle of theirs ([] when unknown)."""
        with self._transaction() as session:
            return builder_rows.builder_members(session, who)

    def identity_merges(self, canonical_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """canonical id -> the merges in force that joined its accounts (all builders when ids is None)."""
        with self._transaction() as session:
            return builder_rows.merges_by_canonical(session, canonical_ids)

    # -- the pipeline's own records ---------------------------------------------------------------

    def record_interaction(self, source_profile_id: int, target_platform: str, target_handle: str,
                           kind: str, count: int = 1, seen_at: datetime | None = None) -> None:
        with self._transaction() as session:
            operations.record_interaction(session, source_profile_id, target_platform, target_handle,
                                          kind, count, seen_at)

    def record_mining_result(self, run_id: str | None, topic: str, candidates_found: int,
                             profiles_stored: int, high_scorers: int) -> int:
        with self._transaction() as session:
            return operations.record_mining_result(session, run_id, topic, candidates_found,
                                                   profiles_stored, high_scorers)

    def record_error(self, run_id: str | None, stage: str, error: BaseException | str, **where: Any) -> int:
        """Log a pipeline error; ``where`` takes source=, platform=, handle=, error_kind=."""
        with self._transaction() as session:
            return operations.record_error(session, run_id, stage, error, **where)

    def error_counts(self, run_id: str, stage: str | None = None) -> dict[str, int]:
        """Errors per kind that a run recorded (at ``stage`` only, when given), most frequent first."""
        with self._transaction() as session:
            return operations.error_counts(session, run_id, stage)

    def add_dead_letter(self, candidate_key: str, platform: str, handle: str, error: str,
                        **details: Any) -> int:
        """File a failed candidate (``details``: error_kind=, payload=, suggested_action=, at=);
        returns its attempts so far."""
        with self._transaction() as session:
            return operations.add_dead_letter(session, candidate_key, platform, handle, error, **details)

    def list_dead_letters(self, include_replayed: bool = False, limit: int | None = None,
                          include_closed: bool = True) -> list[DeadLetter]:
        with self._transaction() as session:
            return operations.list_dead_letters(session, include_replayed, limit, include_closed)

    def dead_letter_counts(self) -> dict[str, int]:
        """Dead letters by status: open, closed, replayed."""
        with self._transaction() as session:
            return operations.dead_letter_counts(session)

    def close_dead_letter(self, candidate_key: str, reason: str) -> bool:
        """Close a letter no replay can help (it stays seen, and shows as closed with ``reason``)."""
        with self._transaction() as session:
            return operations.close_dead_letter(session, candidate_key, reason)

    def pending_dead_letter_keys(self, candidate_keys: Iterable[str]) -> set[str]:
        """Which of these candidates wait in the dead-letter queue (not yet replayed)."""
        keys = sorted(set(candidate_keys))
        found: set[str] = set()
        with self._transaction() as session:
            for start in range(0, len(keys), _IN_CHUNK):
                chunk = keys[start:start + _IN_CHUNK]
                found |= set(session.scalars(select(DeadLetterRow.candidate_key).where(
                    DeadLetterRow.candidate_key.in_(chunk), DeadLetterRow.replayed_at.is_(None))))
        return found

    def mark_replayed(self, candidate_key: str) -> bool:
        with self._transaction() as session:
            return operations.mark_replayed(session, candidate_key)

    def record_cost(self, source: str, operation: str, units: float, usd: float,
                    run_id: str | None = None, at: datetime | None = None) -> None:
        with self._transaction() as session:
            operations.record_cost(session, source, operation, units, usd, run_id, at)

    def cost_by_source(self, since: datetime | None = None) -> dict[str, float]:
        with self._transaction() as session:
            return operations.cost_by_source(session, since)

    def spend_today_per_source(self, now: datetime | None = None) -> dict[str, float]:
        """US dollars recorded per source since 00:00 UTC of ``now``'s day (default: today).

        The cost ledger here is the source of truth for daily budgets (Redis only caches it).
        """
        moment = (now or utcnow()).astimezone(UTC)
        with self._transaction() as session:
            return operations.cost_by_source(session, moment.replace(hour=0, minute=0, second=0, microsecond=0))

    def start_run(self, run_id: str, params: dict[str, Any] | None = None) -> None:
        with self._transaction() as session:
            operations.start_run(session, run_id, params)

    def finish_run(self, run_id: str, status: str, stats: dict[str, Any] | None = None) -> None:
        with self._transaction() as session:
            operations.finish_run(session, run_id, status, stats)

    # -- the run lease: one run at a time -------------------------------------------------------

    def take_lease(self, name: str, holder: str, ttl_s: float, now: datetime | None = None) -> LeaseState:
        """Take the lease if free, expired or already ``holder``'s; who holds it afterwards."""
        with self._transaction() as session:
            return lease.take(session, name, holder, ttl_s, now or utcnow())

    def renew_lease(self, name: str, holder: str, ttl_s: float, now: datetime | None = None) -> bool:
        """The heartbeat: push the expiry on; False when the lease is no longer ``holder``'s."""
        with self._transaction() as session:
            return lease.renew(session, name, holder, ttl_s, now or utcnow())

    def release_lease(self, name: str, holder: str) -> bool:
        with self._transaction() as session:
            return lease.release(session, name, holder)

    def current_lease(self, name: str) -> LeaseState | None:
        with self._transaction() as session:
            return lease.current(session, name)

    def mark_stale_runs_crashed(self, except_run: str, now: datetime | None = None) -> list[str]:
        """Runs still marked running besides ``except_run`` (the lease holder) died: mark them crashed."""
        with self._transaction() as session:
            return lease.mark_crashed(session, except_run, now or utcnow())

    def get_run(self, run_id: str) -> RunRecord | None:
        with self._transaction() as session:
            return operations.get_run(session, run_id)

    # -- the traction model: labels, predictions, feature reads -----------------------------------

    def profile_id(self, platform: str, handle: str) -> int | None:
        """The row id of the stored profile with this handle (the most recently updated one), or None."""
        handle = clean_handle(platform, handle)
        probe = InternalProfile(source_platform=platform, handle=handle)  # type: ignore[arg-type]
        with self._transaction() as session:
            row = find_profile_row(session, probe)
            return row.id if row is not None else None

    def add_label(self, profile_id: int, traction: bool | None = None, not_builder: bool = False,
                  by: str | None = None) -> int:
        """Record a reviewer's label (traction yes/no, or not a builder); returns the label's id."""
        with self._transaction() as session:
            return learning.add_label(session, profile_id, traction, not_builder, by)

    def labels(self) -> list[dict[str, Any]]:
        """The latest label of each labelled profile."""
        with self._transaction() as session:
            return learning.latest_labels(session)

    def set_traction_predictions(self, predictions: Iterable[tuple[int, float]], model_version: str) -> int:
        """Set traction_probability and model_version on each (profile id, probability); one transaction."""
        with self._transaction() as session:
            return learning.set_predictions(session, predictions, model_version)

    def feature_profiles(self) -> list[dict[str, Any]]:
        with self._transaction() as session:
            return learning.feature_profiles(session)

    def raw_payloads(self, platform: str) -> dict[int, dict[str, Any]]:
        with self._transaction() as session:
            return learning.raw_payloads(session, platform)

    def follower_snapshots(self) -> list[tuple[int, datetime, int]]:
        with self._transaction() as session:
            return learning.follower_snapshots(session)

    def add_follower_snapshots(self, profile_id: int, readings: Iterable[tuple[datetime, int]]) -> int:
        """Record follower counts read at given times (e.g. history a source reports); returns days written."""
        with self._transaction() as session:
            return learning.add_follower_snapshots(session, profile_id, readings)

    def post_activity(self) -> list[dict[str, Any]]:
        with self._transaction() as session:
            return learning.post_activity(session)

    def interaction_edges(self) -> list[tuple[int, str, str, str, int]]:
        with self._transaction() as session:
            return learning.interaction_edges(session)

    def recent_runs(self, limit: int = 20) -> list[RunRecord]:
        """The latest runs, newest first."""
        with self._transaction() as session:
            return learning.recent_runs(session, limit)


def _valid_keys(platform: str, handles: Iterable[str]) -> set[str]:
    """Comparable keys of the handles; an invalid handle cannot be stored, so it is simply unknown."""
    keys = set()
    for handle in handles:
        try:
            keys.add(handle_key(platform, handle))
        except InvalidHandleError:
            continue
    return keys
