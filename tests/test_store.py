"""The knowledge base: schema, identical rebuilds, atomic replacement, append."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from tests.conftest import FIXTURE_CORPUS, SEEDS

import conflict_atlas
from conflict_atlas import store
from conflict_atlas.errors import KnowledgeBaseError, NoDocumentsError

CONTENT_TABLES = (
    "documents",
    "sections",
    "infobox_fields",
    "table_rows",
    "paragraphs",
    "sentences",
    "citations",
)


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return {
            t: conn.execute(f"select * from [{t}] order by id").fetchall() for t in CONTENT_TABLES
        }
    finally:
        conn.close()


def test_tables_and_columns(corpus_db: Path) -> None:
    db = sqlite_utils.Database(corpus_db)
    names = set(db.table_names())
    assert {*CONTENT_TABLES, "runs", "meta", "sentences_fts"} <= names
    assert {"start", "end", "text", "doc_id", "section_id", "kind"} <= set(
        db["sentences"].columns_dict
    )
    assert "name" in db["documents"].columns_dict
    assert db["sentences"].count == 1785
    assert db["documents"].count == 5


def test_stored_offsets_index_the_stored_text(corpus_db: Path) -> None:
    conn = sqlite3.connect(corpus_db)
    texts = dict(conn.execute("select id, text from documents"))
    for doc_id, start, end, value in conn.execute("select doc_id, start, end, text from sentences"):
        raw = texts[doc_id][start:end]
        assert conflict_atlas.ingest.text.strip_citations(raw) == value
    conn.close()


def test_two_builds_give_identical_rows(corpus_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    conflict_atlas.build(db=again)
    assert _dump(again) == _dump(corpus_db)


def test_failed_build_keeps_the_old_knowledge_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "atlas.db"
    conflict_atlas.build([FIXTURE_CORPUS / "sudan_plain.txt"], db=db)
    before = db.read_bytes()

    def explode(*_: object) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C halfway through the write

    monkeypatch.setattr(store, "insert_document", explode)
    with pytest.raises(KeyboardInterrupt):
        conflict_atlas.build([FIXTURE_CORPUS / "bosnia_wiki.txt"], db=db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas.db"]  # no temp file left


def test_build_with_nothing_usable_keeps_the_old_knowledge_base(tmp_path: Path) -> None:
    db = tmp_path / "atlas.db"
    conflict_atlas.build([FIXTURE_CORPUS / "sudan_plain.txt"], db=db)
    before = db.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(NoDocumentsError, match="left unchanged"):
        conflict_atlas.build([empty], db=db)
    assert db.read_bytes() == before


def test_refuses_to_overwrite_a_foreign_file(tmp_path: Path) -> None:
    other = tmp_path / "precious.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    with pytest.raises(KnowledgeBaseError, match="not a Conflict Atlas knowledge base"):
        conflict_atlas.build([FIXTURE_CORPUS / "sudan_plain.txt"], db=other)
    assert other.read_bytes() == before


def test_append_adds_documents(tmp_path: Path) -> None:
    db = tmp_path / "atlas.db"
    conflict_atlas.build([FIXTURE_CORPUS / "sudan_plain.txt"], db=db)
    conflict_atlas.build([FIXTURE_CORPUS / "news.jsonl"], db=db, append=True)
    conflict_atlas.build([FIXTURE_CORPUS / "news.jsonl"], db=db, append=True)  # same ids: replaced
    with conflict_atlas.open(db) as atlas:
        assert [d.name for d in atlas.documents()] == [
            "news.jsonl#kosovo-1",
            "news.jsonl#kosovo-2",
            "sudan_plain.txt",
        ]
        assert atlas.search("Račak")[0].doc == "news.jsonl#kosovo-1"
        assert atlas.search("Janjaweed")[0].doc == "sudan_plain.txt"
        assert len(atlas.runs()) == 3


@pytest.mark.slow
def test_append_merges_events_as_one_build_would(tmp_path: Path) -> None:
    first, second = SEEDS["000"], SEEDS["001"]  # two revisions of one article
    together, appended = tmp_path / "together.db", tmp_path / "appended.db"
    conflict_atlas.build([first, second], db=together)
    conflict_atlas.build([first], db=appended)
    conflict_atlas.build([second], db=appended, append=True)
    conflict_atlas.build([second], db=appended, append=True)  # replacing 001 changes nothing

    def events(db: Path) -> list[tuple[str, list[tuple[str, int]]]]:
        with conflict_atlas.open(db) as atlas:
            return sorted(
                (e["id"], sorted((s["doc"], s["start"]) for s in e["sources"]))
                for e in atlas.events()
            )

    merged = events(appended)
    assert merged == events(together)
    assert any({doc[:3] for doc, _ in sources} == {"000", "001"} for _, sources in merged)


def test_runs_record_settings_inputs_and_timings(corpus_db: Path) -> None:
    with conflict_atlas.open(corpus_db) as atlas:
        (run,) = atlas.runs()
    assert run["version"] == conflict_atlas.__version__
    assert run["settings"] == {
        "max_file_bytes": 50 * 1024 * 1024,
        "strict": False,
        "places": [],
        "actors": [],
    }
    assert [i["name"][:3] for i in run["inputs"]] == ["000", "001", "002", "003", "004"]
    assert {"ingest", "segment"} <= set(run["timings"])
    assert run["counts"]["sentences"] == 1785
