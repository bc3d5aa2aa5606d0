"""A Bloom filter with one interface and two homes: Redis bit operations, or a bytearray in a file.

Sizing for ``n`` expected items at false-positive rate ``p``: ``m = -n ln p / (ln 2)^2`` bits and
``k = (m / n) ln 2`` hashes. The k positions come from two base hashes (Kirsch-Mitzenmacher double
hashing: ``h1 + i*h2 mod m``), both cut from one BLAKE2b digest, so every process and both homes agree
on where a key lives.

``add`` is add-and-check: it sets the key's bits and says whether they were all set already, in one
atomic step (a Lua script on Redis, a lock in process), so of two workers adding the same key at once
exactly one learns it was new. Redis's own PFADD is a HyperLogLog (a counter), not a membership test,
and Debian's Redis has no Bloom module, hence plain SETBIT/GETBIT.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import struct
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from scout_core.errors import ConfigurationError, StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_BITS = 2**32  # a Redis string holds at most 512 MB
_FILE_MAGIC = b"SCOUTBF1"
_HEADER = struct.Struct(">8sQIQ")  # magic, m, k, count


@dataclass(frozen=True)
class BloomShape:
    """How big a filter is: ``bits`` (m) and ``hashes`` (k), and what it was sized for."""

    bits: int
    hashes: int
    expected_items: int
    fp_rate: float

    def expected_fp_rate(self, items: int) -> float:
        """The false-positive rate theory predicts after ``items`` distinct adds."""
        return (1.0 - math.exp(-self.hashes * items / self.bits)) ** self.hashes


def bloom_shape(expected_items: int, fp_rate: float) -> BloomShape:
    """m and k for ``expected_items`` at ``fp_rate``; refuses sizes Redis cannot hold."""
    if expected_items < 1:
        raise ConfigurationError(f"bloom filter: expected items must be at least 1, got {expected_items}")
    if not 0.0 < fp_rate < 1.0:
        raise ConfigurationError(f"bloom filter: false-positive rate must be between 0 and 1, got {fp_rate}")
    bits = math.ceil(-expected_items * math.log(fp_rate) / math.log(2) ** 2)
    if bits > MAX_BITS:
        raise ConfigurationError(f"bloom filter: {bits} bits for n={expected_items}, p={fp_rate} "
                                 f"exceeds the {MAX_BITS}-bit limit; lower the items or raise the rate")
    hashes = max(1, round(bits / expected_items * math.log(2)))
    return BloomShape(bits, hashes, expected_items, fp_rate)


def positions(key: str, shape: BloomShape) -> list[int]:
    """The k bit positions of ``key``: double hashing over two 64-bit halves of one digest."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()
    h1, h2 = struct.unpack(">QQ", digest)
    h2 |= 1  # odd, so the stride never collapses to a single position
    return [(h1 + i * h2) % shape.bits for i in range(shape.hashes)]


class BloomFilter(Protocol):
    """What the seen-set needs of a filter, wherever its bits live."""

    shape: BloomShape

    def add(self, keys: Sequence[str]) -> list[bool]:
        """Set each key's bits; per key, whether it was (probably) present before. Atomic per call."""
        ...

    def contains(self, keys: Sequence[str]) -> list[bool]:
        """Per key, whether it is probably present (never a false negative)."""
        ...

    def count(self) -> int:
        """Keys added that were not present before (an estimate of distinct items)."""
        ...

    def clear(self) -> None: ...

    def persist(self) -> None:
        """Make what was added durable (a no-op where it already is)."""
        ...

    def seeded(self) -> bool:
        """Whether the filter was filled from the store (``mark_seeded``) and has not lost its bits since."""
        ...

    def mark_seeded(self) -> None: ...


