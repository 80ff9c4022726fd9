"""The claims command: numbers and dates as sourced claims, and where sources disagree."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

import conflict_atlas
from conflict_atlas.cli.common import DbOption, Format, FormatOption, app, emit, handles_errors
from conflict_atlas.pipeline import DEFAULT_DB


@app.command()
@handles_errors
def claims(
    db: DbOption = Path(DEFAULT_DB),
    subject: Annotated[
        str | None, typer.Option("--subject", help="Part of the subject's name.")
    ] = None,
    contradictions: Annotated[
        bool,
        typer.Option(
            "--contradictions",
            help="List groups of claims that disagree, strongest first, instead of claims.",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Quantitative and dated claims (deaths, troop strength, dates of events, years
    organisations were formed ...), each with its source sentence; with --contradictions,
    the groups of claims about one thing whose values disagree.

    Example: [bold]conflict-atlas claims --contradictions --format jsonl[/]
    """
    with conflict_atlas.open(db) as atlas:
        if contradictions:
            groups = atlas.claim_groups(subject=subject, contradictions=True)
            rows = groups if fmt is Format.jsonl else [_group_row(g) for g in groups]
            emit(rows, fmt, title=f"{len(groups)} contradictions")
            return
        found = atlas.claims(subject=subject)
    columns = (
        ["subject", "property", "value", "unit", "time", "attributed_to", "strength", "source"]
        if fmt is Format.table
        else None
    )
    rows = found if fmt is Format.jsonl else [_claim_row(c, fmt) for c in found]
    emit(rows, fmt, title=f"{len(found)} claims", columns=columns)


def _claim_row(claim: dict[str, Any], fmt: Format) -> dict[str, Any]:
    src = claim["source"]
    where = f"{src['doc']}:{src['start']}-{src['end']}"
    shown = f"{where} {src['text'][:90]}" if fmt is Format.table else where
    return {**{k: v for k, v in claim.items() if k != "source"}, "source": shown}


def _group_row(group: dict[str, Any]) -> dict[str, Any]:
    values = []
    for claim in group["claims"]:
        where = "; ".join(f"{s['doc']}:{s['start']}" for s in claim["sources"])
        values.append(f"{claim['value']} ({where})")
    return {
        "subject": group["subject"],
        "property": group["property"],
        "strength": round(group["strength"], 2),
        "values": " | ".join(values),
        "reason": group.get("reason", ""),
    }
