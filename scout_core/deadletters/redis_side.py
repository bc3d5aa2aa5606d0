"""The dead-letter queue's Redis side: every letter in a hash, the pending ones in a sorted set.

Keys under one prefix (``scout:dlq`` by default)::

    {prefix}:items     hash      candidate key -> the letter as JSON
    {prefix}:pending   zset      candidate key, scored by last failure (epoch s): what awaits replay
    {prefix}:mirrored  string    present while this side holds the database's letters; a Redis that
                                 lost its data lacks it, and the queue re-mirrors from the database
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from scout_core.store.operations import DeadLetter

PREFIX = "scout:dlq"
_DATES = ("first_failed_at", "last_failure_at", "replayed_at", "closed_at")


def letter_json(letter: DeadLetter) -> str:
    data = asdict(letter)
    for name in _DATES:
        data[name] = data[name].isoformat() if data[name] else None
    return json.dumps(data, sort_keys=True, default=str)


def letter_from_json(text: str | bytes) -> DeadLetter:
    data: dict[str, Any] = json.loads(text)
    for name in _DATES:
        data[name] = datetime.fromisoformat(data[name]) if data.get(name) else None
    return DeadLetter(**data)  # letters mirrored before closing existed lack closed_*: their defaults apply


class RedisDeadLetters:
    """Letters in Redis. Raises redis errors as they are: the queue above decides what they mean."""

    def __init__(self, client: Any, prefix: str = PREFIX) -> None:
        self.client = client
        self.prefix = prefix
        self.items, self.pending_set, self.marker = f"{prefix}:items", f"{prefix}:pending", f"{prefix}:mirrored"

    def put(self, letter: DeadLetter) -> None:
        pipe = self.client.pipeline(transaction=True)
        self._stage(pipe, letter)
        pipe.execute()

    def put_all(self, letters: Iterable[DeadLetter]) -> int:
        """Replace this side with ``letters`` and mark it mirrored; returns how many."""
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(self.items, self.pending_set)
        count = 0
        for letter in letters:
            self._stage(pipe, letter)
            count += 1
        pipe.set(self.marker, "1")
        pipe.execute()
        return count

    def _stage(self, pipe: Any, letter: DeadLetter) -> None:
        pipe.hset(self.items, letter.candidate_key, letter_json(letter))
        if letter.replayed_at is None:
            pipe.zadd(self.pending_set, {letter.candidate_key: letter.last_failure_at.timestamp()})
        else:
            pipe.zrem(self.pending_set, letter.candidate_key)

    def mirrored(self) -> bool:
        return bool(self.client.exists(self.marker))

    def get(self, candidate_key: str) -> DeadLetter | None:
        text = self.client.hget(self.items, candidate_key)
        return letter_from_json(text) if text else None

    def mark_replayed(self, candidate_key: str, at: datetime) -> bool:
        letter = self.get(candidate_key)
        if letter is None:
            return False
        self.put(replace(letter, replayed_at=at))
        return True

    def close(self, candidate_key: str, reason: str, at: datetime) -> bool:
        """Close a letter (it stays pending for the seen-set: only replay skips it)."""
        letter = self.get(candidate_key)
        if letter is None:
            return False
        self.put(replace(letter, closed_at=at, closed_reason=reason))
        return True

    def pending(self, limit: int | None = None) -> list[DeadLetter]:
        """Pending letters, oldest failure first."""
        keys = self.client.zrange(self.pending_set, 0, -1 if limit is None else limit - 1)
        if not keys:
            return []
        return [letter_from_json(text) for text in self.client.hmget(self.items, keys) if text]

    def every(self) -> list[DeadLetter]:
        letters = [letter_from_json(text) for text in self.client.hvals(self.items)]
        return sorted(letters, key=lambda d: (d.last_failure_at, d.candidate_key))

    def pending_keys(self, candidate_keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(candidate_keys))
        if not keys:
            return set()
        scores = self.client.zmscore(self.pending_set, keys)
        return {key for key, score in zip(keys, scores, strict=True) if score is not None}

    def destroy(self) -> None:
        self.client.delete(self.items, self.pending_set, self.marker)
