"""Locate an event: the place it acts on, else "in/at/near X", else the document's setting.

Place mentions come from the place resolver (resolved to gazetteer places). For an
apposition such as "Aybak, the capital of Samangan Province" the head of the phrase
(Aybak) wins over the province named inside it. When the sentence names no place the
event falls back to the country the document is about, at country precision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc

from conflict_atlas.models import EntityMention, EventLocation, Place

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
    country = counts.most_common(1)[0][0]
    named = next((p for p in places.values() if p.kind == "country" and p.name == country), None)
    if named is not None:
        return to_location(named, precision="country")
    return EventLocation(country, None, country, None, None, "country")


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
