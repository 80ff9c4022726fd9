"""Word lists for :mod:`conflict_atlas.extract.quantities` and the patterns built from them.

The data lives in ``data/quantities/lexicon.yaml`` (schema in ``docs/quantities.md``);
it is read once per process. Token helpers shared by the lexicon and the scanner live
here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def norm(token: str) -> str:
    low = token.lower()
    for suffix in ("'s", "’s"):
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


def phrase_at(
    tokens: Sequence[str], i: int, table: dict[tuple[str, ...], str]
) -> tuple[str, int] | None:
    """Longest phrase of ``table`` starting at token ``i``: (value, length)."""
    for size in (4, 3, 2, 1):
        key = tuple(norm(t) for t in tokens[i : i + size])
        if len(key) == size and key in table:
            return table[key], size
    return None


def phrase_ending(tokens: Sequence[str], end: int, table: dict[tuple[str, ...], str]) -> str | None:
    """Value of the longest phrase of ``table`` ending right before token ``end``."""
    for size in (4, 3, 2, 1):
        if end - size < 0:
            continue
        key = tuple(norm(t) for t in tokens[end - size : end])
        if key in table:
            return table[key]
    return None


# --- values ------------------------------------------------------------------------


def squash(text: str) -> str:
    return " ".join(text.lower().split())


Phrases = dict[tuple[str, ...], str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists of ``data/quantities/lexicon.yaml`` and the patterns built from them."""

    units: dict[str, float]
    tens: dict[str, float]
    scales: dict[str, float]
    suffixes: dict[str, float]
    fractions_first: dict[str, float]
    vague: dict[str, tuple[float | None, float | None, float | None]]
    vague_need_noun: frozenset[str]
    hedges: dict[str, str]
    currency_prefix: dict[str, str]
    currency_words: Phrases
    nouns: Phrases
    after: Phrases
    before: Phrases
    not_before: Phrases
    infobox_keys: dict[str, str]
    months: frozenset[str]
    time_units: frozenset[str]
    measure_units: frozenset[str]
    lead_words: frozenset[str]
    formation_words: frozenset[str]
    noun_stops: frozenset[str]
    things: frozenset[str]
    outcome_kinds: frozenset[str]
    participles: frozenset[str]
    object_skip: frozenset[str]
    number_re: re.Pattern[str]
    vague_re: re.Pattern[str]


def _phrases(groups: Mapping[str, Iterable[str]]) -> Phrases:
    """{category: [phrase, ...]} -> {(token, ...): category}; the first listing wins."""
    table: Phrases = {}
    for category, phrases in groups.items():
        for phrase in phrases:
            table.setdefault(tuple(norm(t) for t in tokens(str(phrase))), category)
    return table


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _number_pattern(data: Mapping[str, Any], hedges: Iterable[str]) -> re.Pattern[str]:
    words = data["number_words"]
    units, tens = _alternation(words["units"]), _alternation(words["tens"])
    scales = _alternation(words["scales"])
    fractions = _alternation(words["fractions"])
    written = (
        rf"(?:(?:{tens})(?:[- ](?:{units}))?|{units})(?:\s+(?:{scales}))*"
        rf"|(?:(?:{fractions})\s+)?an?(?:\s+(?:{scales}))+"
    )
    digits = (
        r"\d+ \d{1,2}(?= (?:million|billion|trillion)\b)"
        r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    )
    number = rf"(?:{digits}|\b(?:{written})\b)"
    scale = rf"(?:\s?(?:{scales})\b|(?:{_alternation(words['suffixes'])})\b)"
    currency = _alternation(data["currencies"]["prefix"])
    pattern = (
        rf"(?P<hedge>\b(?:{_alternation(hedges)}|between)\s+)?"
        rf"(?P<body>(?:(?P<cur>{currency})\s?)?(?P<n1>{number})(?P<s1>{scale})?"
        rf"(?:(?P<rsep>\s?[–—-]\s?|\s+(?:to|and)\s+)(?:(?P<cur2>{currency})\s?)?"
        rf"(?P<n2>{number})(?P<s2>{scale})?)?"
        r"(?P<plus>\+)?(?P<pct>\s?%|\s(?:percent|per\s+cent)\b)?)"
    )
    return re.compile(pattern, re.IGNORECASE | re.ASCII)


def _vague_pattern(vague: Iterable[str], hedges: Iterable[str]) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<hedge>\b(?:{_alternation(hedges)})\s+)?\b(?P<word>{_alternation(vague)})\b",
        re.IGNORECASE,
    )


def _floats(table: Mapping[str, Any]) -> dict[str, float]:
    return {str(k).lower(): float(v) for k, v in table.items()}


def _words(items: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(item).lower() for item in items)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the bundled lexicon once per process."""
    source = resources.files("conflict_atlas.data").joinpath("quantities/lexicon.yaml")
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    words, outcomes = data["number_words"], data["outcomes"]
    hedges = {squash(str(k)): str(v) for k, v in data["hedges"].items()}
    vague = {squash(str(k)): (v["low"], v["best"], v["high"]) for k, v in data["vague"].items()}
    return Lexicon(
        units=_floats(words["units"]),
        tens=_floats(words["tens"]),
        scales=_floats(words["scales"]),
        suffixes=_floats(words["suffixes"]),
        fractions_first=_floats(words["fractions"]),
        vague=vague,
        vague_need_noun=_words(data["vague_need_noun"]),
        hedges=hedges,
        currency_prefix={str(k): str(v) for k, v in data["currencies"]["prefix"].items()},
        currency_words=_phrases(
            {
                code: [w for w, c in data["currencies"]["words"].items() if c == code]
                for code in set(data["currencies"]["words"].values())
            }
        ),
        nouns=_phrases(data["nouns"]),
        after=_phrases(outcomes["after"]),
        before=_phrases(outcomes["before"]),
        not_before=_phrases({"x": data["not_before"]}),
        infobox_keys={str(k): str(v) for k, v in data["infobox_keys"].items()},
        months=_words(data["months"]),
        time_units=_words(data["time_units"]),
        measure_units=_words(data["measure_units"]),
        lead_words=_words(data["lead_words"]),
        formation_words=_words(data["formation_words"]),
        noun_stops=_words(data["noun_stops"]),
        things=_words(data["categories"]["things"]),
        outcome_kinds=_words(data["categories"]["outcomes"]),
        participles=_words(data["categories"]["participles"]),
        object_skip=_words(data["object_skip"]),
        number_re=_number_pattern(data, hedges),
        vague_re=_vague_pattern(vague, hedges),
    )


def number_value(raw: str, lex: Lexicon) -> tuple[float, bool] | None:
    """Value of a digit or written number; the flag says whether it was written."""
    text = raw.strip().lower()
    if text[0].isdigit():
        return _digit_value(text), False
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text):
        if word in lex.fractions_first:
            current = lex.fractions_first[word]
        elif word in lex.units:
            current += lex.units[word]
        elif word in lex.tens:
            current += lex.tens[word]
        elif word in lex.scales:
            current = (current or 1.0) * lex.scales[word]
            if lex.scales[word] >= 1000:
                total, current = total + current, 0.0
        elif word not in ("a", "an", "and", "half"):
            return None
    return total + current, True


def _digit_value(text: str) -> float:
    if re.fullmatch(r"\d+ \d{1,2}", text):  # "10 5 billion": full stop lost in a dump
        text = text.replace(" ", ".")
    if re.fullmatch(r"\d{1,3}(?:\.000)+", text):  # "500.000": dots as thousands
        text = text.replace(".", "")
    return float(text.replace(",", ""))
