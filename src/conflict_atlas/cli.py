"""The ``conflict-atlas`` command: a thin client of the library.

Each command parses options, calls one library function and prints the result.
Library errors become one-line messages on stderr and a non-zero exit status.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

import conflict_atlas
import conflict_atlas.pipeline
from conflict_atlas.errors import AtlasError
from conflict_atlas.export import FORMATS
from conflict_atlas.models import BuildReport
from conflict_atlas.pipeline import DEFAULT_DB
from conflict_atlas.settings import DEFAULT_MAX_FILE_BYTES, Settings

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
            writer.writerow({k: _flat(v) for k, v in row.items()})
    else:
        table = Table(title=title, show_lines=False, highlight=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(_flat(row.get(c))) for c in columns))
        out.print(table)


def _flat(value: object) -> str:
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


def _parse_size(text: str) -> int:
    units = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "b": 1}
    lowered = text.strip().lower()
    for suffix, factor in units.items():
        if (
            lowered.endswith(suffix)
            and lowered[: -len(suffix)].strip().replace(".", "", 1).isdigit()
        ):
            return int(float(lowered[: -len(suffix)]) * factor)
    if lowered.isdigit():
        return int(lowered)
    raise typer.BadParameter(f"{text!r} is not a size such as 50MB, 800KB or 1000000")


@app.command()
@handles_errors
def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or directories (walked recursively). Default: the bundled corpus."
        ),
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad input.")] = False,
    append: Annotated[
        bool, typer.Option("--append", help="Add to the knowledge base instead of replacing it.")
    ] = False,
    max_file_size: Annotated[
        str, typer.Option("--max-file-size", help="Refuse larger files (e.g. 50MB).")
    ] = f"{DEFAULT_MAX_FILE_BYTES // 1024**2}MB",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Build a knowledge base from text files.

    Example: [bold]conflict-atlas build ~/my-articles/ --db syria.db[/]
    """
    settings = Settings(max_file_bytes=_parse_size(max_file_size), strict=strict)
    with _progress(quiet) as callback:
        report = conflict_atlas.build(
            paths or None, db=db, settings=settings, append=append, progress=callback
        )
    if not quiet:
        _print_build(report)
    for problem in report.problems:
        err.print(f"[bold red]error:[/] {problem}", highlight=False)
    if report.problems:
        raise typer.Exit(1)


class _progress:
    """A Rich progress bar on stderr fed by the pipeline's progress callback."""

    def __init__(self, quiet: bool) -> None:
        self.bar = (
            None
            if quiet
            else Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[item]}"),
                console=err,
                transient=True,
            )
        )
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Callable[[str, str, int, int], None] | None:
        if self.bar is None:
            return None
        self.bar.start()
        return self.update

    def update(self, stage: str, item: str, done: int, total: int) -> None:
        assert self.bar is not None
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total, item="")
        self.bar.update(self.tasks[stage], completed=done, total=total, item=item)

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _print_build(report: BuildReport) -> None:
    table = Table(title=f"Built {report.db}", highlight=False)
    for column in (
        "document",
        "layout",
        "title",
        "sections",
        "sentences",
        "infobox fields",
        "warnings",
    ):
        table.add_column(column, overflow="fold")
    for result in report.documents:
        doc = result.document
        cells = (
            doc.name,
            str(doc.layout),
            doc.title,
            str(len(doc.sections)),
            str(len(result.sentences)),
            str(len(doc.infobox_fields)),
            "; ".join(doc.warnings),
        )
        table.add_row(*(Text(cell) for cell in cells))
    out.print(table)
    total = sum(len(r.sentences) for r in report.documents)
    seconds = sum(report.timings.values())
    out.print(
        f"{len(report.documents)} documents, {total} sentences in {seconds:.2f} s "
        f"(run {report.run_id}); {len(report.problems)} problem(s)",
        highlight=False,
    )


@app.command()
@handles_errors
def docs(db: DbOption = Path(DEFAULT_DB), fmt: FormatOption = Format.table) -> None:
    """List the documents in the knowledge base.

    Example: [bold]conflict-atlas docs --format csv[/]
    """
    with conflict_atlas.open(db) as atlas:
        rows = [
            {
                "doc": d.name,
                "title": d.title,
                "layout": d.layout,
                "chars": d.chars,
                "sections": d.sections,
                "sentences": d.sentences,
                "infobox_fields": d.infobox_fields,
                "table_rows": d.table_rows,
                "id": d.id,
            }
            for d in atlas.documents()
        ]
    emit(rows, fmt, title="Documents")


