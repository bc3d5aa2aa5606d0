"""Retry, cache and timeout options for every task, in one place.

Inputs carry settings with secrets and live objects, so nothing is cached by input hash; retries
belong to the core's own retry policy per source call, not to whole batches — except discovery,
which is cheap and idempotent to repeat.
"""

from __future__ import annotations

from typing import Any

from prefect.cache_policies import NO_CACHE

BASE: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}

OPTIONS: dict[str, dict[str, Any]] = {
    # Waiting for another run's lease is bounded by SCOUT_LEASE__WAIT_S (at most 7 days); the rest by 300 s.
    "prepare_run": {**BASE, "timeout_seconds": 300 + 7 * 86_400},
    # Labels and artifacts only talk to the Prefect API: cheap and harmless to repeat after a hiccup.
    "label_flow_run": {**BASE, "retries": 2, "retry_delay_seconds": 2, "timeout_seconds": 60},
    "publish_report": {**BASE, "retries": 2, "retry_delay_seconds": 2, "timeout_seconds": 120},
    "discover": {**BASE, "retries": 2, "retry_delay_seconds": 5, "timeout_seconds": 600},
    "enrich_batch": {**BASE, "timeout_seconds": 3600},
    "process_batch": {**BASE, "timeout_seconds": 1800},
    "export": {**BASE, "timeout_seconds": 600},
    "finish_run": {**BASE, "timeout_seconds": 120},
    "choose_topics": {**BASE, "retries": 2, "retry_delay_seconds": 5, "timeout_seconds": 120},
    # Expansion records interaction counts, so it is not retried blindly.
    "expand": {**BASE, "timeout_seconds": 900},
    "replay_dead_letters": {**BASE, "timeout_seconds": 3600},
    "check_replay_target": {**BASE, "timeout_seconds": 60},
    "train": {**BASE, "timeout_seconds": 3600},
    # Reads the store and remembers topics (idempotent): safe to repeat.
    "refresh_topics": {**BASE, "retries": 2, "retry_delay_seconds": 5, "timeout_seconds": 600},
    # Rebuilds derived tables from the store (idempotent): safe to repeat.
    "refresh_analytics": {**BASE, "retries": 1, "retry_delay_seconds": 30, "timeout_seconds": 1800},
    # The canary only reads and probes; a retry would hide the flakiness it is there to show.
    "health_check": {**BASE, "timeout_seconds": 300},
    "predict": {**BASE, "timeout_seconds": 1800},
    # The batch journal's queue calls are idempotent enough to repeat: a retried put at worst
    # journals a batch twice, and the next run resumes the copy harmlessly.
    "resume_batches": {**BASE, "retries": 2, "retry_delay_seconds": 5, "timeout_seconds": 120},
    "begin_batch": {**BASE, "retries": 2, "retry_delay_seconds": 5, "timeout_seconds": 60},
    "finish_batch": {**BASE, "retries": 2, "retry_delay_seconds": 5, "timeout_seconds": 60},
}
