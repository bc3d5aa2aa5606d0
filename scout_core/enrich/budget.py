"""The cost ledger and daily budget caps per paid tier.

Every call's expected price is reserved against its tier's cap for the UTC day before it goes, and
replaced by its real price when it comes back (in the controller state, so all drivers share the
total); a capped tier is refused once the next call would pass its cap.

The source of truth for what was spent today is the store's cost ledger (``Repository.record_cost``,
written where outcomes are processed; ``Repository.spend_today_per_source`` reads it). The controller
state only caches it: a state that starts empty (a new process without Redis, a Redis that lost its
data, a state degraded to this process) is never below what the store recorded, so caps hold
across runs, processes and restarts. The store lags the state by the batch in flight, which the
state's own reservations cover.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url

from scout_core.enrich.costs import expected_cost
from scout_core.enrich.state import ControllerState
from scout_core.errors import StoreError
from scout_core.settings import ControllerSettings

log = logging.getLogger(__name__)

DAY_S = 86_400.0
MIN_SAMPLES = 5  # observed profiles before the ledger trusts its own mean over the list price
RECORDED_REFRESH_S = 30.0  # how stale the store's figure may be; the state covers what happened since
SpendReader = Callable[[datetime], dict[str, float]]  # today's spend per source, as of a moment


class RecordedSpend:
    """Today's spend per source as the store recorded it, re-read at most every ``refresh_s`` (and each new day).

    A failed read keeps the last figures (a warning says so): the cap then rests on the state alone.
    """

    def __init__(self, read: SpendReader, clock: Callable[[], float] = time.time,
                 refresh_s: float = RECORDED_REFRESH_S) -> None:
        self.read = read
        self.clock = clock
        self.refresh_s = refresh_s
        self._figures: dict[str, float] = {}
        self._read_at: tuple[str, float] | None = None  # (day, epoch s)

    def of(self, tier: str) -> float:
        now = self.clock()
        moment = datetime.fromtimestamp(now, UTC)
        day = moment.strftime("%Y-%m-%d")
        if self._read_at is None or self._read_at[0] != day or now - self._read_at[1] >= self.refresh_s:
            self._refresh(moment, day, now)
        return self._figures.get(tier, 0.0)

    def _refresh(self, moment: datetime, day: str, now: float) -> None:
        if self._read_at is not None and self._read_at[0] != day:
            self._figures = {}  # yesterday's spend does not count against today's cap
        try:
            self._figures = self.read(moment)
        except StoreError as exc:
            log.warning("budget: cannot read today's spend from the store (%s); caps rest on the controller "
                        "state until it answers", exc)
        self._read_at = (day, now)


def store_spend(database_url: str) -> SpendReader:
    """Today's spend per source from the store at ``database_url``, opened on first use.

    A SQLite file that does not exist yet has recorded nothing (and is not created by asking).
    """
    repo = None

    def read(now: datetime) -> dict[str, float]:
        nonlocal repo
        if repo is None:
            url = make_url(database_url)
            if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
                return {}
            from scout_core.store import Repository

            repo = Repository(database_url)
        return repo.spend_today_per_source(now)

    return read


class CostLedger:
    """Spend per tier per day, caps, and the mean observed cost per profile (for routing)."""

    def __init__(self, state: ControllerState, cfg: ControllerSettings,
                 clock: Callable[[], float] = time.time, recorded: SpendReader | None = None) -> None:
        self.state = state
        self.cfg = cfg
        self.clock = clock
        self.recorded = RecordedSpend(recorded, clock) if recorded is not None else None
        self._observed: dict[str, tuple[float, int]] = {}

    def _floor(self, tier: str) -> float:
        """What the store says was spent today: the state's figure never counts below it."""
        return self.recorded.of(tier) if self.recorded is not None and self.cap(tier) is not None else 0.0

    def _key(self, tier: str) -> str:
        day = datetime.fromtimestamp(self.clock(), UTC).strftime("%Y-%m-%d")
        return self.state.key("spend", tier, day)

    def charge(self, tier: str, usd: float, profiles: int = 1, reserved: float = 0.0) -> float:
        """Record a call's price (replacing what ``reserve`` held for it); returns the tier's spend today."""
        if profiles > 0:
            total, count = self._observed.get(tier, (0.0, 0))
            self._observed[tier] = (total + usd, count + profiles)
        if usd == reserved:
            return self.spent(tier)
        return self.state.add_amount(self._key(tier), usd - reserved, ttl_s=2 * DAY_S)

    def reserve(self, tier: str, estimate_usd: float) -> bool:
        """Hold a call's expected price against today's cap before it goes (atomic, shared by all drivers)."""
        cap = self.cap(tier)
        if cap is None or estimate_usd <= 0:
            return cap is None or self.allows(tier, 0.0)
        return self.state.add_amount_capped(self._key(tier), estimate_usd, cap, ttl_s=2 * DAY_S,
                                            floor=self._floor(tier))

    def spent(self, tier: str) -> float:
        """Today's spend on ``tier``: the state's running total, never below the store's record."""
        return max(self.state.amount(self._key(tier)), self._floor(tier))

    def cap(self, tier: str) -> float | None:
        return self.cfg.budgets_usd.get(tier)

    def allows(self, tier: str, estimate_usd: float) -> bool:
        """False once spending ``estimate_usd`` more would pass the tier's cap for today."""
        cap = self.cap(tier)
        return cap is None or self.spent(tier) + estimate_usd <= cap + 1e-9

    def left_share(self, tier: str) -> float:
        """Share of today's cap still unspent (1.0 for an uncapped tier)."""
        cap = self.cap(tier)
        if cap is None:
            return 1.0
        return max(0.0, 1.0 - self.spent(tier) / cap) if cap > 0 else 0.0

    def cost_per_profile(self, tier: str) -> float:
        """The observed mean once there are enough samples, else the list price of a typical profile."""
        total, count = self._observed.get(tier, (0.0, 0))
        return total / count if count >= MIN_SAMPLES else expected_cost(tier)
