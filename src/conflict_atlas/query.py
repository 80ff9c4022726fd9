"""Query: read the knowledge base (the only module that reads SQL).

>>> import conflict_atlas
>>> atlas = conflict_atlas.open("atlas.db")               # doctest: +SKIP
>>> atlas.search("fall of Kabul", limit=3)                # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from conflict_atlas.errors import KnowledgeBaseError
from conflict_atlas.models import DocumentSummary, SearchHit
from conflict_atlas.store import interval_end, interval_start, is_knowledge_base

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


class Atlas:
    """A knowledge base opened for reading. Use :func:`conflict_atlas.open`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise KnowledgeBaseError(
                f"{self.path} does not exist; build it first with `conflict-atlas build`"
            )
        if not is_knowledge_base(self.path):
            raise KnowledgeBaseError(f"{self.path} is not a Conflict Atlas knowledge base")
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.db = sqlite_utils.Database(conn)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Atlas:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Atlas {self.path}>"

    # -- documents ---------------------------------------------------------------------

    def documents(self) -> list[DocumentSummary]:
        """Every stored document, in name order, with counts of its parts."""
        rows = self.db.query(
            """
            select d.id, d.name, d.title, d.layout, d.chars, d.warnings,
              (select count(*) from sections where doc_id = d.id) as sections,
              (select count(*) from sentences where doc_id = d.id) as sentences,
              (select count(*) from infobox_fields where doc_id = d.id) as infobox_fields,
              (select count(*) from table_rows where doc_id = d.id) as table_rows
            from documents d order by d.name
            """
        )
        return [
            DocumentSummary(
                id=r["id"],
                name=r["name"],
                title=r["title"],
                layout=r["layout"],
                chars=r["chars"],
                sections=r["sections"],
                sentences=r["sentences"],
                infobox_fields=r["infobox_fields"],
                table_rows=r["table_rows"],
                warnings=tuple(json.loads(r["warnings"] or "[]")),
            )
            for r in rows
        ]

    def document_id(self, doc: str) -> str:
        """Resolve a document name, a unique name prefix or an id to its id."""
        rows = list(
            self.db.query(
                "select id, name from documents where id = :d or name = :d or name like :p",
                {"d": doc, "p": f"{doc}%"},
            )
        )
        exact = [r for r in rows if doc in (r["id"], r["name"])]
        if len(exact) == 1 or len(rows) == 1:
            return str((exact or rows)[0]["id"])
        if not rows:
            raise KnowledgeBaseError(f"no document named {doc!r} (see `conflict-atlas docs`)")
        names = ", ".join(r["name"] for r in rows[:5])
        raise KnowledgeBaseError(f"{doc!r} matches several documents: {names}")

    def document(self, doc: str) -> dict[str, Any]:
        """One document's row (including its raw ``text``)."""
        return dict(self.db.table("documents").get(self.document_id(doc)))

    def text(self, doc: str) -> str:
        """The raw text of a document: every ``start``/``end`` offset indexes it."""
        return str(self.document(doc)["text"])

    def outline(self, doc: str) -> list[dict[str, Any]]:
        """Sections of a document in order, each with its own (direct) sentence count."""
        doc_id = self.document_id(doc)
        return [
            dict(r)
            for r in self.db.query(
                """
                select s.idx, s.level, s.title, s.start, s.end,
                  (select count(*) from sentences t where t.section_id = s.id) as sentences
                from sections s where s.doc_id = ? order by s.idx
                """,
                [doc_id],
            )
        ]

    def lead_sentences(self, doc: str) -> int:
        """Sentences before the first section (the lead), excluding infobox fields."""
        row = self.db.execute(
            "select count(*) from sentences where doc_id = ? and section_id is null "
            "and kind != 'infobox_field'",
            [self.document_id(doc)],
        ).fetchone()
        return int(row[0])

    def infobox(self, doc: str) -> list[dict[str, Any]]:
        return [
            {**r, "items": json.loads(r["items"])}
            for r in self.db.query(
                "select idx, key, value, start, end, items from infobox_fields "
                "where doc_id = ? order by idx",
                [self.document_id(doc)],
            )
        ]

    # -- sentences ---------------------------------------------------------------------

    def sentences(
        self, doc: str | None = None, *, kind: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Sentences (and table rows, infobox fields) in document and text order."""
        where, params = [], {}
        if doc is not None:
            where.append("s.doc_id = :doc")
            params["doc"] = self.document_id(doc)
        if kind is not None:
            where.append("s.kind = :kind")
            params["kind"] = kind
        clause = f"where {' and '.join(where)}" if where else ""
        sql = f"""
            select d.name as doc, s.id, s.idx, s.kind, sec.title as section, s.field,
                   s.start, s.end, s.text, s.citations
            from sentences s join documents d on d.id = s.doc_id
            left join sections sec on sec.id = s.section_id
            {clause} order by d.name, s.idx
        """
        for row in self.db.query(sql, params):
            yield {**row, "citations": json.loads(row["citations"])}

    def search(
        self, query: str, *, limit: int = 20, doc: str | None = None, raw: bool = False
    ) -> list[SearchHit]:
        """Full-text search over sentences, best first (FTS5 BM25).

        Words are matched as terms (all must occur; porter stemming) unless ``raw`` is set,
        in which case ``query`` is passed to FTS5 as is (phrases, OR, NEAR, prefix*).
        """
        if raw:
            return self._search(query, limit, doc, query)
        words = fts_terms(query)
        if not words:
            return []
        # Sentences holding the words as a phrase rank above those holding them apart.
        hits = self._search(f'"{" ".join(words)}"', limit, doc, query)
        seen = {hit.sentence_id for hit in hits}
        more = self._search(" ".join(f'"{w}"' for w in words), limit, doc, query)
        return (hits + [hit for hit in more if hit.sentence_id not in seen])[:limit]

    def _search(self, match: str, limit: int, doc: str | None, query: str) -> list[SearchHit]:
        params: dict[str, Any] = {"q": match, "limit": limit}
        doc_clause = ""
        if doc is not None:
            doc_clause = "and s.doc_id = :doc"
            params["doc"] = self.document_id(doc)
        sql = f"""
            select d.name as doc, sec.title as section, s.id, s.start, s.end, s.text,
                   snippet(sentences_fts, 0, '[', ']', '…', 16) as snippet,
                   bm25(sentences_fts) as score
            from sentences_fts
            join sentences s on s.rowid = sentences_fts.rowid
            join documents d on d.id = s.doc_id
            left join sections sec on sec.id = s.section_id
            where sentences_fts match :q {doc_clause}
            order by score, d.name, s.start limit :limit
        """
        try:
            rows = list(self.db.query(sql, params))
        except sqlite3.OperationalError as error:
            raise KnowledgeBaseError(f"bad search query {query!r}: {error}") from error
        return [
            SearchHit(
                r["doc"],
                r["section"],
                r["id"],
                r["start"],
                r["end"],
                r["text"],
                r["snippet"],
                round(-r["score"], 4),
            )
            for r in rows
        ]

    # -- entities --------------------------------------------------------------------------

    def actors(self, *, kind: str | None = None) -> list[dict[str, Any]]:
        """Actors with their aliases and mention counts, most mentioned first."""
        return self._entities("actor", kind, ["id", "name", "kind", "country"])

    def places(self, *, kind: str | None = None) -> list[dict[str, Any]]:
        """Places with coordinates, aliases and mention counts, most mentioned first."""
        columns = ["id", "name", "kind", "lat", "lon", "admin1", "country", "precision"]
        return self._entities("place", kind, columns)

    def actor_aliases(self) -> dict[str, list[str]]:
        """Every actor's other names, by actor id: its aliases and the words the texts
        name it by (for scoring against hand annotation)."""
        out: dict[str, list[str]] = {}
        sql = """
            select a.entity_id, a.alias from aliases a join entities e on e.id = a.entity_id
            where e.type = 'actor'
            union
            select m.entity_id, m.text from mentions m
            where m.kind = 'actor' and m.entity_id is not null
            order by 1, 2
        """
        for row in self.db.query(sql):
            out.setdefault(row["entity_id"], []).append(row["alias"])
        return out

    def place_mentions(self) -> list[dict[str, Any]]:
        """Every place mention with its document name and, when resolved, its place."""
        sql = """
            select d.name as doc, m.start, m.end, m.text, m.method, e.name as place,
              e.kind, e.lat, e.lon, e.country, e.precision
            from mentions m join documents d on d.id = m.doc_id
            left join entities e on e.id = m.entity_id
            where m.kind = 'place' order by d.name, m.start
        """
        return list(self.db.query(sql))

    def unresolved_places(self) -> list[dict[str, Any]]:
        """Names the text marks as places that the gazetteer lacks, most mentioned first.

        One row per name: ``{"name", "mentions", "documents", "doc", "start", "end",
        "sentence"}`` where ``doc``/``start``/``end`` and ``sentence`` are its first mention.
        Add such places to a gazetteer TSV (see README) and build again to resolve them.
        """
        sql = """
            select m.text as name, count(*) as mentions, count(distinct m.doc_id) as documents,
              min(d.name || char(9) || printf('%012d', m.start)) as first
            from mentions m join documents d on d.id = m.doc_id
            where m.kind = 'place' and m.entity_id is null
            group by m.text order by mentions desc, name
        """
        out = []
        for row in self.db.query(sql):
            doc, start = row.pop("first").split("\t")
            first = self._first_mention(doc, int(start), row["name"])
            out.append({**row, **first})
        return out

    def _first_mention(self, doc: str, start: int, name: str) -> dict[str, Any]:
        sql = """
            select d.name as doc, m.start, m.end, s.text as sentence
            from mentions m join documents d on d.id = m.doc_id
            left join sentences s on s.id = m.sentence_id
            where d.name = :doc and m.start = :start and m.text = :name and m.kind = 'place'
        """
        rows = list(self.db.query(sql, {"doc": doc, "start": start, "name": name}))
        return rows[0] if rows else {"doc": doc, "start": start, "end": None, "sentence": None}

    def _entities(self, type_: str, kind: str | None, columns: list[str]) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"type": type_}
        clause = ""
        if kind is not None:
            clause = "and e.kind = :kind"
            params["kind"] = kind
        sql = f"""
            select {", ".join(f"e.{c}" for c in columns)},
              (select json_group_array(alias) from
                 (select alias from aliases a where a.entity_id = e.id order by alias)) as aliases,
              (select count(*) from mentions m where m.entity_id = e.id) as mentions
            from entities e where e.type = :type {clause}
            order by mentions desc, e.name
        """
        return [{**r, "aliases": json.loads(r["aliases"])} for r in self.db.query(sql, params)]

    def actor(self, name: str) -> dict[str, Any]:
        """One actor by name, alias or id (case-insensitive), with its attributes.

        Raises :class:`KnowledgeBaseError` naming close matches when nothing matches.
        """
        sql = """
            select distinct e.* from entities e left join aliases a on a.entity_id = e.id
            where e.type = 'actor' and (e.id = :q or lower(e.name) = lower(:q)
                  or lower(a.alias) = lower(:q))
            order by (lower(e.name) = lower(:q)) desc,
                     (select count(*) from mentions m where m.entity_id = e.id) desc
        """
        rows = list(self.db.query(sql, {"q": name}))
        if not rows:
            like = [
                r["name"]
                for r in self.db.query(
                    "select distinct e.name from entities e left join aliases a "
                    "on a.entity_id = e.id where e.type = 'actor' and "
                    "(e.name like :q or a.alias like :q) order by e.name limit 5",
                    {"q": f"%{name}%"},
                )
            ]
            hint = f"; did you mean: {', '.join(like)}" if like else ""
            raise KnowledgeBaseError(f"no actor named {name!r}{hint}")
        row = rows[0]
        aliases = [
            r["alias"]
            for r in self.db.query(
                "select alias from aliases where entity_id = ? order by alias", [row["id"]]
            )
        ]
        attributes = json.loads(row["attributes"] or "{}")
        return {
            "id": row["id"],
            "name": row["name"],
            "kind": row["kind"],
            "country": row["country"],
            "source": row["source"],
            "aliases": aliases,
            **attributes,
        }

    def profile(self, name: str) -> dict[str, Any]:
        """An actor with its relations and the events it took part in, in date order.

        ``events`` entries are the event records plus ``role`` (actor or target).
        """
        actor = self.actor(name)
        sql = """
            select e.record, group_concat(distinct p.role) as roles from events e
            join event_participants p on p.event_id = e.id
            where p.entity_id = :id group by e.id
            order by e.sort_start is null, e.sort_start, e.id
        """
        events = [
            {**json.loads(r["record"]), "role": r["roles"]}
            for r in self.db.query(sql, {"id": actor["id"]})
        ]
        return {**actor, "relations": self.relations(actor=actor["id"]), "events": events}

    def relations(
        self,
        *,
        actor: str | None = None,
        kind: str | None = None,
        origin: str | None = None,
    ) -> list[dict[str, Any]]:
        """Relations between actors (the actor network), strongest first.

        ``actor`` keeps relations with that actor (id or exact name) at either end.
        Each record: ``{"id", "source": {"id", "name"}, "kind", "target": {"id", "name"},
        "start", "end", "origin", "weight", "evidence": [{"doc","start","end","text"}]}``.
        """
        where, params = [], {}
        if actor:
            where.append(
                "(r.source_id = :actor or r.target_id = :actor "
                "or r.source = :actor or r.target = :actor)"
            )
            params["actor"] = actor
        if kind:
            where.append("r.kind = :kind")
            params["kind"] = kind
        if origin:
            where.append("r.origin = :origin")
            params["origin"] = origin
        clause = f"where {' and '.join(where)}" if where else ""
        sql = f"""select * from relations r {clause}
                  order by r.weight desc, r.sort_start is null, r.sort_start, r.id"""
        return [
            {
                "id": r["id"],
                "source": {"id": r["source_id"], "name": r["source"]},
                "kind": r["kind"],
                "target": {"id": r["target_id"], "name": r["target"]},
                "start": r["start"],
                "end": r["end"],
                "origin": r["origin"],
                "weight": r["weight"],
                "evidence": json.loads(r["evidence"] or "[]"),
            }
            for r in self.db.query(sql, params)
        ]

    # -- claims ----------------------------------------------------------------------------

    def claims(
        self,
        *,
        subject: str | None = None,
        property: str | None = None,  # noqa: A002
    ) -> list[dict[str, Any]]:
        """Quantitative and dated claims, in text order, each with its source span.

        ``subject`` matches part of the subject's name (case-insensitive); ``property``
        exactly (deaths, wounded, troop_strength, date, year_formed, ...).
        """
        where, params = [], {}
        if subject:
            where.append("c.subject like :subject")
            params["subject"] = f"%{subject}%"
        if property:
            where.append("c.property = :property")
            params["property"] = property
        clause = f"where {' and '.join(where)}" if where else ""
        sql = f"""select c.*, g.strength from claims c
                  left join claim_groups g on g.id = c.group_id {clause}
                  order by c.doc, c.start, c.property, c.id"""
        return [
            {
                **{k: r[k] for k in r if k not in ("doc", "start", "end", "text", "doc_id")},
                "source": {
                    "doc": r["doc"],
                    "start": r["start"],
                    "end": r["end"],
                    "text": r["text"],
                },
            }
            for r in self.db.query(sql, params)
        ]

    def claim_groups(
        self, *, subject: str | None = None, contradictions: bool = False
    ) -> list[dict[str, Any]]:
        """Groups of claims about one subject and property, strongest contradiction first.

        With ``contradictions`` only groups whose values disagree (strength > 0). Each
        record: ``{"id", "subject", "property", "strength", "reason", "claims": [{"value",
        "low", "high", "unit", "sources": [{"doc", "start", "end", "text"}]}]}``.
        """
        where, params = [], {}
        if subject:
            where.append("g.subject like :subject")
            params["subject"] = f"%{subject}%"
        if contradictions:
            where.append("g.contradiction = 1")
        clause = f"where {' and '.join(where)}" if where else ""
        sql = f"""select record from claim_groups g {clause}
                  order by g.strength desc, g.property, g.subject, g.id"""
        return [json.loads(r["record"]) for r in self.db.query(sql, params)]

    def time_expressions(self, doc: str | None = None) -> list[dict[str, Any]]:
        """Temporal expressions stored by the build, in document order."""
        params: dict[str, Any] = {}
        clause = ""
        if doc is not None:
            clause = "where t.doc_id = :doc"
            params["doc"] = self.document_id(doc)
        sql = f"""
            select d.name as doc, t.start, t.end, t.text, t.value, t.precision,
                   t.date_start, t.date_end, t.mod, t.anchor, t.kind
            from time_expressions t join documents d on d.id = t.doc_id {clause}
            order by d.name, t.start
        """
        return list(self.db.query(sql, params))

    # -- events ----------------------------------------------------------------------------

    def events(
        self,
        *,
        type: str | None = None,  # noqa: A002 - the contract's field name
        actor: str | None = None,
        place: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        min_fatalities: int | None = None,
        doc: str | None = None,
    ) -> list[dict[str, Any]]:
        """Events as contract records (see ARCHITECTURE.md), in date order.

        ``actor`` matches a participant's name or alias (case-insensitive substring);
        ``place`` the location, its province or country; ``date_from``/``date_to``
        (YYYY, YYYY-MM or YYYY-MM-DD) keep events known to lie within the range: an event
        dated only "2021" is not listed for August 2021, one dated 8 August is.
        """
        where, params = self._event_filters(
            type, actor, place, date_from, date_to, min_fatalities, doc
        )
        clause = f"where {' and '.join(where)}" if where else ""
        order = "e.sort_start is null, e.sort_start, e.id"
        sql = f"select record from events e {clause} order by {order}"
        return [json.loads(row["record"]) for row in self.db.query(sql, params)]

    def _event_filters(
        self,
        type_: str | None,
        actor: str | None,
        place: str | None,
        date_from: str | None,
        date_to: str | None,
        min_fatalities: int | None,
        doc: str | None,
    ) -> tuple[list[str], dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if type_:
            where.append("e.type = :type")
            params["type"] = type_
        if actor:
            where.append(
                "exists (select 1 from event_participants p left join aliases a "
                "on a.entity_id = p.entity_id where p.event_id = e.id "
                "and (p.name like :actor or a.alias like :actor))"
            )
            params["actor"] = f"%{actor}%"
        if place:
            where.append(
                "(e.location like :place or e.admin1 like :place or e.country like :place)"
            )
            params["place"] = f"%{place}%"
        if date_from:
            where.append("e.sort_start >= :from")
            params["from"] = interval_start(date_from)
        if date_to:
            where.append("e.sort_end <= :to")
            params["to"] = interval_end(date_to)
        if min_fatalities is not None:
            where.append(
                "coalesce(e.fatalities_best, e.fatalities_low, e.fatalities_high, 0) >= :dead"
            )
            params["dead"] = min_fatalities
        if doc:
            name = self.document(doc)["name"]
            where.append(
                "exists (select 1 from event_sources s where s.event_id = e.id and s.doc = :doc)"
            )
            params["doc"] = name
        return where, params

    def texts(self) -> dict[str, str]:
        """Raw text of every document by name (what event sources' offsets index)."""
        return {r["name"]: r["text"] for r in self.db.query("select name, text from documents")}

    def runs(self) -> list[dict[str, Any]]:
        """Build runs recorded in this knowledge base, newest first."""
        rows = self.db.query("select * from runs order by started_at desc")
        return [
            {
                k: json.loads(v)
                if k in {"settings", "inputs", "counts", "timings", "problems"}
                else v
                for k, v in r.items()
            }
            for r in rows
        ]


def fts_terms(query: str) -> list[str]:
    """The words of a free-text query, safe to quote for FTS5 (no query syntax survives)."""
    return _FTS_TOKEN.findall(query)
