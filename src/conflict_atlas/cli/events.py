"""Commands over events: events, timeline, export, eval."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

import conflict_atlas
import conflict_atlas.pipeline
from conflict_atlas.cli.common import (
    ActorOption,
    DbOption,
    DeadOption,
    DocOption,
    Format,
    FormatOption,
    FromOption,
    PlaceOption,
    ToOption,
    TypeOption,
    app,
    emit,
    err,
    fail,
    handles_errors,
    out,
)
from conflict_atlas.export import FORMATS
from conflict_atlas.pipeline import DEFAULT_DB


def _event_rows(db: Path, **filters: Any) -> list[dict[str, Any]]:
    with conflict_atlas.open(db) as atlas:
        return atlas.events(**filters)


def _flat_event(event: dict[str, Any]) -> dict[str, Any]:
    loc, dead, src = event["location"] or {}, event["fatalities"] or {}, event["sources"][0]
    return {
        "id": event["id"],
        "type": event["type"],
        "date_start": event["date_start"],
        "date_end": event["date_end"],
        "date_precision": event["date_precision"],
        "actors": "; ".join(a["name"] for a in event["actors"]),
        "targets": "; ".join(a["name"] for a in event["targets"]),
        "location": loc.get("name"),
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "where_precision": loc.get("precision"),
        "fatalities_low": dead.get("low"),
        "fatalities_best": dead.get("best"),
        "fatalities_high": dead.get("high"),
        "acled_event_type": event["acled"]["event_type"],
        "acled_sub_event_type": event["acled"]["sub_event_type"],
        "plover": event["plover"],
        "ucdp_type": event["ucdp_type"],
        "sources": len(event["sources"]),
        "source": f"{src['doc']}:{src['start']}-{src['end']}",
        "summary": event["summary"],
    }


@app.command()
@handles_errors
def events(
    db: DbOption = Path(DEFAULT_DB),
    type_: TypeOption = None,
    actor: ActorOption = None,
    place: PlaceOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    min_fatalities: DeadOption = None,
    doc: DocOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List events: type, date, actors, place, fatalities and the sentences reporting them.

    Example: [bold]conflict-atlas events --type capture --from 2021-08 --format jsonl[/]
    """
    rows = _event_rows(
        db,
        type=type_,
        actor=actor,
        place=place,
        date_from=date_from,
        date_to=date_to,
        min_fatalities=min_fatalities,
        doc=doc,
    )
    if fmt is Format.jsonl:
        emit(rows, fmt)
        return
    flat = [_flat_event(e) for e in rows]
    columns = (
        [
            "date_start",
            "type",
            "actors",
            "targets",
            "location",
            "fatalities_best",
            "source",
            "summary",
        ]
        if fmt is Format.table
        else None
    )
    emit(flat, fmt, title=f"{len(flat)} events", columns=columns)


@app.command()
@handles_errors
def timeline(
    db: DbOption = Path(DEFAULT_DB),
    type_: TypeOption = None,
    actor: ActorOption = None,
    place: PlaceOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    min_fatalities: DeadOption = None,
    doc: DocOption = None,
) -> None:
    """A readable chronology of the events, grouped by year, each with its source.

    Example: [bold]conflict-atlas timeline --from 1989 --to 1992[/]
    """
    rows = _event_rows(
        db,
        type=type_,
        actor=actor,
        place=place,
        date_from=date_from,
        date_to=date_to,
        min_fatalities=min_fatalities,
        doc=doc,
    )
    year = None
    for event in rows:
        this = (event["date_start"] or "undated")[:4]
        if this != year:
            year = this
            out.print(Text(f"\n{year}", style="bold"))
        src = event["sources"][0]
        place_name = (event["location"] or {}).get("name")
        where = f" @ {place_name}" if place_name else ""
        line = (
            f"  {event['date_start'] or '?':10}  {event['type']:<17} {event['summary']}"
            f"{where}  [{src['doc']}:{src['start']}]"
        )
        out.print(Text(line), highlight=False)
    if not rows:
        err.print("no event matches", highlight=False)


@app.command(name="export")
@handles_errors
def export_command(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"One of: {', '.join(FORMATS)} (see docs/exports.md).",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="File to write (replaced only if all goes well).")
    ],
    db: DbOption = Path(DEFAULT_DB),
    type_: TypeOption = None,
    actor: ActorOption = None,
    place: PlaceOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    min_fatalities: DeadOption = None,
    doc: DocOption = None,
) -> None:
    """Export the events (UCDP GED / ACLED columns, JSONL, Parquet, GeoJSON, TimelineJS)
    or the actor network (GraphML, GEXF). Column mappings: docs/exports.md.

    Example: [bold]conflict-atlas export --format ucdp-csv --out ged.csv --from 2001[/]
    """
    from conflict_atlas.export import export

    with conflict_atlas.open(db) as atlas:
        count = export(
            atlas,
            fmt,
            out,
            type=type_,
            actor=actor,
            place=place,
            date_from=date_from,
            date_to=date_to,
            min_fatalities=min_fatalities,
            doc=doc,
        )
    err.print(f"wrote {count} records to {out}", highlight=False)


@app.command(name="eval")
@handles_errors
def evaluate_command(
    gold: Annotated[
        Path,
        typer.Option(
            "--gold",
            exists=True,
            file_okay=False,
            help="Folder of *.events.jsonl (and *.places.jsonl) gold files.",
        ),
    ],
    db: DbOption = Path(DEFAULT_DB),
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Score the knowledge base's events (and places) against hand-annotated gold files.

    Reads every *.events.jsonl of the folder, and every *.places.jsonl (place names with
    their country and point) when there are some.

    Example: [bold]conflict-atlas eval --gold tests/fixtures/gold[/]
    """
    from conflict_atlas.events.evaluate import evaluate, load_gold
    from conflict_atlas.events.place_scores import load_place_gold, score_places

    files = sorted(gold.glob("*.events.jsonl"))
    place_files = sorted(gold.glob("*.places.jsonl"))
    if not files and not place_files:
        raise fail(f"{gold}: no *.events.jsonl or *.places.jsonl files")
    report: dict[str, object] = {}
    lines: list[str] = []
    with conflict_atlas.open(db) as atlas:
        if files:
            aliases = atlas.actor_aliases()
            scores = evaluate(atlas.events(), load_gold(files), atlas.texts(), aliases=aliases)
            report |= dataclasses.asdict(scores)
            lines.append(scores.report())
        if place_files:
            places = score_places(atlas.place_mentions(), load_place_gold(place_files))
            report |= {f"places_{k}": v for k, v in dataclasses.asdict(places).items()}
            lines.append(places.report())
    if fmt == "json":
        sys.stdout.write(json.dumps(report) + "\n")
    else:
        out.print(Text("\n".join(lines)))
