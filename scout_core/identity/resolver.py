"""Incremental entity resolution: one builder across X, GitHub, Hugging Face and Product Hunt.

Each new profile is resolved against the canonical set through index probes, never a rescan:

1. same platform and source id → the same account (survives handle renames; the old handle is recorded);
2. same platform and handle, case-insensitive → the same account, unless both carry different ids
   (a recycled handle);
3. explicit evidence across platforms: one profile declares the other (GitHub ``twitter_username``,
   Product Hunt ``twitterUsername``, a bio or website link, ``linked_profiles``, "alt of @main"), or both
   name the same personal website;
4. fuzzy name + bio similarity (rapidfuzz, within name blocks) only corroborates: it never merges alone.

Guards keep precision: names that disagree veto a merge; a website claimed by people whose names disagree
is a company site and its merges are retracted; two clusters that each hold an account on the same
platform are not joined (except an X alt that declares its main); redacted profiles are never merged; an
operator's split is a cannot-link that every later merge respects.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scout_core.identity.backend import IdentityBackend, MemoryBackend, Merge
from scout_core.identity.blocking import FuzzyScore, fuzzy_score
from scout_core.identity.evidence import Link, Node, canonical_id_for, is_redacted, node_from_profile
from scout_core.identity.names import NameMatch, compare_names, handle_spells_name, parse_name
from scout_core.identity.unionfind import UnionFind
from scout_core.schema import InternalProfile
from scout_core.settings import IdentitySettings

SHARED_SITE = "website claimed by people whose names disagree (a company site, not identity evidence)"


@dataclass
class Resolution:
    """The canonical id of one resolved profile, and why."""

    canonical_id: str
    node_key: str | None
    reasons: list[dict[str, Any]] = field(default_factory=list)  # merges made or matched, with evidence
    rejected: list[dict[str, Any]] = field(default_factory=list)  # evidence seen but not trusted, and why
    suggestions: list[dict[str, Any]] = field(default_factory=list)  # level-4 pairs for review, never merged

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class _Evidence:
    """Everything that points from the profile being resolved to one other account."""

    other: Node
    outgoing: list[tuple[Link, str]] = field(default_factory=list)  # (link, "current" | "previous")
    incoming: list[tuple[Link, str]] = field(default_factory=list)
    site: str | None = None

    @property
    def links(self) -> list[tuple[Link, str]]:
        return self.outgoing + self.incoming


class IdentityResolver:
    """Resolves profiles one at a time into clusters with canonical ids, merge reasons and confidence."""

    def __init__(self, backend: IdentityBackend | None = None, settings: IdentitySettings | None = None) -> None:
        self.backend: IdentityBackend = backend if backend is not None else MemoryBackend()
        self.settings = settings or IdentitySettings()

    # -- public ------------------------------------------------------------------------------------

    def resolve(self, profile: InternalProfile) -> Resolution:
        if is_redacted(profile):
            return self._redacted(profile)
        node, reasons = self._account(node_from_profile(profile))
        result = Resolution(node.canonical_id, node.key, reasons)
        for evidence in self._evidence(node).values():
            self._consider(node, evidence, result)
        current = self.backend.get(node.key)
        result.canonical_id = current.canonical_id if current else node.canonical_id
        if self.settings.suggest:
            result.suggestions = self._suggestions(current or node)
        return result

    def resolve_all(self, profiles: Iterable[InternalProfile]) -> list[Resolution]:
        return [self.resolve(profile) for profile in profiles]

    def canonical_id(self, key: str) -> str | None:
        node = self.backend.get(key)
        return node.canonical_id if node else None

    def split(self, a: str, b: str, reason: str = "split by operator") -> dict[str, str]:
        """Record that accounts ``a`` and ``b`` are different people; returns their canonical ids after.

        The pair becomes a cannot-link: the cluster is rebuilt without any merge that would join them,
        and no later resolution joins them again.
        """
        left, right = self.backend.get(a), self.backend.get(b)
        for key, node in ((a, left), (b, right)):
            if node is None:
                from scout_core.errors import InputError

                raise InputError(f"unknown account {key!r}: resolve it before splitting")
        assert left is not None and right is not None
        self.backend.add_cannot_link(a, b, reason)
        if left.canonical_id == right.canonical_id:
            self._rebuild(left.canonical_id, reason)
        return {key: self.canonical_id(key) or "" for key in (a, b)}

    # -- levels 1 and 2: the same account seen again ------------------------------------------------

    def _account(self, fresh: Node) -> tuple[Node, list[dict[str, Any]]]:
        known, reason = self._same_account(fresh)
        if known is None:
            fresh.seq = self.backend.next_seq()
            fresh.canonical_id = canonical_id_for(fresh.key)
            self.backend.save(fresh, None)
            return fresh, []
        updated = _updated(known, fresh)
        self.backend.save(updated, known)
        return updated, [reason]

    def _same_account(self, fresh: Node) -> tuple[Node | None, dict[str, Any]]:
        if fresh.source_id:
            known = self.backend.by_source_id(fresh.platform, fresh.source_id)
            if known is not None:
                renamed = f"; renamed from @{known.handle_key}" if known.handle_key != fresh.handle_key else ""
                return known, _reason(1, "same_account", f"same {fresh.platform} id {fresh.source_id}{renamed}",
                                      1.0, known.key)
        for known in self.backend.by_handle(fresh.platform, fresh.handle_key):
            if not (known.source_id and fresh.source_id and known.source_id != fresh.source_id):
                return known, _reason(2, "same_account", f"same {fresh.platform} handle @{fresh.handle_key}",
                                      0.98, known.key)
        return None, {}

    # -- level 3: gathering explicit evidence ---------------------------------------------------------

    def _evidence(self, node: Node) -> dict[str, _Evidence]:
        found: dict[str, _Evidence] = {}

        def slot(other: Node) -> _Evidence | None:
            if other.key == node.key:
                return None
            return found.setdefault(other.key, _Evidence(other))

        for link in node.links:
            for matched, others in (("current", self.backend.by_handle(link.platform, link.handle_key)),
                                    ("previous", self.backend.by_previous_handle(link.platform, link.handle_key))):
                for other in others:
                    if (ev := slot(other)) is not None:
                        ev.outgoing.append((link, matched))
        for handle in node.handles():
            matched = "current" if handle == node.handle_key else "previous"
            for other in self.backend.linking_to(node.platform, handle):
                link = next(x for x in other.links if x.platform == node.platform and x.handle_key == handle)
                if (ev := slot(other)) is not None:
                    ev.incoming.append((link, matched))
        if node.site_key and not self.backend.site_shared(node.site_key):
            for other in self.backend.by_site(node.site_key):
                if (ev := slot(other)) is not None:
                    ev.site = node.site_key
        return found

    def _consider(self, node: Node, evidence: _Evidence, result: Resolution) -> None:
        node = self.backend.get(node.key) or node  # a merge earlier in this loop may have relabelled it
        other = self.backend.get(evidence.other.key) or evidence.other
        if node.canonical_id == other.canonical_id:
            return
        merge, why_not = self._judge(node, other, evidence)
        if merge is not None:
            why_not = self._guard(node, other, merge)
        if merge is None or why_not:
            result.rejected.append({"other": other.key, "evidence": _describe(node, evidence), "why": why_not})
            return
        self._join(node, other, merge)
        result.reasons.append(merge.as_reason() | {"other": other.key})

    # -- deciding one pair -----------------------------------------------------------------------------

    def _judge(self, node: Node, other: Node, evidence: _Evidence) -> tuple[Merge | None, str]:
        fuzzy = fuzzy_score(node, other)
        if evidence.links:
            return self._judge_link(node, other, evidence, fuzzy)
        if evidence.site:
            return self._judge_site(node, other, evidence.site, fuzzy)
        return None, "no evidence"

    def _judge_link(self, node: Node, other: Node, evidence: _Evidence,
                    fuzzy: FuzzyScore) -> tuple[Merge | None, str]:
        if fuzzy.names is NameMatch.CONFLICT:
            return None, f"names disagree ({node.name!r} vs {other.name!r})"
        alt = any(link.alt for link, _ in evidence.links)
        mutual = bool(evidence.outgoing and evidence.incoming)
        previous = any(matched == "previous" for _, matched in evidence.links)
        confidence, corroboration = self._link_confidence(node, other, fuzzy, mutual, previous, bool(evidence.site))
        if confidence is None:
            return None, ("declared handle not corroborated: the names tell nothing and the bios differ "
                          f"({fuzzy.describe()}); a handle can change hands")
        kind = "alt_link" if alt else "mutual_link" if mutual else "link"
        return Merge(node.key, other.key, 3, kind, _describe(node, evidence), confidence, corroboration), ""

    def _link_confidence(self, node: Node, other: Node, fuzzy: FuzzyScore, mutual: bool, previous: bool,
                         site: bool) -> tuple[float | None, str]:
        names = fuzzy.names
        if mutual:
            return 0.99, f"both declare each other; {fuzzy.describe()}"
        if names is NameMatch.STRONG:
            return 0.97, f"level 4: {fuzzy.describe()}"
        if names is NameMatch.COMPATIBLE:
            return 0.93, f"level 4: {fuzzy.describe()}"
        if site:
            return 0.92, "same personal website"
        if previous:
            return 0.9, "matched a recorded previous handle of the same account"
        if handle_spells_name(node.handle_key, other.name) or handle_spells_name(other.handle_key, node.name):
            return 0.88, "the unnamed account's handle spells the other's name"
        if fuzzy.bio_similarity >= self.settings.bio_corroboration:
            return 0.85, f"level 4: {fuzzy.describe()}"
        return None, ""

    def _judge_site(self, node: Node, other: Node, site: str, fuzzy: FuzzyScore) -> tuple[Merge | None, str]:
        if fuzzy.names is NameMatch.CONFLICT:
            self._retract_site(site)
            return None, SHARED_SITE
        personal = _site_names_person(site, node, other)
        if fuzzy.names is NameMatch.STRONG or (fuzzy.names is not NameMatch.CONFLICT and personal):
            confidence = 0.95 if personal else 0.9
            evidence = f"both name the website {site}"
            return Merge(node.key, other.key, 3, "site", evidence, confidence, f"level 4: {fuzzy.describe()}",
                         site_key=site), ""
        return None, f"shared website {site} but the names cannot confirm it ({fuzzy.describe()})"

    def _guard(self, node: Node, other: Node, merge: Merge) -> str:
        """Cluster-level vetoes: an operator's split, two accounts on one platform, names that disagree."""
        mine, theirs = self.backend.members(node.canonical_id), self.backend.members(other.canonical_id)
        their_keys = {n.key for n in theirs}
        for key, banned in self.backend.cannot_link([n.key for n in mine]).items():
            if banned & their_keys:
                return f"an operator split {key} from {', '.join(sorted(banned & their_keys))}"
        both = {n.platform for n in mine} & {n.platform for n in theirs}
        if both and not (both == {"x"} and merge.kind == "alt_link"):
            return f"both clusters already hold a {'/'.join(sorted(both))} account"
        for a in mine:
            for b in theirs:
                if _full_names_conflict(a, b):
                    return f"names in the two clusters disagree ({a.name!r} vs {b.name!r})"
        return ""

    # -- changing clusters ----------------------------------------------------------------------------

    def _join(self, node: Node, other: Node, merge: Merge) -> None:
        mine, theirs = self.backend.members(node.canonical_id), self.backend.members(other.canonical_id)
        keep, move = (mine, theirs) if min(n.seq for n in mine) <= min(n.seq for n in theirs) else (theirs, mine)
        self.backend.relabel(move, keep[0].canonical_id)
        self.backend.add_merge(merge)

    def _retract_site(self, site: str) -> None:
        """A site found to be shared: mark it and undo the merges it alone made."""
        self.backend.mark_site_shared(site)
        clusters = set()
        for merge in self.backend.merges_with_site(site):
            self.backend.retire_merge(merge, SHARED_SITE)
            node = self.backend.get(merge.left)
            if node is not None:
                clusters.add(node.canonical_id)
        for canonical_id in sorted(clusters):
            self._rebuild(canonical_id, SHARED_SITE)

    def _rebuild(self, canonical_id: str, reason: str) -> None:
        """Recompute a cluster from its active merges, strongest first, skipping any that join a split pair."""
        members = self.backend.members(canonical_id)
        keys = [n.key for n in members]
        banned = self.backend.cannot_link(keys)
        groups = UnionFind(keys)
        sets = {k: {k} for k in keys}
        for merge in sorted(self.backend.merges_of(keys), key=lambda m: -m.confidence):
            a, b = groups.find(merge.left), groups.find(merge.right)
            if a == b:
                continue
            if any(banned.get(k, set()) & sets[b] for k in sets[a]):
                self.backend.retire_merge(merge, reason)
                continue
            root = groups.union(a, b)
            sets[root] = sets.pop(a if root == b else b) | sets[root]
        by_key = {n.key: n for n in members}
        for group in groups.groups():
            nodes = sorted((by_key[k] for k in group), key=lambda n: n.seq)
            self.backend.relabel(nodes, canonical_id_for(nodes[0].key))

    # -- level 4: suggestions for review ---------------------------------------------------------------

    def _suggestions(self, node: Node) -> list[dict[str, Any]]:
        if not node.block:
            return []
        found = []
        for other in self.backend.by_block(node.block):
            if other.platform == node.platform or other.canonical_id == node.canonical_id:
                continue
            fuzzy = fuzzy_score(node, other)
            if fuzzy.names is NameMatch.STRONG and fuzzy.score >= self.settings.suggest_threshold:
                found.append({"other": other.key, "level": 4, "score": fuzzy.score, "why": fuzzy.describe()})
        return found

    def _redacted(self, profile: InternalProfile) -> Resolution:
        return redacted_resolution(profile.model_dump(mode="json"))


