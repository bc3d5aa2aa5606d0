"""A service's own count of a quota window, and how a draw spends it (pure functions, no state).

The service says what is left of a window (``x-rate-limit-remaining``) and when it resets. Two clients
of one app spend one window, so what is left is not all ours. The other clients' pace is what a whole
window lost that we did not draw, over the time we watched it; it is measured when the window ends
and used in the next one. (Within a window, our own requests still in flight, and those of the last
window counted in this one, look like someone else's: over a whole window they cancel out, over a
second they do not.) What the others will take until the reset is left to them, and the rest is spread
evenly until the reset. ``LocalState`` runs these functions under its lock; ``state_redis`` runs the same
rules in Lua.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

WINDOW_SLACK_S = 0.5  # reset epochs within this are the same window (services round them to the second)
MIN_WATCHED_SHARE = 0.5  # of a window watched before what it lost says anything about the others' pace


@dataclass(frozen=True)
class Window:
    left: float  # what the service said is left, less what we drew since
    reset: float  # epoch seconds
    seen_left: float  # what was left when we first heard of this window
    seen_at: float
    heard: float  # the lowest count the service gave in this window
    heard_at: float
    drawn: float = 0.0  # what we drew from it since we first heard of it
    others_rate: float = 0.0  # requests per second the other clients spent in the last window watched


def others_rate(held: Window) -> float:
    """The other clients' pace over a window we watched long enough, else the pace we had."""
    watched = held.heard_at - held.seen_at
    if watched <= 0 or watched < MIN_WATCHED_SHARE * (held.reset - held.seen_at):
        return held.others_rate
    return max(0.0, held.seen_left - held.heard - held.drawn) / watched


def observed(held: Window | None, remaining: float, reset: float, now: float) -> Window | None:
    """The window after the service reported ``remaining`` until ``reset``; None: the report is stale."""
    if held is None or reset > held.reset + WINDOW_SLACK_S:
        rate = others_rate(held) if held is not None else 0.0
        return Window(remaining, reset, remaining, now, remaining, now, 0.0, rate)
    if reset < held.reset - WINDOW_SLACK_S:
        return None  # an answer from a window already over
    return replace(held, left=min(held.left, remaining), heard=min(held.heard, remaining), heard_at=now)


def plan(window: Window, cost: float, now: float) -> tuple[float, float]:
    """(seconds to wait, refill rate while waiting) for a draw of ``cost`` from a current window."""
    span = max(window.reset - now, 1e-6)
    ours = window.left - window.others_rate * span  # what the others will not take before the reset
    if ours >= cost - 1e-4:  # epoch arithmetic rounds at ~1e-7 s
        return 0.0, max(ours / span, 1e-9)
    if window.left < cost or window.others_rate <= 0:
        return span, 1e-9  # spent: wait for the reset
    # the others' claim shrinks as the reset nears; ours covers the draw once their share is small enough
    return max(span - (window.left - cost) / window.others_rate, 1e-3), 1e-9


def drawn(window: Window, cost: float) -> Window:
    return replace(window, left=window.left - cost, drawn=window.drawn + cost)
