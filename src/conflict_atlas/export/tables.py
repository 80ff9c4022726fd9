"""Tabular exports: UCDP GED-like CSV, ACLED-like CSV, JSON Lines and Parquet.

The two CSV files carry the full column sets of the UCDP GED event file and of an ACLED
export, in their order, so they stack with the real datasets (``pd.concat``, R
``rbind``). A column we cannot know is present and empty; docs/exports.md says for each
column where its value comes from.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from conflict_atlas.export import codebook
from conflict_atlas.export.common import (
    ActorIndex,
    Record,
    distinct_docs,
    event_interval,
    join_names,
    source_refs,
)

GED_COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name",
    "dyad_dset_id", "dyad_new_id", "dyad_name",
    "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)  # fmt: skip

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

_ACTOR = pa.struct([("id", pa.string()), ("name", pa.string())])
_SOURCE = pa.struct(
    [("doc", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())]
)
PARQUET_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("type", pa.string()),
        ("summary", pa.string()),
        ("date_start", pa.string()),
        ("date_end", pa.string()),
        ("date_precision", pa.string()),
        ("interval_start", pa.date32()),
        ("interval_end", pa.date32()),
        ("location", pa.string()),
        ("admin1", pa.string()),
        ("country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("where_precision", pa.string()),
        ("fatalities_low", pa.int64()),
        ("fatalities_best", pa.int64()),
        ("fatalities_high", pa.int64()),
        ("acled_event_type", pa.string()),
        ("acled_sub_event_type", pa.string()),
        ("plover", pa.string()),
        ("ucdp_type", pa.int8()),
        ("actors", pa.list_(_ACTOR)),
        ("targets", pa.list_(_ACTOR)),
        ("sources", pa.list_(_SOURCE)),
    ]
)


# -- UCDP GED ---------------------------------------------------------------------------------


def ged_sides(event: Record, actors: ActorIndex) -> tuple[str, str]:
    """GED ``side_a``/``side_b`` (names joined by "; ").

    In state-based violence (1) a side with a state actor goes on side A, as in GED. In
    one-sided violence (3) side B is "Civilians", GED's value, when our targets are
    unnamed or civilian groups; a named non-civilian target keeps its name.
    """
    side_a, side_b = event["actors"], event["targets"]
    if event["ucdp_type"] == 1:
        is_state = [actors.kind(x) in codebook.STATE_KINDS for x in (*side_a, *side_b)]
        if not any(is_state[: len(side_a)]) and any(is_state[len(side_a) :]):
            side_a, side_b = side_b, side_a
    civilian = all(actors.kind(x) == "civilian_group" for x in side_b)
    if event["ucdp_type"] == 3 and civilian:
        return join_names(side_a), "Civilians"
    return join_names(side_a), join_names(side_b)


def ucdp_row(
    event: Record, actors: ActorIndex, titles: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One GED row for ``event``; keys are :data:`GED_COLUMNS`, None where unknown."""
    interval = event_interval(event)
    loc, dead = event["location"] or {}, event["fatalities"] or {}
    side_a, side_b = ged_sides(event, actors)
    lat, lon = loc.get("lat"), loc.get("lon")
    docs = distinct_docs(event)
    row: dict[str, Any] = dict.fromkeys(GED_COLUMNS)
    row.update(
        id=event["id"],
        year=interval.first.year if interval else None,
        type_of_violence=event["ucdp_type"],
        dyad_name=f"{side_a} - {side_b}" if side_a and side_b else None,
        side_a=side_a or None,
        side_b=side_b or None,
        number_of_sources=len(docs),
        source_article=source_refs(event),
        source_headline="; ".join(titles[d] for d in docs if d in titles) if titles else None,
        where_prec=codebook.where_prec(loc.get("precision")),
        where_coordinates=loc.get("name"),
        adm_1=loc.get("admin1"),
        latitude=lat,
        longitude=lon,
        geom_wkt=codebook.point_wkt(lat, lon),
        priogrid_gid=codebook.priogrid_gid(lat, lon),
        country=loc.get("country"),
        date_prec=codebook.date_prec(interval, event["date_precision"]),
        date_start=interval.first.isoformat() if interval else None,
        date_end=interval.last.isoformat() if interval else None,
        deaths_unknown=dead.get("best"),
        best=dead.get("best"),
        high=dead.get("high"),
        low=dead.get("low"),
    )
    return row


