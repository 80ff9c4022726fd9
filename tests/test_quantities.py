"""Tests for conflict_atlas.extract.quantities on real corpus sentences and a labelled set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conflict_atlas.extract.quantities import (
    QuantityExtractor,
    extract_quantities,
    find_quantities,
    parse_quantity,
)
from conflict_atlas.models import Document, Layout, Sentence, UnitKind

FIXTURE = Path(__file__).parent / "fixtures" / "mentions" / "quantities.jsonl"
M, B = 1_000_000, 1_000_000_000

Row = tuple[str, float | None, float | None, float | None, str | None, str]


def _doc(
    text: str, *, kind: UnitKind = UnitKind.SENTENCE, field: str | None = None
) -> tuple[Document, list[Sentence]]:
    """A document whose one unit is ``text`` (ingest is tested elsewhere)."""
    document = Document(
        id="d1", name="t.txt", source="t.txt", layout=Layout.PLAIN, title="t", text=text
    )
    unit = Sentence(
        id="s1",
        doc_id="d1",
        index=0,
        start=0,
        end=len(text),
        text=text,
        kind=kind,
        section=None,
        paragraph=None,
        field=field,
    )
    return document, [unit]


def _rows(text: str, **kwargs: Any) -> list[Row]:
    document, units = _doc(text, **kwargs)
    return [
        (q.text, q.low, q.best, q.high, q.counts, q.approx)
        for q in extract_quantities(document, units)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In all, 523 Soviet soldiers were killed during the withdrawal.",
            [("523", 523, 523, 523, "deaths", "exact")],
        ),
        (
            "By 2014, it had been estimated that 1,405,111 to 2,084,468 people had been killed.",
            [("1,405,111 to 2,084,468", 1405111, 1405111, 2084468, "deaths", "range")],
        ),
        (
            "Five to ten million Afghans fled to Pakistan and Iran, and another 2 million were "
            "displaced within the country.",
            [
                ("Five to ten million", 5 * M, 5 * M, 10 * M, "refugees", "range"),
                ("2 million", 2 * M, 2 * M, 2 * M, "displaced", "exact"),
            ],
        ),
        (
            "The death of up to 2 million Afghans in the war",
            [("up to 2 million", None, None, 2 * M, "deaths", "up_to")],
        ),
        (
            "On 2 August 40 civilians were killed and more than 100 wounded in the fighting.",
            [
                ("40", 40, 40, 40, "deaths", "exact"),
                ("more than 100", 100, 100, None, "wounded", "more_than"),
            ],
        ),
        (
            "Taliban executed dozens of captured soldiers in the province.",
            [("dozens", 12, 12, 99, "deaths", "vague")],
        ),
        (
            "Pakistan gave $30 million in aid and a further $10 million for government wages.[106]",
            [
                ("$30 million", 30 * M, 30 * M, 30 * M, "money", "exact"),
                ("$10 million", 10 * M, 10 * M, 10 * M, "money", "exact"),
            ],
        ),
        (
            "Ghani took 500.000 US dollars with him while escaping.",
            [("500.000", 500_000, 500_000, 500_000, "money", "exact")],
        ),
        (
            "In February 2006, $10 5 billion were committed for Afghanistan",
            [("$10 5 billion", 10.5 * B, 10.5 * B, 10.5 * B, "money", "exact")],
        ),
        (
            "the Taliban were responsible for 76% of civilian casualties in 2009.[139]",
            [("76%", 76, 76, 76, None, "exact")],
        ),
        (
            "Half a million people fled Afghanistan.",
            [("Half a million", 500_000, 500_000, 500_000, "refugees", "exact")],
        ),
        (
            "the Afghan Ministry of Defense claimed to have killed 2,146 Taliban fighters",
            [("2,146", 2146, 2146, 2146, "deaths", "exact")],
        ),
        (
            "On 3 August 13 people were killed in a bombing in Kabul.",
            [("13", 13, 13, 13, "deaths", "exact")],
        ),
        (
            "valued between two and six billion dollars a year",
            [("between two and six billion", 2 * B, 2 * B, 6 * B, "money", "range")],
        ),
        (
            "Taliban captures 232 districts and claims capturing an additional 94 districts",
            [
                ("232", 232, 232, 232, "districts", "exact"),
                ("94", 94, 94, 94, "districts", "exact"),
            ],
        ),
        (
            "released 5,000 Taliban prisoners in exchange for 1,000 captive Afghan soldiers.",
            [
                ("5,000", 5000, 5000, 5000, "captured", "exact"),
                ("1,000", 1000, 1000, 1000, "captured", "exact"),
            ],
        ),
        (
            "killing one and injuring three others.",
            [("one", 1, 1, 1, "deaths", "exact"), ("three", 3, 3, 3, "wounded", "exact")],
        ),
        # Other wars: the rules carry no knowledge of one conflict.
        (
            "Some 8,000 Bosniak men and boys were killed at Srebrenica in July 1995.",
            [("Some 8,000", 8000, 8000, 8000, "deaths", "about")],
        ),
        (
            "An estimated 500,000 to 800,000 people were killed in Rwanda in 1994.",
            [("An estimated 500,000 to 800,000", 500_000, 500_000, 800_000, "deaths", "range")],
        ),
        (
            "Nearly 5.6 million refugees fled Syria; at least 306,000 civilians died.",
            [
                ("Nearly 5.6 million", None, 5.6 * M, 5.6 * M, "refugees", "nearly"),
                ("at least 306,000", 306_000, 306_000, None, "deaths", "at_least"),
            ],
        ),
        (
            "Hundreds of thousands were displaced by the fighting in Darfur.",
            [("Hundreds of thousands", 100_000, 100_000, 999_999, "displaced", "vague")],
        ),
    ],
)
def test_real_sentences(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "From 1933 to 1973, the Kingdom of Afghanistan experienced a period of peace.[15]",
        "Osama Bin Laden's so-called 055 Brigade was responsible for mass killings.[77]",
        "Red Unit, Martyrdom Battalion, Badri 313 Battalion, Defected local militias",
        "UN Security Council Resolution 1386 created ISAF on 20 December 2001.",
        "killed during Operation Storm-333 on 27 December by the 40th Army with Mi-17s",
        "the 20-year anniversary of the 9/11 attacks, amounting to 1/3 of the population",
        "From 1 to 2 August, the outskirts fell; a curfew between 10 p.m. and 4 a.m.",
        "who reigned for almost forty years; Massoud was only 22 years old; within 24 hours",
        "The two had been bitter rivals; the country had experienced several droughts.",
        "Late on 15 August, an Afghan Air Force Embraer 314 crashed; France 24 Observers said",
        "List of 2021 Afghanistan attacks; the 1988 elections; Revolutions of 1989",
    ],
)
def test_not_quantities(text: str) -> None:
    assert _rows(text) == []


def test_infobox_field_uses_key_and_item_words() -> None:
    text = "Taliban, Afghan government claim:, 9,819 killed, 5,472 wounded, 54 captured"
    rows = _rows(text, kind=UnitKind.INFOBOX_FIELD, field="Casualties1")
    assert [(r[0], r[4]) for r in rows] == [
        ("9,819", "deaths"),
        ("5,472", "wounded"),
        ("54", "captured"),
    ]
    assert _rows(
        "1,405,111–2,584,468 (1978–2013)", kind=UnitKind.INFOBOX_FIELD, field="Casualties3"
    ) == [("1,405,111–2,584,468", 1405111, 1405111, 2584468, "casualties", "range")]


def test_offsets_index_raw_text_with_citation_markers() -> None:
    text = "Intro line.\n[12][13] Around 1,500[7] Afghan soldiers deserted, and 2,324+ fled."
    document = Document(
        id="d", name="t.txt", source="t.txt", layout=Layout.PLAIN, title="t", text=text
    )
    start = text.index("[12]")
    unit = Sentence(
        id="s",
        doc_id="d",
        index=0,
        start=start,
        end=len(text),
        text="",
        kind=UnitKind.SENTENCE,
        section=None,
        paragraph=None,
    )
    found = QuantityExtractor()(document, [unit])
    assert [q.text for q in found] == ["Around 1,500", "2,324+"]
    for q in found:
        assert document.text[q.start : q.end] == q.text
        assert q.sentence_id == "s" and q.doc_id == "d"
    assert (found[1].low, found[1].best, found[1].high, found[1].approx) == (
        2324,
        2324,
        None,
        "more_than",
    )


def test_parse_quantity_for_infobox_values() -> None:
    parsed = parse_quantity("55,000–85,000 fighters")
    assert parsed is not None
    assert (parsed.low, parsed.best, parsed.high, parsed.counts, parsed.approx) == (
        55000,
        55000,
        85000,
        "troops",
        "range",
    )
    assert parse_quantity("US$1 billion").best == B  # type: ignore[union-attr]
    assert parse_quantity("27 April 1978 – present") is None
    assert [q.text for q in find_quantities("12,000–15,000 killed; 20–40 percent")] == [
        "12,000–15,000",
        "20–40 percent",
    ]


def _labelled() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text("utf-8").splitlines() if line]


def _values(q: Any) -> tuple[Any, ...]:
    return (
        (q["low"], q["best"], q["high"], q["approx"])
        if isinstance(q, dict)
        else (q.low, q.best, q.high, q.approx)
    )


def evaluate() -> dict[str, float]:
    """Span precision/recall on the labelled set; value and counts accuracy on matches."""
    extractor = QuantityExtractor()
    tp = fp = fn = values_ok = counts_ok = 0
    for row in _labelled():
        kind = UnitKind(row["kind"])
        document, units = _doc(row["sentence"], kind=kind, field=row["field"])
        predicted = {(q.start, q.end): q for q in extractor(document, units)}
        gold = {(g["start"], g["end"]): g for g in row["quantities"]}
        tp += len(predicted.keys() & gold.keys())
        fp += len(predicted.keys() - gold.keys())
        fn += len(gold.keys() - predicted.keys())
        for key in predicted.keys() & gold.keys():
            values_ok += _values(predicted[key]) == _values(gold[key])
            counts_ok += predicted[key].counts == gold[key]["counts"]
    return {
        "mentions": tp + fn,
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "values": values_ok / tp,
        "counts": counts_ok / tp,
    }


def test_labelled_set_precision_recall() -> None:
    scores = evaluate()
    assert scores["mentions"] >= 60
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.85
    assert scores["values"] >= 0.95
    assert scores["counts"] >= 0.80
