"""Commands over actors and places."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import conflict_atlas
import conflict_atlas.pipeline
from conflict_atlas.cli.common import (
    DbOption,
    Format,
    FormatOption,
    app,
    emit,
    handles_errors,
)
from conflict_atlas.pipeline import DEFAULT_DB


@app.command()
@handles_errors
def actors(
    db: DbOption = Path(DEFAULT_DB),
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind (state, armed_group, person, ...).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the actors of the knowledge base with aliases and mention counts.

    Example: [bold]conflict-atlas actors --kind armed_group --format jsonl[/]
    """
    with conflict_atlas.open(db) as atlas:
        rows = atlas.actors(kind=kind)
    columns = ["name", "kind", "mentions", "aliases", "id"] if fmt is Format.table else None
    emit(rows, fmt, title=f"{len(rows)} actors", columns=columns)


@app.command()
@handles_errors
def places(
    db: DbOption = Path(DEFAULT_DB),
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind (city, province, ...).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the places of the knowledge base with coordinates and precision.

    Example: [bold]conflict-atlas places --format jsonl[/]
    """
    with conflict_atlas.open(db) as atlas:
        rows = atlas.places(kind=kind)
    columns = (
        ["name", "kind", "lat", "lon", "admin1", "country", "precision", "mentions"]
        if fmt is Format.table
        else None
    )
    emit(rows, fmt, title=f"{len(rows)} places", columns=columns)