class MemoryBloom:
    """The embedded filter: a bytearray under a lock, saved to ``path`` (if given) by ``persist``."""

    def __init__(self, shape: BloomShape, path: Path | None = None) -> None:
        self.shape = shape
        self.path = path
        self._lock = threading.Lock()
        self._bits = bytearray((shape.bits + 7) // 8)
        self._count = 0
        self._dirty = False
        if path is not None and path.exists():
            self._load(path)

    def add(self, keys: Sequence[str]) -> list[bool]:
        found = []
        with self._lock:
            for key in keys:
                present = True
                for pos in positions(key, self.shape):
                    byte, mask = pos >> 3, 1 << (pos & 7)
                    if not self._bits[byte] & mask:
                        present = False
                        self._bits[byte] |= mask
                self._count += not present
                found.append(present)
            self._dirty = self._dirty or not all(found)
        return found

    def contains(self, keys: Sequence[str]) -> list[bool]:
        bits = self._bits
        return [all(bits[p >> 3] & (1 << (p & 7)) for p in positions(k, self.shape)) for k in keys]

    def count(self) -> int:
        return self._count

    def clear(self) -> None:
        with self._lock:
            self._bits = bytearray(len(self._bits))
            self._count, self._dirty = 0, True

    def seeded(self) -> bool:
        """A filter in process loses its bits with its file, and then its count too."""
        return self._count > 0

    def mark_seeded(self) -> None:
        """Nothing to mark: the count says it (an empty store seeds nothing and costs nothing to redo)."""

    def persist(self) -> None:
        """Write the filter atomically (temp file, then rename), so a crash never leaves half a file."""
        if self.path is None or not self._dirty:
            return
        with self._lock:
            data = _HEADER.pack(_FILE_MAGIC, self.shape.bits, self.shape.hashes, self._count) + bytes(self._bits)
            self._dirty = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, self.path)

    def _load(self, path: Path) -> None:
        """Read a saved filter; one of another shape (settings changed) is ignored, and rebuilt by the caller."""
        data = path.read_bytes()
        if len(data) < _HEADER.size:
            return
        magic, bits, hashes, count = _HEADER.unpack_from(data)
        body = data[_HEADER.size:]
        if magic != _FILE_MAGIC or (bits, hashes) != (self.shape.bits, self.shape.hashes) \
                or len(body) != len(self._bits):
            return
        self._bits, self._count = bytearray(body), count


# KEYS: bits, count. ARGV: k, then k positions per key. Returns 1 (was present) or 0 per key.
_ADD_SCRIPT = """
local k = tonumber(ARGV[1])
local out, added = {}, 0
for i = 2, #ARGV, k do
  local present = 1
  for j = i, i + k - 1 do
    if redis.call('SETBIT', KEYS[1], ARGV[j], 1) == 0 then present = 0 end
  end
  out[#out + 1] = present
  added = added + 1 - present
end
if added > 0 then redis.call('INCRBY', KEYS[2], added) end
return out
"""
_CONTAINS_SCRIPT = """
local k = tonumber(ARGV[1])
local out = {}
for i = 2, #ARGV, k do
  local present = 1
  for j = i, i + k - 1 do
    if redis.call('GETBIT', KEYS[1], ARGV[j]) == 0 then present = 0; break end
  end
  out[#out + 1] = present
end
return out
"""
_KEYS_PER_CALL = 2_000  # bounds one script's run time (Redis is single-threaded)


class RedisBloom:
    """The shared filter: bits in one Redis string, shared by every process that names it."""

    def __init__(self, shape: BloomShape, client: Any, name: str = "seen", prefix: str = "scout:bloom") -> None:
        self.shape = shape
        self.client = client
        # The shape is part of the key: a resized filter starts empty instead of reading wrong bits.
        base = f"{prefix}:{name}:{shape.bits}:{shape.hashes}"
        self.bits_key, self.count_key, self.seeded_key = f"{base}:bits", f"{base}:count", f"{base}:seeded"
        self._add = client.register_script(_ADD_SCRIPT)
        self._contains = client.register_script(_CONTAINS_SCRIPT)

    def add(self, keys: Sequence[str]) -> list[bool]:
        return self._run(self._add, keys)

    def contains(self, keys: Sequence[str]) -> list[bool]:
        return self._run(self._contains, keys)

    def count(self) -> int:
        return int(self._call(lambda: self.client.get(self.count_key)) or 0)

    def clear(self) -> None:
        self._call(lambda: self.client.delete(self.bits_key, self.count_key, self.seeded_key))

    def seeded(self) -> bool:
        """A marker beside the bits: a Redis that came back empty lost it with them, even when keys were
        added since (so the count alone cannot tell)."""
        return bool(self._call(lambda: self.client.exists(self.seeded_key)))

    def mark_seeded(self) -> None:
        self._call(lambda: self.client.set(self.seeded_key, "1"))

    def persist(self) -> None:
        """Redis owns durability (its RDB/AOF settings)."""

    def _run(self, script: Any, keys: Sequence[str]) -> list[bool]:
        found: list[bool] = []
        for start in range(0, len(keys), _KEYS_PER_CALL):
            chunk = keys[start:start + _KEYS_PER_CALL]
            args = [self.shape.hashes, *(p for key in chunk for p in positions(key, self.shape))]
            reply = self._call(lambda a=args: script(keys=[self.bits_key, self.count_key], args=a))
            found.extend(bool(flag) for flag in reply)
        return found

    def _call(self, work: Any) -> Any:
        import redis

        try:
            return work()
        except redis.RedisError as exc:
            raise StoreError(f"bloom filter on Redis ({self.bits_key}): {exc}") from exc


