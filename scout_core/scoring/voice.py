"""Whose words are these? Each sentence of a profile read as the person's own, neutral, or about others.

Class and shipping cues count when people say them of themselves or their own work, not when they
write about someone else ("the founder of OpenClaw reached out", "@PerleLabs led by CEO @ahmed"),
repost or quote. So every sentence gets a voice:

* ``own`` — the bio (how they describe themselves), a first-person sentence ("we shipped", "我们发布了",
  "lanzamos"), a subjectless report of their own work ("Just shipped v0.3", "Excited to announce"), or
  a sentence naming the account itself ("Aithon is live" on @AithonTech, "by @me");
* ``other`` — a repost, a quote, credit to someone else ("congrats @ann", "by @bob", "h/t"), or a sentence
  whose subject is another account or "the founder/CEO of ...";
* ``neutral`` — everything else (commentary, news, links): it counts for half.

Role nouns ("founder", "PhD", "angel investor") are stricter: in a post they count only in a
self-identification ("I'm a founder", "as a researcher"); in the bio they count unless they introduce
someone else ("Founded by Gregory", "Edited by @matt").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from scout_core.handles import website_key
from scout_core.scoring.text import AFTER, BEFORE, sentences


class Voice(StrEnum):
    OWN = "own"
    NEUTRAL = "neutral"
    OTHER = "other"


VOICE_WEIGHT = {Voice.OWN: 1.0, Voice.NEUTRAL: 0.5, Voice.OTHER: 0.0}

# First person, in the languages we read (English, Spanish, Portuguese, French, German, Japanese,
# Chinese, Korean, Hindi, Arabic). CJK and Arabic forms match inside words: those scripts glue them on.
_FIRST_PERSON_WORDS = (
    r"i", r"i'm", r"i’m", r"im", r"i've", r"i’ve", r"i'd", r"i'll", r"me", r"my", r"mine", r"myself",
    r"we", r"we're", r"we’re", r"we've", r"we’ve", r"we'll", r"our", r"ours", r"us",
    r"yo", r"mi", r"mis", r"nosotros", r"nuestro", r"nuestra", r"nuestros", r"nuestras", r"hemos",
    r"eu", r"meu", r"minha", r"nós", r"nosso", r"nossa", r"je", r"j'ai", r"nous", r"notre", r"nos",
    r"ich", r"wir", r"unser", r"unsere", r"mein", r"meine",
)
_FIRST_PERSON_GLUED = (
    "私", "僕", "俺", "弊社", "我々", "我", "我们", "我們", "나는", "저는", "제가", "내가", "우리", "저희",
    "मैं", "मैंने", "हम", "हमने", "मेरा", "मेरी", "हमारा", "हमारी", "أنا", "نحن", "لقد", "قمنا", "أطلقنا",
    "أطلقت",
)
_FIRST_PERSON = re.compile(
    rf"{BEFORE}(?:{'|'.join(_FIRST_PERSON_WORDS)}){AFTER}|{'|'.join(_FIRST_PERSON_GLUED)}", re.IGNORECASE)
# A sentence that reports the author's own work without saying "I": "Just shipped…", "Excited to announce…".
_SUBJECTLESS_OWN = re.compile(
    r"^(?:[\W_]*)(?:just\s+|finally\s+|today\s+|now\s+)?"
    r"(?:shipped|launched|launching|released|releasing|open[- ]sourced|published|built|building|made|"
    r"wrote|writing|working on|spent|hacking on|excited to|thrilled to|proud to|happy to|introducing|"
    r"announcing|accepted at|presenting|raised|hiring|investing|invested|backed|wrote a check)\b",
    re.IGNORECASE)
# Someone else's work, words or role: credit, reposts, "the founder of", "@x's", "@x is/has/just…".
_OTHERS = re.compile(
    r"(?:^|\s)(?:rt|RT)\s+@|^[\"“”]|\b(?:congrats|congratulations|kudos|shout-?out to|props to|h/t|hat tip|"
    r"via @|by @\w+|from @\w+|led by|founded by|run by|edited by|hosted by|according to|"
    r"(?:the|a|their|his|her)\s+(?:\w+\s+)?(?:founder|co-?founder|ceo|cto|researcher|investor|engineer|"
    r"team|creator|author)s?\s+(?:of|at|from|behind)|"
    r"(?:founder|co-?founder|ceo|cto)\s+@\w+)",
    re.IGNORECASE)
_SUBJECT_OTHER = re.compile(r"^(?:[\W_]*)@(\w+)(?:'s|’s)?\s+(?!is\s+me\b)", re.IGNORECASE)
_MENTION = re.compile(r"@(\w{1,30})")
_SELF_IDENTIFICATION = re.compile(
    r"(?:\b(?:i'm|i’m|i am|im|as an?|as the|we're|we’re|we are|i've been|i was|i became|my role as)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}$)",
    re.IGNORECASE)
# Bio constructions that introduce someone else's role: "Founded by Gregory", "Edited by @matt".
_BIO_OTHERS = re.compile(r"\b(?:founded|edited|run|managed|curated|hosted|created|backed)\s+by\b.*",
                         re.IGNORECASE)
SELF_NAME_MIN = 4
# Parts of a handle that are words anyone uses, not the account's name ("AithonTech" is "aithon").
_GENERIC_PARTS = frozenset({"tech", "labs", "team", "news", "daily", "official", "club", "home", "crypto",
                            "build", "builds", "code", "data", "real", "world", "life", "group", "media"})


@dataclass(frozen=True)
class Sentence:
    text: str
    where: str  # "bio", "name" or "post <id>"
    voice: Voice

    @property
    def weight(self) -> float:
        return VOICE_WEIGHT[self.voice]


def self_names(handle: str, website: str | None, display_name: str | None) -> tuple[str, ...]:
    """Names the account goes by: its handle, its handle's parts, its site's name and its display name."""
    names = {handle.lower()}
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", handle)
    names.update(p.lower() for p in parts if len(p) >= SELF_NAME_MIN and p.lower() not in _GENERIC_PARTS)
    if website:
        label = website_key(website).partition("/")[0].split(".")
        core = label[-2] if len(label) >= 2 else label[0]
        if len(core) >= SELF_NAME_MIN and core not in ("github", "medium", "linktr", "substack", "linkedin"):
            names.add(core.lower())
    if display_name and len(display_name.strip()) >= SELF_NAME_MIN:
        names.add(display_name.strip().lower())
    return tuple(sorted(names))


def voice_of(sentence: str, own_names: tuple[str, ...]) -> Voice:
    """The voice of one post sentence (see the module docstring)."""
    lowered = sentence.lower()
    mentions = {m.lower() for m in _MENTION.findall(sentence)}
    names_self = bool(mentions & set(own_names)) or any(
        re.search(rf"{BEFORE}{re.escape(name)}{AFTER}", lowered) for name in own_names if "@" + name not in lowered)
    subject = _SUBJECT_OTHER.match(sentence)
    if subject and subject.group(1).lower() not in own_names:
        return Voice.OTHER
    if _OTHERS.search(sentence) and not _credits_self(sentence, own_names):
        return Voice.OTHER
    if _FIRST_PERSON.search(sentence) or _SUBJECTLESS_OWN.search(sentence) or names_self:
        return Voice.OWN
    return Voice.NEUTRAL


def _credits_self(sentence: str, own_names: tuple[str, ...]) -> bool:
    """ "AutoAgents by @me": credit that names the account itself is a claim, not credit to others."""
    credited = re.findall(r"\b(?:by|from|via)\s+@(\w+)", sentence, re.IGNORECASE)
    return bool(credited) and all(c.lower() in own_names for c in credited)


def profile_sentences(bio: str | None, posts: list[tuple[str, str]], own_names: tuple[str, ...]) -> list[Sentence]:
    """The bio as one own sentence (minus clauses introducing others), then each post's sentences with their voice.

    A post that is a repost ("RT @…") is other people's words throughout.
    """
    found: list[Sentence] = []
    if bio:
        found.append(Sentence(_BIO_OTHERS.sub("", bio), "bio", Voice.OWN))
    for where, text in posts:
        repost = text.lstrip().startswith(("RT @", "rt @"))
        for piece in sentences(text):
            voice = Voice.OTHER if repost else voice_of(piece, own_names)
            found.append(Sentence(piece, where, voice))
    return found


def self_identified(text: str, start: int) -> bool:
    """Whether the role noun at ``start`` of a post sentence is the author naming themselves ("I'm a founder")."""
    return _SELF_IDENTIFICATION.search(text[max(0, start - 60):start]) is not None
