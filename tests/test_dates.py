"""Table-driven tests for the temporal stage (conflict_atlas.extract.dates).

Each line of ``fixtures/dates/expressions.jsonl`` is a sentence (from the seed corpus or
about another war), optionally preceded by ``context`` sentences that set the narrative
reference time, or by a news ``reference_date``; ``expect`` lists every temporal
expression as ``[text, value, mod?, date_start?, date_end?]``. When dates are omitted the
expected interval follows from the value (checked by :func:`expected_interval`).
"""

from __future__ import annotations

import calendar
import json
from pathlib import Path
from typing import Any

import pytest

from conflict_atlas.extract.dates import DateTagger, extract_dates, home_span
from conflict_atlas.extract.timex.span import covered_span
from conflict_atlas.ingest import ingest_text
from conflict_atlas.models import (
    Document,
    InfoboxField,
    Layout,
    Section,
    Sentence,
    TimeMention,
    UnitKind,
)
from conflict_atlas.segment import segment

FIXTURES = Path(__file__).parent / "fixtures" / "dates" / "expressions.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in FIXTURES.read_text("utf-8").splitlines() if line.strip()
]
TAGGER = DateTagger()
SEASONS = {"SP": ("03-01", "05-31"), "SU": ("06-01", "08-31"), "FA": ("09-01", "11-30")}


def document(
    text: str, units: list[tuple[int, int]], **extra: Any
) -> tuple[Document, list[Sentence]]:
    doc = Document(
        id="d",
        name="d.txt",
        source="d.txt",
        layout=Layout.PLAIN,
        title=extra.pop("title", ""),
        text=text,
        **extra,
    )
    sentences = [
        Sentence(f"s{i}", "d", i, a, b, text[a:b], UnitKind.SENTENCE, None, 0)
        for i, (a, b) in enumerate(units)
    ]
    return doc, sentences


def tag_case(case: dict[str, Any]) -> list[TimeMention]:
    context = case.get("context", "")
    offset = len(context) + 1 if context else 0
    text = f"{context} {case['text']}" if context else case["text"]
    units = ([(0, len(context))] if context else []) + [(offset, len(text))]
    doc, sentences = document(text, units)
    mentions = TAGGER(doc, sentences, reference_date=case.get("reference_date"))
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [m for m in mentions if m.start >= offset]


def expected_interval(value: str) -> tuple[str | None, str | None]:
    """Interval a TIMEX value stands for (an oracle independent of the tagger)."""
    if value.startswith("P") or value.endswith("_REF"):
        return None, None
    if value.endswith("XX"):
        return f"{value[:2]}00-01-01", f"{value[:2]}99-12-31"
    if value.endswith("X"):
        return f"{value[:3]}0-01-01", f"{value[:3]}9-12-31"
    year, _, rest = value.partition("-")
    if not rest:
        return f"{year}-01-01", f"{year}-12-31"
    if rest in SEASONS:
        return f"{year}-{SEASONS[rest][0]}", f"{year}-{SEASONS[rest][1]}"
    if len(rest) == 2:
        last = calendar.monthrange(int(year), int(rest))[1]
        return f"{value}-01", f"{value}-{last:02d}"
    return value[:10], value[:10]


def expectation(item: list[Any]) -> dict[str, Any]:
    text, value = item[0], item[1]
    mod = item[2] if len(item) > 2 else None
    start, end = (item[3], item[4]) if len(item) > 4 else expected_interval(value)
    return {"text": text, "value": value, "mod": mod, "date_start": start, "date_end": end}


def observed(m: TimeMention) -> dict[str, Any]:
    return {
        "text": m.text,
        "value": m.value,
        "mod": m.mod,
        "date_start": m.date_start,
        "date_end": m.date_end,
    }


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_expressions(case: dict[str, Any]) -> None:
    if "xfail" in case:
        pytest.xfail(case["xfail"])
    got = [observed(m) for m in tag_case(case)]
    assert got == [expectation(e) for e in case["expect"]]


