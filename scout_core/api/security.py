"""API keys: roles, hashes, constant-time checks, and the loopback rule when no key is configured.

Keys come from ``SCOUT_API__KEYS`` (a JSON map key -> role). Only their SHA-256 digests are kept in
memory after start; a presented key is hashed and compared with every stored digest by
``hmac.compare_digest`` (no early exit), so timing tells nothing about which key or how much matched.
Keys are never logged or echoed: a refusal says only what was missing or wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from dataclasses import dataclass
from typing import Literal

from scout_core.errors import ConfigurationError
from scout_core.settings import ApiSettings

Role = Literal["read", "operator"]
ROLES: tuple[Role, ...] = ("read", "operator")
_RANK = {"read": 0, "operator": 1}
MIN_KEY_CHARS = 16
LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role, and a short fingerprint of the key (for logs; never the key)."""

    role: Role
    fingerprint: str

    def may(self, needed: Role) -> bool:
        return _RANK[self.role] >= _RANK[needed]


LOCAL = Principal("operator", "loopback")  # no keys configured: the server is reachable from this machine only


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


class ApiKeys:
    """The configured keys, as digests with their roles."""

    def __init__(self, pairs: list[tuple[bytes, Role]]) -> None:
        self._pairs = pairs

    @classmethod
    def from_settings(cls, cfg: ApiSettings) -> ApiKeys:
        """Parse ``SCOUT_API__KEYS``; a malformed map is a one-line ConfigurationError (no key in it)."""
        if cfg.access_keys is None or not cfg.access_keys.get_secret_value().strip():
            return cls([])
        try:
            raw = json.loads(cfg.access_keys.get_secret_value())
        except json.JSONDecodeError as exc:
            raise ConfigurationError(f"SCOUT_API__KEYS is not JSON (at character {exc.pos}): "
                                     'expected {"<key>": "read" | "operator"}') from None
        if not isinstance(raw, dict) or not raw:
            raise ConfigurationError('SCOUT_API__KEYS must be a non-empty JSON object {"<key>": "read" | "operator"}')
        pairs: list[tuple[bytes, Role]] = []
        for number, (key, role) in enumerate(raw.items(), start=1):
            if role not in ROLES:
                raise ConfigurationError(f"SCOUT_API__KEYS: key #{number} has role {str(role)[:20]!r}; "
                                         "roles are read and operator")
            if not isinstance(key, str) or len(key.strip()) < MIN_KEY_CHARS or key != key.strip():
                raise ConfigurationError(f"SCOUT_API__KEYS: key #{number} must be at least {MIN_KEY_CHARS} "
                                         "characters without surrounding spaces")
            pairs.append((_digest(key), role))
        return cls(pairs)

    @property
    def configured(self) -> bool:
        return bool(self._pairs)

    def check(self, presented: str) -> Principal | None:
        """The principal of a presented key, or None; every stored digest is compared."""
        digest = _digest(presented)
        found: Role | None = None
        for stored, role in self._pairs:
            if hmac.compare_digest(stored, digest):
                found = role
        if found is None:
            return None
        return Principal(found, digest.hex()[:8])


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (None when absent or another scheme)."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, keys: ApiKeys) -> None:
    """Refuse to listen beyond this machine without keys (one line, before anything starts)."""
    if not keys.configured and not is_loopback(host):
        raise ConfigurationError(f"refusing to listen on {host} without API keys: set SCOUT_API__KEYS "
                                 '(e.g. {"<long random key>": "read"}) or keep --host 127.0.0.1')
