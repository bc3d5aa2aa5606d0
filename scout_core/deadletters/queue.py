"""The dead-letter queue: candidates that exhausted their attempts, with what to do about each.

Redis holds the live queue when ``settings.redis_url`` is set (shared by every worker, cheap to poll);
the database keeps the mirror that is the durable record: ``add`` writes the database first (which
also counts the attempts) and then Redis. Redis trouble never loses a letter: the write is logged
and skipped, and the next read re-mirrors the Redis side from the database when it finds it stale.
Without Redis the database is the whole queue.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from scout_core.enrich.dead_letters import suggest_action
from scout_core.schema import Candidate, utcnow
from scout_core.settings import Settings
from scout_core.store.operations import DeadLetter

log = logging.getLogger(__name__)


class DeadLetterQueue:
    """Dead letters in the database, mirrored in Redis when one is configured."""

    def __init__(self, repo: Any, redis_side: Any | None = None) -> None:
        self.repo = repo
        self.redis = redis_side
        self.last_read_from = "database"

    def add(self, candidate: Candidate, error: str, error_kind: str | None, *, source: str | None = None) -> int:
        """File (or re-file) a candidate; returns its attempts so far."""
        at = utcnow()
        action = suggest_action(error_kind)
        attempts = self.repo.add_dead_letter(candidate.key, candidate.platform, candidate.handle, error,
                                             error_kind=error_kind, payload=candidate.model_dump(mode="json"),
                                             suggested_action=action, at=at)
        if self.redis is not None:
            letter = DeadLetter(candidate_key=candidate.key, platform=candidate.platform, handle=candidate.handle,
                                error=error, error_kind=error_kind, attempts=attempts, first_failed_at=at,
                                last_failure_at=at, suggested_action=action, replayed_at=None,
                                payload=candidate.model_dump(mode="json"))
            self._on_redis("add", lambda: self._put_keeping_first_failure(letter))
        return attempts

    def _put_keeping_first_failure(self, letter: DeadLetter) -> None:
        from dataclasses import replace

        known = self.redis.get(letter.candidate_key)  # type: ignore[union-attr]
        if known is not None:
            letter = replace(letter, first_failed_at=known.first_failed_at)
        self.redis.put(letter)  # type: ignore[union-attr]

    def list(self, include_replayed: bool = False, limit: int | None = None,
             include_closed: bool = True) -> list[DeadLetter]:
        """Letters not replayed yet (or all), oldest failure first; from Redis when it answers.

        ``include_closed=False`` leaves out the letters closed because no replay can help (what a replay takes).
        """
        if self.redis is not None:
            letters = self._on_redis("list", lambda: self._from_redis(include_replayed, limit, include_closed))
            if letters is not None:
                self.last_read_from = "redis"
                return letters
        self.last_read_from = "database"
        return self.repo.list_dead_letters(include_replayed=include_replayed, limit=limit,  # type: ignore[no-any-return]
                                           include_closed=include_closed)

    def _from_redis(self, include_replayed: bool, limit: int | None, include_closed: bool) -> list[DeadLetter]:
        assert self.redis is not None
        if not self.redis.mirrored():
            self.sync()
        letters = self.redis.every() if include_replayed else self.redis.pending(None if not include_closed else limit)
        if not include_closed:
            letters = [d for d in letters if d.closed_at is None]
        return letters[:limit]  # type: ignore[no-any-return]

    def close(self, candidate_key: str, reason: str) -> bool:
        """Close a letter no replay can help; the database first, like every write."""
        done = bool(self.repo.close_dead_letter(candidate_key, reason))
        if done and self.redis is not None:
            self._on_redis("close", lambda: self.redis.close(candidate_key, reason, utcnow()))  # type: ignore[union-attr]
        return done

    def pending_keys(self, candidate_keys: Iterable[str]) -> set[str]:
        return self.repo.pending_dead_letter_keys(candidate_keys)  # type: ignore[no-any-return]

    def mark_replayed(self, candidate_key: str) -> bool:
        done = bool(self.repo.mark_replayed(candidate_key))
        if done and self.redis is not None:
            self._on_redis("mark replayed", lambda: self.redis.mark_replayed(candidate_key, utcnow()))  # type: ignore[union-attr]
        return done

    def sync(self) -> int:
        """Make the Redis side a copy of the database's letters; returns how many it holds."""
        if self.redis is None:
            return 0
        letters = self.repo.list_dead_letters(include_replayed=True)
        return self.redis.put_all(letters)  # type: ignore[no-any-return]

    def _on_redis(self, what: str, work: Any) -> Any:
        """Run a Redis step; on Redis trouble log it and return None (the database has the letter)."""
        import redis

        try:
            return work()
        except redis.RedisError as exc:
            log.warning("dead letters: Redis %s failed (%s); the database keeps the letter", what, exc)
            return None


@lru_cache(maxsize=8)
def _redis_client(url: str) -> Any:
    from scout_core.queue.redis_streams import redis_client

    return redis_client(url, retries=3)  # a dead letter must not wait long on Redis: the DB has it


def open_dead_letters(settings: Settings, repo: Any) -> DeadLetterQueue:
    """The dead-letter queue for these settings: with the Redis side when ``redis_url`` is set."""
    if not settings.redis_url:
        return DeadLetterQueue(repo)
    from scout_core.deadletters.redis_side import RedisDeadLetters

    return DeadLetterQueue(repo, RedisDeadLetters(_redis_client(settings.redis_url), settings.dlq.redis_prefix))
