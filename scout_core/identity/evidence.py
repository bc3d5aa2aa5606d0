"""What a profile says about who it is: the facts identity resolution reads, extracted once.

A ``Node`` is one account on one platform. Its evidence is what the profile itself declares: links to
profiles elsewhere (GitHub ``twitter_username``, Product Hunt ``twitterUsername``, links in the bio or
website field, ``linked_profiles`` from the normalizers, "alt of @main" on secondary X accounts) and a
personal website (by ``website_key``). A website that is itself a platform profile (github.com/ada) is a
link, not a site. Links to *works* ride along with them (``claims``): a post's claim on, or mere reference
to, someone's repo, model or launch, and the launches a Product Hunt maker made; ``Link.declared`` tells
the two apart.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from scout_core.errors import InvalidHandleError
from scout_core.handles import clean_handle, website_key
from scout_core.identity.claims import CLAIM, MADE, REFERENCE, made_links, post_links
from scout_core.identity.names import name_block
from scout_core.schema import InternalProfile
from scout_core.sources.links import classify_url

REDACTED_MARKS = ("[redacted]", "redacted")
_WORK_VIAS = frozenset((CLAIM, REFERENCE, MADE))
# Hosts that are link hubs or platforms, not anyone's own site: sharing one is no evidence.
_PLATFORM_HOSTS = {"x.com", "twitter.com", "github.com", "huggingface.co", "producthunt.com", "t.co"}
_HUB_HOSTS = {"linktr.ee", "medium.com", "substack.com", "linkedin.com", "youtube.com", "bit.ly",
              "instagram.com", "facebook.com", "tiktok.com", "notion.site", "bento.me", "beacons.ai"}
_BARE_PROFILE_LINK = re.compile(
    r"(?<![\w./@-])(?:https?://)?(?:www\.)?(?:github\.com|huggingface\.co|x\.com|twitter\.com|producthunt\.com)"
    r"/@?[A-Za-z0-9_.-]+/?(?![\w/…])",
    re.IGNORECASE,
)
_ALT_OF = re.compile(
    r"\b(?:alt(?:\s+(?:account|acct))?\s+(?:of|for|to)|main(?:\s+(?:account|acct))?\s*(?:is|:|=)?)\s*@([A-Za-z0-9_]{1,15})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Link:
    """A declaration: this account says it is also ``platform:handle_key``."""

    platform: str
    handle_key: str
    via: str  # which field said so: linked_profiles | bio | website | alt_of; or claims.POST_VIAS / MADE
    alt: bool = False  # "alt of @main": the only same-platform declaration we follow

    @property
    def declared(self) -> bool:
        """A declaration of identity (not a post's link to someone's work, nor a launch made)."""
        return self.via not in _WORK_VIAS


@dataclass(slots=True)
class Node:
    """One account, as identity resolution sees it."""

    key: str  # "platform:source_id" or "platform:@handle" (scraped, no id yet)
    platform: str
    handle_key: str
    source_id: str | None = None
    name: str | None = None
    bio: str | None = None
    site_key: str | None = None
    links: tuple[Link, ...] = ()
    previous_handles: tuple[str, ...] = ()
    block: str | None = None  # name block for fuzzy comparison (surname + first initial)
    seq: int = 0  # order first seen; the oldest member of a cluster names it
    canonical_id: str = ""

    def handles(self) -> tuple[str, ...]:
        return (self.handle_key, *self.previous_handles)

    def label(self) -> str:
        return f"{self.platform}:@{self.handle_key}"


def node_key(platform: str, source_id: str | None, handle: str) -> str:
    return f"{platform}:{source_id}" if source_id else f"{platform}:@{handle.lower()}"


def canonical_id_for(key: str) -> str:
    """The canonical id a cluster gets from its oldest member (the same formula as the foundation's)."""
    return "b_" + hashlib.sha1(key.encode()).hexdigest()[:16]


def is_redacted(record: dict | InternalProfile) -> bool:
    """Product Hunt's API redacts other users: name/username "[REDACTED]", id "0". Never merged."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name, None)
    platform = get("source_platform")
    texts = [str(get(name) or "").strip().lower() for name in ("handle", "display_name")]
    if any(text in REDACTED_MARKS for text in texts):
        return True
    return platform == "producthunt" and str(get("source_id") or "") == "0"


def node_from_profile(profile: InternalProfile) -> Node:
    handle_key = profile.handle.lower()
    declared = declared_links(profile)
    return Node(
        key=node_key(profile.source_platform, profile.source_id, profile.handle),
        platform=profile.source_platform, handle_key=handle_key, source_id=profile.source_id,
        name=profile.display_name, bio=profile.bio, site_key=personal_site_key(profile.website),
        links=declared + work_links(profile, declared), block=name_block(profile.display_name),
    )


def personal_site_key(website: str | None) -> str | None:
    """The website as a comparable key, unless it is a platform page or a bare link-hub host."""
    if not website or classify_url(website) is not None:
        return None
    key = website_key(website)
    host, _, path = key.partition("/")
    if "." not in host or host in _PLATFORM_HOSTS or (host in _HUB_HOSTS and not path):
        return None
    return key


def work_links(profile: InternalProfile, declared: tuple[Link, ...] = ()) -> tuple[Link, ...]:
    """Works the profile's posts claim or reference, and launches it made (``claims``); declared links win."""
    taken = {(x.platform, x.handle_key) for x in declared}
    found = {(p, h): Link(p, h, via) for p, h, via in (*post_links(profile), *made_links(profile))}
    return tuple(link for key, link in found.items() if key not in taken)


def declared_links(profile: InternalProfile) -> tuple[Link, ...]:
    """Every other account this profile declares, each once (first source wins)."""
    found: dict[tuple[str, str], Link] = {}
    own = (profile.source_platform, profile.handle.lower())

    def add(platform: str, handle: str, via: str, alt: bool = False) -> None:
        try:
            key = (platform, clean_handle(platform, handle).lower())
        except InvalidHandleError:
            return
        if key != own and (platform != own[0] or alt):
            found.setdefault(key, Link(key[0], key[1], via, alt))

    for linked in profile.linked_profiles:
        add(linked.platform, linked.handle, "linked_profiles")
    for where, text in (("website", profile.website or ""), ("bio", profile.bio or "")):
        for match in _BARE_PROFILE_LINK.finditer(text):
            ref = classify_url(match.group(0))
            if ref is not None and ref.kind == "profile":
                add(ref.platform, ref.handle, where)
    if profile.source_platform == "x":
        for match in _ALT_OF.finditer(profile.bio or ""):
            add("x", match.group(1), "alt_of", alt=True)
    return tuple(found.values())
