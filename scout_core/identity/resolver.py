"""Incremental entity resolution: one builder across X, GitHub, Hugging Face and Product Hunt.

Each new profile is resolved against the canonical set through index probes, never a rescan:

1. same platform and source id → the same account (survives handle renames; the old handle is recorded);
2. same platform and handle, case-insensitive → the same account, unless both carry different ids
   (a recycled handle);
3. explicit evidence across platforms: one profile declares the other (GitHub ``twitter_username``,
   Product Hunt ``twitterUsername``, a bio or website link, ``linked_profiles``, "alt of @main"), or both
   name the same personal website, or one's posts claim the other's work ("just shipped
   github.com/jdoe/agentkit", a model, a launch the other made; see ``claims``);
4. fuzzy name + bio similarity (rapidfuzz, within name blocks) only corroborates: it never merges alone.

Level-3 evidence is corroborated before it merges: by names that agree, a shared site, handles built from
the same name parts, or similar bios. A declaration needs none when neither side shows a full name (no
name, a first name, a brand): nothing could contradict it. A full name it cannot confirm stays apart,
since a handle can change hands.

Guards keep precision: names that disagree veto a merge; a website claimed by people whose names disagree
is a company site and its merges are retracted; a work claimed by two people, or linked by many, is no
evidence and its claim merges are retracted; two clusters that each hold an account on the same
platform are not joined (except an X alt that declares its main); redacted profiles are never merged; an
operator's split is a cannot-link that every later merge respects.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from scout_core.identity.backend import IdentityBackend, MemoryBackend, Merge
from scout_core.identity.blocking import FuzzyScore, fuzzy_score
from scout_core.identity.claims import CLAIM, LAUNCH, MADE, POST_VIAS
from scout_core.identity.evidence import Link, Node, canonical_id_for, is_redacted, node_from_profile
from scout_core.identity.names import NameMatch, compare_names, handle_spells_name, handles_agree, parse_name
from scout_core.identity.unionfind import UnionFind
from scout_core.schema import InternalProfile
from scout_core.settings import IdentitySettings

SHARED_SITE = "website claimed by people whose names disagree (a company site, not identity evidence)"
CONTESTED_WORK = "work claimed by two people or linked by many (not identity evidence)"
POPULAR_LINKERS = 3  # clusters whose posts link one owner's work before the work proves nothing


@dataclass
class Resolution:
    """The canonical id of one resolved profile, and why."""

    canonical_id: str | None  # None for a redacted profile: it is nobody, so it belongs to no builder
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
    claims: list[tuple[Link, Node]] = field(default_factory=list)  # (the claim link, the claiming account)

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
        self._settle_works(node)
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
            if not link.declared:
                self._claim_evidence(node, link, slot)
                continue
            for matched, others in (("current", self.backend.by_handle(link.platform, link.handle_key)),
                                    ("previous", self.backend.by_previous_handle(link.platform, link.handle_key))):
                for other in others:
                    if (ev := slot(other)) is not None:
                        ev.outgoing.append((link, matched))
        for handle in node.handles():
            matched = "current" if handle == node.handle_key else "previous"
            for other in self.backend.linking_to(node.platform, handle):
                link = _link_to(other, node.platform, handle)
                if link.via == CLAIM and not self.backend.site_shared(claim_key(link)):
                    if (ev := slot(other)) is not None:
                        ev.claims.append((link, other))
                elif link.declared and (ev := slot(other)) is not None:
                    ev.incoming.append((link, matched))
        if node.site_key and not self.backend.site_shared(node.site_key):
            for other in self.backend.by_site(node.site_key):
                if (ev := slot(other)) is not None:
                    ev.site = node.site_key
        return found

    def _claim_evidence(self, node: Node, link: Link, slot: Any) -> None:
        """A claim of ``node`` on a work reaches the work's owner; a launch ``node`` made reaches its claimers."""
        if link.via not in (CLAIM, MADE) or self.backend.site_shared(claim_key(link)):
            return
        if link.via == MADE:
            for other in self.backend.linking_to(LAUNCH, link.handle_key):
                claim = _link_to(other, LAUNCH, link.handle_key)
                if claim.via == CLAIM and (ev := slot(other)) is not None:
                    ev.claims.append((claim, other))
            return
        if link.platform == LAUNCH:
            owners = [n for n in self.backend.linking_to(LAUNCH, link.handle_key)
                      if _link_to(n, LAUNCH, link.handle_key).via == MADE]
        else:
            owners = self.backend.by_handle(link.platform, link.handle_key)
        for other in owners:
            if (ev := slot(other)) is not None:
                ev.claims.append((link, node))

    def _settle_works(self, node: Node) -> None:
        """Works ``node``'s posts link: one claimed by two people, or linked by many, stops being evidence."""
        for link in node.links:
            if link.via not in POST_VIAS or self.backend.site_shared(claim_key(link)):
                continue
            linkers = [(n, _link_to(n, link.platform, link.handle_key).via)
                       for n in self.backend.linking_to(link.platform, link.handle_key)]
            claimers = {n.canonical_id for n, via in linkers if via == CLAIM}
            every = {n.canonical_id for n, via in linkers if via in POST_VIAS}
            if len(claimers) >= 2 or len(every) >= POPULAR_LINKERS:
                self._retract(claim_key(link), CONTESTED_WORK)

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
        if evidence.claims:
            return self._judge_claim(node, other, evidence, fuzzy)
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
        confidence, corroboration = self._link_confidence(node, other, fuzzy, mutual, previous,
                                                          bool(evidence.site), bool(evidence.claims))
        if confidence is None:
            return None, ("declared handle not corroborated: the names tell nothing and the bios differ "
                          f"({fuzzy.describe()}); a handle can change hands")
        kind = "alt_link" if alt else "mutual_link" if mutual else "link"
        return Merge(node.key, other.key, 3, kind, _describe(node, evidence), confidence, corroboration), ""

    def _link_confidence(self, node: Node, other: Node, fuzzy: FuzzyScore, mutual: bool, previous: bool,
                         site: bool, claim: bool = False) -> tuple[float | None, str]:
        names = fuzzy.names
        if mutual:
            return 0.99, f"both declare each other; {fuzzy.describe()}"
        if names is NameMatch.STRONG:
            return 0.97, f"level 4: {fuzzy.describe()}"
        if names is NameMatch.COMPATIBLE:
            return 0.93, f"level 4: {fuzzy.describe()}"
        if site:
            return 0.92, "same personal website"
        if claim:
            return 0.92, "posts also claim the other account's work"
        if previous:
            return 0.9, "matched a recorded previous handle of the same account"
        if handle_spells_name(node.handle_key, other.name) or handle_spells_name(other.handle_key, node.name):
            return 0.88, "the unnamed account's handle spells the other's name"
        if weak := _weak_corroboration(node, other, fuzzy, self.settings.bio_corroboration):
            return 0.86, weak
        if fuzzy.names is NameMatch.UNKNOWN and not (_full_name(node) or _full_name(other)):
            # Neither side shows a full name (none, a first name, a brand): nothing could contradict the
            # declaration. A full name on one side stays unconfirmed: a handle can change hands.
            return 0.8, "the account's own declaration; neither side shows a full name that could contradict it"
        return None, ""

    def _judge_claim(self, node: Node, other: Node, evidence: _Evidence,
                     fuzzy: FuzzyScore) -> tuple[Merge | None, str]:
        """Posts claiming the other's work: a merge only when the names (or handle, or bios) agree too."""
        if fuzzy.names is NameMatch.CONFLICT:
            return None, f"names disagree ({node.name!r} vs {other.name!r})"
        confidence, corroboration = self._claim_confidence(node, other, fuzzy, bool(evidence.site))
        if confidence is None:
            return None, ("claimed work not corroborated: the names tell nothing and the bios differ "
                          f"({fuzzy.describe()})")
        link = evidence.claims[0][0]
        return Merge(node.key, other.key, 3, "post_claim", _describe(node, evidence), confidence, corroboration,
                     site_key=claim_key(link)), ""

    def _claim_confidence(self, node: Node, other: Node, fuzzy: FuzzyScore,
                          site: bool) -> tuple[float | None, str]:
        if fuzzy.names is NameMatch.STRONG:
            return 0.93, f"level 4: {fuzzy.describe()}"
        if fuzzy.names is NameMatch.COMPATIBLE:
            return 0.9, f"level 4: {fuzzy.describe()}"
        if site:
            return 0.9, "same personal website"
        if handle_spells_name(node.handle_key, other.name) or handle_spells_name(other.handle_key, node.name):
            return 0.87, "the unnamed account's handle spells the other's name"
        if weak := _weak_corroboration(node, other, fuzzy, self.settings.bio_corroboration):
            return 0.85, weak
        return None, ""

    def _judge_site(self, node: Node, other: Node, site: str, fuzzy: FuzzyScore) -> tuple[Merge | None, str]:
        if fuzzy.names is NameMatch.CONFLICT:
            self._retract(site, SHARED_SITE)
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

    def _retract(self, key: str, reason: str) -> None:
        """A site (or claimed work) found to be shared: mark it and undo the merges it alone made."""
        self.backend.mark_site_shared(key)
        clusters = set()
        for merge in self.backend.merges_with_site(key):
            self.backend.retire_merge(merge, reason)
            node = self.backend.get(merge.left)
            if node is not None:
                clusters.add(node.canonical_id)
        for canonical_id in sorted(clusters):
            self._rebuild(canonical_id, reason)

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
    """A redacted profile is nobody we can tell apart: no canonical id (two of them, identical as the API
    makes them, must not share one), never joined to anyone, never counted as a builder."""
    return Resolution(None, None, [
        _reason(0, "redacted", "redacted profile (Product Hunt hides other users): no canonical id, never merged",
                1.0, None)])


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
    parts += [f"{claimer.label()}'s posts claim {_work(link)} as their own" for link, claimer in evidence.claims]
    return "; ".join(parts)


