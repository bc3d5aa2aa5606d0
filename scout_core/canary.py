"""The health canary: can each enabled source be reached, which breakers are open, how big is the DLQ.

Plain data: the health flow runs it every 15 minutes and publishes it. A source counts as reachable
when it answers HTTP at all (a 401 or 404 from an unauthenticated probe still proves the service and
the network path are up); only a connection failure or a timeout is unreachable. Probes carry no
credentials and call no metered endpoint, so they cost nothing.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from scout_core.settings import Settings

PROBE_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class SourceProbe:
    source: str
    url: str
    reachable: bool
    status: int | None
    seconds: float
    error: str | None = None


@dataclass
class CanaryReport:
    sources: list[SourceProbe]
    breakers: dict[str, str]  # source -> closed | open | half_open
    breakers_shared: bool  # read from Redis (every worker's view) or this process only
    dead_letters: dict[str, int]  # open | closed | replayed -> letters
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"healthy": self.healthy, "problems": self.problems, "sources": [asdict(p) for p in self.sources],
                "breakers": self.breakers, "breakers_shared": self.breakers_shared,
                "dead_letters": self.dead_letters}


def probe(source: str, url: str, timeout_s: float = PROBE_TIMEOUT_S) -> SourceProbe:
    """One unauthenticated GET of the source's base URL."""
    started = time.perf_counter()
    try:
        response = httpx.get(url, timeout=timeout_s, follow_redirects=False)
    except httpx.HTTPError as exc:
        return SourceProbe(source, url, False, None, round(time.perf_counter() - started, 3),
                           f"{type(exc).__name__}: {exc}"[:300])
    return SourceProbe(source, url, True, response.status_code, round(time.perf_counter() - started, 3))


def run_canary(settings: Settings, repo: Any) -> CanaryReport:
    """Probe every enabled source, read the breakers and count the dead letters; name what is wrong."""
    from scout_core.enrich.breaker import CircuitBreakers
    from scout_core.enrich.state import open_state
    from scout_core.sources import SOURCE_NAMES

    enabled = [name for name in SOURCE_NAMES if settings.source(name).enabled]
    probes = [probe(name, settings.source(name).base_url, min(settings.source(name).timeout_s, PROBE_TIMEOUT_S))
              for name in enabled]
    state = open_state(settings)
    try:
        breakers = CircuitBreakers(state, settings.controller)
        states = {name: breakers.state_of(name) for name in enabled}
    finally:
        state.close()
    report = CanaryReport(probes, states, bool(settings.redis_url), repo.dead_letter_counts())
    report.problems += [f"{p.source} unreachable at {p.url}: {p.error}" for p in probes if not p.reachable]
    report.problems += [f"{name} breaker is {state}" for name, state in states.items() if state != "closed"]
    return report
