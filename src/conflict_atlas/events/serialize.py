"""Events as the JSONL records of the ARCHITECTURE.md contract."""

from __future__ import annotations

from typing import Any

from conflict_atlas.models import Event


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
