"""TimelineJS 3 export: one slide per dated event, the source sentence as its text.

A date gives TimelineJS only the parts its precision supports: a day-precise event has
year, month and day; a month-precise one year and month; a season, year or decade only
the year (a decade also says "1980s" as its display date). Undated events have no place
on a timeline and are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from conflict_atlas.export.common import Record, distinct_docs

# How many of (year, month, day) each date precision supports.
PARTS_BY_PRECISION: dict[str, int] = {"day": 3, "month": 2, "season": 1, "year": 1, "decade": 1}


def timeline_date(value: str | None, precision: str | None) -> dict[str, str] | None:
    """A TimelineJS date object (``{"year": "1979", "month": "12"}``) or None.

    >>> timeline_date("1979-12-27", "month")
    {'year': '1979', 'month': '12'}
    """
    if not value:
        return None
    pieces = value.split("-")[: PARTS_BY_PRECISION.get(precision or "", 3)]
    date = {k: str(int(v)) for k, v in zip(("year", "month", "day"), pieces, strict=False)}
    if precision == "decade":
        date["display_date"] = f"{int(pieces[0]) // 10 * 10}s"
    return date


def slide_text(event: Record) -> str:
    """The slide body: the first source sentence (HTML-escaped) and where it is."""
    source = event["sources"][0]
    more = len(event["sources"]) - 1
    also = f" (and {more} more source{'s' if more > 1 else ''})" if more else ""
    where = f"{escape(source['doc'])}, characters {source['start']}–{source['end']}{also}"
    return f"<p>{escape(source['text'])}</p><p><small>{where}</small></p>"


def event_slide(event: Record) -> dict[str, Any] | None:
    """The TimelineJS slide of ``event``, or None when the event is undated or unsourced."""
    start = timeline_date(event["date_start"], event["date_precision"])
    if start is None or not event["sources"]:
        return None
    label = event["type"].replace("_", " ").capitalize()
    slide: dict[str, Any] = {
        "unique_id": event["id"],
        "start_date": start,
        "text": {"headline": escape(f"{label}: {event['summary']}"), "text": slide_text(event)},
        "group": label,
    }
    end = timeline_date(event["date_end"], event["date_precision"])
    if end is not None and end != start:
        slide["end_date"] = end
    return slide


def timeline_json(events: Iterable[Record], *, title: str = "Conflict Atlas") -> dict[str, Any]:
    """A TimelineJS 3 document (``{"title": …, "events": […]}``) of the dated events."""
    events = list(events)
    slides = [s for s in (event_slide(e) for e in events) if s is not None]
    docs = {d for e in events for d in distinct_docs(e)}
    summary = f"{len(slides)} dated events from {len(docs)} documents, each with its source."
    return {
        "title": {"text": {"headline": escape(title), "text": f"<p>{summary}</p>"}},
        "events": slides,
    }


def write_timelinejs(path: Path, events: Iterable[Record], *, title: str = "Conflict Atlas") -> int:
    """Write a TimelineJS 3 JSON file; returns the number of event slides."""
    document = timeline_json(events, title=title)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    return len(document["events"])
