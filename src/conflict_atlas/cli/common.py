"""What every command shares: the app, consoles, options, output formats, error handling."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

import conflict_atlas
import conflict_atlas.pipeline
from conflict_atlas.errors import AtlasError

app = typer.Typer(
    name="conflict-atlas",
    help="Build and query a sourced knowledge base of armed-conflict events from text.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
# Piped output is not cut to 80 columns: tables stay readable in files and logs.
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)  # an error message is one line, however long

F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


DbOption = Annotated[
    Path, typer.Option("--db", help="Knowledge base file.", envvar="CONFLICT_ATLAS_DB")
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def handles_errors(func: F) -> F:
    """Turn library errors into one-line messages and exit status 1."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AtlasError as error:
            raise fail(str(error)) from None

    return wrapper  # type: ignore[return-value]


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """Print rows as a Rich table, JSON Lines or CSV (all columns, in order)."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: flat(v) for k, v in row.items()})
    else:
        table = Table(title=title, show_lines=False, highlight=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(flat(row.get(c))) for c in columns))
        out.print(table)


def flat(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _version(value: bool) -> None:
    if value:
        out.print(f"conflict-atlas {conflict_atlas.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Conflict Atlas reads narrative text about an armed conflict and builds a sourced
    knowledge base: every record points to the exact characters it came from."""


TypeOption = Annotated[
    str | None, typer.Option("--type", help="Event type (capture, battle, ...).")
]
ActorOption = Annotated[str | None, typer.Option("--actor", help="A participant's name or alias.")]
PlaceOption = Annotated[str | None, typer.Option("--place", help="Location, province or country.")]


def check_partial_date(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise typer.BadParameter(f"{value!r} is not a date such as 1992, 1992-04 or 1992-04-28")
    return value


FromOption = Annotated[
    str | None,
    typer.Option(
        "--from", callback=check_partial_date, help="From date: YYYY, YYYY-MM or YYYY-MM-DD."
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option("--to", callback=check_partial_date, help="To date: YYYY, YYYY-MM or YYYY-MM-DD."),
]
DeadOption = Annotated[
    int | None, typer.Option("--min-fatalities", min=0, help="At least N deaths.")
]
DocOption = Annotated[
    str | None, typer.Option("--doc", help="Only events reported in this document.")
]
