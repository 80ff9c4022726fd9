"""Resolve place mentions to gazetteer places with coordinates and a precision.

A place mention needs a name the gazetteer knows, or that the text itself marks as a place.
Candidates come from three sources:

- a scan of each sentence for gazetteer names (longest name first, capitalised words only;
  see :mod:`conflict_atlas.resolve.place_spans`), first against the places every build
  knows (countries, regions, capitals, large cities, named features, the Afghan detail),
  then, once the document's countries are known, against every place of those countries
  (:class:`~conflict_atlas.resolve.setting.DocumentPlaces`);
- spaCy's GPE/LOC/FAC entities, looked up among all places of the world;
- names the words around them mark as places ("the town of X", "X province", "in X"),
  looked up among all places of the world.

A name is not a place when the text says it is a person: a title before it ("General
Dostum"), a person entity around it, a surname of a person the document names in full,
or a longer organisation name it is part of ("Army of Republika Srpska").

Context then picks among namesakes:

- a kind word after or before the name: "Kabul Province", "Nirkh and Jalrez Districts",
  "districts of Sayghan and Kahmard", "the city of Ghazni", "Bagram Airfield";
- "Zaranj, the capital of Nimruz Province" (the city in that province);
- a table column header (Province / Capital / Country / Frontier);
- a province and its capital of the same name (Kunduz, Herat, Ghazni): the city unless
  the text says province; a province and a same-named non-capital town (Balkh,
  Uruzgan): the province;
- places in regions named in the same sentence or document, and in the countries the
  document is about (in proportion to how much it is about each), then population.

A name the text marks as a place but the gazetteer lacks is placed by the place the text
says holds it ("Kibilira commune, in Gisenyi prefecture": Gisenyi's point and precision;
"X, near Y": Y's point at precision ``near``); otherwise it is kept as an unresolved
mention (``entity_id`` None, method ``unresolved``), listed for the user by ``places
--unresolved``, and never becomes an actor. A site named after a place ("the Hostomel
airfield") is that place's point at precision ``near``.

Example::

    mentions, places = resolve_places(document, sentences)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc

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
from conflict_atlas.resolve.place_spans import Match, Token, find_names, read_context, tokens
from conflict_atlas.resolve.place_vetoes import SentenceView, marked_names, person_names
from conflict_atlas.resolve.setting import DocumentPlaces, Scope

__all__ = ["WHERE_PREC", "PlaceResolver", "resolve_places", "where_prec"]

NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
_HAND_KINDS = frozenset({"border_crossing", "pass", "valley", "facility", "region"})
_SITE_KINDS = frozenset({"airport", "facility", "border_crossing"})
_SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood"})
#: Natural Earth's named features: a sea, a range or an island is named as such.
_FEATURE_KINDS = frozenset({"sea", "lake", "river", "mountains", "island", "desert", "peak"})
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
WHERE_PREC: dict[str, int] = {
    "exact": 1,
    "city": 1,
    "near": 2,
    "district": 3,
    "admin1": 4,
    "province": 4,  # knowledge bases built before 0.2 named admin1 precision "province"
    "region": 5,
    "country": 6,
}


def where_prec(precision: str) -> int:
    """UCDP GED ``where_prec`` code (1 exact … 6 country, 7 unknown) of a precision name."""
    return WHERE_PREC.get(precision, 7)


class PlaceResolver:
    """Finds and resolves place mentions; holds the gazetteer (loaded once).

    ``PlaceResolver(gazetteer)(document, sentences, docs=parsed)`` returns
    ``(mentions, places)``: one ``EntityMention`` (kind "place") per mention, and the
    distinct ``Place`` records the mentions point to, in order of first mention. ``docs``
    (one spaCy Doc per sentence) adds named entities and the checks that tell people from
    places; without it only the gazetteer scan runs.

    Args:
        gazetteer: the gazetteer; by default the bundled one (world included).
        not_places: tells names that are known actors ("Hezbollah"), which are never kept
            as unresolved places.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        not_places: Callable[[str], bool] | None = None,
    ) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.not_places = not_places or (lambda _name: False)

    def __call__(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        *,
        docs: Sequence[Doc] | None = None,
        entities: Iterable[tuple[int, int, str]] = (),
    ) -> tuple[list[EntityMention], list[Place]]:
        core = Scope(self.gazetteer)
        toks = [tokens(document.text, s.start, s.end) for s in sentences]
        found = [
            (s, self._matches(document, s, t, core)) for s, t in zip(sentences, toks, strict=True)
        ]
        setting = DocumentPlaces.from_matches(document, found, self._title_matches(document))
        scope = setting.scope(self.gazetteer)
        if scope.countries:
            found = [
                (s, self._matches(document, s, t, scope) if self._may_add(t, ms, scope) else ms)
                for (s, ms), t in zip(found, toks, strict=True)
            ]
        views = _views(document, sentences, docs)
        if views:
            people = person_names(docs or ())
            primary = scope.countries[0] if scope.countries else None
            focus = frozenset(setting.focus())
            _drop_people(found, views, people, primary, focus)  # before the entities they hide
            self._add_marked(document, found, views, scope)
            _drop_people(found, views, people, primary, focus)
        self._add_entities(document, found, entities, scope)
        context = setting.refined(m for _, ms in found for m in ms)
        return self._resolve_all(document, found, context)

    def _resolve_all(
        self,
        document: Document,
        found: Sequence[tuple[Sentence, list[Match]]],
        context: DocumentPlaces,
    ) -> tuple[list[EntityMention], list[Place]]:
        mentions: list[EntityMention] = []
        places: dict[str, Place] = {}
        for sentence, matches in found:
            resolved: dict[int, tuple[EntityMention, Place | None]] = {}
            for match in matches:
                if not match.entries and self.not_places(match.name):
                    continue
                provinces = _provinces(m for m in matches if m is not match)
                resolved[id(match)] = self._resolve(document, sentence, match, provinces, context)
            for match in matches:
                if id(match) in resolved and match.within is not None:
                    resolved[id(match)] = _held(match, resolved[id(match)], resolved)
            for mention, place in resolved.values():
                mentions.append(mention)
                if place is not None:
                    places.setdefault(place.id, place)
        return mentions, list(places.values())

    def _title_matches(self, document: Document) -> list[Match]:
        title = document.title or ""
        toks = tokens(title, 0, len(title))
        return find_names(title, toks, Scope(self.gazetteer), acronyms=False)

    def _may_add(self, toks: Sequence[Token], matches: Sequence[Match], scope: Scope) -> bool:
        """Whether a capitalised word outside ``matches`` starts a name of ``scope``'s
        countries (else scanning the sentence again would find the same)."""
        return any(
            t.capitalised
            and not any(m.start <= t.start < m.end for m in matches)
            and self.gazetteer.starts_name(t.text, scope.countries)
            for t in toks
        )

    def _matches(
        self, document: Document, sentence: Sentence, toks: list[Token], scope: Scope
    ) -> list[Match]:
        text = document.text
        structured = sentence.kind in (UnitKind.TABLE_ROW, UnitKind.INFOBOX_FIELD)
        matches = find_names(text, toks, scope, acronyms=structured)
        read_context(text, sentence.start, sentence.end, matches)
        if sentence.kind == UnitKind.TABLE_ROW:
            _table_columns(document, sentence, matches)
        return matches

    def _add_marked(
        self,
        document: Document,
        found: list[tuple[Sentence, list[Match]]],
        views: Sequence[SentenceView],
        scope: Scope,
    ) -> None:
        """Add names the parse or the words around them mark as places, looked up world-wide."""
        for (sentence, matches), view in zip(found, views, strict=True):
            added = False
            for start, end, how in marked_names(view):
                if any(m.start < end and start < m.span_end for m in matches):
                    continue
                name = document.text[start:end]
                entries = scope.lookup(name) or self.gazetteer.lookup_world(name)
                matches.append(Match(start, end, entries, how, name=name, span_end=end))
                added = True
            if added:
                matches.sort(key=lambda m: m.start)
                read_context(document.text, sentence.start, sentence.end, matches)

    def _add_entities(
        self,
        document: Document,
        found: list[tuple[Sentence, list[Match]]],
        entities: Iterable[tuple[int, int, str]],
        scope: Scope,
    ) -> None:
        """Add NER spans given by offsets that string matching missed (looked up by text)."""
        for start, end, label in entities:
            if label not in NER_LABELS:
                continue
            for sentence, matches in found:
                if sentence.start <= start < sentence.end:
                    if not any(m.start < end and start < m.span_end for m in matches):
                        name = re.sub(r"^(?:the|The)\s+", "", document.text[start:end])
                        start = end - len(name)
                        entries = scope.lookup(name) or self.gazetteer.lookup_world(name)
                        matches.append(Match(start, end, entries, "ner", name=name, span_end=end))
                        matches.sort(key=lambda m: m.start)
                    break

    def _resolve(
        self,
        document: Document,
        sentence: Sentence,
        match: Match,
        provinces: set[str],
        context: DocumentPlaces,
    ) -> tuple[EntityMention, Place | None]:
        entry, method, score = choose(match, provinces, context)
        place = entry.to_place() if entry else None
        if place is not None and match.facility and entry and entry.kind not in _SITE_KINDS:
            place = facility_place(place, document.text[match.start : match.span_end])
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
            method=method if place else "unresolved",
            score=score,
        )
        return mention, place


