"""After enrichment: dedupe, identity, filter, score, classify, store — one profile at a time.

Each profile is stored in one transaction, so a crash loses at most the profile in hand and a
re-run redoes it idempotently. Failures are recorded (pipeline errors, dead letters), never dropped:
a profile the store refuses is dead-lettered with the reason and the rest of the batch is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from scout_core.errors import DatabaseUnavailableError
from scout_core.identity import assign_canonical_id
from scout_core.progress import progress
from scout_core.schema import (
    EnrichmentOutcome,
    InternalProfile,
    PipelineStage,
    utcnow,
)
from scout_core.scoring.github_signals import github_signals
from scout_core.scoring.judge import Judgement, JudgementRules, judge_profile
from scout_core.scoring.llm import ChatLlmJudge, make_llm_judge
from scout_core.settings import Settings
from scout_core.store import Repository

log = logging.getLogger(__name__)

HIGH_SCORE = 60.0  # a "high scorer" for topic yield (the plan's ROI of a topic)
UNSTORABLE = "UnstorableProfile"  # the dead-letter kind of a profile the store refused


@dataclass
class BatchReport:
    enriched: int = 0
    stored: int = 0
    scored: int = 0
    filtered_out: int = 0
    duplicates_merged: int = 0
    dead_letters: int = 0
    drifted: int = 0  # profiles stored PARTIAL because part of their markup drifted (see parse_drift)
    cost_usd: float = 0.0
    filter_reasons: dict[str, int] = field(default_factory=dict)
    per_topic: dict[str, list[int]] = field(default_factory=dict)  # topic -> [stored, high scorers]

    def add(self, other: BatchReport) -> BatchReport:
        for name in ("enriched", "stored", "scored", "filtered_out", "duplicates_merged", "dead_letters", "drifted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.cost_usd = round(self.cost_usd + other.cost_usd, 6)
        for reason, n in other.filter_reasons.items():
            self.filter_reasons[reason] = self.filter_reasons.get(reason, 0) + n
        for topic, (stored, high) in other.per_topic.items():
            mine = self.per_topic.setdefault(topic, [0, 0])
            mine[0], mine[1] = mine[0] + stored, mine[1] + high
        return self

    def count_topic(self, topic: str | None, score: float | None) -> None:
        row = self.per_topic.setdefault(topic or "(none)", [0, 0])
        row[0] += 1
        row[1] += int(score is not None and score >= HIGH_SCORE)


def dedupe_profiles(profiles: Iterable[InternalProfile]) -> tuple[list[InternalProfile], int]:
    """One profile per (platform, source id or handle); the most recently enriched wins."""
    best: dict[tuple[str, str], InternalProfile] = {}
    seen = 0
    for profile in profiles:
        seen += 1
        current = best.get(profile.key)
        if current is None or (profile.last_enriched_at or utcnow()) >= (current.last_enriched_at or utcnow()):
            best[profile.key] = profile
    return list(best.values()), seen - len(best)


def process_outcomes(settings: Settings, repo: object, outcomes: list[EnrichmentOutcome], run_id: str,
                     now: datetime | None = None) -> BatchReport:
    report = BatchReport()
    profiles: list[InternalProfile] = []
    raws: dict[tuple[str, str], dict] = {}
    topics: dict[tuple[str, str], str | None] = {}
    owners: dict[tuple[str, str], EnrichmentOutcome] = {}
    for outcome in outcomes:
        report.cost_usd = round(report.cost_usd + outcome.cost_usd, 6)
        _record_cost(repo, outcome, run_id)
        if outcome.ok:
            report.enriched += 1
            profiles.extend(outcome.profiles)
            for p in outcome.profiles:
                raws[p.key] = _raw_record(outcome)
                topics[p.key] = outcome.candidate.topic
                owners[p.key] = outcome
        else:
            _dead_letter(settings, repo, outcome, run_id)
            report.dead_letters += 1
    unique, report.duplicates_merged = dedupe_profiles(profiles)
    evaluator = Evaluator(make_llm_judge(settings, repo, run_id), now, judgement_rules(settings))
    unstored: set[str] = set()
    for profile in unique:
        try:
            score = _store_one(settings, repo, profile, raws.get(profile.key), report, evaluator)
        except Exception as exc:  # noqa: BLE001 - one profile's failure must not take the batch with it
            if not belongs_to_profile(exc):
                raise  # the database itself is in trouble: stop; the journal keeps the batch for the next run
            owner = owners[profile.key]
            _dead_letter_unstored(settings, repo, owner, profile, exc, run_id)
            unstored.add(owner.candidate.key)
            report.dead_letters += 1
            continue
        report.count_topic(topics.get(profile.key), score)
        if profile.parse_drift:
            _record_drift(repo, profile, raws.get(profile.key), run_id)
            report.drifted += 1
        progress().advance("store")
    stored = [o.candidate.key for o in outcomes if o.ok and o.candidate.key not in unstored]
    _settle_dead_letters(settings, repo, stored)
    return report


def _record_drift(repo: Repository, profile: InternalProfile, raw: dict | None, run_id: str) -> None:
    """The drift a stored profile's page showed, where a canary or an alert can find it: the run's
    pipeline errors, stage ``parse-drift``, kind ``MarkupDrift``, with the raw page's lake key."""
    keys = ", ".join((raw or {}).get("lake_keys", [])) or "no raw payload kept"
    repo.record_error(run_id, "parse-drift", f"{'; '.join(profile.parse_drift)} (raw: {keys})",
                      source=profile.enriched_by, platform=profile.source_platform, handle=profile.handle,
                      error_kind="MarkupDrift")


