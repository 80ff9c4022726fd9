"""Layout detection and parsing of every layout, on the seeds and on small fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import FIXTURE_CORPUS

from conflict_atlas.ingest import detect_layout, discover, ingest_file, ingest_text
from conflict_atlas.models import DocumentResult, Layout


@pytest.mark.parametrize(
    ("key", "layout", "title", "sections", "fields", "infobox_title"),
    [
        ("000", Layout.SENTENCE_LINES, "Afghanistan conflict", 0, 0, None),
        ("001", Layout.PIPE_INFOBOX, "Afghan conflict", 0, 7, None),
        ("002", Layout.WIKI, "2021 Taliban offensive", 43, 17, "Infobox"),
        ("003", Layout.WIKI, "Afghan mujahideen", 18, 13, "Mujahideen"),
        ("004", Layout.WIKI, "Afghan Civil War (1989–1992)", 26, 13, "Infobox"),
    ],
)
def test_seed_structure(
    seed_results: dict[str, DocumentResult],
    key: str,
    layout: Layout,
    title: str,
    sections: int,
    fields: int,
    infobox_title: str | None,
) -> None:
    doc = seed_results[key].document
    assert doc.layout is layout
    assert doc.title == title
    assert len(doc.sections) == sections
    assert len(doc.infobox_fields) == fields
    assert doc.infobox_title == infobox_title


def test_seed_section_tree(seed_results: dict[str, DocumentResult]) -> None:
    doc = seed_results["002"].document
    titles = {s.title: s for s in doc.sections}
    offensive, escalation = titles["Offensive"], titles["Escalation"]
    assert (offensive.level, offensive.parent) == (1, None)
    assert (escalation.level, escalation.parent) == (2, offensive.index)
    surrenders = titles["Succession of negotiated or paid surrenders"]
    assert surrenders.level == 3
    assert doc.sections[surrenders.parent].title == "Taliban strategy"  # type: ignore[index]
    # a section spans its heading and body, up to the next heading of its level or above
    assert doc.text[offensive.start :].startswith("==Offensive==")
    assert doc.text[offensive.end :].startswith("==War crimes==")
    for section in doc.sections:
        assert doc.text[section.heading_start : section.heading_end].strip("= ") == section.title


@pytest.mark.parametrize(
    ("key", "field", "value"),
    [
        ("001", "Date", "27 April 1978 – present"),
        ("001", "Status", "Ongoing low-level conflict:"),
        ("001", "Casualties3", "1,405,111–2,584,468 (1978–2013)"),
        ("002", "Date", "1 May – 15 August 2021, ()"),
        ("003", "Native Name Lang", "ps"),
        ("004", "Casualties1", "14,864 killed (per UCDP)"),
    ],
)
def test_infobox_values(
    seed_results: dict[str, DocumentResult], key: str, field: str, value: str
) -> None:
    doc = seed_results[key].document
    found = next(f for f in doc.infobox_fields if f.key == field)
    assert found.value == value
    assert doc.text[found.key_start : found.key_end] == field


def test_infobox_list_values_are_split_with_exact_spans(
    seed_results: dict[str, DocumentResult],
) -> None:
    doc = seed_results["002"].document
    commanders = next(f for f in doc.infobox_fields if f.key == "Commander1")
    names = [item.text for item in commanders.items]
    assert names[:3] == ["Hibatullah Akhundzada", "Mohammad Yaqoob", "Abdul Ghani Baradar"]
    assert len(names) == 17
    strength = next(f for f in doc.infobox_fields if f.key == "Strength1")
    assert "75,000" in [item.text for item in strength.items]  # thousands commas do not split
    combatants = next(f for f in doc.infobox_fields if f.key == "Combatant1")
    assert [i.text for i in combatants.items] == [
        "Haqqani network",
        "(alleged)",
        "Pakistani Taliban (alleged)",
    ]
    for field in doc.infobox_fields:
        for item in field.items:
            assert doc.text[item.start : item.end] == item.text


def test_tables_rows_and_cells(seed_results: dict[str, DocumentResult]) -> None:
    doc = seed_results["002"].document
    assert len(doc.tables) == 2
    capitals = doc.tables[1]
    assert [c.text for c in capitals.rows[0].cells] == ["Date", "Province", "Capital"]
    assert [c.text for c in capitals.rows[1].cells] == ["6 August", "Nimruz", "Zaranj"]
    assert len(capitals.rows) == 35
    assert doc.sections[capitals.section].title == "Fall of the provincial capitals"  # type: ignore[index]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert doc.text[cell.start : cell.end] == cell.text


def test_citation_markers(seed_results: dict[str, DocumentResult]) -> None:
    doc = seed_results["001"].document
    labels = [c.label for c in doc.citations]
    assert labels[:4] == ["1", "2", "3", "4"]
    for marker in doc.citations:
        assert doc.text[marker.start : marker.end] == f"[{marker.label}]"
    assert len(seed_results["000"].document.citations) == 262


@pytest.mark.parametrize(
    ("name", "layout"),
    [
        ("bosnia_wiki.txt", Layout.WIKI),
        ("chechnya_pipe.txt", Layout.PIPE_INFOBOX),
        ("ukraine_lines.txt", Layout.SENTENCE_LINES),
        ("syria_notes.md", Layout.MARKDOWN),
        ("sudan_plain.txt", Layout.PLAIN),
        ("news.jsonl", Layout.JSONL),
    ],
)
def test_fixture_layouts(name: str, layout: Layout) -> None:
    path = FIXTURE_CORPUS / name
    assert detect_layout(path.read_text("utf-8"), path.suffix) is layout
    documents, problems = ingest_file(path)
    assert not problems
    assert all(d.layout is layout for d in documents)


def test_infobox_detected_by_shape_not_word() -> None:
    doc = ingest_file(FIXTURE_CORPUS / "bosnia_wiki.txt")[0][0]
    assert doc.infobox_title == "Battle box"
    assert [f.key for f in doc.infobox_fields][:3] == ["Partof", "Date", "Place"]
    assert [s.title for s in doc.sections] == [
        "Background",
        "Early fighting",
        "Shelling",
        "Aftermath",
    ]
    assert doc.sections[1].parent == 0


def test_pipe_value_running_over_two_lines() -> None:
    doc = ingest_file(FIXTURE_CORPUS / "chechnya_pipe.txt")[0][0]
    result = next(f for f in doc.infobox_fields if f.key == "Result")
    assert result.value == "Khasavyurt Accord"
    assert doc.title == "First Chechen War"


def test_markdown_front_matter_and_structure() -> None:
    doc = ingest_file(FIXTURE_CORPUS / "syria_notes.md")[0][0]
    assert doc.title == "Battle of Aleppo (2012–2016)"
    assert doc.reference_date == "2016-12-22"
    assert [s.title for s in doc.sections] == ["Siege"]
    assert len(doc.tables[0].rows) == 3  # the |---| rule is not a row
    assert not any("code block" in doc.text[p.start : p.end] for p in doc.paragraphs)


def test_markdown_with_several_h1_uses_them_as_sections() -> None:
    doc = ingest_text(
        "# One\n\nText one.\n\n# Two\n\nText two.\n", name="x.md", layout=Layout.MARKDOWN
    )
    assert [(s.level, s.title) for s in doc.sections] == [(1, "One"), (1, "Two")]


def test_jsonl_records_become_documents() -> None:
    documents, problems = ingest_file(FIXTURE_CORPUS / "news.jsonl")
    assert not problems
    first, second = documents
    assert (first.name, first.title, first.reference_date) == (
        "news.jsonl#kosovo-1",
        "Račak massacre",
        "1999-01-16",
    )
    assert second.url == "https://example.org/nato"
    assert first.text.startswith("On 15 January 1999")
    assert len(second.paragraphs) == 2


def test_jsonl_bad_lines_are_reported_and_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Fighting began in 1990."}),
        "{not json",
        json.dumps({"id": "b", "title": "no text"}),
        json.dumps({"id": "a", "text": "Duplicate id."}),
        json.dumps({"id": "c", "text": "Talks failed.", "date": "March 1991"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, problems = ingest_file(path)
    assert [d.name for d in documents] == ["mixed.jsonl#a"]
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [
        (2, "malformed JSON"),
        (3, 'missing or non-string "text" field'),
        (4, "duplicate id 'a'"),
        (5, "field \"date\" must be YYYY-MM-DD, got 'March 1991'"),
    ]


def test_crlf_offsets_stay_exact() -> None:
    text = "= War =\r\n\r\n== Start ==\r\nThe war began in 1990. It ended in 1995.\r\n"
    doc = ingest_text(text, name="crlf.txt")
    assert doc.layout is Layout.WIKI
    assert doc.sections[0].title == "Start"
    paragraph = doc.paragraphs[0]
    assert doc.text[paragraph.start : paragraph.end] == "The war began in 1990. It ended in 1995."


def test_discover_walks_directories_and_skips_readme(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A war.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B", encoding="utf-8")
    (tmp_path / "README.md").write_text("about", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    files, problems, skipped = discover([tmp_path, tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["b.md", "a.txt"]
    assert [p.reason for p in problems] == ["no such file or directory"]
    assert sorted(Path(s).name for s in skipped) == ["README.md", "image.png"]


def test_plain_title_and_wrapped_paragraphs() -> None:
    doc = ingest_file(FIXTURE_CORPUS / "sudan_plain.txt")[0][0]
    assert doc.title == "War in Darfur"
    assert len(doc.paragraphs) == 2


# --- unmarked headings: year lines and short lines are sections, not the title -----------
RWANDA_LEAD = (
    "The RPF was founded in Kampala in December 1987. Several of its commanders had "
    "fought in Yoweri Museveni's National Resistance Army."
)
RWANDA_1990 = (
    "On 1 October 1990 about 4,000 RPF fighters crossed from Uganda into north-eastern "
    "Rwanda at the Kagitumba border post, led by Major General Fred Rwigyema."
)
RWANDA_1991 = (
    "On 23 January 1991 the RPF seized the northern town of Ruhengeri in a surprise raid, "
    "freeing hundreds of prisoners from its jail before withdrawing the next day."
)


@pytest.mark.parametrize(
    ("text", "title", "sections"),
    [
        (  # a real title line stays the title; year lines between paragraphs are sections
            f"Rwandan Civil War and genocide\n\n{RWANDA_LEAD}\n\n1990\n\n{RWANDA_1990}\n\n"
            f"1991\n\n{RWANDA_1991}\n",
            "Rwandan Civil War and genocide",
            [(1, "1990"), (1, "1991")],
        ),
        (  # a first line that is a year is a section, not the title
            f"1990\n\n{RWANDA_1990}\n\n1991\n\n{RWANDA_1991}\n",
            "t",
            [(1, "1990"), (1, "1991")],
        ),
        (  # "1999: Escalation" is a section heading too
            "1999: Escalation\n\nIn March 1999 NATO began air strikes against Yugoslavia.\n\n"
            "2000: Aftermath\n\nMilošević fell from power in October 2000.\n",
            "t",
            [(1, "1999: Escalation"), (1, "2000: Aftermath")],
        ),
        (  # short stand-alone lines in plain text are sections
            f"The Bosnian War\n\nBackground\n\n{RWANDA_LEAD}\n\nCourse of the war\n\n"
            f"{RWANDA_1990}\n",
            "The Bosnian War",
            [(1, "Background"), (1, "Course of the war")],
        ),
        (  # a date heading may have its text on the very next line
            f"Rwandan Civil War\n\n1991\n{RWANDA_1991}\n",
            "Rwandan Civil War",
            [(1, "1991")],
        ),
        (  # a title that starts with a year, without a separator, is a title
            "2021 Taliban offensive\n\nThe Taliban launched an offensive on 1 May 2021.\n",
            "2021 Taliban offensive",
            [],
        ),
        (  # one-sentence paragraphs and wrapped prose starting with a year are no headings
            "War in Darfur\n\nThe war began in 2003.\n\n"
            "1994 – the RPF took Kigali after weeks of\nfighting with the government army.\n",
            "War in Darfur",
            [],
        ),
    ],
)
def test_plain_text_headings(text: str, title: str, sections: list[tuple[int, str]]) -> None:
    doc = ingest_text(text, name="t.txt")
    assert doc.layout is Layout.PLAIN
    assert doc.title == title
    assert [(s.level, s.title) for s in doc.sections] == sections
    for section in doc.sections:
        assert doc.text[section.heading_start : section.heading_end] == section.title
        # a heading is never also (part of) a paragraph
        assert not any(p.start <= section.heading_start < p.end for p in doc.paragraphs)


@pytest.mark.parametrize(
    ("text", "layout", "sections"),
    [
        (  # bare year lines under a marked heading sit one level below it
            "---\ntitle: Rwanda\ndate: 2019-01-10\n---\n\n# Rwanda\n\n## The war\n\n1990\n\n"
            f"{RWANDA_1990}\n\n1991\n\n{RWANDA_1991}\n\n## Aftermath\n\n{RWANDA_LEAD}\n",
            Layout.MARKDOWN,
            [(1, "The war"), (2, "1990"), (2, "1991"), (1, "Aftermath")],
        ),
        (  # Markdown that marks no sections is plain text: short lines are headings
            f"# Rwanda\n\nBackground\n\n{RWANDA_LEAD}\n\n1990: Invasion\n\n{RWANDA_1990}\n",
            Layout.MARKDOWN,
            [(1, "Background"), (1, "1990: Invasion")],
        ),
        (  # in Markdown with marked sections, short lines stay paragraphs
            f"# Rwanda\n\n## Background\n\nCasualties\n\n{RWANDA_LEAD}\n\n## Invasion\n\n"
            f"{RWANDA_1990}\n",
            Layout.MARKDOWN,
            [(1, "Background"), (1, "Invasion")],
        ),
        (  # one sentence a line: a year alone on its line opens a section
            "The RPF was founded in Kampala in December 1987\n1990\n"
            "On 1 October 1990 RPF fighters crossed from Uganda into Rwanda\n"
            "Rwigyema was killed the following day\n1991\n"
            "On 23 January 1991 the RPF seized the town of Ruhengeri\n"
            "Local authorities organised the killing of several hundred Bagogwe\n",
            Layout.SENTENCE_LINES,
            [(1, "1990"), (1, "1991")],
        ),
    ],
)
def test_bare_year_headings_in_other_layouts(
    text: str, layout: Layout, sections: list[tuple[int, str]]
) -> None:
    doc = ingest_text(text, name="t.md" if layout is Layout.MARKDOWN else "t.txt")
    assert doc.layout is layout
    assert [(s.level, s.title) for s in doc.sections] == sections
    for section in doc.sections:
        assert doc.text[section.heading_start : section.heading_end].lstrip("# ") == section.title
