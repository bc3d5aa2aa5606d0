"""Person names as profiles show them, reduced to something two profiles can be compared on.

Display names are noisy: emoji, nicknames ("Mike" for Michael), initials with a tagline
("JD | building agents"), a first name only, "(alt)" or "not jane" on secondary accounts, brand names.
``parse_name`` keeps the person-name part; ``compare_names`` says whether two names agree, are merely
compatible, tell us nothing, or conflict. Nothing here decides a merge: names only corroborate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from rapidfuzz import fuzz

# Common English short forms → the long form; both sides are mapped before comparing.
_NICKNAMES = {
    "janie": "jane", "johnny": "john", "jack": "john", "sam": "samuel", "dan": "daniel", "danny": "daniel",
    "ben": "benjamin", "mike": "michael", "alex": "alexander", "chris": "christopher", "matt": "matthew",
    "will": "william", "bill": "william", "jon": "jonathan", "liz": "elizabeth", "beth": "elizabeth",
    "bob": "robert", "rob": "robert", "kat": "katarina", "andy": "andrew", "drew": "andrew", "cat": "catherine",
    "kate": "catherine", "maggie": "margaret", "meg": "margaret", "joe": "joseph", "vicky": "victoria",
    "tom": "thomas", "sid": "siddharth", "abhi": "abhishek", "niko": "nikolai", "gabe": "gabriel",
    "pat": "patrick", "tess": "theresa", "rafa": "rafael", "liv": "olivia", "izzy": "isabel", "dima": "dmitri",
    "raph": "raphael", "jim": "james", "jimmy": "james", "nick": "nicholas", "steve": "steven",
    "dave": "david", "tony": "anthony", "ed": "edward", "ted": "edward", "jen": "jennifer", "jenny": "jennifer",
    "sue": "susan", "ali": "alison", "fred": "frederick", "greg": "gregory", "pete": "peter", "rick": "richard",
    "dick": "richard", "ron": "ronald", "tim": "timothy", "zach": "zachary", "nate": "nathan",
}
# Words that decorate a name rather than belong to it.
_NOISE_WORDS = {"not", "alt", "the", "official", "real", "dr", "prof", "mr", "mrs", "ms", "phd", "irl", "account"}
# Words that mark a brand or feed account rather than a person (never common given or family names).
_BRAND_WORDS = {"news", "daily", "weekly", "tech", "wire", "breaking", "market", "markets", "pulse", "brief",
                "meme", "memes", "lord", "dank", "shitpost", "shitposts", "central", "relatable", "coder", "pics",
                "crypto", "degen", "alerts", "wizard", "caller", "bot", "media", "updates", "digest", "insider",
                "headlines", "hq", "labs", "capital", "ventures", "studio", "podcast", "channel", "memecoin"}
_CAMEL_WORD = re.compile(r"[A-Z][a-z]+[A-Z][a-z]+")
_TAGLINE_SPLIT = re.compile(r"\s[|·•—–-]\s|\s[|·•—–]|[|·•—–]\s|\(|\[|,|@")
_INITIALS = re.compile(r"[A-Z]{2,3}")


class NameMatch(IntEnum):
    """How far two names agree, worst first (so ``>=`` reads as "at least")."""

    CONFLICT = 0  # both look like person names and nothing lines up
    UNKNOWN = 1  # one side has no usable name
    COMPATIBLE = 2  # first name only, initials, or same surname with a different first name
    STRONG = 3  # same first (or nickname) and last name, or a near-identical spelling


@dataclass(frozen=True, slots=True)
class ParsedName:
    tokens: tuple[str, ...]  # folded, nicknames expanded, decoration dropped
    initials: str = ""  # "JD" from "JD | building agents"

    @property
    def first(self) -> str:
        return self.tokens[0] if self.tokens else ""

    @property
    def last(self) -> str:
        return self.tokens[-1] if len(self.tokens) >= 2 else ""

    @property
    def usable(self) -> bool:
        return bool(self.tokens or self.initials)


def fold(text: str) -> str:
    """Lower-case ASCII letters, digits and spaces: 'Chloé Müller 🚀' → 'chloe muller'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = decomposed.encode("ascii", "ignore").decode().lower()
    joined = re.sub(r"(?<=[a-z])['-](?=[a-z])", "", ascii_only)  # "ji-woo" → "jiwoo", "o'brien" → "obrien"
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", joined).split())


@lru_cache(maxsize=200_000)
def parse_name(display: str | None) -> ParsedName:
    """The person-name part of a display name (the part before any tagline)."""
    if not display:
        return ParsedName(())
    head = _TAGLINE_SPLIT.split(display.strip(), maxsplit=1)[0].strip()
    raw_words = [w for w in head.split() if any(ch.isalnum() for ch in w)]
    if len(raw_words) == 1 and _INITIALS.fullmatch(raw_words[0]):
        return ParsedName((), initials=raw_words[0].lower())
    if len(raw_words) == 1 and _CAMEL_WORD.fullmatch(raw_words[0]):
        return ParsedName(())  # "CryptoKing": a brand, not a name
    words = [w for w in fold(head).split() if w not in _NOISE_WORDS and not w.isdigit()]
    if any(w in _BRAND_WORDS for w in words):
        return ParsedName(())
    if len(words) > 2:  # drop middle initials: "jane q doe" → "jane doe"
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    tokens = tuple(_NICKNAMES.get(w, w) for w in words)
    return ParsedName(tokens)


