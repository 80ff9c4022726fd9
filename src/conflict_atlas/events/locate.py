"""Locate an event in its sentence: a place in its name, the place it acts on, a place as
its subject, else "in/at/near X".

Place mentions come from the place resolver (resolved to gazetteer places, or unresolved
stand-ins). For an apposition such as "Aybak, the capital of Samangan Province" the head
of the phrase (Aybak) wins over the province named inside it. When the sentence gives
no place, :mod:`conflict_atlas.events.whereabouts` says where the story is.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from conflict_atlas.models import EntityMention, EventLocation, Place, content_id

_LOCATIVE = frozenset(
    {"in", "at", "near", "around", "outside", "inside", "across", "on", "from", "into", "over"}
)
_FINE = ("exact", "city", "near", "district")


# Dependents of an event word that name it after a place ("Doha Agreement").
_NAMING_DEPS = ("compound", "nmod")


UNRESOLVED = "unresolved"


def unresolved_place(mention: EntityMention) -> Place | None:
    """A stand-in place for a mention the text marks as a place but the gazetteer lacks
    (kind ``unresolved``, no real coordinates), so an event can be said to happen there."""
    if mention.kind != "place" or mention.entity_id is not None:
        return None
    return Place(
        id=content_id("place", UNRESOLVED, mention.text),
        name=mention.text,
        kind=UNRESOLVED,
        lat=0.0,
        lon=0.0,
        admin1=None,
        country=None,
        precision=UNRESOLVED,
    )


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
    # inside the patient phrase: a town or region before a country, the place nearest the
    # phrase's head ("the plant in Enerhodar": the plant), a place it is "in/at/near"
    ranked = sorted(
        hits,
        key=lambda h: (
            h[1].kind == "country",
            _depth(doc[h[0]], group),
            not _after_locative(doc, h[0]),
            h[0],
        ),
    )
    return ranked[0][1]


def _depth(token: Token, group: frozenset[int]) -> int:
    """How many heads up from ``token`` the root of its phrase ``group`` is."""
    depth = 0
    while token.i in group and token.head.i != token.i and token.head.i in group:
        token, depth = token.head, depth + 1
    return depth


def _after_locative(doc: Doc, first: int) -> bool:
    head = doc[first].head
    return head.dep_ == "prep" and head.lower_ in _LOCATIVE


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


#: Nouns through which a name is in or at a place: "from the city of Kherson".
_KIND_NOUNS = frozenset(
    [
        "city",
        "town",
        "village",
        "port",
        "capital",
        "district",
        "province",
        "region",
        "area",
        "enclave",
        "suburb",
        "outskirts",
        "centre",
        "center",
    ]
)
_DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    ]
)


def _through_kind(token: Token) -> Token:
    """The word heading "the city of X" for X (so its preposition is found)."""
    head = token.head
    if head.lower_ == "of" and head.head.lower_ in _KIND_NOUNS and head.head.i != head.i:
        return head.head
    return token


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
        first = _through_kind(doc[min(toks)])
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
    """The place of the event triggered at ``token`` (None: ask where the story is).

    ``located`` pairs the token ids of each resolved place mention with its place.
    """
    place = _in_name(doc, token, located)
    if place is not None:
        return place
    if patient:
        place = _head_first(doc, patient, located)
        if place is not None:
            return place
    place = _subject(doc, token, located) or _relative_where(doc, token, located)
    if place is not None:
        return place
    place = _locative(doc, token, located)
    if place is not None:
        return place
    fine = [p for _, p in located if p.kind != "country"]
    return fine[0] if len(fine) == 1 else None


def _relative_where(
    doc: Doc, token: int, located: Sequence[tuple[frozenset[int], Place]]
) -> Place | None:
    """ "the Hostomel airfield, where fighting continued": a clause opened by "where" happens
    at the place it describes."""
    clause = next(
        (
            c
            for c in (doc[token], doc[token].head)
            if c.dep_ == "relcl" and any(w.lower_ == "where" for w in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    described = clause.head
    # "the airfield north-west of Kyiv, where ...": the clause describes the airfield
    while (
        described.head.lower_ == "of"
        and described.head.head.lower_ in _DIRECTIONS
        and described.head.head.head.i != described.head.head.i
    ):
        described = described.head.head.head
    nearest = [
        (abs(min(toks) - described.i), place)
        for toks, place in located
        if described.i in toks
        or described.head.i in toks
        or any(doc[i].head.i == described.i for i in toks)
    ]
    return min(nearest, key=lambda n: n[0])[1] if nearest else None


def _subject(doc: Doc, token: int, located: Sequence[tuple[frozenset[int], Place]]) -> Place | None:
    """A place that is the subject of the event's verb: "Gitarama fell", "Kherson was
    liberated". Places do not act, so a place subject is where the event happens."""
    verb = doc[token]
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subjects = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    for toks, place in located:
        if (
            place.kind != "country"
            and toks & subjects
            and doc[min(toks)].head.i in subjects | {verb.i}
        ):
            return place
    return None
