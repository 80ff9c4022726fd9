"""Commands over actors and places."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

import conflict_atlas
import conflict_atlas.pipeline
from conflict_atlas.cli.common import (
    DbOption,
    Format,
    FormatOption,
    app,
    emit,
    fail,
    handles_errors,
    out,
)
from conflict_atlas.pipeline import DEFAULT_DB


@app.command()
@handles_errors
def actors(
    db: DbOption = Path(DEFAULT_DB),
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind (state, armed_group, person, ...).")
    ] = None,
    network: Annotated[
        bool,
        typer.Option(
            "--network", help="List the relations between actors instead (the actor network)."
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List the actors of the knowledge base with aliases and mention counts, or with
    --network the relations between them (leader_of, member_of, allied_with, fought,
    supported, split_from, succeeded, part_of), each with dates and evidence.

    Example: [bold]conflict-atlas actors --kind armed_group --format jsonl[/]
    """
    if kind is not None and network:
        raise fail("--kind applies to the actor list, not to --network")
    with conflict_atlas.open(db) as atlas:
        if network:
            relations = atlas.relations()
            emit(_relation_rows(relations, fmt), fmt, title=f"{len(relations)} relations")
            return
        rows = atlas.actors(kind=kind)
    columns = ["name", "kind", "mentions", "aliases", "id"] if fmt is Format.table else None
    emit(rows, fmt, title=f"{len(rows)} actors", columns=columns)


def _relation_rows(relations: list[dict[str, Any]], fmt: Format) -> list[dict[str, Any]]:
    if fmt is Format.jsonl:
        return relations
    return [
        {
            "source": r["source"]["name"],
            "kind": r["kind"],
            "target": r["target"]["name"],
            "start": r["start"],
            "end": r["end"],
            "origin": r["origin"],
            "weight": r["weight"],
            "evidence": "; ".join(f"{e['doc']}:{e['start']}" for e in r["evidence"][:3]),
        }
        for r in relations
    ]


@app.command()
@handles_errors
def actor(
    name: Annotated[str, typer.Argument(help="Name, alias or id of the actor.")],
    db: DbOption = Path(DEFAULT_DB),
    fmt: FormatOption = Format.table,
) -> None:
    """One actor: aliases, kind, relations, and its events over time with their sources.

    Example: [bold]conflict-atlas actor "Hezb-e Islami"[/]
    """
    with conflict_atlas.open(db) as atlas:
        profile = atlas.profile(name)
    if fmt is not Format.table:
        sys.stdout.write(json.dumps(profile, ensure_ascii=False) + "\n")
        return
    out.print(Text(f"{profile['name']}  ({profile['kind']})", style="bold"))
    out.print(Text(f"id {profile['id']}; from the {profile['source']}"), highlight=False)
    if profile["country"]:
        out.print(Text(f"country: {profile['country']}"), highlight=False)
    if profile["aliases"]:
        out.print(Text("aliases: " + ", ".join(profile["aliases"])), highlight=False)
    if profile["relations"]:
        emit(_relation_rows(profile["relations"], fmt), fmt, title="relations")
    years = Counter((e["date_start"] or "undated")[:4] for e in profile["events"])
    out.print(Text(f"\n{len(profile['events'])} events", style="bold"))
    for year, count in sorted(years.items()):
        out.print(Text(f"  {year}  {'#' * min(count, 60)} {count}"), highlight=False)
    for event in profile["events"]:
        src = event["sources"][0]
        line = (
            f"  {event['date_start'] or '?':10}  {event['type']:<17} {event['summary']}"
            f"  [{event['role']}; {src['doc']}:{src['start']}]"
        )
        out.print(Text(line), highlight=False)


@app.command()
@handles_errors
def places(
    db: DbOption = Path(DEFAULT_DB),
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind (city, province, ...).")
    ] = None,
    unresolved: Annotated[
        bool,
        typer.Option(
            "--unresolved",
            help="Names the text marks as places that the gazetteer lacks, with counts and "
            "the first sentence naming each.",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List the places of the knowledge base with coordinates and precision.

    Example: [bold]conflict-atlas places --unresolved --format jsonl[/]
    """
    with conflict_atlas.open(db) as atlas:
        if unresolved:
            found = atlas.unresolved_places()
            wanted = ["name", "mentions", "documents", "doc", "start", "sentence"]
            emit(found, fmt, title=f"{len(found)} unresolved places", columns=wanted)
            return
        rows = atlas.places(kind=kind)
    columns = (
        ["name", "kind", "lat", "lon", "admin1", "country", "precision", "mentions"]
        if fmt is Format.table
        else None
    )
    emit(rows, fmt, title=f"{len(rows)} places", columns=columns)