def score(cases: list[dict[str, Any]]) -> dict[str, float]:
    """Relaxed (overlap) span P/R/F1 and value accuracy over matched expressions."""
    tp = fp = fn = correct = 0
    for case in cases:
        text = case["text"]
        gold = [(text.find(e[0]), e) for e in case["expect"]]
        got = tag_case(case)
        base = len(case.get("context", "")) + 1 if case.get("context") else 0
        used: set[int] = set()
        for m in got:
            s, e = m.start - base, m.end - base
            match = next(
                (
                    i
                    for i, (g, ge) in enumerate(gold)
                    if i not in used and g < e and s < g + len(ge[0])
                ),
                None,
            )
            if match is None:
                fp += 1
                continue
            used.add(match)
            tp += 1
            correct += m.value == gold[match][1][1]
        fn += len(gold) - len(used)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "value_accuracy": correct / max(tp, 1),
        "expressions": tp + fn,
    }


def test_fixture_set_size_and_quality_bar() -> None:
    result = score(CASES)
    assert result["expressions"] >= 200
    assert result["f1"] >= 0.93 and result["value_accuracy"] >= 0.93, result


@pytest.mark.parametrize(
    "text",
    [
        "1,900 troops",
        "Operation Storm-333",
        "the 40th Army",
        "Resolution 1386",
        "055 Brigade",
        "Mi-17",
        "99th Missile Brigade",
        "[12]",
        "ISBN 978-0-19-2003-1",
        "page 1998",
        "Badri 313 Battalion",
        "45%",
        "$2001",
    ],
)
def test_not_dates(text: str) -> None:
    assert TAGGER.scan_text(f"They saw {text} there.") == []


def test_section_title_anchors_day_month() -> None:
    text = (
        "= War of 1992 =\n== Armies creep up (1–14 April) ==\n"
        "On 16 April, the city fell. The next day, riots broke out."
    )
    heading = text.index("== Armies")
    body = text.index("On 16")
    sections = (
        Section(0, 2, "Armies creep up (1–14 April)", None, heading, len(text), heading, body - 1),
    )
    second = text.index("The next")
    doc, sentences = document(
        text, [(body, second - 1), (second, len(text))], sections=sections, title="War of 1992"
    )
    mentions = TAGGER(doc, sentences)
    by_text = {m.text: m for m in mentions}
    assert by_text["14 April"].value == "1992-04-14"
    assert by_text["1"].range_start == "1992-04-01" and by_text["1"].range_end == "1992-04-14"
    assert (by_text["16 April"].value, by_text["16 April"].anchor) == (
        "1992-04-16",
        "section_title",
    )
    assert (by_text["The next day"].value, by_text["The next day"].anchor) == (
        "1992-04-17",
        "previous_sentence",
    )


def test_infobox_date_anchors_and_digressions_return_home() -> None:
    text = (
        "Date: 1 May – 15 August 2021\n"
        "In September 2020, prisoners were freed.\n\nIn May, the rebels advanced."
    )
    field = InfoboxField(0, "Date", "1 May – 15 August 2021", 6, 28, 0, 4, ())
    first, second = text.index("In September"), text.index("In May")
    doc, _ = document(text, [], infobox_fields=(field,))
    units = [
        Sentence(
            "a", "d", 0, first, second - 2, text[first : second - 2], UnitKind.SENTENCE, None, 0
        ),
        Sentence("b", "d", 1, second, len(text), text[second:], UnitKind.SENTENCE, None, 1),
    ]
    may = next(m for m in TAGGER(doc, units) if m.text == "May")
    assert (may.value, may.anchor) == ("2021-05", "infobox_date")


def test_ranges_carry_whole_interval_and_since_is_open() -> None:
    mentions = TAGGER.scan_text(
        "Fighting lasted from 1 May – 15 August 2021; since 2001, troops stayed."
    )
    start, end, since = mentions
    assert (start.kind, start.range_start, start.range_end) == (
        "interval",
        "2021-05-01",
        "2021-08-15",
    )
    assert (end.range_start, end.range_end) == ("2021-05-01", "2021-08-15")
    assert (since.value, since.range_start, since.range_end) == ("2001", "2001-01-01", None)