def resolve_places(
    document: Document,
    sentences: Sequence[Sentence],
    *,
    gazetteer: Gazetteer | None = None,
    docs: Sequence[Doc] | None = None,
    entities: Iterable[tuple[int, int, str]] = (),
) -> tuple[list[EntityMention], list[Place]]:
    """Place mentions of ``document`` and the places they resolve to.

    ``docs`` (one spaCy Doc per sentence) adds named entities and the person checks;
    ``entities`` optionally adds spaCy entity spans ``(start, end, label)`` (absolute
    offsets; GPE/LOC/FAC are used) that the gazetteer scan did not find.
    """
    return PlaceResolver(gazetteer)(document, sentences, docs=docs, entities=entities)


def _held(
    match: Match,
    own: tuple[EntityMention, Place | None],
    resolved: dict[int, tuple[EntityMention, Place | None]],
) -> tuple[EntityMention, Place | None]:
    """Place ``match`` by the place the text says holds it ("X commune, in Y prefecture",
    "X, near Y"); a site in a town ("the Zaporizhzhia nuclear power plant in Enerhodar")
    is at that town, whatever its name says."""
    mention, place = own
    holder = resolved.get(id(match.within), (None, None))[1] if match.within else None
    if holder is None:
        return own
    if match.facility and holder.kind in _SETTLEMENTS:
        place = facility_place(holder, mention.text)
    elif place is None:
        place = placed_within(match.name, holder, near=match.near)
    else:
        return own
    return replace(mention, entity_id=place.id, method="within"), place


