"""Sentence segmentation: exact offsets, abbreviations, quotes, sentence-per-line dumps."""

from __future__ import annotations

import itertools
import re

import pytest
from tests.conftest import FIXTURE_CORPUS

from conflict_atlas.ingest import ingest_file, ingest_text
from conflict_atlas.ingest.text import MARKER_RE, strip_citations
from conflict_atlas.models import DocumentResult, Sentence, UnitKind
from conflict_atlas.segment import segment, split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. Army left. Then it rained.", ["The U.S. Army left.", "Then it rained."]),
        ("He attacked the U.S. The war began.", ["He attacked the U.S.", "The war began."]),
        ("Lt. Gen. Boris Gromov left last.", ["Lt. Gen. Boris Gromov left last."]),
        ("It was founded c. 1990 in Peshawar.", ["It was founded c. 1990 in Peshawar."]),
        ("Mr. Karzai spoke. Dr. Abdullah replied.", ["Mr. Karzai spoke.", "Dr. Abdullah replied."]),
        (
            "John P. O'Neill warned them. Nobody listened.",
            ["John P. O'Neill warned them.", "Nobody listened."],
        ),
        (
            "General Kenneth F. McKenzie Jr., met them.",
            ["General Kenneth F. McKenzie Jr., met them."],
        ),
        ('He said "We will fight." Then he left.', ['He said "We will fight."', "Then he left."]),
        ('"Why?" he asked. Nobody knew.', ['"Why?" he asked.', "Nobody knew."]),
        ("See No. 5 for details. It is short.", ["See No. 5 for details.", "It is short."]),
        ("They won in 1989. 1990 was worse.", ["They won in 1989.", "1990 was worse."]),
        ("It cost $1.5 billion. Few objected.", ["It cost $1.5 billion.", "Few objected."]),
        ("The war ended.[12] [13] Peace came.", ["The war ended.[12] [13]", "Peace came."]),
        ("The U.N. estimated it, e.g. in Kabul.", ["The U.N. estimated it, e.g. in Kabul."]),
        ("Troops left (in 1989). Then war.", ["Troops left (in 1989).", "Then war."]),
        ("But for what price?! Nobody asked.", ["But for what price?!", "Nobody asked."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_every_seed_sentence_is_an_exact_slice(seed_results: dict[str, DocumentResult]) -> None:
    for result in seed_results.values():
        text = result.document.text
        assert result.sentences
        for sentence in result.sentences:
            raw = text[sentence.start : sentence.end]
            assert strip_citations(raw) == sentence.text
            assert not MARKER_RE.search(sentence.text)
            assert raw == raw.strip() and sentence.text.strip()


def test_units_are_ordered_and_disjoint(seed_results: dict[str, DocumentResult]) -> None:
    for result in seed_results.values():
        spans = [(s.start, s.end) for s in result.sentences]
        assert spans == sorted(spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        assert [s.index for s in result.sentences] == list(range(len(spans)))


def test_no_text_is_lost(seed_results: dict[str, DocumentResult]) -> None:
    """Every letter or digit of a seed is in a unit, a heading, an infobox key or a marker."""
    for result in seed_results.values():
        doc = result.document
        covered = bytearray(len(doc.text))
        spans = [(s.start, s.end) for s in result.sentences]
        spans += [(s.heading_start, s.heading_end) for s in doc.sections]
        spans += [(f.key_start, f.key_end) for f in doc.infobox_fields]
        spans += [(c.start, c.end) for c in doc.citations]
        first_line = doc.text.split("\n", 1)[0]
        if doc.title in first_line:
            spans.append((0, len(first_line)))
        if doc.infobox_title:
            at = doc.text.index(doc.infobox_title + "\n")
            spans.append((at, at + len(doc.infobox_title)))
        for a, b in spans:
            covered[a:b] = b"\x01" * (b - a)
        lost = [i for i, ch in enumerate(doc.text) if ch.isalnum() and not covered[i]]
        assert lost == [], f"{doc.name}: {doc.text[lost[0] - 20 : lost[0] + 20]!r}"


def test_sentence_lines_markers_belong_to_previous_sentence(
    seed_results: dict[str, DocumentResult],
) -> None:
    result = seed_results["000"]
    text = result.document.text
    first = result.sentences[0]
    assert first.text.startswith("The Afghanistan conflict is a series of events")
    assert first.citations == ("7",)

    def starting(prefix: str) -> Sentence:
        return next(s for s in result.sentences if s.text.startswith(prefix))

    lead = starting("By 2014, it had been estimated")
    assert lead.citations == ("2", "3", "4", "5", "6")  # the markers opening the next line
    peace = starting("From 1933 to 1973, the Kingdom")
    assert text[peace.start - 16 : peace.start] == "[2][3][4][5][6] "


def test_sentence_lines_closing_quote_and_continuation() -> None:
    doc = ingest_file(FIXTURE_CORPUS / "ukraine_lines.txt")[0][0]
    texts = [s.text for s in segment(doc)]
    assert 'A commander said the units were "surrounded on all sides' in texts
    assert "Ukrainian forces began to withdraw on 29 August through a corridor" in texts
    assert (
        "Hundreds of soldiers were killed during the withdrawal, which became\n"
        "    known as the Ilovaisk tragedy"
    ) in texts
    assert len(texts) == 7


def test_structured_units(seed_results: dict[str, DocumentResult]) -> None:
    sentences = seed_results["002"].sentences
    rows = [s for s in sentences if s.kind is UnitKind.TABLE_ROW]
    assert len(rows) == 49
    assert rows[0].text == "| Frontiers and major border crossings captured by the Taliban | | | |"
    fields = [s for s in sentences if s.kind is UnitKind.INFOBOX_FIELD]
    assert [f.field for f in fields][:3] == ["Partof", "Date", "Place"]
    assert fields[1].text == "1 May – 15 August 2021, ()"
    # "- Combatant2: ," carries no text and makes no unit
    assert "Combatant2" not in [f.field for f in fields]


def test_pipe_infobox_field_keeps_markers_out_of_its_text(
    seed_results: dict[str, DocumentResult],
) -> None:
    fields = {s.field: s for s in seed_results["001"].sentences if s.kind is UnitKind.INFOBOX_FIELD}
    assert fields["Territory"].text.endswith("since September 2021")
    assert fields["Territory"].citations == ("1", "2")


def test_quotes_stay_with_their_sentence() -> None:
    doc = ingest_text(
        'The envoy said: "Kabul will not fall. We are ready." Two days later it fell.',
        name="q.txt",
    )
    texts = [s.text for s in segment(doc)]
    assert texts == [
        'The envoy said: "Kabul will not fall.',
        'We are ready."',
        "Two days later it fell.",
    ]


def test_ids_are_content_hashes(seed_results: dict[str, DocumentResult]) -> None:
    result = seed_results["004"]
    again = segment(result.document)
    assert [s.id for s in again] == [s.id for s in result.sentences]
    assert len({s.id for s in again}) == len(again)
    assert all(re.fullmatch(r"[0-9a-f]{16}", s.id) for s in again)
