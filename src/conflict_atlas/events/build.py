"""Assemble :class:`~conflict_atlas.models.Event` records from their parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conflict_atlas.events.dating import EventDate
from conflict_atlas.events.ontology import Ontology
from conflict_atlas.models import (
    Event,
    EventArgument,
    EventLocation,
    EventSource,
    Fatalities,
    content_id,
)


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything known about one event mention before it becomes an Event."""

    type: str
    trigger: str
    source: EventSource
    date: EventDate
    actors: tuple[EventArgument, ...]
    targets: tuple[EventArgument, ...]
    location: EventLocation | None
    fatalities: Fatalities | None
    claim: bool = False
    patient_text: str = ""
    key: str = ""
    lemma: str = ""  # the trigger's dictionary form ("attack" for "attacked")


def summary_of(draft: Draft, *, verb: str = "") -> str:
    """A short readable line: "Taliban captured Herat".

    ``verb`` stands in for the trigger of an event found without one (a table row).
    """
    who = " and ".join(a.name for a in draft.actors[:3])
    what = draft.patient_text or " and ".join(t.name for t in draft.targets[:3])
    named = draft.location is not None and draft.location.name in draft.trigger
    if not what and not named and draft.location and draft.location.precision != "country":
        what = f"in {draft.location.name}" if draft.trigger != "table" else draft.location.name
    said = verb if draft.trigger == "table" and verb else draft.trigger
    return " ".join(p for p in (who, said, what) if p).strip() or draft.type


def make_event(draft: Draft, ontology: Ontology) -> Event:
    """The Event for ``draft`` with its ACLED, PLOVER and UCDP codes."""
    acled = ontology.acled(draft.type, draft.lemma or draft.trigger, draft.actors, draft.targets)
    event_id = content_id("event", draft.type, draft.source.doc, draft.source.start, draft.key)
    return Event(
        id=event_id,
        type=draft.type,
        summary=summary_of(draft, verb=ontology.info(draft.type).verb),
        date_start=draft.date.start,
        date_end=draft.date.end,
        date_precision=draft.date.precision,
        actors=draft.actors,
        targets=draft.targets,
        location=draft.location,
        fatalities=draft.fatalities,
        acled_event_type=acled[0],
        acled_sub_event_type=acled[1],
        plover=ontology.info(draft.type).plover,
        ucdp_type=ontology.ucdp_type(draft.type, draft.actors, draft.targets),
        sources=(draft.source,),
        trigger=draft.trigger,
        claim=draft.claim,
    )


def dedupe_arguments(args: Sequence[EventArgument]) -> tuple[EventArgument, ...]:
    seen: dict[str, EventArgument] = {}
    for a in args:
        seen.setdefault(a.id or a.name, a)
    return tuple(seen.values())
