"""The Redis backend of ``ControllerState``: one Lua script per transition, so each one is atomic.

Keys (all under the configured prefix):

==============================  ==========================================================
``{p}:health:{node}``           sorted set of events scored by time, trimmed to the window
``{p}:breaker:{node}``          hash: state, failures, opened_at, probe
``{p}:rl:...``                  hash per token bucket: tokens, ts; per window: left, reset; pauses: an epoch
``{p}:amount:...``              a float (INCRBYFLOAT), expiring
``{p}:sessions:{pool}``         hash: ``{session}:next``, ``{session}:blocks``, ``{session}:retired``
==============================  ==========================================================
"""

from __future__ import annotations

import functools
import itertools
import os

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from scout_core.enrich.state import CLOSED, Bucket, ControllerState, Event, SessionState
from scout_core.enrich.windows import MIN_WATCHED_SHARE, WINDOW_SLACK_S
from scout_core.errors import ConfigurationError, StoreError

_BREAKER_ALLOW = """
local st = redis.call('HGET', KEYS[1], 'state') or 'closed'
if st == 'closed' then return 'closed' end
local now, reset, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if st == 'open' and now - tonumber(redis.call('HGET', KEYS[1], 'opened_at') or '0') < reset then return 'open' end
if st == 'half_open' and now < tonumber(redis.call('HGET', KEYS[1], 'probe') or '0') then return 'open' end
redis.call('HSET', KEYS[1], 'state', 'half_open', 'probe', tostring(now + ttl))
return 'probe'
"""

_BREAKER_RECORD = """
local ok, now, threshold = ARGV[1] == '1', ARGV[2], tonumber(ARGV[3])
local st = redis.call('HGET', KEYS[1], 'state') or 'closed'
if ok then
  redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0)
  return 'closed'
end
if st == 'half_open' then
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', now)
  return 'open'
end
if st == 'open' then return 'open' end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= threshold then
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', now)
  return 'open'
end
redis.call('HSET', KEYS[1], 'state', 'closed')
return 'closed'
"""

# KEYS: pause keys (ARGV[2] of them), then per bucket its key and its window's key; ARGV: now, n_pauses,
# then rate, burst, cost per bucket. A current window (the service's own count) rules as in windows.plan.
_TAKE_TOKENS = """
local now, npause = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 1, npause do
  local until_ts = tonumber(redis.call('GET', KEYS[i]) or '0')
  if until_ts > now then return tostring(until_ts - now) end
end
local levels, current, wait = {}, {}, 0
local n = (#KEYS - npause) / 2
for k = 1, n do
  local bkey, wkey = KEYS[npause + 2 * k - 1], KEYS[npause + 2 * k]
  local j = 3 + (k - 1) * 3
  local rate, burst, cost = tonumber(ARGV[j]), tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
  local b = redis.call('HMGET', bkey, 'tokens', 'ts')
  local tokens, ts = tonumber(b[1] or burst), tonumber(b[2] or now)
  local w = redis.call('HMGET', wkey, 'left', 'reset', 'orate')
  local left, reset, orate = tonumber(w[1]), tonumber(w[2] or '0'), tonumber(w[3] or '0')
  local held = 0
  if left ~= nil and reset <= now then
    if ts < reset then tokens = burst end
  elseif left ~= nil then
    current[k] = true
    local span = math.max(reset - now, 1e-6)
    local ours = left - orate * span
    if ours >= cost - 1e-4 then
      rate = math.max(ours / span, 1e-9)
    elseif left < cost or orate <= 0 then
      held = span
    else
      held = math.max(span - (left - cost) / orate, 1e-3)
    end
  end
  wait = math.max(wait, held)
  local level = math.min(burst, tokens + math.max(0, now - ts) * rate)
  levels[k] = level
  if held == 0 and level < cost then wait = math.max(wait, (cost - level) / rate) end
end
if wait > 0 then return tostring(wait) end
for k = 1, n do
  local bkey, wkey = KEYS[npause + 2 * k - 1], KEYS[npause + 2 * k]
  local j = 3 + (k - 1) * 3
  local rate, burst, cost = tonumber(ARGV[j]), tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2])
  redis.call('HSET', bkey, 'tokens', tostring(levels[k] - cost), 'ts', ARGV[1])
  redis.call('EXPIRE', bkey, math.ceil(burst / rate) + 60)
  if current[k] then
    redis.call('HINCRBYFLOAT', wkey, 'left', -cost)
    redis.call('HINCRBYFLOAT', wkey, 'drawn', cost)
  end
end
return '0'
"""

