"""Exports researchers can open in their own tools: GED/ACLED-style CSV, JSON Lines,
Parquet, GeoJSON, GraphML/GEXF actor networks and TimelineJS.

>>> import conflict_atlas
>>> from conflict_atlas.export import export, FORMATS
>>> atlas = conflict_atlas.open("atlas.db")                         # doctest: +SKIP
>>> export(atlas, "ucdp-csv", "ged.csv", date_from="2001", date_to="2021")  # doctest: +SKIP
173

Each export is written to a temporary file next to ``out`` and renamed into place, so a
failed export leaves no half-written file and an existing file is only replaced by a
complete one. docs/exports.md documents every column of every format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflict_atlas.errors import ExportError
from conflict_atlas.export.common import (
    ActorIndex,
    ExportInput,
    atomic_output,
    check_writable,
)
from conflict_atlas.export.geo import write_geojson
from conflict_atlas.export.network import actor_network, overlaps, write_gexf, write_graphml
from conflict_atlas.export.tables import (
    ACLED_COLUMNS,
    GED_COLUMNS,
    acled_row,
    ucdp_rows,
    write_csv,
    write_jsonl,
    write_parquet,
)
from conflict_atlas.export.timeline import write_timelinejs
from conflict_atlas.query import Atlas

Writer = Callable[[Path, ExportInput], int]


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: its ``--help`` description, its writer and what it reads."""

    description: str
    write: Writer
    needs_actors: bool = False
    needs_relations: bool = False


def _ucdp(path: Path, data: ExportInput) -> int:
    rows = ucdp_rows(data.events, ActorIndex(data.actors), data.titles)
    return write_csv(path, GED_COLUMNS, rows)


def _acled(path: Path, data: ExportInput) -> int:
    actors = ActorIndex(data.actors)
    return write_csv(path, ACLED_COLUMNS, (acled_row(e, actors) for e in data.events))


def _network(data: ExportInput) -> Any:
    return actor_network(data.actors, data.relations, data.events, only_event_actors=data.filtered)


_FORMATS: dict[str, Format] = {
    "ucdp-csv": Format(
        "UCDP GED-style CSV: GED's 49 columns in GED's order, one row per event of "
        "organised violence (type_of_violence 1-3); unknown columns left empty.",
        _ucdp,
        needs_actors=True,
    ),
    "acled-csv": Format(
        "ACLED-style CSV: the 31 columns of an ACLED export, one row per event, with "
        "inter codes from actor kinds; unknown columns left empty.",
        _acled,
        needs_actors=True,
    ),
    "jsonl": Format(
        "JSON Lines: one event record a line, exactly as `events --format jsonl`.",
        lambda path, data: write_jsonl(path, data.events),
    ),
    "parquet": Format(
        "Parquet: one typed row per event, with lists of actors, targets and sources "
        "(pandas, R arrow, DuckDB).",
        lambda path, data: write_parquet(path, data.events),
    ),
    "geojson": Format(
        "GeoJSON: a Point feature per located event with flat properties and its "
        "first source sentence (QGIS, Kepler.gl).",
        lambda path, data: write_geojson(path, data.events),
    ),
    "graphml": Format(
        "GraphML: the actor network, one edge per relation with its kind, dates and "
        "evidence (Gephi, networkx, igraph, yEd).",
        lambda path, data: write_graphml(path, _network(data)),
        needs_actors=True,
        needs_relations=True,
    ),
    "gexf": Format(
        "GEXF: the actor network with dated edges, so Gephi's timeline shows each "
        "relation while it holds.",
        lambda path, data: write_gexf(path, _network(data)),
        needs_actors=True,
        needs_relations=True,
    ),
    "timelinejs": Format(
        "TimelineJS 3 JSON: a slide per dated event, dated only as precisely as known, "
        "with its source sentence.",
        lambda path, data: write_timelinejs(path, data.events, title=data.title),
    ),
}

FORMATS: dict[str, str] = {name: spec.description for name, spec in _FORMATS.items()}
"""Export format names and their one-line descriptions (for ``export --help``)."""


def export_format(fmt: str) -> Format:
    """The :class:`Format` named ``fmt`` (case-insensitive); ExportError if there is none."""
    spec = _FORMATS.get(fmt.strip().lower())
    if spec is None:
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return spec


def _relations(atlas: Atlas, date_from: str | None, date_to: str | None) -> tuple[Any, ...]:
    return tuple(r for r in atlas.relations() if overlaps(r, date_from, date_to))


def read_input(atlas: Atlas, spec: Format, **filters: Any) -> ExportInput:
    """Read what ``spec`` needs from ``atlas``: the filtered events, actors, relations."""
    events = tuple(atlas.events(**filters))
    return ExportInput(
        events=events,
        actors=tuple(atlas.actors()) if spec.needs_actors else (),
        relations=_relations(atlas, filters.get("date_from"), filters.get("date_to"))
        if spec.needs_relations
        else (),
        titles={d.name: d.title for d in atlas.documents()},
        title=f"Conflict Atlas: {atlas.path.name}",
        filtered=any(v is not None for v in filters.values()),
    )


def export(
    atlas: Atlas,
    fmt: str,
    out: Path | str,
    *,
    type: str | None = None,  # noqa: A002 - the event filter's name everywhere else
    actor: str | None = None,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    min_fatalities: int | None = None,
    doc: str | None = None,
) -> int:
    """Export the events (or actor network) of ``atlas`` to ``out`` in format ``fmt``.

    The filters are those of :meth:`Atlas.events`. For graphml/gexf they select the
    events whose actors become nodes, and ``date_from``/``date_to`` also keep only the
    relations whose dates overlap the range. Returns the number of rows, features,
    slides or (for graphml/gexf) edges written. Raises :class:`ExportError` for an
    unknown format or a path that cannot be written; ``out`` is then left as it was.
    """
    spec = export_format(fmt)
    out = Path(out)
    check_writable(out)
    data = read_input(
        atlas,
        spec,
        type=type,
        actor=actor,
        place=place,
        date_from=date_from,
        date_to=date_to,
        min_fatalities=min_fatalities,
        doc=doc,
    )
    with atomic_output(out) as tmp:
        return spec.write(tmp, data)


__all__ = [
    "FORMATS",
    "ExportError",
    "ExportInput",
    "Format",
    "export",
    "export_format",
    "read_input",
]