def belongs_to_profile(exc: BaseException) -> bool:
    """Whether storing failed because of this profile (dead-letter it, go on with the batch) rather than
    because the database is unreachable or busy (every profile would fail the same way: stop the batch)."""
    if isinstance(exc, DatabaseUnavailableError):
        return False
    return not isinstance(exc, OperationalError | InterfaceError | DisconnectionError)


def _dead_letter_unstored(settings: Settings, repo: Any, outcome: EnrichmentOutcome, profile: InternalProfile,
                          exc: BaseException, run_id: str) -> None:
    """File the candidate whose profile could not be stored, with the reason, where operators look."""
    from scout_core.deadletters import open_dead_letters

    reason = f"{profile.source_platform} [{profile.handle}]: could not be stored: {type(exc).__name__}: {exc}"
    log.warning("%s", reason)
    cand = outcome.candidate
    repo.record_error(run_id, "store", reason, source=outcome.source, platform=cand.platform, handle=cand.handle,
                      error_kind=UNSTORABLE)
    open_dead_letters(settings, repo).add(cand, reason, UNSTORABLE, source=outcome.source)


def _settle_dead_letters(settings: Settings, repo: object, stored_keys: list[str]) -> None:
    """A dead-lettered candidate that is now stored (a redelivery or a replay) leaves the queue."""
    if not stored_keys:
        return
    from scout_core.deadletters import open_dead_letters

    dlq = open_dead_letters(settings, repo)
    for key in dlq.pending_keys(stored_keys):
        dlq.mark_replayed(key)


def judgement_rules(settings: Settings) -> JudgementRules:
    return JudgementRules(max_followers=settings.pipeline.max_followers,
                          max_days_since_post=settings.pipeline.max_days_since_post,
                          startup_accounts_as_founders=settings.scoring.startup_accounts_as_founders)


@dataclass
class Evaluator:
    """How a batch is judged: the deterministic components, GitHub cross-validation, and the LLM when configured."""

    judge: ChatLlmJudge | None
    now: datetime | None
    rules: JudgementRules = field(default_factory=JudgementRules)

    def evaluate(self, profile: InternalProfile, raw: dict | None) -> Judgement:
        body = raw.get("body") if raw else None
        github = github_signals(body, self.now or utcnow()) \
            if profile.source_platform == "github" and isinstance(body, dict) else None
        return judge_profile(profile, self.rules, now=self.now, llm=self.judge, github=github,
                             ask_llm_when_filtered=False)


def _store_one(settings: Settings, repo: object, profile: InternalProfile, raw: dict | None,
               report: BatchReport, evaluator: Evaluator) -> float | None:
    """Store one profile; returns its overall score (None when the filter dropped it)."""
    assign_canonical_id(profile, repo, settings.identity)
    judgement = evaluator.evaluate(profile, raw)
    profile, decision = judgement.profile, judgement.decision
    if not decision.keep:
        # Kept (unscored) so the seen-check does not fetch it again next cycle.
        profile.pipeline_stage = PipelineStage.FILTERED_OUT
        repo.save_builder(profile, None, None, raw)  # type: ignore[attr-defined]
        report.stored += 1
        report.filtered_out += 1
        for rule in decision.dropped_by:
            report.filter_reasons[rule] = report.filter_reasons.get(rule, 0) + 1
        return None
    card, label = judgement.card, judgement.label
    profile.pipeline_stage = PipelineStage.CLASSIFIED
    repo.save_builder(profile, card, label, raw)  # type: ignore[attr-defined]
    report.stored += 1
    report.scored += 1
    return card.overall


def _raw_record(outcome: EnrichmentOutcome) -> dict | None:
    """What the profile row keeps of its raw payload: JSON bodies whole, pages by lake key.

    None when nothing was fetched (a stale or minimal fallback), so the stored payload stays.
    """
    if not outcome.raw:
        return None
    record: dict = {"source": outcome.source}
    for raw in outcome.raw:
        if raw.content_type.startswith("application/json"):
            record["body"] = raw.body
        record.setdefault("lake_keys", []).extend(raw.meta.get("lake_keys", []))
    return record


def _dead_letter(settings: Settings, repo: object, outcome: EnrichmentOutcome, run_id: str) -> None:
    from scout_core.deadletters import open_dead_letters

    cand = outcome.candidate
    repo.record_error(run_id, "enrich", outcome.error or "", source=outcome.source,  # type: ignore[attr-defined]
                      platform=cand.platform, handle=cand.handle, error_kind=outcome.error_kind)
    # The database gets the letter (and its attempts); Redis too when settings.redis_url is set.
    open_dead_letters(settings, repo).add(cand, outcome.error or "", outcome.error_kind, source=outcome.source)


def _record_cost(repo: object, outcome: EnrichmentOutcome, run_id: str) -> None:
    if outcome.cost_usd and outcome.source:
        repo.record_cost(source=outcome.source, operation="enrich", units=1,  # type: ignore[attr-defined]
                         usd=outcome.cost_usd, run_id=run_id)
