"""Row builders: records → the dicts stored in each table (no SQL here)."""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from conflict_atlas.claims.serialize import group_to_json
from conflict_atlas.events.serialize import event_record, event_to_json
from conflict_atlas.models import (
    Actor,
    Claim,
    ClaimGroup,
    Document,
    DocumentResult,
    Event,
    Place,
    Relation,
    content_id,
)


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


def section_id(doc_id: str, index: int | None) -> str | None:
    return None if index is None else content_id(doc_id, "section", index)


def time_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
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


def quantity_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
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


def mention_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
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


def event_row(event: Event) -> dict[str, object]:
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
        "record": to_json(event_to_json(event)),
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


def actor_row(actor: Actor) -> dict[str, object]:
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
        "attributes": to_json({"affiliations": affiliations}),
    }


def place_row(place: Place) -> dict[str, object]:
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
        "attributes": to_json({}),
    }


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def document_row(doc: Document) -> dict[str, object]:
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
        "warnings": to_json(list(doc.warnings)),
    }


def section_rows(doc: Document) -> Iterable[dict[str, object]]:
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


def field_rows(doc: Document) -> Iterable[dict[str, object]]:
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
            "items": to_json(items),
        }


def table_rows(doc: Document) -> Iterable[dict[str, object]]:
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
                "cells": to_json(cells),
            }


def paragraph_rows(doc: Document) -> Iterable[dict[str, object]]:
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


def sentence_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
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
            "citations": to_json(list(s.citations)),
        }


def citation_rows(result: DocumentResult) -> Iterable[dict[str, object]]:
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


def run_row(run: RunRecord) -> dict[str, object]:
    return {
        "id": run.id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "version": run.version,
        "settings": to_json(run.settings),
        "inputs": to_json(run.inputs),
        "counts": to_json(run.counts),
        "timings": to_json(run.timings),
        "problems": to_json(run.problems),
    }


def event_mention_row(event: Event, doc_id: str) -> dict[str, object]:
    return {"id": event.id, "doc_id": doc_id, "record": to_json(event_record(event))}


def relation_row(relation: Relation) -> dict[str, object]:
    return {
        "id": relation.id,
        "source_id": relation.source_id,
        "source": relation.source,
        "kind": relation.kind,
        "target_id": relation.target_id,
        "target": relation.target,
        "start": relation.start,
        "end": relation.end,
        "sort_start": interval_start(relation.start),
        "sort_end": interval_end(relation.end or relation.start),
        "origin": relation.origin,
        "weight": relation.weight,
        "evidence": to_json([asdict(e) for e in relation.evidence]),
    }


def relation_mention_row(relation: Relation, doc_id: str) -> dict[str, object]:
    record = asdict(relation)
    return {"id": content_id(relation.id, doc_id), "doc_id": doc_id, "record": to_json(record)}


def claim_row(claim: Claim, doc_id: str, group_id: str | None) -> dict[str, object]:
    row = {k: v for k, v in asdict(claim).items() if k != "source"}
    src = claim.source
    row.update(
        doc_id=doc_id, group_id=group_id, doc=src.doc, start=src.start, end=src.end, text=src.text
    )
    return row


def claim_group_row(group: ClaimGroup) -> dict[str, object]:
    return {
        "id": group.id,
        "subject": group.subject,
        "property": group.property,
        "strength": group.strength,
        "contradiction": int(group.strength > 0),
        "reason": group.reason,
        "claims": len(group.claims),
        "record": to_json({"id": group.id, **group_to_json(group), "reason": group.reason}),
    }
