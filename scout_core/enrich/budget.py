"""The cost ledger and daily budget caps per paid tier.

Every call's expected price is reserved against its tier's cap for the UTC day before it goes, and
replaced by its real price when it comes back (in the controller state, so all drivers share the
total); a capped tier is refused once the next call would pass its cap. The durable record
of each cost is the store's ``Repository.record_cost`` (written where outcomes are processed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from scout_core.enrich.costs import expected_cost
from scout_core.enrich.state import ControllerState
from scout_core.settings import ControllerSettings

DAY_S = 86_400.0
MIN_SAMPLES = 5  # observed profiles before the ledger trusts its own mean over the list price


class CostLedger:
    """Spend per tier per day, caps, and the mean observed cost per profile (for routing)."""

    def __init__(self, state: ControllerState, cfg: ControllerSettings,
                 clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self.cfg = cfg
        self.clock = clock
        self._observed: dict[str, tuple[float, int]] = {}

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
        return self.state.add_amount_capped(self._key(tier), estimate_usd, cap, ttl_s=2 * DAY_S)

    def spent(self, tier: str) -> float:
        return self.state.amount(self._key(tier))

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
