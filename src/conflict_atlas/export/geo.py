"""GeoJSON export: one Point feature per located event (RFC 7946, WGS 84, lon/lat).

Properties are flat scalars so QGIS, Kepler.gl and geopandas read them as plain columns;
the first source sentence and its offsets travel with each point.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from conflict_atlas.export.common import Record, join_names


def feature_properties(event: Record) -> dict[str, Any]:
    """The flat property dict of an event's feature."""
    loc, dead, source = event["location"] or {}, event["fatalities"] or {}, event["sources"][0]
    return {
        "id": event["id"],
        "type": event["type"],
        "summary": event["summary"],
        "date_start": event["date_start"],
        "date_end": event["date_end"],
        "date_precision": event["date_precision"],
        "location": loc.get("name"),
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "where_precision": loc.get("precision"),
        "fatalities_low": dead.get("low"),
        "fatalities_best": dead.get("best"),
        "fatalities_high": dead.get("high"),
        "actors": join_names(event["actors"]),
        "targets": join_names(event["targets"]),
        "acled_event_type": event["acled"]["event_type"],
        "acled_sub_event_type": event["acled"]["sub_event_type"],
        "plover": event["plover"],
        "ucdp_type": event["ucdp_type"],
        "sources": len(event["sources"]),
        "source_doc": source["doc"],
        "source_start": source["start"],
        "source_end": source["end"],
        "source_text": source["text"],
    }


def event_feature(event: Record) -> dict[str, Any] | None:
    """A GeoJSON Point feature of ``event``, or None when it has no coordinates."""
    loc = event["location"] or {}
    if loc.get("lat") is None or loc.get("lon") is None or not event["sources"]:
        return None
    return {
        "type": "Feature",
        "id": event["id"],
        "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
        "properties": feature_properties(event),
    }


def feature_collection(events: Iterable[Record]) -> dict[str, Any]:
    """A FeatureCollection of the located events (unlocated events are left out)."""
    features = [f for f in (event_feature(e) for e in events) if f is not None]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(path: Path, events: Iterable[Record]) -> int:
    """Write the located events as GeoJSON; returns the number of features."""
    collection = feature_collection(events)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(collection, handle, ensure_ascii=False)
        handle.write("\n")
    return len(collection["features"])
