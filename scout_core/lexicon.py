"""Words both scoring and identity resolution read, kept below both so neither imports the other.

``SHIPPING``: phrases that say someone shipped something (regular expressions, matched on word edges).
Identity reads them to tell a claim on a work from a mere link; scoring to find shipping signals.
"""

from __future__ import annotations

SHIPPING: tuple[str, ...] = (
    r"just shipped",
    r"shipped",
    r"shipping",
    r"just launched",
    r"launched",
    r"launching",
    r"we(?:'re| are) live",
    r"now live",
    r"is live",
    r"released",
    r"just released",
    r"new release",
    r"open[- ]sourced",
    r"open[- ]sourcing",
    r"v\d+(?:\.\d+)+ is out",
    r"v\d+(?:\.\d+)+ (?:released|shipped|live)",
    r"demo",
    r"public beta",
    r"beta",
    r"waitlist",
    r"now available",
    r"pip install",
    r"npm install",
    r"live on product hunt",
    r"on product hunt",
    r"(?:i|we) built",
    r"(?:i|we) made",
    r"try it",
)
