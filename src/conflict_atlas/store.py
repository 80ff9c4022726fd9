"""Store: write the knowledge base (the only module that writes SQL).

A build writes a temporary file next to the target and renames it into place, so an
interrupted or failed build never damages the last good knowledge base.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from conflict_atlas.errors import KnowledgeBaseError
from conflict_atlas.events.serialize import event_to_json
from conflict_atlas.models import Actor, Document, DocumentResult, Event, Place, content_id

FORMAT_NAME = "conflict-atlas"
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One row of the ``runs`` table: what was built, with which settings, how fast."""

    id: str
    started_at: str
    finished_at: str
    version: str
    settings: dict[str, object]
    inputs: list[dict[str, object]]
    counts: dict[str, int]
    timings: dict[str, float]
    problems: list[str]


def check_target(path: Path) -> None:
    """Refuse to overwrite a file that is not a Conflict Atlas knowledge base."""
    if path.exists() and not is_knowledge_base(path):
        raise KnowledgeBaseError(
            f"{path} exists and is not a Conflict Atlas knowledge base; "
            "remove it or choose another --db"
        )


def is_knowledge_base(path: Path) -> bool:
    try:
        with closing_db(path, readonly=True) as conn:
            row = conn.execute("select value from meta where key = 'format'").fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == FORMAT_NAME)


