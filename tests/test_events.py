"""Tests of the events stage on real corpus sentences and on texts about other wars."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflict_atlas.analyze import Analysis, Analyzer, Timer
from conflict_atlas.events import event_to_json, merge_events
from conflict_atlas.events.evaluate import evaluate, load_gold
from conflict_atlas.ingest import ingest_file, ingest_text
from conflict_atlas.models import Document, DocumentResult, Event, Layout, Sentence, UnitKind
from conflict_atlas.segment import segment

ROOT = Path(__file__).parent
CORPUS = ROOT.parent / "src" / "conflict_atlas" / "data" / "corpus"
GOLD = ROOT / "fixtures" / "gold"


class Pipeline:
    """The stages a build runs on one document (``Analyzer``), loaded once per session."""

    def __init__(self) -> None:
        self.analyzer = Analyzer()
        self.nlp = self.analyzer.actors.nlp

    def analysis(
        self, document: Document, sentences: tuple[Sentence, ...] | None = None
    ) -> Analysis:
        sents = sentences if sentences is not None else tuple(segment(document))
        return self.analyzer(DocumentResult(document, sents), Timer())

    def document(
        self, document: Document, sentences: tuple[Sentence, ...] | None = None
    ) -> list[Event]:
        return self.analysis(document, sentences).events

    def events(self, text: str, *, layout: Layout | None = None) -> list[Event]:
        """Events of ``text`` ingested and segmented as a file would be."""
        document = ingest_text(text, name="t.txt", layout=layout)
        return self.document(document)

    def text(self, text: str) -> list[Event]:
        doc = Document(
            id="t", name="t.txt", source="t.txt", layout=Layout.PLAIN, title="", text=text
        )
        return self.document(
            doc, (Sentence("s", "t", 0, 0, len(text), text, UnitKind.SENTENCE, None, 0),)
        )

    def file(self, path: Path) -> tuple[Document, list[Event]]:
        docs, _ = ingest_file(path)
        return docs[0], self.document(docs[0])


@pytest.fixture(scope="session")
def pipe() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def corpus(pipe: Pipeline) -> dict[str, tuple[Document, list[Event]]]:
    paths = [*sorted(CORPUS.glob("0*.txt")), GOLD / "texts" / "other_wars.txt"]
    return {p.name: pipe.file(p) for p in paths}


def _brief(event: Event) -> tuple[str, str | None, tuple[str, ...], str | None]:
    return (
        event.type,
        event.date_start,
        tuple(a.name for a in event.actors),
        event.location.name if event.location else None,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 9 August 2021, the Taliban captured Aybak, the capital of Samangan Province.",
            [("capture", "2021-08-09", ("Taliban",), "Aibak")],
        ),
        (
            "On 14 August 2021, Mazar-i-Sharif fell to the Taliban.",
            [("capture", "2021-08-14", ("Taliban",), "Mazar-i-Sharif")],
        ),
        (
            "On 8 August 2021, the Taliban captured Kunduz and Sheberghan.",
            [
                ("capture", "2021-08-08", ("Taliban",), "Kunduz"),
                ("capture", "2021-08-08", ("Taliban",), "Shibirghan"),
            ],
        ),
        (
            "On 25 June 1950, North Korean forces invaded South Korea.",
            [("invasion", "1950-06-25", ("North Korea Armed Forces",), "South Korea")],
        ),
    ],
)
def test_events_from_sentences(
    pipe: Pipeline, text: str, expected: list[tuple[object, ...]]
) -> None:
    assert [_brief(e) for e in pipe.text(text)] == expected


def _typed(event: Event) -> tuple[str, str | None]:
    return (event.type, event.date_start)


# General rules of the lexicon and filters, each shown on the corpus and on other wars.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # declarations: impositions, resolutions, rejections
        (
            "On 24 July 2021, the government imposed a curfew in 31 provinces.",
            [("declaration", "2021-07-24")],
        ),
        (
            "On 3 March 2011, the Syrian government imposed a curfew on Daraa.",
            [("declaration", "2011-03-03")],
        ),
        (
            "On 12 May 1992, the Bosnian Serb assembly passed a resolution on the army.",
            [("declaration", "1992-05-12")],
        ),
        ("In 1994, Croatian Serb rebels rejected the peace plan.", [("declaration", "1994")]),
        # founding, government changes, coalitions (the object decides the type)
        ("The FARC was founded in 1964.", [("other", "1964")]),
        ("In April 1978, the PDPA formed a new government.", [("government_change", "1978-04")]),
        (
            "In 1985, seven rebel groups formed an alliance against the government.",
            [("agreement", "1985")],
        ),
        (
            "On 12 July 2021, Austin S. Miller stepped down from his post.",
            [("government_change", "2021-07-12")],
        ),
        ("In 1989, Omar al-Bashir seized power in Sudan.", [("coup", "1989")]),
        # outbreaks and uprisings are battles
        ("In March 2011, an uprising began in Daraa.", [("battle", "2011-03")]),
        (
            "In 1992, the Bosnian declaration of independence triggered a civil war.",
            [("battle", "1992")],
        ),
        # splits, negotiations, releases
        ("In August 2021, 1,500 soldiers deserted into Tajikistan.", [("defection", "2021-08")]),
        (
            "The Ethiopian government offered peace talks to the TPLF in 2022.",
            [("negotiation", "2022")],
        ),
        # an event named in passing with its own date, even after "since"
        (
            "Ukraine has fought Russia since the 2022 Russian invasion.",
            [("battle", "2022"), ("invasion", "2022")],
        ),
        # failed coups count; "the ninth capital to be captured" happened
        (
            "The failed coup attempt in Turkey in July 2016 led to mass arrests.",
            [("coup", "2016-07"), ("other", "2016-07")],
        ),
        (
            "On 11 August 2021, Fayzabad became the ninth provincial capital to be captured "
            "by the Taliban.",
            [("capture", "2021-08-11")],
        ),
        # killing a named person is an assassination
        ("In April 1978, soldiers killed Mohammed Daoud Khan.", [("assassination", "1978-04")]),
    ],
)
def test_general_rules(pipe: Pipeline, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [_typed(e) for e in pipe.text(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "As of 12 July 2021, the Taliban had seized 148 districts.",  # cumulative tally
        "In 2015 the rebels frequently shelled Aleppo.",  # habit
        "Hekmatyar attacked Massoud so often that Washington feared him.",  # habit
        "By 2014 the ISIS fighters were capable of offensives against Baghdad.",  # trait
        "In 1995 the ministers discussed troop withdrawals from Bosnia.",  # discussed
        "In 1990 the government continued to receive funding from Moscow.",  # a state
        "A UN envoy warned in 2021 that Sudan was entering a deadlier phase.",  # assessment
        "This was stated by a FARC commander in his book published in 2013.",  # a source
        "See main article: 2022 Russian invasion of Ukraine.",  # navigation line
        "In 1979 he restored property seized during the land reform.",  # participle
        "In 2021 the fall of Daman District would make Kandahar hard to hold.",  # forecast
    ],
)
def test_more_non_events_are_skipped(pipe: Pipeline, text: str) -> None:
    assert pipe.text(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "He" is the person last named as a subject
        (
            "In July 1973, Mohammed Daoud Khan overthrew the king. "
            "In 1976, he dismissed PDPA members from their government posts.",
            ("Mohammed Daoud Khan",),
        ),
        # a country named as the subject acts, and both conjuncts do
        (
            "On 2 July 2021, Germany and Italy withdrew their troops from Afghanistan.",
            ("Germany", "Italy"),
        ),
        # the head of the phrase acts, not the organisation in its title
        (
            "In 2018, US President Donald Trump accused Pakistan of harboring the Taliban.",
            ("Donald Trump",),
        ),
        (
            "In 2011, Syrian President Bashar al-Assad rejected the Arab League plan.",
            ("Bashar al-Assad",),
        ),
    ],
)
def test_agents(pipe: Pipeline, text: str, expected: tuple[str, ...]) -> None:
    document = ingest_text(text, name="t.txt")
    events = pipe.document(document)
    assert tuple(a.name for a in events[-1].actors) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May 2021, the Taliban did not attack Kandahar.",  # negation
        "The Taliban would capture Kabul if the army collapsed.",  # hypothetical
        "On 9 July 2021, the Taliban planned to capture Herat.",  # future plan
        "Analysts believe the Taliban captured Kabul too easily.",  # opinion
        "The city lies along the Kabul–Kandahar Highway.",  # background
    ],
)
def test_non_events_are_skipped(pipe: Pipeline, text: str) -> None:
    assert pipe.text(text) == []


def test_claims_are_marked(pipe: Pipeline) -> None:
    events = pipe.text(
        "On 4 April 2017, rebel commanders claimed that government aircraft bombed Khan Shaykhun."
    )
    assert [e.claim for e in events] == [True]


INFOBOX_WAR = """= Siege of Example =

