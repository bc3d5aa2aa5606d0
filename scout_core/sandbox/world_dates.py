"""Dates the day-0 world derives from names rather than draws: launch days, model creation days.

They hang on day 0, never on the clock's "now", so a launch made 30 days before day 0 is 40 days old on
day 10. Things made on the clock carry their own date (``launch_dates``, ``model_dates``); these
functions answer for the rest. Routes and the time-indexed truth read the same functions.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from scout_core.sandbox.model import HuggingfaceAccount, ProducthuntAccount


def stable_int(value: str, modulo: int) -> int:
    """A number in ``[0, modulo)`` that depends on ``value`` only."""
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:6], "big") % modulo


def product_slug(product: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in product.lower()).strip("-")


def launch_date(account: ProducthuntAccount, product: str, day0: datetime) -> datetime:
    """When ``product`` launched: its recorded date, else 1-400 days before day 0 (by its slug)."""
    made = account.launch_dates.get(product)
    if made is not None:
        return made
    slug = product_slug(product)
    return day0 - timedelta(days=1 + stable_int("launch:" + slug, 400), hours=stable_int("h:" + slug, 24))


def model_date(account: HuggingfaceAccount | None, model_id: str, day0: datetime) -> datetime:
    """When a model was created: its recorded date, else 20-520 days before day 0 (by its id)."""
    made = account.model_dates.get(model_id) if account is not None else None
    if made is not None:
        return made
    return day0 - timedelta(days=20 + stable_int("model-created:" + model_id, 500))