def test_never_invents_precision() -> None:
    (m,) = TAGGER.scan_text("The army was rebuilt in 1984.")
    assert (m.value, m.precision, m.date_start, m.date_end) == (
        "1984",
        "year",
        "1984-01-01",
        "1984-12-31",
    )


def test_unanchored_day_month_stays_underspecified() -> None:
    (m,) = TAGGER.scan_text("On 16 April, the city fell.")
    assert (m.value, m.date_start, m.anchor) == ("XXXX-04-16", None, "none")


def test_extract_dates_matches_tagger() -> None:
    doc, sentences = document("It began on 6 June 1944.", [(0, 24)])
    assert extract_dates(doc, sentences) == TAGGER(doc, sentences)


# --- narrative time of whole documents, in any layout ---------------------------------------
RWANDA = (
    "Rwandan Civil War and genocide\n\n"
    "The RPF was founded in Kampala in December 1987.\n\n"
    "1993\n\n"
    "On 5 October 1993 the UN Security Council created UNAMIR to help implement the accords.\n\n"
    "1994\n\n"
    "On the evening of 6 April 1994 the jet carrying Habyarimana was hit by two missiles "
    "as it came in to land at Kigali airport.\n\n"
    "Responsibility for the attack has never been established in court. The Mutsinzi report, "
    "published in January 2010, blamed Hutu extremists in the army, and a ballistic report "
    "commissioned by French judges in 2012 placed the firing position in or near the Kanombe "
    "military camp.\n\n"
    "The following day, 7 April, soldiers killed the prime minister, Agathe Uwilingiyimana.\n"
)
YEMEN = (
    '---\ntitle: "Yemen\'s War, 2014–2018"\ndate: 2019-01-10\n---\n\n'
    "# Yemen's War, 2014–2018\n\n"
    "## 2014: The fall of Sanaa\n\n"
    "In the summer of 2014 the Houthis pushed south from Saada. On 8 July their fighters "
    "overran the town of Amran.\n\n"
    "## 2015: Collapse and intervention\n\n"
    "Al-Qaeda in the Arabian Peninsula exploited the chaos. In April 2015 its fighters seized "
    "Mukalla and held the port for a year until Yemeni troops drove them out in April 2016.\n\n"
    "### The battle of Aden\n\n"
    "The fight for Aden began in late March. The government declared the city liberated on "
    "17 July.\n\n"
    "## Outlook\n\n"
    "The UN envoy said yesterday that talks would resume this year.\n"
)
CHRONOLOGY = (
    "1950\n\n"
    "On 25 June North Korean forces invaded South Korea.\n\n"
    "1951\n\n"
    "On 4 January Chinese and North Korean forces recaptured Seoul.\n"
)


def tag_document(text: str, name: str, reference_date: str | None = None) -> list[TimeMention]:
    """Tag a text ingested and segmented as the build would (same narrative logic)."""
    doc = ingest_text(text, name=name, reference_date=reference_date)
    mentions = TAGGER(doc, segment(doc), reference_date=doc.reference_date)
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
    return mentions


