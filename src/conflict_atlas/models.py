"""Typed records passed between pipeline stages.

Every record that comes from text carries ``start``/``end``: character offsets into
the raw text of its document (the file as read, UTF-8 decoded, newlines untouched), so
``document.text[record.start:record.end]`` is exactly the evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def content_id(*parts: object, length: int = 16) -> str:
    """Return a stable hex id made from ``parts`` (same parts, same id, every build)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


class Layout(StrEnum):
    """How a document's text is laid out; detected per file by :mod:`conflict_atlas.ingest`."""

    WIKI = "wiki"  # = Title =, an infobox block of "- Key: value" lines, == Sections ==, | tables |
    PIPE_INFOBOX = "pipe_infobox"  # "Key: | value |" lines on top, then paragraphs
    SENTENCE_LINES = "sentence_lines"  # one sentence a line, full stops removed
    MARKDOWN = "markdown"
    PLAIN = "plain"
    JSONL = "jsonl"  # one {"id","title","text",...} object a line; offsets into "text"


class UnitKind(StrEnum):
    """What a segmented unit is: a prose sentence or a structured row/field."""

    SENTENCE = "sentence"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    INFOBOX_FIELD = "infobox_field"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the text it governs. ``start``/``end`` cover heading and body."""

    index: int
    level: int
    title: str
    parent: int | None
    start: int
    end: int
    heading_start: int
    heading_end: int


@dataclass(frozen=True, slots=True)
class InfoboxItem:
    """One value of a list-valued infobox field (split on top-level commas)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class InfoboxField:
    """``key: value`` from an infobox block; ``start``/``end`` span the value."""

    index: int
    key: str
    value: str
    start: int
    end: int
    key_start: int
    key_end: int
    items: tuple[InfoboxItem, ...]


@dataclass(frozen=True, slots=True)
class TableCell:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TableRow:
    """One ``| a | b |`` line; ``start``/``end`` span the line without its newline."""

    table: int
    index: int
    start: int
    end: int
    cells: tuple[TableCell, ...]
    section: int | None