def ucdp_rows(
    events: Iterable[Record], actors: ActorIndex, titles: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """GED rows of the events GED could hold: organised violence (a type_of_violence)."""
    return [ucdp_row(e, actors, titles) for e in events if e["ucdp_type"] is not None]


# -- ACLED -------------------------------------------------------------------------------------


def _inters(event: Record, actors: ActorIndex) -> tuple[int | None, int | None]:
    event_type, country = event["acled"]["event_type"], (event["location"] or {}).get("country")
    codes: list[int | None] = []
    for side, initiator in ((event["actors"], True), (event["targets"], False)):
        first = side[0] if side else None
        codes.append(
            None
            if first is None
            else codebook.inter_code(
                actors.kind(first),
                actor_country=actors.country(first),
                event_country=country,
                event_type=event_type,
                initiator=initiator,
            )
        )
    return codes[0], codes[1]


def _conservative(dead: Mapping[str, Any]) -> int | None:
    """ACLED counts the most conservative figure: our low, else our best (never high)."""
    low, best = dead.get("low"), dead.get("best")
    return low if low is not None else best


def acled_row(event: Record, actors: ActorIndex) -> dict[str, Any]:
    """One ACLED row for ``event``; keys are :data:`ACLED_COLUMNS`, None where unknown."""
    interval = event_interval(event)
    loc, acled = event["location"] or {}, event["acled"]
    first, second = event["actors"][:1], event["targets"][:1]
    inter1, inter2 = _inters(event, actors)
    disorder = codebook.disorder_type(acled["event_type"], acled["sub_event_type"])
    row: dict[str, Any] = dict.fromkeys(ACLED_COLUMNS)
    row.update(
        event_id_cnty=event["id"],
        event_date=interval.first.isoformat() if interval else None,
        year=interval.first.year if interval else None,
        time_precision=codebook.time_precision(interval, event["date_precision"]),
        disorder_type=disorder,
        event_type=acled["event_type"],
        sub_event_type=acled["sub_event_type"],
        actor1=join_names(first) or None,
        assoc_actor_1=join_names(event["actors"][1:]) or None,
        inter1=inter1,
        actor2=join_names(second) or None,
        assoc_actor_2=join_names(event["targets"][1:]) or None,
        inter2=inter2,
        interaction=codebook.interaction(inter1, inter2, has_actor2=bool(second)),
        civilian_targeting="Civilian targeting"
        if disorder == "Political violence" and inter2 == codebook.CIVILIANS
        else None,
        country=loc.get("country"),
        admin1=loc.get("admin1"),
        location=loc.get("name"),
        latitude=loc.get("lat"),
        longitude=loc.get("lon"),
        geo_precision=codebook.geo_precision(loc.get("precision")),
        source=source_refs(event),
        notes=event["sources"][0]["text"] if event["sources"] else None,
        fatalities=_conservative(event["fatalities"] or {}),
    )
    return row


# -- writers -----------------------------------------------------------------------------------


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write ``rows`` as UTF-8 CSV with a header of ``columns``; None becomes an empty cell."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
            count += 1
    return count


def write_jsonl(path: Path, events: Iterable[Record]) -> int:
    """Write the event contract records, one JSON object a line (UTF-8, not escaped)."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for event in events:
            handle.write(json.dumps(event, ensure_ascii=False) + "\n")
            count += 1
    return count


def parquet_record(event: Record) -> dict[str, Any]:
    """The flat-plus-nested Parquet row of an event (see :data:`PARQUET_SCHEMA`)."""
    interval = event_interval(event)
    loc, dead = event["location"] or {}, event["fatalities"] or {}
    return {
        **{k: event[k] for k in ("id", "type", "summary", "date_start", "date_end")},
        "date_precision": event["date_precision"],
        "interval_start": interval.first if interval else None,
        "interval_end": interval.last if interval else None,
        "location": loc.get("name"),
        **{k: loc.get(k) for k in ("admin1", "country", "lat", "lon")},
        "where_precision": loc.get("precision"),
        **{f"fatalities_{k}": dead.get(k) for k in ("low", "best", "high")},
        "acled_event_type": event["acled"]["event_type"],
        "acled_sub_event_type": event["acled"]["sub_event_type"],
        "plover": event["plover"],
        "ucdp_type": event["ucdp_type"],
        "actors": [{"id": a.get("id"), "name": a["name"]} for a in event["actors"]],
        "targets": [{"id": a.get("id"), "name": a["name"]} for a in event["targets"]],
        "sources": [{k: s[k] for k in ("doc", "start", "end", "text")} for s in event["sources"]],
    }


def write_parquet(path: Path, events: Sequence[Record]) -> int:
    """Write events as one Parquet table with a fixed schema (typed even when empty)."""
    table = pa.Table.from_pylist([parquet_record(e) for e in events], schema=PARQUET_SCHEMA)
    pq.write_table(table, path, compression="zstd")
    return int(table.num_rows)