Battle box
- Date: 5 April 1992 – 29 February 1996, (3 years)
- Result: Government victory, The Dayton Agreement ends the war, Rebels withdraw from the hills
- Place: Sarajevo, Bosnia and Herzegovina

The siege was long.
"""


def test_infobox_result_items_are_events_dated_at_the_end(pipe: Pipeline) -> None:
    document = ingest_text(INFOBOX_WAR, name="siege.txt")
    events = pipe.document(document)
    field = next(f for f in document.infobox_fields if f.key == "Result")
    from_result = [e for e in events if e.sources[0].start == field.start]
    found = {(e.type, e.date_start, e.date_precision) for e in from_result}
    assert ("agreement", "1996-02-29", "day") in found  # the end of the date field
    assert ("withdrawal", "1996-02-29", "day") in found
    assert all(e.sources[0].text == field.value for e in from_result)


def test_table_rows_carry_the_date_down(corpus: dict[str, tuple[Document, list[Event]]]) -> None:
    _, events = corpus["002_88b9748bfadf5faa.txt"]
    rows = {e.sources[0].text: e.date_start for e in events if e.trigger == "table"}
    assert rows["| 6 August | Nimruz | Zaranj |"] == "2021-08-06"
    assert rows["| Sar-e Pol | Sar-e Pol | |"] == "2021-08-08"  # rowspan: the 8 August above
    assert rows["| Kabul | Kabul | 33 |"] == "2021-08-15"


def test_contract_fields(corpus: dict[str, tuple[Document, list[Event]]]) -> None:
    document, events = corpus["002_88b9748bfadf5faa.txt"]
    record = event_to_json(events[0])
    assert list(record) == [
        "id",
        "type",
        "summary",
        "date_start",
        "date_end",
        "date_precision",
        "actors",
        "targets",
        "location",
        "fatalities",
        "acled",
        "plover",
        "ucdp_type",
        "sources",
    ]
    source = record["sources"][0]
    assert document.text[source["start"] : source["end"]] == source["text"]
    json.dumps(record)


def test_merge_does_not_double_revisions(corpus: dict[str, tuple[Document, list[Event]]]) -> None:
    a, b = corpus["000_ffc5f83b9d0d7831.txt"][1], corpus["001_2a48c6d4b4044b13.txt"][1]
    merged = merge_events(a + b)
    assert len(merged) < 0.75 * (len(a) + len(b))
    assert len(merged) >= max(len(a), len(b)) * 0.8


def test_merge_never_joins_different_days(pipe: Pipeline) -> None:
    one = pipe.text("On 6 August 2021, the Taliban captured Zaranj.")
    two = pipe.text("On 7 August 2021, the Taliban captured Zaranj.")
    assert len(merge_events(one + two)) == 2


# Floors a little under what the extractor scores on our exhaustive gold stretches
# (tests/fixtures/gold/README.md): a regression fails, an improvement raises them.
@pytest.mark.parametrize(
    ("gold", "floors"),
    [
        (
            "000",
            {
                "recall": 0.85,
                "precision": 0.95,
                "type_accuracy": 0.83,
                "date_accuracy": 0.78,
                "actor_f1": 0.80,
            },
        ),
        (
            "001",
            {
                "recall": 0.87,
                "precision": 0.95,
                "type_accuracy": 0.79,
                "date_accuracy": 0.83,
                "actor_f1": 0.70,
                "headline_recall": 0.85,
            },
        ),
        (
            "002",
            {
                "recall": 0.93,
                "precision": 0.95,
                "type_accuracy": 0.90,
                "date_accuracy": 0.95,
                "actor_f1": 0.88,
                "headline_recall": 0.95,
            },
        ),
        (
            "003",
            {
                "recall": 0.87,
                "precision": 0.97,
                "type_accuracy": 0.78,
                "date_accuracy": 0.87,
                "actor_f1": 0.70,
            },
        ),
        (
            "004",
            {
                "recall": 0.82,
                "precision": 0.90,
                "type_accuracy": 0.72,
                "date_accuracy": 0.82,
                "actor_f1": 0.56,
            },
        ),
        (
            "other_wars",
            {
                "recall": 0.95,
                "precision": 0.95,
                "date_accuracy": 0.95,
                "type_accuracy": 0.95,
                "actor_f1": 0.95,
            },
        ),
    ],
)
def test_scores_on_gold(
    corpus: dict[str, tuple[Document, list[Event]]], gold: str, floors: dict[str, float]
) -> None:
    events = merge_events([e for _, evs in corpus.values() for e in evs])
    texts = {name: doc.text for name, (doc, _) in corpus.items()}
    scores = evaluate(
        [event_to_json(e) for e in events], load_gold([GOLD / f"{gold}.events.jsonl"]), texts
    )
    for field, floor in floors.items():
        assert getattr(scores, field) >= floor, scores.report()


@pytest.mark.slow
def test_scores_on_held_out_texts(pipe: Pipeline) -> None:
    """Texts about other conflicts, annotated before the system ran on them (README there).

    The floors sit a little under the first runs: they guard against regressions, they
    are not targets to tune to. The gold names a state's forces as the text writes them
    ("Azerbaijani forces"); the scorer accepts the names the text gave an actor.
    """
    heldout = ROOT / "fixtures" / "heldout"
    docs = [ingest_file(p)[0][0] for p in sorted((heldout / "texts").glob("*.txt"))]
    analyses = [pipe.analysis(d) for d in docs]
    events = merge_events([e for a in analyses for e in a.events])
    texts = {doc.name: doc.text for doc in docs}
    aliases: dict[str, list[str]] = {}
    for a in analyses:
        for m in a.result.mentions:
            if m.kind == "actor" and m.entity_id:
                aliases.setdefault(m.entity_id, []).append(m.text)
    gold = load_gold(sorted(heldout.glob("*.events.jsonl")))
    scores = evaluate([event_to_json(e) for e in events], gold, texts, aliases=aliases)
    floors = {"recall": 0.85, "precision": 0.9, "type_accuracy": 0.85, "date_accuracy": 0.85}
    for field, floor in {**floors, "actor_f1": 0.6}.items():
        assert getattr(scores, field) >= floor, scores.report()
