"""Find temporal expressions in a stretch of text: mask noise, run rules, pick, link ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from conflict_atlas.extract.timex.exprs import Absolute, Found, Vague, Weekday
from conflict_atlas.extract.timex.lexicon import Lexicon
from conflict_atlas.extract.timex.patterns import build_pieces, rule_patterns
from conflict_atlas.extract.timex.rules import Rules

# Spans that contain digits but never dates; blanked (same length) before matching.
_NOISE = re.compile(
    r"\[(?:\d+|[a-z]|citation needed|note \d+|nb \d+)\]"
    r"|\bISBN(?:-1[03])?:?\s*[\dXx][\d\s‐-]{8,}[\dXx]"
    r"|\bISSN:?\s*\d{4}-\d{3}[\dXx]"
    r"|\bdoi:\S+|https?://\S+|www\.\S+"
    r"|\bpp?\.\s*\d+(?:\s*[–-]\s*\d+)?",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"\s*(?:[–—‐-]|to|until|till|through|thru|and|or)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
# "the 22 May", "the 5th of August": a day that may name a thing ("the 22 May hospital").
_DETERMINED_DAY = re.compile(r"the\s+\d", re.IGNORECASE)
_NEXT_WORD = re.compile(r" ([A-Za-z]+)")
# A digit-free check lets most sentences skip the number-only rules.
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Link:
    """Two found expressions that are the endpoints of one range."""

    first: int
    last: int


def mask(text: str) -> str:
    """``text`` with citation markers, ISBNs, URLs and page numbers blanked out."""
    return _NOISE.sub(lambda m: " " * len(m.group()), text)


class Scanner:
    """Compiled rules over one lexicon; :meth:`scan` returns non-overlapping expressions."""

    def __init__(self, lex: Lexicon) -> None:
        self.rules = Rules(lex)
        pieces = build_pieces(lex)
        patterns = rule_patterns(pieces)
        self._mod_before = re.compile(pieces.mod_before())
        self._modifiers = lex.modifiers
        self._function_words = lex.function_words
        self.compiled = [(name, re.compile(pattern)) for name, pattern in patterns.items()]
        self._digit_rules = {
            "iso",
            "day_range_dm",
            "day_range_md",
            "dmy",
            "mdy",
            "my",
            "season_year",
            "quarter",
            "decade",
            "decade_short",
            "century",
            "year_pair",
            "year",
        }

    def _with_mod(self, found: Found, text: str) -> Found:
        """Extend a calendar expression left over its modifier: "late 1991", "the end of May"."""
        expr = found.expr
        if not isinstance(expr, Absolute) or expr.mod is not None or found.group is not None:
            return found
        if _DETERMINED_DAY.match(text, found.start):
            after = _NEXT_WORD.match(text, found.end)
            if after is not None and after.group(1).lower() not in self._function_words:
                return found  # "around the 22 May hospital": a name, not an approximate day
        match = self._mod_before.search(text, max(0, found.start - 40), found.start)
        if match is None:
            return found
        mod = self._modifiers.get(_norm_mod(match["mod"]))
        return replace(found, start=match.start(), expr=replace(expr, mod=mod)) if mod else found

    def scan(self, text: str) -> tuple[list[Found], list[Link]]:
        """Expressions in ``text`` (offsets into it) in order, and the ranges they form."""
        masked = mask(text)
        has_digit = bool(_HAS_DIGIT.search(masked))
        candidates: list[tuple[int, int, int, Found]] = []
        for priority, (name, regex) in enumerate(self.compiled):
            if not has_digit and name in self._digit_rules and name not in ("decade", "century"):
                continue
            for match in regex.finditer(masked):
                for found in self.rules.handlers[name](match, masked):
                    found = self._with_mod(replace(found, rule=name), masked)
                    candidates.append((found.start, -(found.end - found.start), priority, found))
        chosen = _select(candidates)
        return chosen, _links(chosen, masked)


def _norm_mod(text: str) -> str:
    return " ".join(text.lower().split()).rstrip("-")


def _select(candidates: list[tuple[int, int, int, Found]]) -> list[Found]:
    """Keep the longest expression at each place (ties: the earlier rule)."""
    taken: list[Found] = []
    for _start, _size, _priority, found in sorted(candidates, key=lambda c: (c[1], c[2], c[0])):
        if not any(found.start < t.end and t.start < found.end for t in taken):
            taken.append(found)
    return sorted(taken, key=lambda f: f.start)


def _links(found: list[Found], text: str) -> list[Link]:
    links: list[Link] = []
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.group is not None and a.group == b.group and a.rule == b.rule:
            links.append(Link(i, i + 1))
            continue
        days = isinstance(a.expr, Weekday) and isinstance(b.expr, Weekday)  # "Thursday to Friday"
        if not days and (
            not isinstance(a.expr, Absolute) or not isinstance(b.expr, (Absolute, Vague))
        ):
            continue
        if isinstance(b.expr, Vague) and b.expr.value != "PRESENT_REF":
            continue
        gap = text[a.end : b.start]
        if not _CONNECTOR.fullmatch(gap) or not gap.strip():
            continue
        word = gap.strip().lower()
        if word in ("and", "or") and not _BETWEEN.search(text[: a.start]):
            continue
        links.append(Link(i, i + 1))
    return links


def inherit(first: Absolute, last: Absolute) -> tuple[Absolute, Absolute]:
    """Fill the missing year (or month) of one range endpoint from the other."""
    a, b = first.point, last.point
    if a.year is None and b.year is not None and a.decade is None and a.century is None:
        back = 1 if (a.month or 0) > (b.month or 13) else 0
        a = replace(a, year=b.year - back)
    elif b.year is None and a.year is not None and b.decade is None and b.century is None:
        ahead = 1 if (b.month or 13) < (a.month or 0) else 0
        b = replace(b, year=a.year + ahead)
    return replace(first, point=a), replace(last, point=b)
