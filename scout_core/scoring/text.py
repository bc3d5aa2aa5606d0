"""Text as the matchers read it, in every script: word edges, hashtags split into words, sentences.

A term written in Latin letters ("LLM", "agents") is a whole word when the characters beside it are
not Latin, Greek or Cyrillic letters or digits. Japanese, Chinese and Korean put no spaces between
words ("LLMの学習では", "用LLM做"), so a CJK character beside a Latin term is an edge, and a CJK term
("機械学習", "大模型") matches anywhere. Hashtags are read as the words they join: ``#AIAgents`` is
"AI Agents", ``#llm_apps`` "llm apps", and an all-lower-case tag is split when known words cover it
(``#aiagent`` is "ai agent"; ``#airdrop`` stays one word, since "rdrop" is no word).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Letters and digits of scripts that separate words with spaces; a Latin term may not touch them.
WORD_CHARS = r"0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0370-\u03FF\u0400-\u04FF"
BEFORE = rf"(?<![{WORD_CHARS}])"
AFTER = rf"(?![{WORD_CHARS}])"

_HASHTAG = re.compile(r"(?<![\w#&])#([^\W\d_][\w]{1,80})")
# Camel-case parts: "LLMs", an acronym before a capitalised word ("AIAgents" -> AI, Agents), words, digits.
_CAMEL_PART = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_A-Za-z]+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+|(?<=[。！？])")
MAX_SPLIT_WORD = 40


def split_hashtag(tag: str, vocabulary: frozenset[str]) -> str:
    """The words a hashtag joins: camel case and snake case always, lower case when the vocabulary covers it."""
    if "_" in tag or any(c.isupper() for c in tag[1:]):
        parts = [p for chunk in tag.split("_") for p in (_CAMEL_PART.findall(chunk) or [chunk])]
        return " ".join(parts)
    if len(tag) <= MAX_SPLIT_WORD and tag.isascii():
        words = _cover(tag.lower(), vocabulary)
        if words:
            return " ".join(words)
    return tag


def _cover(word: str, vocabulary: frozenset[str]) -> list[str] | None:
    """Split ``word`` into known words (fewest pieces), or None when some part is unknown."""
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 20), end):
            prefix = best[start]
            piece = word[start:end]
            if prefix is not None and piece in vocabulary and (
                    best[end] is None or len(prefix) + 1 < len(best[end] or [])):
                best[end] = [*prefix, piece]
    found = best[len(word)]
    return found if found and len(found) > 1 else None


def expand_hashtags(text: str, vocabulary: frozenset[str]) -> str:
    """``text`` with each hashtag replaced by its words (the '#' kept, so a tag stays visibly a tag)."""
    if "#" not in text:
        return text
    return _HASHTAG.sub(lambda m: "#" + split_hashtag(m.group(1), vocabulary), text)


def sentences(text: str) -> list[str]:
    """Sentences of a post or bio: split at . ! ? (and their CJK forms) followed by space, and at line breaks."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


@lru_cache(maxsize=8)
def words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word, case-insensitive alternation of ``words`` (regular expressions), with script-aware edges."""
    return re.compile(rf"{BEFORE}(?:{'|'.join(words)}){AFTER}", re.IGNORECASE)


def single_words(phrases: Iterable[str]) -> frozenset[str]:
    """The one-word, ASCII, lower-case entries of ``phrases`` (what a lower-case hashtag may be made of)."""
    return frozenset(p.lower() for p in phrases if p.isascii() and p.isalpha() and len(p) >= 2)
