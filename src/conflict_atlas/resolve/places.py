"""Resolve place mentions to gazetteer places with coordinates and a precision.

Candidates come from gazetteer string matching over each sentence (longest name first,
capitalised words only; see :mod:`conflict_atlas.resolve.place_spans`) and, when given,
from spaCy GPE/LOC/FAC entities. Context then picks among same-named candidates:

- a kind word after or before the name: "Kabul Province", "Nirkh and Jalrez Districts",
  "districts of Sayghan and Kahmard", "the city of Ghazni", "Bagram Airfield";
- "Zaranj, the capital of Nimruz Province" (the city in that province);
- a table column header (Province / Capital / Country / Frontier);
- a province and its capital of the same name (Kunduz, Herat, Ghazni): the city unless
  the text says province; a province and a same-named non-capital town (Balkh,
  Uruzgan): the province;
- places in provinces named in the same sentence or document, and in the document's
  country (the country the document names most), are preferred.

Example::

    mentions, places = resolve_places(document, sentences)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from conflict_atlas.models import (
    Document,
    EntityMention,
    Place,
    Sentence,
    TableRow,
    UnitKind,
    content_id,
)
from conflict_atlas.resolve.gazetteer import (
    SETTLEMENT_KINDS,
    Gazetteer,
    GazetteerEntry,
    default_gazetteer,
    loose_key,
)
from conflict_atlas.resolve.place_spans import Match, find_names, read_context, tokens

__all__ = ["PlaceResolver", "resolve_places", "where_prec"]

NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
_HAND_KINDS = frozenset({"border_crossing", "pass", "valley", "facility", "region"})
_HEADER_KINDS = (
    ("province", "province"),
    ("capital", "city"),
    ("city", "city"),
    ("town", "city"),
    ("district", "district"),
    ("country", "country"),
    ("frontier", "border_crossing"),
    ("crossing", "border_crossing"),
)
_WHERE_PREC = {
    "exact": 1,
    "city": 1,
    "near": 2,
    "district": 3,
    "province": 4,
    "region": 5,
    "country": 6,
}


def where_prec(precision: str) -> int:
    """UCDP GED ``where_prec`` code (1 exact … 6 country, 7 unknown) of a precision name."""
    return _WHERE_PREC.get(precision, 7)


class PlaceResolver:
    """Finds and resolves place mentions; holds the gazetteer (loaded once).

    ``PlaceResolver(gazetteer)(document, sentences)`` returns ``(mentions, places)``:
    one ``EntityMention`` (kind "place") per mention, and the distinct ``Place`` records
    the mentions point to, in order of first mention.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()

    def __call__(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        *,
        entities: Iterable[tuple[int, int, str]] = (),
    ) -> tuple[list[EntityMention], list[Place]]:
        found = [(s, self._matches(document, s)) for s in sentences]
        self._add_entities(document, found, entities)
        context = _DocContext.from_matches(m for _, ms in found for m in ms)
        mentions: list[EntityMention] = []
        places: dict[str, Place] = {}
        for sentence, matches in found:
            for match in matches:
                provinces = _provinces(m for m in matches if m is not match)
                mention, place = self._resolve(document, sentence, match, provinces, context)
                mentions.append(mention)
                if place is not None:
                    places.setdefault(place.id, place)
        return mentions, list(places.values())

    def _matches(self, document: Document, sentence: Sentence) -> list[Match]:
        text = document.text
        structured = sentence.kind in (UnitKind.TABLE_ROW, UnitKind.INFOBOX_FIELD)
        toks = tokens(text, sentence.start, sentence.end)
        matches = find_names(text, toks, self.gazetteer, acronyms=structured)
        read_context(text, sentence.start, sentence.end, matches)
        if sentence.kind == UnitKind.TABLE_ROW:
            _table_columns(document, sentence, matches)
        return matches

    def _add_entities(
        self,
        document: Document,
        found: list[tuple[Sentence, list[Match]]],
        entities: Iterable[tuple[int, int, str]],
    ) -> None:
        """Add NER spans that string matching missed (looked up by their text)."""
        for start, end, label in entities:
            if label not in NER_LABELS:
                continue
            for sentence, matches in found:
                if sentence.start <= start < sentence.end:
                    if not any(m.start < end and start < m.span_end for m in matches):
                        matches.append(self._entity_match(document.text, start, end))
                        matches.sort(key=lambda m: m.start)
                    break

    def _entity_match(self, text: str, start: int, end: int) -> Match:
        name = re.sub(r"^(?:the|The)\s+", "", text[start:end])
        start = end - len(name)
        entries = self.gazetteer.lookup(name)
        return Match(start, end, entries, "ner", name=name, span_end=end)

    def _resolve(
        self,
        document: Document,
        sentence: Sentence,
        match: Match,
        provinces: set[str],
        context: _DocContext,
    ) -> tuple[EntityMention, Place | None]:
        entry, method, score = choose(match, provinces, context)
        place = entry.to_place() if entry else None
        if (
            place is not None
            and match.want in ("province", "district")
            and entry
            and entry.kind != match.want
        ):
            method = "context"
        mention = EntityMention(
            doc_id=document.id,
            sentence_id=sentence.id,
            start=match.start,
            end=match.span_end,
            text=document.text[match.start : match.span_end],
            kind="place",
            entity_id=place.id if place else None,
            method=method,
            score=score,
        )
        return mention, place