class FallbackBloom:
    """A filter on Redis that a Redis outage cannot stop: once Redis fails (after its client's retries),
    every key is "maybe there" (so the store decides: a query per candidate, never a person lost), adds
    are skipped, and the filter counts as seeded; one warning says so. It stays that way for the life
    of this object (one discovery or expansion): the next one asks Redis again.
    """

    def __init__(self, inner: RedisBloom) -> None:
        self.inner = inner
        self.shape = inner.shape
        self.down: StoreError | None = None

    def _fail(self, exc: StoreError) -> None:
        if self.down is None:
            log.warning("%s; until it answers, the store decides what is new", exc)
        self.down = exc

    def add(self, keys: Sequence[str]) -> list[bool]:
        if self.down is None:
            try:
                return self.inner.add(keys)
            except StoreError as exc:
                self._fail(exc)
        return [False] * len(keys)

    def contains(self, keys: Sequence[str]) -> list[bool]:
        if self.down is None:
            try:
                return self.inner.contains(keys)
            except StoreError as exc:
                self._fail(exc)
        return [True] * len(keys)

    def count(self) -> int:
        return self._or(self.inner.count, 0)

    def clear(self) -> None:
        self._or(self.inner.clear, None)

    def persist(self) -> None:
        """Redis owns durability."""

    def seeded(self) -> bool:
        return self._or(self.inner.seeded, True)  # seeding a Redis that is down would only fail again

    def mark_seeded(self) -> None:
        self._or(self.inner.mark_seeded, None)

    def _or(self, work: Callable[[], T], otherwise: T) -> T:
        if self.down is None:
            try:
                return work()
            except StoreError as exc:
                self._fail(exc)
        return otherwise


def add_all(bloom: BloomFilter, keys: Iterable[str], chunk: int = 10_000) -> int:
    """Add many keys in chunks; returns how many were new."""
    batch: list[str] = []
    new = 0
    for key in keys:
        batch.append(key)
        if len(batch) >= chunk:
            new += sum(not present for present in bloom.add(batch))
            batch = []
    if batch:
        new += sum(not present for present in bloom.add(batch))
    return new


@dataclass(frozen=True)
class FalsePositiveReport:
    """A filter's false-positive rate, measured against the rate it was configured for."""

    configured: float
    measured: float
    predicted: float  # what theory predicts for this m, k and item count
    items: int
    probes: int
    bits: int
    hashes: int

    @property
    def relative_error(self) -> float:
        return abs(self.measured - self.configured) / self.configured


def measure_false_positive_rate(bloom: BloomFilter, items: int | None = None, probes: int = 100_000,
                                label: str = "fp") -> FalsePositiveReport:
    """Fill ``bloom`` (meant to be empty) with ``items`` keys (default: its expected items), then probe
    ``probes`` keys never added and count the hits. Keys are deterministic, so the figure is reproducible."""
    items = bloom.shape.expected_items if items is None else items
    new = add_all(bloom, (f"{label}:member:{i}" for i in range(items)))
    hits = 0
    for start in range(0, probes, 10_000):
        batch = [f"{label}:probe:{i}" for i in range(start, min(probes, start + 10_000))]
        hits += sum(bloom.contains(batch))
    return FalsePositiveReport(configured=bloom.shape.fp_rate, measured=hits / probes,
                               predicted=bloom.shape.expected_fp_rate(new), items=items, probes=probes,
                               bits=bloom.shape.bits, hashes=bloom.shape.hashes)