def _weak_corroboration(node: Node, other: Node, fuzzy: FuzzyScore, bio_threshold: float) -> str:
    """Level 4 when the names tell nothing: the same display name shown, handles alike, or similar bios."""
    if node.name and other.name and len(node.name.strip()) >= 3 and node.name.casefold() == other.name.casefold():
        return f"both show the display name {node.name!r}"
    if handles_agree(node.handle_key, other.handle_key):
        return f"the handles @{node.handle_key} and @{other.handle_key} agree"
    if fuzzy.bio_similarity >= bio_threshold:
        return f"level 4: {fuzzy.describe()}"
    return ""


def _work(link: Link) -> str:
    return f"the launch {link.handle_key}" if link.platform == LAUNCH else f"{link.platform}:@{link.handle_key}'s work"


def claim_key(link: Link) -> str:
    """The key a claimed work is retracted under (kept where site keys are: merges and shared-site marks)."""
    return f"work:{link.platform}:{link.handle_key}"


def _link_to(node: Node, platform: str, handle_key: str) -> Link:
    return next(x for x in node.links if x.platform == platform and x.handle_key == handle_key)


def _site_names_person(site: str, *nodes: Node) -> bool:
    """A site whose address holds a handle or a name of the accounts ('janedoe.dev', 'linktr.ee/jdoe')."""
    words = [w for w in re.split(r"[./]", re.sub(r"[-_]", "", site.lower())) if w]
    for node in nodes:
        handle = re.sub(r"[-_]", "", node.handle_key)
        tokens = [t for t in parse_name(node.name).tokens if len(t) >= 3]
        if handle in words or any(t in w for t in tokens for w in words):
            return True
    return False


def _full_name(node: Node) -> bool:
    return len(parse_name(node.name).tokens) >= 2


def _full_names_conflict(a: Node, b: Node) -> bool:
    if len(parse_name(a.name).tokens) < 2 or len(parse_name(b.name).tokens) < 2:
        return False
    return compare_names(a.name, b.name)[0] is NameMatch.CONFLICT