def resolve_places(
    document: Document,
    sentences: Sequence[Sentence],
    *,
    gazetteer: Gazetteer | None = None,
    entities: Iterable[tuple[int, int, str]] = (),
) -> tuple[list[EntityMention], list[Place]]:
    """Place mentions of ``document`` and the places they resolve to.

    ``entities`` optionally adds spaCy entity spans ``(start, end, label)`` (absolute
    offsets; GPE/LOC/FAC are used) that the gazetteer scan did not find.
    """
    return PlaceResolver(gazetteer)(document, sentences, entities=entities)


class _DocContext:
    """What the whole document says: its country and how often each province comes up."""

    def __init__(self, country: str | None, provinces: Counter[str]) -> None:
        self.country = country
        self.provinces = provinces

    @classmethod
    def from_matches(cls, matches: Iterable[Match]) -> _DocContext:
        countries: Counter[str] = Counter()
        provinces: Counter[str] = Counter()
        for match in matches:
            kinds = {e.kind for e in match.entries}
            if kinds == {"country"}:
                countries[match.entries[0].country] += 1
            provinces.update({e.admin1 for e in match.entries if e.kind == "province"})
        country = countries.most_common(1)[0][0] if countries else None
        return cls(country, provinces)


def _provinces(matches: Iterable[Match]) -> set[str]:
    return {e.admin1 for m in matches for e in m.entries if e.kind == "province"}


def choose(
    match: Match, provinces: set[str], context: _DocContext
) -> tuple[GazetteerEntry | None, str, float]:
    """The best entry for ``match``, how it was chosen, and a confidence score."""
    if not match.entries:
        return None, "none", 0.0
    ranked = sorted(match.entries, key=lambda e: -_score(e, match, provinces, context))
    best = ranked[0]
    if match.tier == "ner":
        return best, "ner", 0.7
    if match.tier == "normalized":
        return best, "normalized", 0.9
    if len({e.key for e in match.entries}) == 1:
        return best, "exact", 1.0
    return best, "context", 0.85


def _score(entry: GazetteerEntry, match: Match, provinces: set[str], context: _DocContext) -> float:
    score = _prior(entry, match.entries)
    if loose_key(entry.name) == loose_key(match.name):
        score += 8  # named by its own name, not through a secondary alias
    if match.want and _kind_fits(entry.kind, match.want):
        score += 100
    if match.admin1_hint and entry.admin1 == match.admin1_hint:
        score += 50
    if entry.kind not in ("province", "country") and entry.admin1:
        score += 20 * (entry.admin1 in provinces) + 2 * min(context.provinces[entry.admin1], 5)
    if context.country and entry.kind != "country" and entry.country == context.country:
        score += 30
    return score + math.log10(entry.population + 1)


def _kind_fits(kind: str, want: str) -> bool:
    return kind == want or (want == "city" and kind in SETTLEMENT_KINDS)


def _prior(entry: GazetteerEntry, rivals: Sequence[GazetteerEntry]) -> float:
    """How likely a bare name means this entry, before context."""
    if entry.kind in _HAND_KINDS:
        return 40
    if entry.kind == "country":
        return 38
    if entry.kind == "province":
        has_capital = any(
            r.is_capital and r.admin1 == entry.admin1 and loose_key(r.name) == loose_key(entry.name)
            for r in rivals
        )
        return 20 if has_capital else 36
    if entry.kind in SETTLEMENT_KINDS:
        return 35 if entry.is_capital else {"city": 28, "town": 25}.get(entry.kind, 12)
    return {"district": 15, "airport": 10}.get(entry.kind, 5)


def _table_columns(document: Document, sentence: Sentence, matches: list[Match]) -> None:
    """Use the table's header row to say what kind of place each cell names."""
    for table in document.tables:
        if not table.start <= sentence.start <= table.end or len(table.rows) < 2:
            continue
        header = _header(table.rows[:2])
        row = next((r for r in table.rows[1:] if r.start == sentence.start), None)
        if row is None:
            return
        shift = (
            1 if header and "date" in header[0] and not re.search(r"\d", row.cells[0].text) else 0
        )
        for match in matches:
            column = next(
                (i for i, c in enumerate(row.cells) if c.start <= match.start < c.end), None
            )
            if column is not None and column + shift < len(header) and not match.want:
                match.want = _header_kind(header[column + shift])
        return


def _header(rows: Sequence[TableRow]) -> list[str]:
    """The header row: the first of the top rows naming a kind of place (a caption may
    come first)."""
    for row in rows:
        cells = [c.text.lower() for c in row.cells]
        if sum(_header_kind(c) is not None for c in cells) >= 2:
            return cells
    return []


def _header_kind(header: str) -> str | None:
    return next((kind for word, kind in _HEADER_KINDS if word in header), None)


def place_id(key: str) -> str:
    """The ``Place.id`` of a gazetteer key (``content_id("place", key)``)."""
    return content_id("place", key)
