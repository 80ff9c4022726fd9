"""Commands over the documents: build, docs, show, search, dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

import conflict_atlas
import conflict_atlas.pipeline
from conflict_atlas.cli.common import (
    DbOption,
    Format,
    FormatOption,
    app,
    emit,
    err,
    handles_errors,
    out,
)
from conflict_atlas.models import BuildReport
from conflict_atlas.pipeline import DEFAULT_DB
from conflict_atlas.settings import DEFAULT_MAX_FILE_BYTES, Settings


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
    places: Annotated[
        list[Path] | None,
        typer.Option(
            "--places",
            exists=True,
            dir_okay=False,
            help="More places for the gazetteer: a TSV with the columns of places.tsv "
            "(repeatable).",
        ),
    ] = None,
    actors: Annotated[
        list[Path] | None,
        typer.Option(
            "--actors",
            exists=True,
            help="More actors: a registry YAML file or folder (data/actors/SCHEMA.md; repeatable).",
        ),
    ] = None,
) -> None:
    """Build a knowledge base from text files.

    Example: [bold]conflict-atlas build ~/my-articles/ --db syria.db --places syria.tsv[/]
    """
    settings = Settings(
        max_file_bytes=_parse_size(max_file_size),
        strict=strict,
        places=tuple(str(p) for p in places or ()),
        actors=tuple(str(p) for p in actors or ()),
    )
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
    contradictions = sum(1 for g in report.claim_groups if g.strength > 0)
    out.print(
        f"{len(report.actors)} actors, {len(report.places)} places, {len(report.events)} events, "
        f"{len(report.relations)} relations, {contradictions} contradictions",
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