@contextmanager
def closing_db(path: Path, *, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"file:{path}?mode=ro" if readonly else str(path)
    conn = sqlite3.connect(uri, uri=readonly)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def staged_file(target: Path, *, start_from_target: bool = False) -> Iterator[Path]:
    """A temporary file beside ``target`` that replaces it only if the block succeeds."""
    temp = target.with_name(f".{target.name}.building-{os.getpid()}")
    try:
        temp.unlink(missing_ok=True)
        if start_from_target and target.exists():
            shutil.copyfile(target, temp)
        yield temp
        os.replace(temp, target)
    except OSError as error:
        raise KnowledgeBaseError(f"cannot write {target}: {error.strerror or error}") from error
    finally:
        temp.unlink(missing_ok=True)


def write_knowledge_base(
    target: Path,
    results: Sequence[DocumentResult],
    run: RunRecord,
    *,
    append: bool = False,
    actors: Sequence[Actor] = (),
    places: Sequence[Place] = (),
    events: Sequence[Event] = (),
) -> None:
    """Write ``results`` (and the run record) to ``target`` atomically.

    With ``append`` the existing knowledge base is kept and documents are added to it
    (a document already stored under the same id is replaced).
    """
    check_target(target)
    with staged_file(target, start_from_target=append) as temp:
        db = sqlite_utils.Database(temp)
        # The staged file is discarded if anything fails, so it needs no journal or fsync;
        # the rename into place is what makes the build durable.
        db.execute("pragma journal_mode = off")
        db.execute("pragma synchronous = off")
        try:
            with db.conn:
                create_schema(db)
                for result in results:
                    if append:  # a fresh file has nothing to replace
                        remove_document(db, result.document.id)
                    insert_document(db, result)
                insert_entities(db, actors, places)
                insert_events(db, events)
                db.table("runs").insert(_run_row(run), pk="id", replace=True)
            rebuild_search_index(db)
        finally:
            db.close()


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table if missing (idempotent)."""
    db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db.table("meta").upsert_all(
        [
            {"key": "format", "value": FORMAT_NAME},
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        ],
        pk="key",
    )
    for name, columns in SCHEMA.items():
        foreign = [(col, "documents", "id") for col in columns if col == "doc_id"]
        db.table(name).create(columns, pk="id", foreign_keys=foreign, if_not_exists=True)
    for name, columns in SCHEMA.items():
        if "doc_id" in columns:
            db.table(name).create_index(["doc_id"], if_not_exists=True)


SCHEMA: dict[str, dict[str, Any]] = {
    "documents": {
        "id": str,
        "name": str,
        "source": str,
        "layout": str,
        "title": str,
        "infobox_title": str,
        "reference_date": str,
        "url": str,
        "sha256": str,
        "chars": int,
        "text": str,
        "warnings": str,
    },
    "sections": {
        "id": str,
        "doc_id": str,
        "idx": int,
        "level": int,
        "title": str,
        "parent_id": str,
        "start": int,
        "end": int,
        "heading_start": int,
        "heading_end": int,
    },
    "infobox_fields": {
        "id": str,
        "doc_id": str,
        "idx": int,
        "key": str,
        "value": str,
        "start": int,
        "end": int,
        "key_start": int,
        "key_end": int,
        "items": str,
    },
    "table_rows": {
        "id": str,
        "doc_id": str,
        "table_idx": int,
        "row_idx": int,
        "section_id": str,
        "start": int,
        "end": int,
        "cells": str,
    },
    "paragraphs": {
        "id": str,
        "doc_id": str,
        "idx": int,
        "section_id": str,
        "kind": str,
        "start": int,
        "end": int,
    },
    "sentences": {
        "id": str,
        "doc_id": str,
        "idx": int,
        "kind": str,
        "section_id": str,
        "paragraph_idx": int,
        "field": str,
        "start": int,
        "end": int,
        "text": str,
        "citations": str,
    },
    "citations": {
        "id": str,
        "doc_id": str,
        "label": str,
        "start": int,
        "end": int,
        "sentence_id": str,
    },
    "time_expressions": {
        "id": str,
        "doc_id": str,
        "sentence_id": str,
        "start": int,
        "end": int,
        "text": str,
        "value": str,
        "kind": str,
        "precision": str,
        "date_start": str,
        "date_end": str,
        "mod": str,
        "anchor": str,
    },
    "quantities": {
        "id": str,
        "doc_id": str,
        "sentence_id": str,
        "start": int,
        "end": int,
        "text": str,
        "low": float,
        "best": float,
        "high": float,
        "counts": str,
        "unit": str,
        "approx": str,
        "subject": str,
    },
    "mentions": {
        "id": str,
        "doc_id": str,
        "sentence_id": str,
        "start": int,
        "end": int,
        "text": str,
        "kind": str,
        "entity_id": str,
        "method": str,
        "score": float,
    },
    "entities": {
        "id": str,
        "type": str,
        "name": str,
        "kind": str,
        "country": str,
        "admin1": str,
        "lat": float,
        "lon": float,
        "precision": str,
        "source": str,
        "attributes": str,
    },
    "aliases": {"id": str, "entity_id": str, "alias": str},
    "events": {
        "id": str,
        "type": str,
        "summary": str,
        "date_start": str,
        "date_end": str,
        "date_precision": str,
        "sort_start": str,
        "sort_end": str,
        "location": str,
        "admin1": str,
        "country": str,
        "lat": float,
        "lon": float,
        "where_precision": str,
        "place_id": str,
        "fatalities_low": int,
        "fatalities_best": int,
        "fatalities_high": int,
        "acled_event_type": str,
        "acled_sub_event_type": str,
        "plover": str,
        "ucdp_type": int,
        "trigger": str,
        "claim": int,
        "record": str,
    },
    "event_participants": {
        "id": str,
        "event_id": str,
        "entity_id": str,
        "name": str,
        "kind": str,
        "role": str,
    },
    "event_sources": {
        "id": str,
        "event_id": str,
        "doc": str,
        "start": int,
        "end": int,
        "text": str,
    },
    "runs": {
        "id": str,
        "started_at": str,
        "finished_at": str,
        "version": str,
        "settings": str,
        "inputs": str,
        "counts": str,
        "timings": str,
        "problems": str,
    },
}

#: Tables whose rows belong to one document, deleted with it (children first).
DOCUMENT_TABLES = tuple(reversed([name for name, cols in SCHEMA.items() if "doc_id" in cols]))


def remove_document(db: sqlite_utils.Database, doc_id: str) -> None:
    for name in DOCUMENT_TABLES:
        db.execute(f"delete from [{name}] where doc_id = ?", [doc_id])
    db.execute("delete from documents where id = ?", [doc_id])


def section_id(doc_id: str, index: int | None) -> str | None:
    return None if index is None else content_id(doc_id, "section", index)


def insert_document(db: sqlite_utils.Database, result: DocumentResult) -> None:
    doc = result.document
    db.table("documents").insert(_document_row(doc), pk="id")
    db.table("sections").insert_all(_section_rows(doc), pk="id")
    db.table("infobox_fields").insert_all(_field_rows(doc), pk="id")
    db.table("table_rows").insert_all(_table_rows(doc), pk="id")
    db.table("paragraphs").insert_all(_paragraph_rows(doc), pk="id")
    db.table("sentences").insert_all(_sentence_rows(result), pk="id")
    db.table("citations").insert_all(_citation_rows(result), pk="id")
    db.table("time_expressions").insert_all(_time_rows(result), pk="id")
    db.table("quantities").insert_all(_quantity_rows(result), pk="id")
    db.table("mentions").insert_all(_mention_rows(result), pk="id")


def _time_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
    for m in result.times:
        yield {
            "id": content_id(m.doc_id, "time", m.start, m.end),
            "doc_id": m.doc_id,
            "sentence_id": m.sentence_id,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "value": m.value,
            "kind": m.kind,
            "precision": m.precision,
            "date_start": m.date_start,
            "date_end": m.date_end,
            "mod": m.mod,
            "anchor": m.anchor,
        }


def _quantity_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
    for q in result.quantities:
        yield {
            "id": content_id(q.doc_id, "quantity", q.start, q.end),
            "doc_id": q.doc_id,
            "sentence_id": q.sentence_id,
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "low": q.low,
            "best": q.best,
            "high": q.high,
            "counts": q.counts,
            "unit": q.unit,
            "approx": q.approx,
            "subject": q.subject,
        }


def _mention_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
    for m in result.mentions:
        yield {
            "id": content_id(m.doc_id, "mention", m.kind, m.start, m.end),
            "doc_id": m.doc_id,
            "sentence_id": m.sentence_id,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "kind": m.kind,
            "entity_id": m.entity_id,
            "method": m.method,
            "score": m.score,
        }


def insert_entities(
    db: sqlite_utils.Database, actors: Sequence[Actor], places: Sequence[Place]
) -> None:
    """Upsert actors and places into ``entities`` and their names into ``aliases``."""
    rows = [_actor_row(a) for a in actors] + [_place_row(p) for p in places]
    db.table("entities").upsert_all(rows, pk="id")
    names = [(a.id, a.aliases) for a in actors] + [(p.id, p.aliases) for p in places]
    db.table("aliases").upsert_all(
        (
            {"id": content_id(entity, alias), "entity_id": entity, "alias": alias}
            for entity, aliases in names
            for alias in dict.fromkeys(aliases)
        ),
        pk="id",
    )


def insert_events(db: sqlite_utils.Database, events: Sequence[Event]) -> None:
    """Events with their participants and sources; ``record`` holds the JSONL contract."""
    db.table("events").upsert_all((_event_row(e) for e in events), pk="id")
    db.table("event_participants").upsert_all(
        (
            {
                "id": content_id(e.id, role, i),
                "event_id": e.id,
                "entity_id": a.id,
                "name": a.name,
                "kind": a.kind,
                "role": role,
            }
            for e in events
            for role, group in (("actor", e.actors), ("target", e.targets))
            for i, a in enumerate(group)
        ),
        pk="id",
    )
    db.table("event_sources").upsert_all(
        (
            {
                "id": content_id(e.id, s.doc, s.start, s.end),
                "event_id": e.id,
                "doc": s.doc,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for e in events
            for s in e.sources
        ),
        pk="id",
    )


def _event_row(event: Event) -> dict[str, object]:
    loc, dead = event.location, event.fatalities
    return {
        "id": event.id,
        "type": event.type,
        "summary": event.summary,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "sort_start": interval_start(event.date_start),
        "sort_end": interval_end(event.date_end or event.date_start),
        "location": loc.name if loc else None,
        "admin1": loc.admin1 if loc else None,
        "country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "where_precision": loc.precision if loc else None,
        "place_id": loc.place_id if loc else None,
        "fatalities_low": dead.low if dead else None,
        "fatalities_best": dead.best if dead else None,
        "fatalities_high": dead.high if dead else None,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "plover": event.plover,
        "ucdp_type": event.ucdp_type,
        "trigger": event.trigger,
        "claim": int(event.claim),
        "record": _json(event_to_json(event)),
    }


def interval_start(date: str | None) -> str | None:
    """First day of a YYYY / YYYY-MM / YYYY-MM-DD date ("1992" → "1992-01-01")."""
    if not date:
        return None
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


def interval_end(date: str | None) -> str | None:
    """Last day of a YYYY / YYYY-MM / YYYY-MM-DD date ("1992-02" → "1992-02-29")."""
    if not date:
        return None
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:7])
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return date[:10]


def _actor_row(actor: Actor) -> dict[str, object]:
    affiliations = [
        {"relation": a.relation, "target": a.target, "start": a.start, "end": a.end}
        for a in actor.affiliations
    ]
    return {
        "id": actor.id,
        "type": "actor",
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "admin1": None,
        "lat": None,
        "lon": None,
        "precision": None,
        "source": actor.source,
        "attributes": _json({"affiliations": affiliations}),
    }


def _place_row(place: Place) -> dict[str, object]:
    return {
        "id": place.id,
        "type": "place",
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
        "source": place.source,
        "attributes": _json({}),
    }


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _document_row(doc: Document) -> dict[str, object]:
    return {
        "id": doc.id,
        "name": doc.name,
        "source": doc.source,
        "layout": str(doc.layout),
        "title": doc.title,
        "infobox_title": doc.infobox_title,
        "reference_date": doc.reference_date,
        "url": doc.url,
        "sha256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        "chars": len(doc.text),
        "text": doc.text,
        "warnings": _json(list(doc.warnings)),
    }


def _section_rows(doc: Document) -> Iterable[dict[str, object]]:
    for s in doc.sections:
        yield {
            "id": section_id(doc.id, s.index),
            "doc_id": doc.id,
            "idx": s.index,
            "level": s.level,
            "title": s.title,
            "parent_id": section_id(doc.id, s.parent),
            "start": s.start,
            "end": s.end,
            "heading_start": s.heading_start,
            "heading_end": s.heading_end,
        }


def _field_rows(doc: Document) -> Iterable[dict[str, object]]:
    for f in doc.infobox_fields:
        items = [{"text": i.text, "start": i.start, "end": i.end} for i in f.items]
        yield {
            "id": content_id(doc.id, "field", f.index),
            "doc_id": doc.id,
            "idx": f.index,
            "key": f.key,
            "value": f.value,
            "start": f.start,
            "end": f.end,
            "key_start": f.key_start,
            "key_end": f.key_end,
            "items": _json(items),
        }


def _table_rows(doc: Document) -> Iterable[dict[str, object]]:
    for table in doc.tables:
        for row in table.rows:
            cells = [{"text": c.text, "start": c.start, "end": c.end} for c in row.cells]
            yield {
                "id": content_id(doc.id, "row", table.index, row.index),
                "doc_id": doc.id,
                "table_idx": table.index,
                "row_idx": row.index,
                "section_id": section_id(doc.id, row.section),
                "start": row.start,
                "end": row.end,
                "cells": _json(cells),
            }


def _paragraph_rows(doc: Document) -> Iterable[dict[str, object]]:
    for p in doc.paragraphs:
        yield {
            "id": content_id(doc.id, "paragraph", p.index),
            "doc_id": doc.id,
            "idx": p.index,
            "section_id": section_id(doc.id, p.section),
            "kind": str(p.kind),
            "start": p.start,
            "end": p.end,
        }


def _sentence_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
    doc_id = result.document.id
    for s in result.sentences:
        yield {
            "id": s.id,
            "doc_id": doc_id,
            "idx": s.index,
            "kind": str(s.kind),
            "section_id": section_id(doc_id, s.section),
            "paragraph_idx": s.paragraph,
            "field": s.field,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "citations": _json(list(s.citations)),
        }


def _citation_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
    doc = result.document
    starts = [(s.start, s.id) for s in result.sentences]
    position = 0
    for marker in doc.citations:
        while position + 1 < len(starts) and starts[position + 1][0] <= marker.start:
            position += 1
        owner = starts[position][1] if starts and starts[position][0] <= marker.start else None
        yield {
            "id": content_id(doc.id, "citation", marker.start),
            "doc_id": doc.id,
            "label": marker.label,
            "start": marker.start,
            "end": marker.end,
            "sentence_id": owner,
        }


def _run_row(run: RunRecord) -> dict[str, object]:
    return {
        "id": run.id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "version": run.version,
        "settings": _json(run.settings),
        "inputs": _json(run.inputs),
        "counts": _json(run.counts),
        "timings": _json(run.timings),
        "problems": _json(run.problems),
    }


def rebuild_search_index(db: sqlite_utils.Database) -> None:
    """(Re)build the FTS5 index over sentence text (porter stemming, BM25 ranking)."""
    table = db.table("sentences")
    if db.table("sentences_fts").exists():
        table.rebuild_fts()
    else:
        table.enable_fts(["text"], fts_version="FTS5", tokenize="porter", create_triggers=False)
