"""Store: write the knowledge base (the only module that writes SQL).

A build writes a temporary file next to the target and renames it into place, so an
interrupted or failed build never damages the last good knowledge base.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

import sqlite_utils

from conflict_atlas.errors import KnowledgeBaseError
from conflict_atlas.events.serialize import event_from_record
from conflict_atlas.models import (
    Actor,
    Claim,
    DocumentResult,
    Event,
    EventSource,
    Findings,
    Place,
    content_id,
    relation_from_record,
)
from conflict_atlas.store.rows import (
    RunRecord,
    actor_row,
    citation_rows,
    claim_group_row,
    claim_row,
    document_row,
    event_mention_row,
    event_row,
    field_rows,
    interval_end,
    interval_start,
    mention_rows,
    paragraph_rows,
    place_row,
    quantity_rows,
    relation_mention_row,
    relation_row,
    run_row,
    section_rows,
    sentence_rows,
    table_rows,
    time_rows,
)
from conflict_atlas.store.schema import DOCUMENT_TABLES, FORMAT_NAME, SCHEMA, SCHEMA_VERSION

__all__ = [
    "FORMAT_NAME",
    "SCHEMA",
    "SCHEMA_VERSION",
    "RunRecord",
    "check_target",
    "closing_db",
    "interval_end",
    "interval_start",
    "is_knowledge_base",
    "staged_file",
    "stored_findings",
    "write_knowledge_base",
]


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
    findings: Findings | None = None,
) -> None:
    """Write ``results``, the ``findings`` and the run record to ``target`` atomically.

    With ``append`` the existing knowledge base is kept and documents are added to it
    (a document already stored under the same id is replaced). The corpus-level tables
    (events, relations, claims and their groups) are always rewritten from ``findings``,
    which must then cover the old documents too (see :func:`stored_findings`).
    """
    check_target(target)
    findings = findings or Findings()
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
                doc_ids = dict(db.execute("select name, id from documents").fetchall())
                insert_findings(db, findings, doc_ids)
                db.table("runs").insert(run_row(run), pk="id", replace=True)
            rebuild_search_index(db)
        finally:
            db.close()


def stored_findings(target: Path, *, besides: Iterable[str]) -> Findings:
    """What an earlier build stored about the documents other than ``besides`` (doc ids).

    ``build --append`` merges these with the new documents' findings, so events and
    claims reported in old and new documents meet in one event and one claim group.
    """
    if not target.exists():
        return Findings()
    skip = set(besides)
    with closing_db(target, readonly=True) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}

        def records(table: str) -> list[dict[str, Any]]:
            if table not in tables:  # a knowledge base from before the table existed
                return []
            rows = conn.execute(f"select doc_id, record from [{table}]").fetchall()
            return [json.loads(record) for doc_id, record in rows if doc_id not in skip]

        claims = _stored_claims(conn, skip) if "claims" in tables else []
        return Findings(
            event_mentions=tuple(event_from_record(r) for r in records("event_mentions")),
            relation_mentions=tuple(relation_from_record(r) for r in records("relation_mentions")),
            claims=tuple(claims),
        )


def _stored_claims(conn: sqlite3.Connection, skip: set[str]) -> list[Claim]:
    conn.row_factory = sqlite3.Row
    fields = {f.name for f in dataclass_fields(Claim)} - {"source"}
    claims = []
    for row in conn.execute("select * from claims"):
        if row["doc_id"] in skip:
            continue
        source = EventSource(row["doc"], row["start"], row["end"], row["text"])
        claims.append(Claim(source=source, **{k: row[k] for k in fields}))
    conn.row_factory = None
    return claims


def insert_findings(
    db: sqlite_utils.Database, findings: Findings, doc_ids: Mapping[str, str]
) -> None:
    """Entities, per-document mentions, and the corpus-level tables rewritten whole."""
    insert_entities(db, findings.actors, findings.places)
    db.table("event_mentions").upsert_all(
        (event_mention_row(e, doc_ids[e.sources[0].doc]) for e in findings.event_mentions),
        pk="id",
    )
    db.table("relation_mentions").upsert_all(
        (
            relation_mention_row(r, doc_ids[r.evidence[0].doc])
            for r in findings.relation_mentions
            if r.evidence
        ),
        pk="id",
    )
    for table in ("event_participants", "event_sources", "events", "relations"):
        db.execute(f"delete from [{table}]")
    db.execute("delete from claim_groups")
    db.execute("delete from claims")
    insert_events(db, findings.events)
    db.table("relations").insert_all((relation_row(r) for r in findings.relations), pk="id")
    group_of = {c.id: g.id for g in findings.claim_groups for c in g.claims}
    db.table("claims").insert_all(
        (
            claim_row(c, doc_ids[c.source.doc], group_of.get(c.id))
            for c in findings.claims
            if c.source.doc in doc_ids
        ),
        pk="id",
        replace=True,
    )
    db.table("claim_groups").insert_all(
        (claim_group_row(g) for g in findings.claim_groups), pk="id"
    )


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


def remove_document(db: sqlite_utils.Database, doc_id: str) -> None:
    for name in DOCUMENT_TABLES:
        db.execute(f"delete from [{name}] where doc_id = ?", [doc_id])
    db.execute("delete from documents where id = ?", [doc_id])


def insert_document(db: sqlite_utils.Database, result: DocumentResult) -> None:
    doc = result.document
    db.table("documents").insert(document_row(doc), pk="id")
    db.table("sections").insert_all(section_rows(doc), pk="id")
    db.table("infobox_fields").insert_all(field_rows(doc), pk="id")
    db.table("table_rows").insert_all(table_rows(doc), pk="id")
    db.table("paragraphs").insert_all(paragraph_rows(doc), pk="id")
    db.table("sentences").insert_all(sentence_rows(result), pk="id")
    db.table("citations").insert_all(citation_rows(result), pk="id")
    db.table("time_expressions").insert_all(time_rows(result), pk="id")
    db.table("quantities").insert_all(quantity_rows(result), pk="id")
    db.table("mentions").insert_all(mention_rows(result), pk="id")


def insert_entities(
    db: sqlite_utils.Database, actors: Sequence[Actor], places: Sequence[Place]
) -> None:
    """Upsert actors and places into ``entities`` and their names into ``aliases``."""
    rows = [actor_row(a) for a in actors] + [place_row(p) for p in places]
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
    db.table("events").upsert_all((event_row(e) for e in events), pk="id")
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


def rebuild_search_index(db: sqlite_utils.Database) -> None:
    """(Re)build the FTS5 index over sentence text (porter stemming, BM25 ranking)."""
    table = db.table("sentences")
    if db.table("sentences_fts").exists():
        table.rebuild_fts()
    else:
        table.enable_fts(["text"], fts_version="FTS5", tokenize="porter", create_triggers=False)