@app.command()
@handles_errors
def show(
    doc: Annotated[str, typer.Argument(help="Document name, name prefix or id.")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Show a document's outline: infobox, sections and sentence counts.

    Example: [bold]conflict-atlas show 002[/]
    """
    with conflict_atlas.open(db) as atlas:
        row = atlas.document(doc)
        outline = atlas.outline(doc)
        infobox = atlas.infobox(doc)
        lead = atlas.lead_sentences(doc)
    out.print(
        Text(row["title"], style="bold"),
        Text(f" ({row['name']}, {row['layout']}, {row['chars']:,} chars)"),
    )
    if infobox:
        out.print(f"Infobox: {len(infobox)} fields")
        for field in infobox:
            value = field["value"] if len(field["value"]) < 90 else field["value"][:87] + "…"
            out.print(f"  {field['key']}: {value}", highlight=False, markup=False)
    out.print(f"(lead) — {lead} sentences", highlight=False)
    for section in outline:
        indent = "  " * (section["level"] - 1)
        out.print(
            f"{indent}{section['title']} — {section['sentences']} sentences",
            highlight=False,
            markup=False,
        )


@app.command()
@handles_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to look for (all must occur).")],
    db: DbOption = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits to show.")] = 10,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document.")] = None,
    raw: Annotated[
        bool,
        typer.Option("--fts", help="Pass QUERY to SQLite FTS5 as is (phrases, OR, NEAR, prefix*)."),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search over sentences (BM25 ranking; phrase matches first).

    Example: [bold]conflict-atlas search "fall of Kabul" --db atlas.db[/]
    """
    with conflict_atlas.open(db) as atlas:
        hits = atlas.search(query, limit=limit, doc=doc, raw=raw)
    rows = [
        {
            "doc": h.doc,
            "section": h.section,
            "start": h.start,
            "end": h.end,
            "score": h.score,
            "snippet": h.snippet,
            "text": h.text,
        }
        for h in hits
    ]
    columns = ["doc", "section", "start", "end", "snippet"] if fmt is Format.table else None
    emit(rows, fmt, title=f"{len(rows)} hits for {query!r}", columns=columns)
    if not rows and fmt is Format.table:
        err.print("no sentence matches", highlight=False)


DATE_FIELDS = (
    "doc",
    "start",
    "end",
    "text",
    "value",
    "precision",
    "date_start",
    "date_end",
    "mod",
    "anchor",
)


def _check_date(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not a date such as 2021-08-16")
    return value


@app.command()
@handles_errors
def dates(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to read.")],
    reference_date: Annotated[
        str | None,
        typer.Option(
            "--reference-date",
            callback=_check_date,
            help="Publication date (YYYY-MM-DD) anchoring 'yesterday', 'last year' (news).",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
) -> None:
    """Find and normalize the temporal expressions of files (no knowledge base needed).

    Example: [bold]conflict-atlas dates article.txt --reference-date 2021-08-16[/]
    """
    found, problems = conflict_atlas.pipeline.tag_dates(paths, reference_date=reference_date)
    rows = [
        {
            "doc": document.name,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "value": m.value,
            "precision": m.precision,
            "date_start": m.date_start,
            "date_end": m.date_end,
            "mod": m.mod,
            "anchor": m.anchor,
        }
        for document, mentions in found
        for m in mentions
    ]
    emit(rows, fmt, title=f"{len(rows)} temporal expressions", columns=DATE_FIELDS)
    for problem in problems:
        err.print(f"[bold red]error:[/] {problem}", highlight=False)
    if problems:
        raise typer.Exit(1)


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


TypeOption = Annotated[
    str | None, typer.Option("--type", help="Event type (capture, battle, ...).")
]
ActorOption = Annotated[str | None, typer.Option("--actor", help="A participant's name or alias.")]
PlaceOption = Annotated[str | None, typer.Option("--place", help="Location, province or country.")]


def _check_partial_date(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise typer.BadParameter(f"{value!r} is not a date such as 1992, 1992-04 or 1992-04-28")
    return value


FromOption = Annotated[
    str | None,
    typer.Option(
        "--from", callback=_check_partial_date, help="From date: YYYY, YYYY-MM or YYYY-MM-DD."
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to", callback=_check_partial_date, help="To date: YYYY, YYYY-MM or YYYY-MM-DD."
    ),
]
DeadOption = Annotated[
    int | None, typer.Option("--min-fatalities", min=0, help="At least N deaths.")
]
DocOption = Annotated[
    str | None, typer.Option("--doc", help="Only events reported in this document.")
]


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
            "--gold", exists=True, file_okay=False, help="Folder of *.events.jsonl gold files."
        ),
    ],
    db: DbOption = Path(DEFAULT_DB),
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Score the knowledge base's events against hand-annotated gold files.

    Example: [bold]conflict-atlas eval --gold tests/fixtures/gold[/]
    """
    from conflict_atlas.events.evaluate import evaluate, load_gold

    files = sorted(gold.glob("*.events.jsonl"))
    if not files:
        raise fail(f"{gold}: no *.events.jsonl files")
    with conflict_atlas.open(db) as atlas:
        scores = evaluate(atlas.events(), load_gold(files), atlas.texts())
    if fmt == "json":
        sys.stdout.write(json.dumps(dataclasses.asdict(scores)) + "\n")
    else:
        out.print(Text(scores.report()))


def run(argv: Iterable[str] | None = None) -> None:
    """Entry point of the console script."""
    app(args=list(argv) if argv is not None else None)
