"""Small text helpers of the claims stage: words with offsets, cue phrases, clauses, names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

_WORD = re.compile(r"[\w'’]+(?:[.\-–][\w'’]+)*|[^\w\s]")
_NAME_STOP = frozenset({"the", "of", "a", "an", "and", "in", "on", "at", "to", "s"})
_KEY_LENGTH = 6  # "Afghan"/"Afghanistan", "Mujahideen"/"Mujahidin" share a key


@dataclass(frozen=True, slots=True)
class Word:
    """A word (or punctuation mark) of a string, lower-cased, with its offsets."""

    text: str
    start: int
    end: int


def words(text: str, offset: int = 0) -> list[Word]:
    """The words of ``text``; offsets are shifted by ``offset``."""
    return [
        Word(m.group().lower(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)
    ]


def phrase_at(tokens: Sequence[Word], i: int, phrase: str) -> int:
    """Length in words of ``phrase`` when it starts at ``tokens[i]``, else 0.

    Every word of the phrase matches a word beginning ("evacuat" matches "evacuating");
    a phrase of punctuation (",") must match exactly.
    """
    parts = phrase.split()
    if i + len(parts) > len(tokens):
        return 0
    for k, part in enumerate(parts):
        word = tokens[i + k].text
        if not (word.startswith(part) if part[0].isalnum() else word == part):
            return 0
    return len(parts)


def find_phrases(tokens: Sequence[Word], phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Every ``(first, after_last)`` word index where one of ``phrases`` occurs."""
    found: list[tuple[int, int]] = []
    wanted = tuple(phrases)
    firsts = tuple(p.split()[0] for p in wanted if p.strip())
    for i, token in enumerate(tokens):
        if not token.text.startswith(firsts):
            continue
        for phrase in wanted:
            size = phrase_at(tokens, i, phrase)
            if size:
                found.append((i, i + size))
                break
    return found


def ends_with_phrase(tokens: Sequence[Word], end: int, phrases: Iterable[str]) -> bool:
    """True when one of ``phrases`` ends right before word index ``end``."""
    for phrase in phrases:
        size = len(phrase.split())
        if end - size >= 0 and phrase_at(tokens, end - size, phrase) == size:
            return True
    return False


def index_at(tokens: Sequence[Word], offset: int) -> int:
    """Index of the first word starting at or after ``offset`` (len(tokens) if none)."""
    for i, token in enumerate(tokens):
        if token.start >= offset:
            return i
    return len(tokens)


def clause_bounds(tokens: Sequence[Word], openers: Iterable[str]) -> list[tuple[int, int]]:
    """Word-index spans of the clauses of a sentence: split at ";" and clause openers.

    A rough cut (no parse), enough to keep "after failing to do so in July" apart from
    "capturing the city" when deciding which date a statement carries.
    """
    cuts = {0}
    opener_set = set(openers)
    for i, token in enumerate(tokens):
        if token.text in (";", "—") or (i > 0 and token.text in opener_set):
            cuts.add(i if token.text in opener_set else i + 1)
    edges = sorted(cuts | {len(tokens)})
    return [(a, b) for a, b in pairwise(edges) if b > a]


def clause_of(bounds: Sequence[tuple[int, int]], index: int) -> tuple[int, int]:
    """The clause span containing word ``index``."""
    for first, last in bounds:
        if first <= index < last:
            return first, last
    return bounds[-1] if bounds else (0, 0)


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` (diacritics dropped)."""
    if text.isascii():  # nothing to decompose: the common case, without the char loop
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_key(name: str) -> str:
    """A spelling-tolerant key for names: "the Afghanistan conflict" == "Afghan conflict".

    Words are folded, stop words dropped and every word cut to six letters, so
    inflections and demonyms of one stem meet ("Afghan"/"Afghanistan").
    """
    parts = re.findall(r"[a-z0-9]+", fold(name))
    return " ".join(p[:_KEY_LENGTH] for p in parts if p not in _NAME_STOP)


def in_parentheses(text: str, offset: int) -> bool:
    """True when ``offset`` of ``text`` lies inside an open parenthesis."""
    before = text[:offset]
    return before.count("(") > before.count(")")