# KEYS: the window; ARGV: remaining, reset, now, slack, min_watched_share. The rules of windows.observed.
_OBSERVE_WINDOW = """
local remaining, reset, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local slack, share = tonumber(ARGV[4]), tonumber(ARGV[5])
local w = redis.call('HMGET', KEYS[1], 'left', 'reset', 'seen_left', 'seen_at', 'heard', 'heard_at', 'drawn',
                     'orate')
local left, held = tonumber(w[1]), tonumber(w[2])
if left == nil or reset > held + slack then
  local orate = 0
  if left ~= nil then
    orate = tonumber(w[8] or '0')
    local seen_left, seen_at, heard = tonumber(w[3]), tonumber(w[4]), tonumber(w[5])
    local watched = tonumber(w[6]) - seen_at
    if watched > 0 and watched >= share * (held - seen_at) then
      orate = math.max(0, seen_left - heard - tonumber(w[7] or '0')) / watched
    end
  end
  redis.call('HSET', KEYS[1], 'left', ARGV[1], 'reset', ARGV[2], 'seen_left', ARGV[1], 'seen_at', ARGV[3],
             'heard', ARGV[1], 'heard_at', ARGV[3], 'drawn', '0', 'orate', tostring(orate))
elseif reset >= held - slack then
  redis.call('HSET', KEYS[1], 'left', tostring(math.min(left, remaining)),
             'heard', tostring(math.min(tonumber(w[5]), remaining)), 'heard_at', ARGV[3])
end
redis.call('EXPIRE', KEYS[1], math.max(1, math.ceil(reset - now)) + 3600)
return 1
"""

_PAUSE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ts = tonumber(ARGV[1])
if until_ts > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', math.max(1, math.ceil(until_ts - tonumber(ARGV[2])) + 5))
end
return 1
"""

# ARGV: now, min_interval, then the session names. Returns {session, 0} or {'', wait} ({'', -1}: all retired).
_CHECKOUT = """
local now, gap = tonumber(ARGV[1]), tonumber(ARGV[2])
local best, best_next = nil, nil
for i = 3, #ARGV do
  local s = ARGV[i]
  if redis.call('HGET', KEYS[1], s .. ':retired') ~= '1' then
    local nxt = tonumber(redis.call('HGET', KEYS[1], s .. ':next') or '0')
    if best == nil or nxt < best_next then best, best_next = s, nxt end
  end
end
if best == nil then return {'', '-1'} end
if best_next > now then return {'', tostring(best_next - now)} end
redis.call('HSET', KEYS[1], best .. ':next', tostring(now + gap))
return {best, '0'}
"""

# ARGV: session, now, outcome, rest_s, retire_after. Returns {next, blocks, retired}.
_REPORT = """
local s, now, outcome = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local rest, retire_after = tonumber(ARGV[4]), tonumber(ARGV[5])
local nxt = math.max(tonumber(redis.call('HGET', KEYS[1], s .. ':next') or '0'), now + rest)
redis.call('HSET', KEYS[1], s .. ':next', tostring(nxt))
local blocks = tonumber(redis.call('HGET', KEYS[1], s .. ':blocks') or '0')
if outcome == 'ok' then blocks = 0 elseif outcome == 'blocked' or outcome == 'banned' then blocks = blocks + 1 end
redis.call('HSET', KEYS[1], s .. ':blocks', blocks)
if outcome == 'banned' or blocks >= math.max(1, retire_after) then redis.call('HSET', KEYS[1], s .. ':retired', '1') end
return {tostring(nxt), blocks, redis.call('HGET', KEYS[1], s .. ':retired') or '0'}
"""


# ARGV: amount, cap, ttl, floor. The total is first raised to the floor (a Redis that lost the day's figure).
_ADD_CAPPED = """
local total = tonumber(redis.call('GET', KEYS[1]) or '0')
local floor = tonumber(ARGV[4])
if total < floor then
  redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[3])
  total = floor
end
if total + tonumber(ARGV[1]) > tonumber(ARGV[2]) + 1e-9 then return 0 end
redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


def _translated(cls: type) -> type:
    """Redis failures leave every public method as StoreError (after the client's own retries)."""
    def wrap(method):  # type: ignore[no-untyped-def]
        @functools.wraps(method)
        def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            try:
                return method(self, *args, **kwargs)
            except redis.RedisError as exc:
                raise StoreError(f"controller state: Redis failed in {method.__name__}: {exc}") from exc
        return call

    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, wrap(member))
    return cls


