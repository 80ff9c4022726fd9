"""Events as the JSONL records of the ARCHITECTURE.md contract."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from conflict_atlas.models import (
    Event,
    EventArgument,
    EventLocation,
    EventSource,
    Fatalities,
)


def event_to_json(event: Event) -> dict[str, Any]:
    """The contract dict of ``event`` (``conflict-atlas events --format jsonl``)."""
    loc = event.location
    return {
        "id": event.id,
        "type": event.type,
        "summary": event.summary,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "actors": [{"id": a.id, "name": a.name} for a in event.actors],
        "targets": [{"id": a.id, "name": a.name} for a in event.targets],
        "location": None
        if loc is None
        else {
            "name": loc.name,
            "admin1": loc.admin1,
            "country": loc.country,
            "lat": loc.lat,
            "lon": loc.lon,
            "precision": loc.precision,
        },
        "fatalities": None
        if event.fatalities is None
        else {
            "low": event.fatalities.low,
            "best": event.fatalities.best,
            "high": event.fatalities.high,
        },
        "acled": {
            "event_type": event.acled_event_type,
            "sub_event_type": event.acled_sub_event_type,
        },
        "plover": event.plover,
        "ucdp_type": event.ucdp_type,
        "sources": [
            {"doc": s.doc, "start": s.start, "end": s.end, "text": s.text} for s in event.sources
        ],
    }


def event_record(event: Event) -> dict[str, Any]:
    """Every field of ``event`` as plain JSON values (read back by :func:`event_from_record`)."""
    return asdict(event)


def event_from_record(record: Mapping[str, Any]) -> Event:
    """The Event stored by :func:`event_record`."""
    loc, dead = record.get("location"), record.get("fatalities")
    fields = dict(record)
    fields.update(
        actors=tuple(EventArgument(**a) for a in record["actors"]),
        targets=tuple(EventArgument(**a) for a in record["targets"]),
        location=EventLocation(**loc) if loc else None,
        fatalities=Fatalities(**dead) if dead else None,
        sources=tuple(EventSource(**s) for s in record["sources"]),
    )
    return Event(**fields)