@dataclass(frozen=True, slots=True)
class Table:
    index: int
    start: int
    end: int
    rows: tuple[TableRow, ...]
    section: int | None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of running text (a line in wiki dumps, a blank-line block in plain text)."""

    index: int
    start: int
    end: int
    section: int | None
    kind: UnitKind = UnitKind.SENTENCE


@dataclass(frozen=True, slots=True)
class CitationMarker:
    """A footnote marker such as ``[12]``; ``label`` is the text inside the brackets."""

    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """One input text, parsed into its structure. ``text`` is the raw text offsets refer to."""

    id: str
    name: str
    source: str
    layout: Layout
    title: str
    text: str
    sections: tuple[Section, ...] = ()
    infobox_fields: tuple[InfoboxField, ...] = ()
    infobox_title: str | None = None
    tables: tuple[Table, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    citations: tuple[CitationMarker, ...] = ()
    reference_date: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A unit of text with exact offsets; ``text`` is the raw slice minus citation markers."""

    id: str
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    kind: UnitKind
    section: int | None
    paragraph: int | None
    field: str | None = None
    citations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A file (or line of a file) that could not be ingested, and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """A parsed document with its sentences and the mentions found in them, ready to store."""

    document: Document
    sentences: tuple[Sentence, ...]
    times: tuple[TimeMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    mentions: tuple[EntityMention, ...] = ()


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: documents stored, problems met, timings per stage (seconds)."""

    db: str
    run_id: str
    documents: tuple[DocumentResult, ...]
    problems: tuple[InputProblem, ...]
    timings: dict[str, float] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


# --- Mentions produced by the extract stages -------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A temporal expression, TIMEX3-style, resolved to an interval.

    ``value`` is the TIMEX3 value ("1979-12-27", "1979-12", "198X", "1979-SU", "P2W",
    "PRESENT_REF"); ``date_start``/``date_end`` are ISO dates of the resolved interval
    as precise as the text allows; ``anchor`` says how an underspecified expression was
    resolved (explicit, section_title, previous_sentence, infobox_date, reference_date).
    ``kind`` is date, interval, duration or set.

    Ranges ("1 May – 15 August 2021", "1933 to 1973", "since 2001") are tagged as their
    endpoint expressions, each with its own value; both endpoints carry the whole range in
    ``range_start``/``range_end`` (``range_end`` None when the range is open, as in "since").
    """

    doc_id: str
    sentence_id: str | None
    start: int
    end: int
    text: str
    value: str
    kind: str
    precision: str | None
    date_start: str | None
    date_end: str | None
    mod: str | None
    anchor: str
    range_start: str | None = None
    range_end: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in the text with what it counts and how sure the text is.

    ``low``/``best``/``high`` follow UCDP's convention; ``counts`` is what is counted
    (deaths, wounded, captured, troops, refugees, displaced, aircraft, vehicles, money,
    districts, people, other); ``approx`` records the hedge (exact, about, more_than,
    less_than, at_least, up_to, nearly, range, vague).
    """

    doc_id: str
    sentence_id: str | None
    start: int
    end: int
    text: str
    low: float | None
    best: float | None
    high: float | None
    counts: str | None
    unit: str | None
    approx: str
    subject: str | None = None  # the counted noun as written ("civilians", "soldiers")


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention of an actor or a place, resolved (or not) to an entity id.

    ``method`` says how it was resolved: exact, normalized, acronym, surname,
    possessive, demonym, fuzzy, context, ner (new entity), none.
    """

    doc_id: str
    sentence_id: str | None
    start: int
    end: int
    text: str
    kind: str  # actor | place
    entity_id: str | None
    method: str
    score: float = 1.0


# --- Actors produced by the resolve stage ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Affiliation:
    """A dated relation of an actor to another actor, by canonical name.

    ``relation`` is member_of, leader_of, part_of or allied_with; ``start``/``end`` are
    ISO dates as precise as known ("1992", "1996-09-27") or None.
    """

    relation: str
    target: str
    start: str | None = None
    end: str | None = None


def actor_id(name: str, kind: str) -> str:
    """The stable id of an actor: a content hash of its canonical name and kind."""
    return content_id("actor", name, kind)


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: from the registry (``source="registry"``) or found in text.

    ``kind`` is one of state, state_forces, armed_group, political_party, militia,
    person, international_org, civilian_group.
    """

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    source: str = "registry"


# --- Query results -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A stored document as listed by ``Atlas.documents()``."""

    id: str
    name: str
    title: str
    layout: str
    chars: int
    sections: int
    sentences: int
    infobox_fields: int
    table_rows: int
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A sentence found by full-text search, with its place in the source."""

    doc: str
    section: str | None
    sentence_id: str
    start: int
    end: int
    text: str
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved from the gazetteer, with coordinates and their precision.

    ``id`` is ``content_id`` of the stable gazetteer key ("place", "geonames:1138958"), so
    the same place has the same id in every build. ``precision`` follows UCDP's where_prec
    levels: exact, city, near, district, province, region, country. ``kind`` is city,
    town, village, district, province, country, valley, pass, airport, border_crossing,
    facility or region. ``source`` names the dataset row (GeoNames id, geoBoundaries
    polygon, OpenFlights id, or a hand-made stand-in).
    """

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    admin1: str | None
    country: str | None
    precision: str
    aliases: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class Setting:
    """Where and when a document is set, as its place mentions and dates tell.

    ``countries`` are the countries its resolved places lie in, the most mentioned first
    (country names as the gazetteer writes them); ``first_year``/``last_year`` bound the
    years its narrative covers (None when it gives none). Stages that must tell one
    conflict from another (whose "government", which registry applies) read it.
    """

    countries: tuple[str, ...] = ()
    first_year: int | None = None
    last_year: int | None = None


# --- Events produced by the events stage -------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventSource:
    """A span of a document that reports an event; ``doc`` is the input file's name."""

    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EventArgument:
    """An actor taking part in an event (as actor or target), by entity id and name."""

    id: str | None
    name: str
    kind: str | None = None  # the actor kind (state_forces, armed_group, ...) when known


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Deaths reported for an event, UCDP-style low/best/high."""

    low: int | None
    best: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class EventLocation:
    """Where an event happened; ``precision`` follows UCDP where_prec level names."""

    name: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: str
    place_id: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A typed, dated, located event with its participants and every source reporting it.

    ``date_start``/``date_end`` are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as precise as
    ``date_precision`` (day, month, season, year, decade) allows; ``claim`` is True when the
    text only reports someone's claim ("according to ...", "claimed").
    """

    id: str
    type: str
    summary: str
    date_start: str | None
    date_end: str | None
    date_precision: str | None
    actors: tuple[EventArgument, ...]
    targets: tuple[EventArgument, ...]
    location: EventLocation | None
    fatalities: Fatalities | None
    acled_event_type: str
    acled_sub_event_type: str
    plover: str
    ucdp_type: int | None
    sources: tuple[EventSource, ...]
    trigger: str = ""
    claim: bool = False


# --- Relations between actors ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relation:
    """A dated relation from one actor to another, with the evidence for it.

    ``kind`` is leader_of, member_of, part_of, allied_with, fought, supported, split_from
    or succeeded (read "source kind target": "Hamid Karzai leader_of Afghanistan").
    ``start``/``end`` are ISO dates as precise as known, or None. ``origin`` is
    ``registry`` (the actor data files), ``text`` (a sentence states it) or ``events``
    (derived from events: fought from battles and attacks, supported from aid), joined
    with commas after a merge ("registry,text"); ``weight`` counts the sentences or
    events behind it (0 for a relation only the registry states). ``evidence`` holds the spans of
    text, empty for relations that come only from the registry.
    """

    id: str
    source_id: str
    source: str
    kind: str
    target_id: str
    target: str
    start: str | None
    end: str | None
    origin: str
    weight: int = 1
    evidence: tuple[EventSource, ...] = ()


def relation_from_record(record: dict[str, Any]) -> Relation:
    """The Relation stored as ``dataclasses.asdict(relation)``."""
    evidence = tuple(EventSource(**e) for e in record.get("evidence", ()))
    return Relation(**{**record, "evidence": evidence})


def relation_id(source_id: str, kind: str, target_id: str) -> str:
    """The stable id of a relation: a content hash of its two ends and kind."""
    return content_id("relation", source_id, kind, target_id)


# --- Claims and their contradictions -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    """A quantitative or dated statement: a subject, a property and a value, with its source.

    ``property`` names what is measured (deaths, wounded, troop_strength, refugees,
    districts_captured, aircraft_destroyed, evacuated, funding, capture_date,
    assassination_date, year_formed, start_date, end_date, ...; data/claims/properties.yaml).
    A number has ``low``/``best``/``high`` and ``unit``; a date has ``date_start`` and
    ``date_end`` (ISO, as precise as written) and ``unit`` "date". ``approx`` is exact,
    about, nearly, at_least, at_most, more_than, less_than, range or vague. ``time`` is
    the period the claim refers to when the text says ("in 2019"), ``attributed_to`` who
    says it when the text names them ("according to the UN"). ``origin`` is text,
    infobox or table.
    """

    id: str
    subject: str
    subject_id: str | None
    property: str
    value: str
    low: float | None
    best: float | None
    high: float | None
    unit: str | None
    approx: str
    source: EventSource
    origin: str = "text"
    date_start: str | None = None
    date_end: str | None = None
    time: str | None = None
    attributed_to: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims about the same subject and property; a contradiction when their values differ.

    ``strength`` ranks contradictions from 0 (values agree, or differ only within stated
    uncertainty: not a contradiction) to 1 (flatly different numbers or days); ``reason``
    says in words why. A coarse claim ("2021") may sit in more than one group.
    """

    id: str
    subject: str
    property: str
    strength: float
    claims: tuple[Claim, ...]
    reason: str = ""


# --- What a build found, beyond each document's own rows ---------------------------------


@dataclass(frozen=True, slots=True)
class Findings:
    """The corpus-level results of a build, handed to the store in one piece.

    ``event_mentions`` are each document's events before the cross-document merge, and
    ``relation_mentions`` the relations stated in each document's sentences: both are kept
    per document, so that adding documents later (``build --append``) can merge again
    without re-reading the old ones. ``events``, ``relations`` and ``claim_groups`` are
    derived from the whole corpus and are rewritten on every build.
    """

    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    event_mentions: tuple[Event, ...] = ()
    events: tuple[Event, ...] = ()
    relation_mentions: tuple[Relation, ...] = ()
    relations: tuple[Relation, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
