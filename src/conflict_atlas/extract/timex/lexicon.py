"""English temporal vocabulary, loaded once from ``data/temporal/lexicon.json``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    """Word tables the rules are written over (language knowledge, kept as data)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    numbers: dict[str, float]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    units: dict[str, str]
    modifiers: dict[str, str]
    non_year_before: frozenset[str]
    year_prefix_words: frozenset[str]
    anchoring_prepositions: frozenset[str]
    count_nouns: frozenset[str]
    sequence_words: frozenset[str] = frozenset()
    soon_words: frozenset[str] = frozenset()
    sequence_prepositions: frozenset[str] = frozenset()
    anniversary_words: frozenset[str] = frozenset()
    during_prepositions: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()

    def month(self, word: str) -> int:
        return self.months[word.rstrip(".")]

    def number(self, text: str) -> float | None:
        """Value of ``12``, ``twelve``, ``forty-five``, ``a``; None for vague words."""
        text = " ".join(text.lower().replace("-", " ").split())
        if text.replace(".", "", 1).isdigit():
            return float(text)
        if text in self.numbers:
            return self.numbers[text]
        total = 0.0
        for word in text.split():
            if word not in self.numbers:
                return None
            total += self.numbers[word]
        return total

    def unit(self, word: str) -> str:
        word = word.lower()
        if word.endswith("ies"):
            word = word[:-3] + "y"
        return self.units.get(word, self.units.get(word.rstrip("s"), "Y"))


def alternation(words: object, *, escape: bool = True) -> str:
    """Regex alternation of ``words``, longest first so the regex prefers full words."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") if escape else w for w in items)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads(
        resources.files("conflict_atlas.data").joinpath("temporal/lexicon.json").read_text("utf-8")
    )
    months = dict(raw["months"])
    months.update(raw["month_abbreviations"])
    return Lexicon(
        months=months,
        weekdays=dict(raw["weekdays"]),
        seasons=dict(raw["seasons"]),
        parts_of_day=dict(raw["parts_of_day"]),
        numbers={k: float(v) for k, v in raw["number_words"].items()},
        vague_numbers=tuple(raw["vague_numbers"]),
        ordinals=dict(raw["ordinals"]),
        decade_words=dict(raw["decade_words"]),
        units=dict(raw["units"]),
        modifiers=dict(raw["modifiers"]),
        non_year_before=frozenset(raw["non_year_before"]),
        year_prefix_words=frozenset(raw["year_prefix_words"]),
        anchoring_prepositions=frozenset(raw["anchoring_prepositions"]),
        count_nouns=frozenset(raw["count_nouns"]),
        sequence_words=frozenset(raw.get("sequence_words", ())),
        soon_words=frozenset(raw.get("soon_words", ())),
        sequence_prepositions=frozenset(raw.get("sequence_prepositions", ())),
        anniversary_words=frozenset(raw.get("anniversary_words", ())),
        during_prepositions=frozenset(raw.get("during_prepositions", ())),
        function_words=frozenset(raw.get("function_words", ())),
    )