@pytest.mark.parametrize(
    ("text", "name", "reference_date", "expected"),
    [
        (  # year lines are sections that date their days; the title line is scanned too
            RWANDA,
            "rwanda.txt",
            None,
            [
                ("5 October 1993", "1993-10-05", "explicit"),
                ("6 April 1994", "1994-04-06", "explicit"),
                # a digression out of the years the text covers ends with its paragraph
                ("The following day", "1994-04-07", "previous_sentence"),
                ("7 April", "1994-04-07", "same_sentence"),
            ],
        ),
        (  # a first line "1950" is a section, not the title: 1951's days stay in 1951
            CHRONOLOGY,
            "korea.txt",
            None,
            [
                ("1950", "1950", "explicit"),
                ("25 June", "1950-06-25", "section_title"),
                ("1951", "1951", "explicit"),
                ("4 January", "1951-01-04", "section_title"),
            ],
        ),
        (  # a publication date serves "yesterday" and "this year", not the history's days
            YEMEN,
            "yemen.md",
            None,
            [
                ("2014", "2014", "explicit"),  # the front-matter title is scanned
                ("8 July", "2014-07-08", "previous_sentence"),
                # a subsection stays in its dated section's year, not in an aside's
                ("late March", "2015-03", "section_title"),
                ("17 July", "2015-07-17", "previous_sentence"),
                ("yesterday", "2019-01-09", "reference_date"),
                ("this year", "2019", "reference_date"),
            ],
        ),
        (  # news names no year: its days are those nearest its publication date
            "Ukrainian officials said the city fell on 28 February. Lavrov spoke on "
            "Thursday. The strike on 18 December killed 12 people. Talks will resume on "
            "10 March.\n",
            "news.txt",
            "2022-03-03",
            [
                ("28 February", "2022-02-28", "reference_date"),
                ("Thursday", "2022-03-03", "reference_date"),
                ("18 December", "2021-12-18", "previous_sentence"),
                ("10 March", "2022-03-10", "previous_sentence"),
            ],
        ),
    ],
)
def test_document_narrative_time(
    text: str, name: str, reference_date: str | None, expected: list[tuple[str, str, str]]
) -> None:
    mentions = tag_document(text, name, reference_date)
    remaining = list(mentions)
    for words, value, anchor in expected:
        found = next(m for m in remaining if m.text == words)
        remaining = remaining[remaining.index(found) + 1 :]
        assert (found.text, found.value, found.anchor) == (words, value, anchor)


def test_weekdays_of_a_range_form_one_interval() -> None:
    thursday, friday = TAGGER.scan_text(
        "Dozens of prisoners were killed in an explosion overnight from Thursday to Friday.",
        reference_date="2022-07-30",
    )
    assert (thursday.range_start, thursday.range_end) == ("2022-07-28", "2022-07-29")
    assert (friday.value, friday.range_start) == ("2022-07-29", "2022-07-28")


def test_a_named_day_keeps_its_article_out_of_a_modifier() -> None:
    (m,) = TAGGER.scan_text(
        "In November troops fought around the 22 May hospital.", reference_date=None
    )[1:]
    assert m.text == "the 22 May" and m.mod is None


@pytest.mark.parametrize(
    ("years", "span"),
    [
        ([], None),
        ([(1959, 1), (1962, 1), (1990, 6), (1991, 4), (1994, 9), (2012, 1)], (1990, 1994)),
        ([(1987, 1), (1990, 3)], (1987, 1990)),  # years three apart chain into one run
        # a neighbouring run told at some length joins: a long history covers its decades
        ([(1973, 3), (1978, 4), (1979, 4), (1989, 20), (1996, 10), (2001, 18)], (1973, 2001)),
        ([(1914, 2), (2014, 2)], (2014, 2014)),  # a tie goes to the later run
    ],
)
def test_covered_span(years: list[tuple[int, int]], span: tuple[int, int] | None) -> None:
    assert covered_span(years) == span


@pytest.mark.parametrize(
    ("text", "name", "reference_date", "span"),
    [
        (RWANDA, "rwanda.txt", None, (1993, 1994)),
        (YEMEN, "yemen.md", None, (2014, 2018)),  # a history published later
        ("Russian troops took Kherson on Wednesday.\n", "news.txt", "2022-03-03", (2021, 2022)),
    ],
)
def test_home_span(text: str, name: str, reference_date: str | None, span: tuple[int, int]) -> None:
    doc = ingest_text(text, name=name, reference_date=reference_date)
    mentions = tag_document(text, name, reference_date)
    assert home_span(doc, mentions, reference_date=doc.reference_date) == span
