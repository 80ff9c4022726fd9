"""The Python API: build, open, documents, sentences, search."""

from __future__ import annotations

from pathlib import Path

import pytest

import conflict_atlas
from conflict_atlas.errors import KnowledgeBaseError
from conflict_atlas.ingest.text import strip_citations


def test_documents(corpus_db: Path) -> None:
    with conflict_atlas.open(corpus_db) as atlas:
        docs = {d.name[:3]: d for d in atlas.documents()}
    assert docs["002"].title == "2021 Taliban offensive"
    assert (docs["002"].sections, docs["002"].infobox_fields, docs["002"].table_rows) == (
        43,
        17,
        49,
    )
    assert docs["000"].layout == "sentence_lines"


def test_sentences_of_one_document(corpus_db: Path) -> None:
    with conflict_atlas.open(corpus_db) as atlas:
        rows = list(atlas.sentences(doc="004"))
        text = atlas.text("004")
    assert rows[0]["kind"] == "infobox_field" and rows[0]["field"] == "Conflict"
    assert all(r["doc"] == "004_2825d2986f963ff2.txt" for r in rows)
    sentence = next(
        r for r in rows if r["text"].startswith("In March 1991, a mujahideen coalition")
    )
    assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert sentence["section"] is None


def test_search_ranks_phrase_matches_first(corpus_db: Path) -> None:
    with conflict_atlas.open(corpus_db) as atlas:
        hits = atlas.search("fall of Kabul", limit=10)
        assert len(hits) == 10
        assert all("fall of kabul" in h.text.lower() for h in hits[:5])
        assert all("[fall of kabul]" in h.snippet.lower() for h in hits[:5])
        text = atlas.text(hits[0].doc)
        assert strip_citations(text[hits[0].start : hits[0].end]) == hits[0].text


@pytest.mark.parametrize("query", ["Storm-333", '"unbalanced', "NEAR(", "AND OR NOT", "*", "Mi-17"])
def test_search_never_chokes_on_punctuation(corpus_db: Path, query: str) -> None:
    with conflict_atlas.open(corpus_db) as atlas:
        atlas.search(query)


def test_search_with_fts_syntax(corpus_db: Path) -> None:
    with conflict_atlas.open(corpus_db) as atlas:
        hits = atlas.search("NEAR(Jalalabad battle, 3)", raw=True, limit=50)
        assert hits and all("jalalabad" in h.text.lower() for h in hits)
        with pytest.raises(KnowledgeBaseError, match="bad search query"):
            atlas.search('"unbalanced', raw=True)


def test_open_missing_or_foreign(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="does not exist"):
        conflict_atlas.open(tmp_path / "nope.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(KnowledgeBaseError, match="not a Conflict Atlas knowledge base"):
        conflict_atlas.open(junk)


def test_document_lookup_by_prefix(corpus_db: Path) -> None:
    with conflict_atlas.open(corpus_db) as atlas:
        assert atlas.document("003")["title"] == "Afghan mujahideen"
        with pytest.raises(KnowledgeBaseError, match="several documents"):
            atlas.document("00")
        with pytest.raises(KnowledgeBaseError, match="no document named"):
            atlas.document("zzz")