def placed_within(name: str, holder: Place, *, near: bool) -> Place:
    """A place the gazetteer lacks, located by the place the text says holds it ("X, in
    Y province") or lies near it ("X, near Y"): Y's point, at Y's precision ("near" for
    "near Y"), under the name the text gives it."""
    return replace(
        holder,
        id=content_id("place", "within", name, holder.id, near),
        name=name,
        kind="site",
        precision="near" if near else holder.precision,
        aliases=(),
        source=f"named in the text; placed {'near' if near else 'in'} {holder.name}",
    )


def facility_place(place: Place, name: str) -> Place:
    """A site named after a place ("the Hostomel airfield"): the place's point, at
    precision ``near``, under the name the text gives it."""
    key = " ".join(name.lower().split())
    return replace(
        place,
        id=content_id("place", place.id, key),
        name=name,
        kind="facility",
        precision="near",
        aliases=(),
        source=f"{place.source}; a site named after {place.name}",
    )


def _views(
    document: Document, sentences: Sequence[Sentence], docs: Sequence[Doc] | None
) -> list[SentenceView]:
    if docs is None:
        return []
    return [SentenceView(document.text, s, d) for s, d in zip(sentences, docs, strict=True)]


def _drop_people(
    found: list[tuple[Sentence, list[Match]]],
    views: Sequence[SentenceView],
    people: frozenset[str],
    primary: str | None,
    focus: frozenset[str],
) -> None:
    """Remove the matches the sentence shows to be people or parts of longer names."""
    for (_, matches), view in zip(found, views, strict=True):
        matches[:] = [m for m in matches if not view.not_a_place(m, people, primary, focus)]


def _provinces(matches: Iterable[Match]) -> set[str]:
    return {e.admin1 for m in matches for e in m.entries if e.kind == "province"}


def choose(
    match: Match, provinces: set[str], context: DocumentPlaces
) -> tuple[GazetteerEntry | None, str, float]:
    """The best entry for ``match``, how it was chosen, and a confidence score."""
    if not match.entries:
        return None, "none", 0.0
    ranked = sorted(match.entries, key=lambda e: -_score(e, match, provinces, context))
    best = ranked[0]
    if match.tier in ("ner", "marked"):
        return best, match.tier, 0.7
    if match.tier == "normalized":
        return best, "normalized", 0.9
    if len({e.key for e in match.entries}) == 1:
        return best, "exact", 1.0
    return best, "context", 0.85


def _score(
    entry: GazetteerEntry, match: Match, provinces: set[str], context: DocumentPlaces
) -> float:
    score = _prior(entry, match.entries)
    if loose_key(entry.name) == loose_key(match.name):
        score += 8  # named by its own name, not through a secondary alias
    if match.want and _kind_fits(entry.kind, match.want):
        score += 100
    if match.admin1_hint and entry.admin1 == match.admin1_hint:
        score += 50
    if entry.kind not in ("province", "country") and entry.admin1:
        score += 20 * (entry.admin1 in provinces) + 2 * min(context.regions[entry.admin1], 5)
    if entry.kind != "country":
        score += 30 * context.weight(entry.cc)
    return score + math.log10(entry.population + 1)


def _kind_fits(kind: str, want: str) -> bool:
    return kind == want or (want == "city" and kind in SETTLEMENT_KINDS)


def _prior(entry: GazetteerEntry, rivals: Sequence[GazetteerEntry]) -> float:
    """How likely a bare name means this entry, before context."""
    if entry.kind in _HAND_KINDS:
        return 40
    if entry.kind in _FEATURE_KINDS:
        return 38
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
    return {"district": 15, "airport": 10, "neighbourhood": 10}.get(entry.kind, 5)


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
