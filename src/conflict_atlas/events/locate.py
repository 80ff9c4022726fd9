"""Locate an event: the place it acts on, else "in/at/near X", else the document's setting.

Place mentions come from the place resolver (resolved to gazetteer places). For an
apposition such as "Aybak, the capital of Samangan Province" the head of the phrase
(Aybak) wins over the province named inside it. When the sentence names no place the
event falls back to the country its section (else the document) is set in, at country
precision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc

from conflict_atlas.models import EntityMention, EventLocation, Place, Section

_LOCATIVE = frozenset(
    {"in", "at", "near", "around", "outside", "inside", "across", "on", "from", "into"}
)
_FINE = ("exact", "city", "near", "district")


# Dependents of an event word that name it after a place ("Doha Agreement").
_NAMING_DEPS = ("compound", "nmod")


def to_location(place: Place, *, precision: str | None = None) -> EventLocation:
    """The event location record of a gazetteer place."""
    return EventLocation(
        name=place.name,
        admin1=place.admin1,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        precision=precision or place.precision,
        place_id=place.id,
    )


def section_settings(
    sections: Sequence[Section],
    mentions: Sequence[EntityMention],
    places: Mapping[str, Place],
    *,
    dominance: float = 2 / 3,
) -> dict[int, EventLocation | None]:
    """The country each section is set in, at country precision (by section index).

    A section's own place mentions (not those of its subsections) decide; a section
    without any takes its parent's setting; a top section without any takes the
    document's country only when that country holds ``dominance`` of the document's
    place mentions, else none: a text about several wars does not put a Bosnian event in
    Korea.
    """
    own: dict[int, Counter[str]] = {s.index: Counter() for s in sections}
    overall: Counter[str] = Counter()
    for m in mentions:
        place = places.get(m.entity_id or "")
        if place is None or not place.country:
            continue
        overall[place.country] += 1
        inside = [s for s in sections if s.start <= m.start < s.end]
        if inside:
            own[max(inside, key=lambda s: s.level).index][place.country] += 1
    top = overall.most_common(1)[0] if overall else None
    fallback = (
        _country(top[0], places) if top and top[1] >= dominance * sum(overall.values()) else None
    )
    by_index = {s.index: s for s in sections}
    out: dict[int, EventLocation | None] = {}
    for s in sorted(sections, key=lambda s: s.start):
        section: Section | None = s
        while section is not None and not own[section.index]:
            section = by_index.get(section.parent) if section.parent is not None else None
        out[s.index] = (
            _country(own[section.index].most_common(1)[0][0], places)
            if section is not None
            else fallback
        )
    return out


def _country(name: str, places: Mapping[str, Place]) -> EventLocation:
    named = next((p for p in places.values() if p.kind == "country" and p.name == name), None)
    if named is not None:
        return to_location(named, precision="country")
    return EventLocation(name, None, name, None, None, "country")


def document_setting(
    mentions: Sequence[EntityMention], places: Mapping[str, Place]
) -> EventLocation | None:
    """The country a document talks about most, at country precision."""
    counts: Counter[str] = Counter()
    for m in mentions:
        place = places.get(m.entity_id or "")
        if place is not None and place.country:
            counts[place.country] += 1
    if not counts:
        return None
    return _country(counts.most_common(1)[0][0], places)


def _head_first(
    doc: Doc, group: frozenset[int], located: Sequence[tuple[frozenset[int], Place]]
) -> Place | None:
    hits = [(min(toks), place) for toks, place in located if toks & group]
    if not hits:
        return None
    roots = {t.i for t in doc if t.i in group and t.head.i not in group}
    for first, place in sorted(hits, key=lambda h: h[0]):
        if any(doc[first].head.i in roots or first in roots or doc[first].i == r for r in roots):
            return place
    return min(hits, key=lambda h: h[0])[1]


def _in_name(doc: Doc, token: int, located: Sequence[tuple[frozenset[int], Place]]) -> Place | None:
    """A place that names the event: "the Doha Agreement", "the Laghman uprising"."""
    modifiers = {
        t.i
        for c in doc[token].children
        if c.dep_ in _NAMING_DEPS and c.pos_ == "PROPN"
        for t in c.subtree
    }
    return (
        next((place for toks, place in located if toks <= modifiers), None) if modifiers else None
    )


def _locative(
    doc: Doc, token: int, located: Sequence[tuple[frozenset[int], Place]]
) -> Place | None:
    clause = doc[token]
    if clause.pos_ != "VERB":
        clause = next((a for a in clause.ancestors if a.pos_ == "VERB"), clause)
    scope = {t.i for t in clause.subtree}
    for toks, place in located:
        if not toks & scope:
            continue
        first = doc[min(toks)]
        heads = [first.head, first.head.head]
        if any(h.dep_ == "prep" and h.lower_ in _LOCATIVE for h in heads):
            return place
    fine = [place for toks, place in located if toks & scope and place.precision in _FINE]
    return fine[0] if fine else None


def locate(
    doc: Doc,
    token: int,
    patient: frozenset[int],
    located: Sequence[tuple[frozenset[int], Place]],
) -> Place | None:
    """The place of the event triggered at ``token`` (None: use the document setting).

    ``located`` pairs the token ids of each resolved place mention with its place.
    """
    place = _in_name(doc, token, located)
    if place is not None:
        return place
    if patient:
        place = _head_first(doc, patient, located)
        if place is not None:
            return place
    place = _locative(doc, token, located)
    if place is not None:
        return place
    fine = [p for _, p in located if p.kind != "country"]
    return fine[0] if len(fine) == 1 else None
