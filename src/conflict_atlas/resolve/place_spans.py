"""Find place-name spans in a sentence and read the words around them.

The scan works on the raw text of the document (``document.text[s.start:s.end]``), so
every span's offsets are exact; citation markers such as ``[12]`` are never part of a
name, and are skipped when the words after a name are read ("Kabul[3] Province").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple, Protocol

from conflict_atlas.resolve.gazetteer import GazetteerEntry


class Lookup(Protocol):
    """What the scan asks of a gazetteer (a ``Gazetteer`` or a scope of one)."""

    def lookup_exact(self, name: str) -> list[GazetteerEntry]: ...

    def lookup_loose(self, name: str) -> list[GazetteerEntry]: ...


MAX_WORDS = 6
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['\u2019\u02bc\u2018`](?!s\b)[^\W\d_]+)*")
_NAME_GAP = re.compile(r"(?: |-|\u2010|\u2011|\u2013| - | \u2013 )")
_CONNECTIVES = frozenset({"e", "i", "ye", "y", "yi"})
# Acronyms read as countries in running text; other codes (ISO alpha-3 such as "PAK")
# only in tables and infobox fields, where they are unambiguous.
PROSE_ACRONYMS = frozenset({"US", "USA", "UK", "USSR", "UAE", "PRC", "FATA", "NWFP"})
_MARKERS = re.compile(r"(?:\s*\[\d+\])+")

# A word after a name that says what kind of place it is ("Kabul Province").
SUFFIX_KINDS: dict[str, str] = {
    "province": "province",
    "provinces": "province",
    # first-order divisions in other countries' English names
    "governorate": "province",
    "governorates": "province",
    "oblast": "province",
    "oblasts": "province",
    "prefecture": "province",
    "prefectures": "province",
    "region": "province",
    "state": "province",
    "department": "province",
    "voivodeship": "province",
    "canton": "province",
    "county": "district",
    "raion": "district",
    "municipality": "district",
    "district": "district",
    "districts": "district",
    "city": "city",
    "valley": "valley",
    "pass": "pass",
    "airport": "airport",
    "airfield": "airport",
    "dam": "facility",
}
# "provinces of X and Y", "the city of X", "capital city, X".
_PREFIX = re.compile(
    r"\b(?P<word>provinces?|districts?|city|cities|towns?|villages?|valley)\s+"
    r"(?:of\s+|such\s+as\s+|including\s+|like\s+)?(?:the\s+)?(?:both\s+)?$"
    r"|\bcapital(?: city)?,\s+$",
    re.IGNORECASE,
)
_PREFIX_KINDS = {
    "province": "province",
    "provinces": "province",
    "district": "district",
    "districts": "district",
    "city": "city",
    "town": "city",
    "village": "city",
    "valley": "valley",
    "cities": "city",
    "towns": "city",
    "villages": "city",
}
_CAPITAL_OF = re.compile(r"^,\s+(?:the\s+)?(?:provincial\s+)?capital\s+(?:city\s+)?of\s+$", re.I)
_WITHIN = re.compile(
    r"^(?:\s+(?:commune|district|village|town|city|camp|province|region|prefecture|"
    r"governorate|county|municipality|area|neighbourhood|suburb))?"
    r",?\s+(?P<how>in|near|outside)\s+(?:the\s+)?$",
    re.I,
)
_COORDINATION = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s+and\s+|\s+or\s+|\s*&\s*)$")

# Capitalised words that may stand right before a name without being part of it.
FUNCTION_WORDS = frozenset(
    [
        "the",
        "in",
        "on",
        "at",
        "from",
        "to",
        "by",
        "of",
        "and",
        "or",
        "after",
        "before",
        "during",
        "near",
        "across",
        "both",
        "when",
        "while",
        "since",
        "until",
        "as",
        "with",
        "within",
        "outside",
        "inside",
        "into",
        "through",
        "between",
        "around",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north",
        "south",
        "east",
        "west",
        "greater",
        "upper",
        "lower",
        "neighbouring",
        "neighboring",
        "meanwhile",
        "also",
        "then",
        "later",
        "eventually",
        "however",
        "captured",
        "seized",
        "took",
    ]
)
# Capitalised words that may follow a name without making it a different name.
FOLLOWERS = frozenset(
    [
        "province",
        "provinces",
        "governorate",
        "governorates",
        "oblast",
        "oblasts",
        "prefecture",
        "prefectures",
        "state",
        "department",
        "voivodeship",
        "canton",
        "county",
        "raion",
        "municipality",
        "district",
        "districts",
        "city",
        "valley",
        "pass",
        "airport",
        "airfield",
        "air",
        "dam",
        "river",
        "border",
        "gate",
        "highway",
        "road",
        "mountains",
        "region",
        "airbase",
        "base",
        "crossing",
        # events named after the place ("the Doha Agreement", "the Laghman uprising")
        "accord",
        "accords",
        "agreement",
        "treaty",
        "conference",
        "talks",
        "summit",
        "peace",
        "protocol",
        "declaration",
        "uprising",
        "uprisings",
        "offensive",
        "massacre",
        "siege",
    ]
)


class Token(NamedTuple):
    """A word of a sentence with absolute offsets (a tuple: sentences have many)."""

    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(slots=True)
class Match:
    """A name found in a sentence with its gazetteer candidates and context."""

    start: int
    end: int
    entries: list[GazetteerEntry]
    tier: str  # exact | normalized | ner
    name: str = ""
    want: str | None = None  # kind asked for by the words around the name
    want_plural: bool = False
    span_end: int = 0  # end of the mention (includes a singular kind word)
    admin1_hint: str | None = None  # "X, the capital of <province>"
    facility: str | None = None  # "airfield" in "the Hostomel airfield"
    within: Match | None = None  # "X, in Y province": the place named as holding it
    near: bool = False  # ... "X, near Y"
    notes: list[str] = field(default_factory=list)


def tokens(text: str, start: int, end: int) -> list[Token]:
    """Word tokens of ``text[start:end]`` with absolute offsets."""
    return [
        Token(start + m.start(), start + m.end(), m.group())
        for m in _TOKEN.finditer(text[start:end])
    ]


def find_names(text: str, toks: list[Token], gazetteer: Lookup, *, acronyms: bool) -> list[Match]:
    """Longest gazetteer names that start on a capitalised token, left to right."""
    matches: list[Match] = []
    i = 0
    while i < len(toks):
        found = (
            _longest_at(text, toks, i, gazetteer, acronyms=acronyms)
            if toks[i].capitalised
            else None
        )
        if found is None:
            i += 1
            continue
        match, width = found
        if _stands_alone(text, toks, i, i + width - 1):
            matches.append(match)
        i += width
    return matches


def _longest_at(
    text: str, toks: list[Token], i: int, gazetteer: Lookup, *, acronyms: bool
) -> tuple[Match, int] | None:
    last = i
    while (
        last + 1 < len(toks)
        and last - i + 1 < MAX_WORDS
        and _NAME_GAP.fullmatch(text[toks[last].end : toks[last + 1].start])
    ):
        last += 1
    for j in range(last, i - 1, -1):
        if not (toks[j].capitalised or toks[j].text.lower() in FOLLOWERS):
            continue
        name = text[toks[i].start : toks[j].end]
        match = _lookup(name, gazetteer, acronyms=acronyms)
        if match is not None:
            match.start, match.end, match.span_end = toks[i].start, toks[j].end, toks[j].end
            match.name = name
            return match, j - i + 1
    return None


def _lookup(name: str, gazetteer: Lookup, *, acronyms: bool) -> Match | None:
    if name.replace(".", "").isupper() and len(name) <= 5:
        allowed = acronyms or "." in name or name in PROSE_ACRONYMS
        entries = gazetteer.lookup_exact(name) if allowed else []
        return Match(0, 0, entries, "exact") if entries else None
    entries = gazetteer.lookup_exact(name)
    if entries:
        return Match(0, 0, entries, "exact")
    if len(name) >= 5:
        entries = gazetteer.lookup_loose(name)
    return Match(0, 0, entries, "normalized") if entries else None


def _stands_alone(text: str, toks: list[Token], first: int, last: int) -> bool:
    """False when a capitalised neighbour makes the name part of a longer name."""
    if first > 0 and _adjacent(text, toks[first - 1], toks[first]):
        before = toks[first - 1]
        if before.capitalised and before.text.lower() not in FUNCTION_WORDS:
            return False
    if last + 1 < len(toks) and _adjacent(text, toks[last], toks[last + 1]):
        after = toks[last + 1]
        glued = text[toks[last].end : after.start] == "-" and after.text.lower() in _CONNECTIVES
        if (after.capitalised or glued) and after.text.lower() not in FOLLOWERS:
            return False
    return True


def _adjacent(text: str, left: Token, right: Token) -> bool:
    return text[left.end : right.start] in (" ", "-")


def read_context(text: str, sent_start: int, sent_end: int, matches: list[Match]) -> None:
    """Set ``want``/``span_end``/``admin1_hint`` of each match from the words around it."""
    for match in matches:
        _suffix(text, match, sent_end)
        _prefix(text, sent_start, match)
    for left, right in pairwise(matches):
        between = _MARKERS.sub("", text[left.span_end : right.start])
        if _CAPITAL_OF.match(between) and right.want == "province":
            left.admin1_hint = next((e.admin1 for e in right.entries if e.kind == "province"), None)
            left.want = left.want or "city"
        elif (within := _WITHIN.match(between)) is not None and right.entries:
            left.within, left.near = right, within.group("how").lower() != "in"
            if not left.admin1_hint and not left.near:
                province = next((e.admin1 for e in right.entries if e.kind == "province"), None)
                left.admin1_hint = province
    _coordinate(text, matches)


# A lower-case noun after a place name that names a site in or near it ("the Hostomel
# airfield", "the Zaporizhzhia nuclear power plant", "the Kerch bridge").
_FACILITY = re.compile(
    r"\s+((?:nuclear\s+)?power\s+(?:plant|station)|air\s*base|naval\s+base|military\s+base|"
    r"(?:railway|train|bus)\s+station|steel\s*works|steel\s+plant|(?:oil\s+)?refinery|"
    r"airport|airfield|bridge|dam|stadium|prison|hospital|market(?:place)?|barracks|"
    r"checkpoint|border\s+(?:crossing|post)|refugee\s+camp|camp|port|harbou?r)\b"
)


def _suffix(text: str, match: Match, sent_end: int) -> None:
    after = text[match.end : sent_end]
    skipped = _MARKERS.match(after)
    offset = skipped.end() if skipped else 0
    facility = _FACILITY.match(after[offset:])
    if facility is not None:
        match.facility = " ".join(facility.group(1).split())
        if offset == 0:
            match.span_end = match.end + facility.end()
    word = re.match(r"\s+([A-Za-z]+)(?:\s+(base|crossing|post))?", after[offset:])
    if word is None:
        return
    first, second = word.group(1).lower(), (word.group(2) or "").lower()
    if first == "air" and second == "base":
        first = "airport"
    if first == "border" and second in ("crossing", "post"):
        match.want = "border_crossing"
        return
    kind = SUFFIX_KINDS.get(first)
    if kind is None:
        return
    match.want = kind
    match.want_plural = first.endswith("s") and first != "pass"
    if not match.want_plural and offset == 0:
        match.span_end = match.end + word.end()


def _prefix(text: str, sent_start: int, match: Match) -> None:
    before = _MARKERS.sub("", text[max(sent_start, match.start - 40) : match.start])
    found = _PREFIX.search(before)
    if found is None:
        return
    word = (found.group("word") or "city").lower()
    match.want = match.want or _PREFIX_KINDS[word]
    match.want_plural = match.want_plural or word.endswith("s")


def _coordinate(text: str, matches: list[Match]) -> None:
    """'Nirkh and Jalrez Districts', 'districts of Sayghan and Kahmard': share the kind."""
    groups: list[list[Match]] = []
    for match in matches:
        if groups and _COORDINATION.match(
            _MARKERS.sub("", text[groups[-1][-1].span_end : match.start])
        ):
            groups[-1].append(match)
        else:
            groups.append([match])
    for group in groups:
        plural = [m for m in group if m.want_plural]
        if plural:
            for member in group:
                member.want = member.want or plural[0].want
        _enumerated_provinces(group)


def _enumerated_provinces(group: list[Match]) -> None:
    """'Parwan, Kunar, Nuristan, Laghman, Samangan, Kunduz': a list of provinces."""
    provincial = [m for m in group if any(e.kind == "province" for e in m.entries)]
    if len(provincial) >= 3 and len(provincial) >= 0.6 * len(group):
        for member in provincial:
            member.want = member.want or "province"