def compare_names(a: str | None, b: str | None) -> tuple[NameMatch, float]:
    """How two display names agree, and a 0-1 similarity (rapidfuzz) for confidence."""
    left, right = parse_name(a), parse_name(b)
    if not left.usable or not right.usable:
        return NameMatch.UNKNOWN, 0.0
    if left.initials or right.initials:
        return _compare_initials(left, right)
    similarity = fuzz.token_sort_ratio(" ".join(left.tokens), " ".join(right.tokens)) / 100.0
    return _compare_tokens(left, right, similarity), similarity


def _compare_tokens(left: ParsedName, right: ParsedName, similarity: float) -> NameMatch:
    if left.last and right.last:
        if left.first == right.first and left.last == right.last:
            return NameMatch.STRONG
        if similarity >= 0.92 and _first_letters_agree(left, right):
            return NameMatch.STRONG  # a typo or an accent the folding missed
        if set(left.tokens) == set(right.tokens):
            return NameMatch.STRONG  # "Doe Jane" (family name first)
        if left.last == right.last and _first_compatible(left.first, right.first):
            return NameMatch.COMPATIBLE
        return NameMatch.CONFLICT
    # One side is a single word: a first name, a surname, or a brand.
    single, full = (left, right) if len(left.tokens) == 1 else (right, left)
    word = single.tokens[0]
    if word in full.tokens or any(_first_compatible(word, t) for t in full.tokens[:1]):
        return NameMatch.COMPATIBLE
    return NameMatch.CONFLICT


def _first_compatible(a: str, b: str) -> bool:
    """Same first name, or one is the other's initial ("j" / "jane")."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _first_letters_agree(left: ParsedName, right: ParsedName) -> bool:
    return left.first[:1] == right.first[:1] and left.last[:1] == right.last[:1]


def _compare_initials(left: ParsedName, right: ParsedName) -> tuple[NameMatch, float]:
    mine = left.initials or "".join(t[0] for t in left.tokens if t)
    theirs = right.initials or "".join(t[0] for t in right.tokens if t)
    if not mine or not theirs:
        return NameMatch.UNKNOWN, 0.0
    if len(mine) == 1 or len(theirs) == 1:  # a first name or "J." against initials: only the first letter
        return (NameMatch.COMPATIBLE, 0.4) if mine[0] == theirs[0] else (NameMatch.CONFLICT, 0.0)
    if mine == theirs or mine[0] + mine[-1] == theirs[0] + theirs[-1]:
        return NameMatch.COMPATIBLE, 0.5
    return NameMatch.CONFLICT, 0.0


def handle_spells_name(handle: str, display: str | None) -> bool:
    """Whether a handle is built from a person's name ('jito', 'josephito' for 'Joseph Ito').

    Corroborates a declaration when the declaring account shows no name of its own.
    """
    parsed = parse_name(display)
    compact = re.sub(r"[^a-z0-9]", "", handle.lower())
    if len(parsed.tokens) < 2 or not compact:
        return False
    first, last = parsed.first, parsed.last
    return (len(last) >= 3 and last in compact) or (len(first) >= 4 and first in compact) or (
        compact.startswith(first[:1] + last) or compact.startswith(last + first[:1])) or (
        len(first) >= 3 and compact.startswith(first + last[:1]))


def handles_agree(a: str, b: str) -> bool:
    """Whether two handles are one person's habit ('sanamuller' / 'itssanamuller', 'ito-jakob' / 'jakobito').

    Corroborates evidence between accounts whose names say nothing (no name, initials, a brand).
    """
    left, right = _compact(a), _compact(b)
    if len(left) >= 4 and left == right:
        return True
    short, long = sorted((left, right), key=len)
    if len(short) >= 5 and short in long:
        return True
    return (_pieces_within(a, right) or _pieces_within(b, left) or _halves_within(short, long)
            or _initial_forms(a, right) or _initial_forms(b, left))


def _halves_within(short: str, long: str) -> bool:
    """Name parts reordered or abbreviated: 'chenali' / 'alichendev', 'lverma' / 'leilaverma'."""
    for cut in range(1, len(short)):
        head, tail = short[:cut], short[cut:]
        if len(head) >= 3 and len(tail) >= 3 and head in long and tail in long:
            return True
        if len(head) == 1 and len(tail) >= 4 and long.startswith(head) and tail in long[1:]:
            return True
    return False


def _initial_forms(handle: str, other: str) -> bool:
    """'ali_agyeman' written as 'alia', 'aagyeman' or 'agyemana': one part whole, the other as an initial."""
    pieces = [p for p in re.split(r"[-_.]+", handle.lower()) if p]
    if len(pieces) != 2 or min(map(len, pieces)) < 3:
        return False
    first, last = pieces
    return other in (first + last[0], first[0] + last, last + first[0], last[0] + first)


def _compact(handle: str) -> str:
    return re.sub(r"[^a-z0-9]", "", handle.lower())


def _pieces_within(handle: str, other: str) -> bool:
    """'ito-jakob' within 'jakobito': every piece of a separated handle appears in the other."""
    pieces = [p for p in re.split(r"[-_.]+", handle.lower()) if p]
    return len(pieces) >= 2 and sum(map(len, pieces)) >= 6 and all(len(p) >= 2 and p in other for p in pieces)


def name_block(display: str | None) -> str | None:
    """The blocking key for fuzzy comparison: surname + first initial ('doe:j'), None without a full name."""
    parsed = parse_name(display)
    if not parsed.last:
        return None
    return f"{parsed.last}:{parsed.first[:1]}"
