"""Which countries and regions a document is about, from the places it names.

The place resolver scans a document twice. The first scan knows only the places every
build knows (countries, first-order regions, capitals, large cities, named features and
the Afghan detail); what it finds tells which countries the document is about: each name
that belongs to one country counts once (three times in the title). The countries that
hold a fair share of those names are the document's *focus*; the second scan adds every
place of those countries, and namesakes are weighed by how much the document is about
their country. A village in a country the text never mentions is not a candidate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from conflict_atlas.models import Document, EntityMention, Place, Sentence, Setting, TimeMention
from conflict_atlas.nlp import ACTOR_LABEL, PLACE_LABEL
from conflict_atlas.resolve.gazetteer import Gazetteer, GazetteerEntry
from conflict_atlas.resolve.place_spans import Match

#: A country is in focus when it holds this share of the names that belong to one country.
FOCUS_SHARE = 0.1
#: ... and at least this many of them (the most named country always is).
FOCUS_MIN = 2
MAX_FOCUS = 5
TITLE_WEIGHT = 3
#: The minor places (towns, villages) of the most named country are always scanned for;
#: those of another focus country when it holds this share of the names too (elsewhere
#: only names the text marks as places are looked up).
SCAN_SHARE = 0.25


class Scope:
    """Gazetteer lookups limited to the core places and the places of ``countries``."""

    def __init__(self, gazetteer: Gazetteer, countries: Sequence[str] = ()) -> None:
        self.gazetteer = gazetteer
        self.countries = tuple(countries)

    def lookup_exact(self, name: str) -> list[GazetteerEntry]:
        return self.gazetteer.lookup_exact(name, countries=self.countries)

    def lookup_loose(self, name: str) -> list[GazetteerEntry]:
        return self.gazetteer.lookup_loose(name, countries=self.countries)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        return self.gazetteer.lookup(name, countries=self.countries)


@dataclass(slots=True)
class DocumentPlaces:
    """How often a document names places of each country (ISO code) and region."""

    countries: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)

    @classmethod
    def from_matches(
        cls,
        document: Document,
        found: Iterable[tuple[Sentence, Sequence[Match]]],
        title: Sequence[Match] = (),
    ) -> DocumentPlaces:
        """Count the names of ``found`` (and of the title, thrice) by country and region."""
        counts = cls._count(m for _, ms in found for m in ms)
        for _ in range(TITLE_WEIGHT):
            counts.countries.update(cls._count(title).countries)
        return counts

    @classmethod
    def _count(cls, matches: Iterable[Match]) -> DocumentPlaces:
        out = cls()
        for match in matches:
            codes = {e.cc for e in match.entries if e.cc}
            if len(codes) == 1:
                out.countries[codes.pop()] += 1
            out.regions.update({e.admin1 for e in match.entries if e.kind == "province"})
        return out

    def refined(self, matches: Iterable[Match]) -> DocumentPlaces:
        """Counts of the final matches; the focus countries stay those of ``self``."""
        counted = self._count(matches)
        focus = set(self.focus())
        kept = Counter({cc: n for cc, n in counted.countries.items() if cc in focus})
        return DocumentPlaces(kept or self.countries, counted.regions)

    def focus(self) -> list[str]:
        """The countries the document is about, most named first."""
        ranked = self.countries.most_common()
        if not ranked:
            return []
        total = sum(self.countries.values())
        keep = [
            cc
            for i, (cc, n) in enumerate(ranked)
            if i == 0 or (n >= FOCUS_MIN and n >= FOCUS_SHARE * total)
        ]
        return keep[:MAX_FOCUS]

    def scope(self, gazetteer: Gazetteer) -> Scope:
        """Lookups over the core places and every place of the main focus countries."""
        total = sum(self.countries.values())
        focus = self.focus()
        scanned = [
            cc for i, cc in enumerate(focus) if i == 0 or self.countries[cc] >= SCAN_SHARE * total
        ]
        for cc in scanned:
            gazetteer.load_country(cc)
        return Scope(gazetteer, scanned)

    def weight(self, cc: str) -> float:
        """How much the document is about ``cc``: its count over the top count (0 to 1)."""
        if not cc or not self.countries:
            return 0.0
        return self.countries[cc] / max(self.countries.values())


def document_setting(
    mentions: Iterable[EntityMention],
    places: Iterable[Place],
    dates: Iterable[TimeMention],
    *,
    named: Counter[str] | None = None,
) -> Setting:
    """Where and when a document is set.

    The countries are those of its resolved places and those it names by a demonym or a
    state's name (``named``: country -> how often), the most mentioned first; the years
    are the span its dates fall in (the outer twentieth of them left out, so a founding
    date in passing does not stretch the span).
    """
    country_of = {p.id: p.country for p in places if p.country}
    counts = Counter(country_of[m.entity_id] for m in mentions if m.entity_id in country_of)
    counts.update(named or {})
    countries = tuple(c for c, _ in counts.most_common())
    years = sorted(
        int(d.date_start[:4])
        for d in dates
        if d.date_start and d.date_start[:4].isdigit() and d.sentence_id is not None
    )
    if not years:
        return Setting(countries)
    cut = len(years) // 20
    kept = years[cut : len(years) - cut] or years
    return Setting(countries, kept[0], kept[-1])


def mark_places(
    sentences: Sequence[Sentence],
    docs: Sequence[Doc],
    mentions: Iterable[EntityMention],
    places: Iterable[Place],
) -> None:
    """Label the place mentions of each sentence's parse as ``PLACE`` entities.

    Later stages read entity labels to tell places from actors ("captured X"). A country
    keeps its label (a country named in text often acts as a state), and so does a span
    the actor rules matched.
    """
    countries = {p.id for p in places if p.kind == "country"}
    by_sentence: dict[str, list[EntityMention]] = {}
    for m in mentions:
        if m.sentence_id is not None and m.entity_id not in countries:
            by_sentence.setdefault(m.sentence_id, []).append(m)
    for sentence, doc in zip(sentences, docs, strict=True):
        found = by_sentence.get(sentence.id)
        if found:
            _relabel(doc, [(m.start - sentence.start, m.end - sentence.start) for m in found])


def _relabel(doc: Doc, spans: Sequence[tuple[int, int]]) -> None:
    ents = list(doc.ents)
    added: list[Span] = []
    for start, end in spans:
        span = doc.char_span(start, end, label=PLACE_LABEL, alignment_mode="expand")
        if span is None or any(e.label_ == ACTOR_LABEL and _overlap(e, span) for e in ents):
            continue
        if not any(_overlap(a, span) for a in added):
            added.append(span)
    if added:
        kept = [e for e in ents if not any(_overlap(e, a) for a in added)]
        doc.ents = sorted([*kept, *added], key=lambda e: e.start)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