@_translated
class RedisState(ControllerState):
    """Shared state in Redis; every process pointing at the same URL and prefix sees the same controller."""

    def __init__(self, url: str, prefix: str = "scout:ctl") -> None:
        self.prefix = prefix
        try:
            # Ride out a Redis restart of a few seconds instead of failing the batch.
            retry = Retry(ExponentialBackoff(cap=2.0, base=0.1), retries=8)
            self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5, retry=retry,
                                              retry_on_error=[redis.ConnectionError, redis.TimeoutError])
            self.redis.ping()
        except redis.RedisError as exc:
            raise ConfigurationError(f"controller: cannot reach Redis at {url}: {exc}") from exc
        self._seq = itertools.count()
        self._tag = f"{os.getpid()}"
        scripts = (_BREAKER_ALLOW, _BREAKER_RECORD, _TAKE_TOKENS, _PAUSE, _CHECKOUT, _REPORT, _ADD_CAPPED,
                   _OBSERVE_WINDOW)
        (self._allow, self._record, self._take, self._pause, self._checkout, self._report,
         self._add_capped, self._observe) = (self.redis.register_script(s) for s in scripts)

    def add_event(self, node: str, event: Event, keep_s: float) -> None:
        key = self.key("health", node)
        member = f"{event.ts!r}|{int(event.ok)}|{event.latency_s!r}|{event.kind}|{event.requests}|" \
                 f"{self._tag}.{next(self._seq)}"  # unique, so equal events at one instant all count
        pipe = self.redis.pipeline(transaction=True)
        pipe.zadd(key, {member: event.ts})
        pipe.zremrangebyscore(key, "-inf", event.ts - keep_s)
        pipe.expire(key, int(keep_s) + 60)
        pipe.execute()

    def events(self, node: str, since: float) -> list[Event]:
        found = []
        for member in self.redis.zrangebyscore(self.key("health", node), since, "+inf"):
            ts, ok, latency, kind, requests, _ = member.split("|")
            found.append(Event(float(ts), ok == "1", float(latency), kind, int(requests)))
        return found

    def breaker_allow(self, node: str, now: float, reset_s: float, probe_ttl_s: float) -> str:
        return str(self._allow(keys=[self.key("breaker", node)], args=[repr(now), reset_s, probe_ttl_s]))

    def breaker_record(self, node: str, ok: bool, now: float, threshold: int) -> str:
        return str(self._record(keys=[self.key("breaker", node)], args=[int(ok), repr(now), threshold]))

    def breaker_state(self, node: str) -> tuple[str, int, float, float]:
        found = self.redis.hmget(self.key("breaker", node), "state", "failures", "opened_at", "probe")
        return found[0] or CLOSED, int(found[1] or 0), float(found[2] or 0), float(found[3] or 0)

    def take_tokens(self, buckets: list[Bucket], pauses: list[str], now: float) -> float:
        args: list[object] = [repr(now), len(pauses)]
        keys = list(pauses)
        for b in buckets:
            args += [repr(b.rate), repr(b.burst), repr(b.cost)]
            keys += [b.key, b.window or f"{b.key}:no-window"]  # a key never written: no window
        return float(self._take(keys=keys, args=args))

    def observe_window(self, key: str, remaining: float, reset: float, now: float) -> None:
        self._observe(keys=[key], args=[repr(float(remaining)), repr(float(reset)), repr(now), WINDOW_SLACK_S,
                                        MIN_WATCHED_SHARE])

    def pause(self, key: str, until: float) -> None:
        import time

        self._pause(keys=[key], args=[repr(until), repr(time.time())])

    def add_amount(self, key: str, amount: float, ttl_s: float) -> float:
        pipe = self.redis.pipeline(transaction=True)
        pipe.incrbyfloat(key, amount)
        pipe.expire(key, int(ttl_s))
        total, _ = pipe.execute()
        return float(total)

    def amount(self, key: str) -> float:
        return float(self.redis.get(key) or 0.0)

    def add_amount_capped(self, key: str, amount: float, cap: float, ttl_s: float, floor: float = 0.0) -> bool:
        return bool(self._add_capped(keys=[key], args=[repr(amount), repr(cap), int(ttl_s), repr(floor)]))

    def checkout_session(self, pool: str, sessions: list[str], now: float,
                         min_interval_s: float) -> tuple[str | None, float]:
        session, wait = self._checkout(keys=[self.key("sessions", pool)], args=[repr(now), min_interval_s, *sessions])
        return (session or None), float(wait)

    def report_session(self, pool: str, session: str, now: float, outcome: str, rest_s: float = 0.0,
                       retire_after: int = 3) -> SessionState:
        nxt, blocks, retired = self._report(keys=[self.key("sessions", pool)],
                                            args=[session, repr(now), outcome, rest_s, retire_after])
        return SessionState(float(nxt), int(blocks), retired == "1")

    def clear(self) -> None:
        for key in self.redis.scan_iter(match=f"{self.prefix}:*", count=500):
            self.redis.delete(key)

    def close(self) -> None:
        self.redis.close()