def redacted_resolution(record: dict[str, Any]) -> Resolution:
    """A redacted profile is its own builder: an id from its whole content, never joined to anyone."""
    digest = hashlib.sha1(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()
    return Resolution(canonical_id_for(f"redacted:{digest}"), None, [
        _reason(0, "redacted", "redacted profile (Product Hunt hides other users): never merged", 1.0, None)])


def _updated(known: Node, fresh: Node) -> Node:
    """The known account with what the new observation adds; a new handle keeps the old one as previous."""
    previous = known.previous_handles
    if fresh.handle_key != known.handle_key and known.handle_key not in previous:
        previous = (*previous, known.handle_key)
    previous = tuple(h for h in previous if h != fresh.handle_key)
    links = tuple({(x.platform, x.handle_key): x for x in (*known.links, *fresh.links)}.values())
    return dataclasses.replace(
        known, handle_key=fresh.handle_key, source_id=known.source_id or fresh.source_id,
        name=fresh.name or known.name, bio=fresh.bio or known.bio, site_key=fresh.site_key or known.site_key,
        links=links, previous_handles=previous, block=fresh.block or known.block,
    )


def _reason(level: int, kind: str, evidence: str, confidence: float, other: str | None) -> dict[str, Any]:
    return {"level": level, "kind": kind, "evidence": evidence, "confidence": confidence, "other": other}


def _describe(node: Node, evidence: _Evidence) -> str:
    parts = [f"{node.label()} declares {link.platform}:@{link.handle_key} ({link.via}"
             f"{', a previous handle' if matched == 'previous' else ''})" for link, matched in evidence.outgoing]
    parts += [f"{evidence.other.label()} declares {link.platform}:@{link.handle_key} ({link.via}"
              f"{', a previous handle' if matched == 'previous' else ''})" for link, matched in evidence.incoming]
    if evidence.site:
        parts.append(f"both name the website {evidence.site}")
    return "; ".join(parts)


def _site_names_person(site: str, *nodes: Node) -> bool:
    """A site whose address holds a handle or a name of the accounts ('janedoe.dev', 'linktr.ee/jdoe')."""
    words = [w for w in re.split(r"[./]", re.sub(r"[-_]", "", site.lower())) if w]
    for node in nodes:
        handle = re.sub(r"[-_]", "", node.handle_key)
        tokens = [t for t in parse_name(node.name).tokens if len(t) >= 3]
        if handle in words or any(t in w for t in tokens for w in words):
            return True
    return False


def _full_names_conflict(a: Node, b: Node) -> bool:
    if len(parse_name(a.name).tokens) < 2 or len(parse_name(b.name).tokens) < 2:
        return False
    return compare_names(a.name, b.name)[0] is NameMatch.CONFLICT
