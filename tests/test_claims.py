"""Tests of the claims stage: values, grouping, contradiction strength, claims of real text.

The fast tests build claims from real phrases of the corpus with the quantity parser and
check how they compare and group; one fast test runs the regex-only stages (dates,
quantities) over the five bundled articles. The slow tests run the whole analysis once
(spaCy) and check claims of real sentences and the recall on the annotated gold file.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conflict_atlas.analyze import Analyzer, Timer
from conflict_atlas.claims import (
    claim_to_json,
    evaluate,
    extract_claims,
    group_claims,
    group_to_json,
    load_gold,
    load_vocabulary,
)
from conflict_atlas.claims.numbers import APPROX, number_label
from conflict_atlas.claims.values import compare
from conflict_atlas.corpus import corpus_paths
from conflict_atlas.errors import InputError
from conflict_atlas.extract.dates import DateTagger
from conflict_atlas.extract.quantities import QuantityExtractor, parse_quantity
from conflict_atlas.models import Claim, ClaimGroup, DocumentResult, EventSource, content_id

GOLD = Path(__file__).parent / "fixtures" / "gold" / "contradictions.jsonl"


def number(
    text: str,
    *,
    subject: str = "Afghan mujahideen in Battle of Jalalabad",
    subject_id: str | None = None,
    prop: str = "casualties",
    time: str | None = None,
    doc: str = "a.txt",
    start: int = 0,
) -> Claim:
    """A numeric claim read from a real phrase by the quantity parser."""
    parsed = parse_quantity(text)
    assert parsed is not None, text
    approx = APPROX[parsed.approx]
    value = (
        text if approx == "vague" else number_label(parsed.low, parsed.best, parsed.high, approx)
    )
    source = EventSource(doc, start, start + len(text), text)
    return Claim(
        id=content_id("test", doc, start, text, subject, prop),
        subject=subject,
        subject_id=subject_id,
        property=prop,
        value=value,
        low=parsed.low,
        best=parsed.best,
        high=parsed.high,
        unit=parsed.unit,
        approx=approx,
        source=source,
        time=time,
    )


def dated(
    value: str,
    *,
    subject: str = "capture of Kabul",
    subject_id: str | None = "kabul",
    prop: str = "capture_date",
    doc: str = "a.txt",
    start: int = 0,
) -> Claim:
    """A date claim: ``value`` is an ISO date, month, year or "first/last" range."""
    first, _, last = value.partition("/")
    source = EventSource(doc, start, start + len(value), value)
    return Claim(
        id=content_id("test", doc, start, value, subject, prop),
        subject=subject,
        subject_id=subject_id,
        property=prop,
        value=value,
        low=None,
        best=None,
        high=None,
        unit="date",
        approx="range" if last else "exact",
        source=source,
        date_start=first,
        date_end=last or first,
    )


# --- how two values compare --------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("1,000 captive Afghan soldiers", "1000 captive Afghan soldiers", 0.0, 0.0),
        ("an estimated 3,000 casualties", "greater than 3,000 losses", 0.2, 0.2),
        ("about 3,000 casualties", "more than 3,000 casualties", 0.2, 0.2),
        ("40,000 men", "over 40,000 previously pro-government soldiers", 0.2, 0.2),
        ("100 people were killed", "at least 100 people", 0.0, 0.0),
        ("dozens of captured soldiers", "30 soldiers", 0.0, 0.0),
        ("more than 4,500 attacks", "more than 4,500 attacks", 0.0, 0.0),
        ("between 500,000 and 2 million Afghans", "up to 2 million Afghans", 0.0, 0.0),
        ("75 aircraft", "73 aircraft", 0.5, 0.55),
        ("tens of thousands of civilians", "124,334 people", 0.9, 1.0),
        ("1,405,111 to 2,084,468 people", "1,405,111–2,584,468 people", 0.3, 0.7),
        ("55,000–85,000 fighters", "85,000–200,000 fighters", 0.3, 0.7),
        ("300,000–354,000 troops", "150,000–200,000 combat-oriented troops", 0.5, 1.0),
    ],
)
def test_numbers_compare_within_stated_uncertainty(a: str, b: str, low: float, high: float) -> None:
    forward, backward = compare(number(a), number(b)), compare(number(b), number(a))
    assert low <= forward.strength <= high, forward
    assert forward.strength == backward.strength
    assert forward.reason


@pytest.mark.parametrize(
    ("a", "b", "strength"),
    [
        ("2021", "2021-08", 0.0),
        ("2021-08-15", "2021-08-15", 0.0),
        ("1991-03-14/1991-03-31", "1991-03", 0.0),
        ("2021-07-09", "2021-07-10", 0.6),
        ("1991-03", "1991-04-11", 0.6),
        ("1988", "1989", 0.6),
        ("1992", "1996-09-27", 0.9),
    ],
)
def test_dates_compare_at_the_coarser_precision(a: str, b: str, strength: float) -> None:
    assert compare(dated(a), dated(b)).strength == strength


# --- grouping ----------------------------------------------------------------------


def test_same_value_in_several_sources_is_corroboration() -> None:
    claims = [
        number("In total, 14,453 Soviet soldiers died", doc=d, start=s)
        for d, s in (("000.txt", 10), ("001.txt", 20), ("004.txt", 30))
    ]
    [group] = group_claims(claims)
    assert group.strength == 0.0 and len(group.claims) == 3
    [entry] = group_to_json(group)["claims"]
    assert entry["value"] == "14,453" and len(entry["sources"]) == 3


def test_different_subjects_properties_or_units_are_never_grouped() -> None:
    claims = [
        number("about 3,000 casualties", subject="Afghan mujahideen in Battle of Jalalabad"),
        number("around 1,500 casualties", subject="Afghan Armed Forces in Battle of Jalalabad"),
        number(
            "about 3,000 casualties",
            subject="Afghan mujahideen in Battle of Jalalabad",
            prop="deaths",
            start=5,
        ),
        number("$30 million in aid", subject="Pakistan", prop="funding", start=9),
        number("30 million refugees", subject="Pakistan", prop="funding", start=40),
    ]
    assert group_claims(claims) == []


def test_the_contradiction_in_the_two_revisions_is_found() -> None:
    older = number(
        "1,405,111 to 2,084,468 people",
        subject="Afghanistan conflict",
        prop="deaths",
        time="by 2014",
        doc="000.txt",
    )
    newer = number(
        "1,405,111–2,584,468",
        subject="Afghan conflict",
        prop="deaths",
        time="1978/2013",
        doc="001.txt",
    )
    [group] = group_claims([older, newer])
    assert 0.3 < group.strength < 0.7
    assert "differ" in group.reason


@pytest.mark.parametrize(
    ("times", "grouped"),
    [
        (("2021-05", "2021-05"), True),
        (("2021-05", "2021-06"), False),
        ((None, None), False),
        (("2021-05", None), False),
    ],
)
def test_a_party_alone_needs_the_same_stated_time(
    times: tuple[str | None, str | None], grouped: bool
) -> None:
    claims = [
        number(
            "405 Afghan National Security Force (ANSF) troops",
            subject="ANSF",
            subject_id="ansf",
            prop="deaths",
            time=t,
            start=i * 10,
        )
        for i, t in enumerate(times)
    ]
    assert bool(group_claims(claims)) is grouped


@pytest.mark.parametrize(
    ("times", "grouped"),
    [
        (("by 2014", "1978/2013"), True),
        ((None, "by 2021-09-01"), True),
        (("by 2021-07-12", "by 2021-08-15"), False),
        (("1989", "1992"), False),
    ],
)
def test_an_event_fixes_its_own_period(times: tuple[str | None, str | None], grouped: bool) -> None:
    claims = [
        number(
            "1,405,111 to 2,084,468 people",
            subject="Afghan conflict",
            prop="deaths",
            time=t,
            start=i * 10,
        )
        for i, t in enumerate(times)
    ]
    assert bool(group_claims(claims)) is grouped


def test_a_town_captured_again_is_a_new_event() -> None:
    kabul = [dated(v, start=i) for i, v in enumerate(["1992", "1996-09-27", "2021-08-15", "2021"])]
    groups = group_claims(kabul)
    assert [sorted(c.value for c in g.claims) for g in groups] == [["2021", "2021-08-15"]]
    assert groups[0].strength == 0.0


def test_adjacent_days_of_one_capture_contradict() -> None:
    table = dated("2021-07-09", subject="capture of Torghundi", subject_id="torghundi")
    prose = dated("2021-07-10", subject="capture of Torghundi", subject_id="torghundi", start=5)
    [group] = group_claims([table, prose])
    assert group.strength == 0.6 and group.reason == "2021-07-09 and 2021-07-10 are 1 day apart"


def test_spellings_of_one_person_meet_but_places_do_not() -> None:
    minapal = dated(
        "2021-08-06",
        subject="assassination of Dawa Khan Minapal",
        subject_id="m1",
        prop="assassination_date",
    )
    menapal = dated(
        "2021-08-05",
        subject="assassination of Dawa Khan Menapal",
        subject_id="m2",
        prop="assassination_date",
        start=5,
    )
    khost = dated("1991-03", subject="capture of Khost", subject_id="khost")
    kabul = dated("1992", subject="capture of Kabul", subject_id="kabul", start=5)
    [group] = group_claims([minapal, menapal, khost, kabul])
    assert group.property == "assassination_date" and group.strength == 0.6


def test_groups_are_ranked_and_stable() -> None:
    claims = [
        dated("1988", subject="Afghan Interim Government", subject_id="aig", prop="year_formed"),
        dated(
            "1989",
            subject="Afghan Interim Government",
            subject_id="aig",
            prop="year_formed",
            start=5,
        ),
        number("an estimated 3,000 casualties"),
        number("greater than 3,000 losses", doc="b.txt"),
        number("75 aircraft", subject="Kabul airport", prop="aircraft_destroyed"),
        number("75 aircraft", subject="Kabul airport", prop="aircraft_destroyed", doc="b.txt"),
    ]
    groups = group_claims(claims)
    assert [g.strength for g in groups] == [0.6, 0.2, 0.0]
    shuffled = list(claims)
    random.Random(7).shuffle(shuffled)
    assert [g.id for g in group_claims(shuffled)] == [g.id for g in groups]


# --- JSON Lines contract ------------------------------------------------------------


def test_group_json_has_the_contract_shape() -> None:
    group = group_claims([dated("2021-07-09"), dated("2021-07-10", start=30)])[0]
    record = group_to_json(group)
    assert list(record) == ["subject", "property", "strength", "claims"]
    assert record["claims"][0] == {
        "value": "2021-07-09",
        "low": "2021-07-09",
        "high": "2021-07-09",
        "unit": "date",
        "sources": [{"doc": "a.txt", "start": 0, "end": 10, "text": "2021-07-09"}],
    }
    entry = claim_to_json(number("1,405,111 to 2,084,468 people"))
    assert (entry["low"], entry["high"]) == (1405111, 2084468)
    assert isinstance(entry["low"], int)


# --- vocabulary and gold ------------------------------------------------------------


def test_users_can_extend_the_vocabulary(tmp_path: Path) -> None:
    bundled = Path(__file__).parents[1] / "src/conflict_atlas/data/claims/properties.yaml"
    text = bundled.read_text(encoding="utf-8").replace(
        "numeric:\n", "numeric:\n  hostages:\n    counts: [captured]\n    cues: [hostage]\n", 1
    )
    mine = tmp_path / "properties.yaml"
    mine.write_text(text, encoding="utf-8")
    assert load_vocabulary(mine).numeric[0].name == "hostages"
    broken = tmp_path / "broken.yaml"
    broken.write_text("numeric: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.yaml"):
        load_vocabulary(broken)


def test_gold_points_at_real_text() -> None:
    gold = load_gold(GOLD)
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus_paths()}
    assert 15 <= len(gold) <= 25
    for item in gold:
        assert len(item.evidence) >= 2 and item.note
        for evidence in item.evidence:
            assert evidence.text in texts[evidence.doc], evidence


def test_evaluate_counts_found_missed_and_spurious() -> None:
    gold = load_gold(GOLD)
    torghundi = next(g for g in gold if "Torghundi" in g.subject)
    table, prose = torghundi.evidence
    found = group_claims(
        [
            replace(
                dated("2021-07-09"), source=EventSource(table.doc, 0, len(table.text), table.text)
            ),
            replace(
                dated("2021-07-10"),
                source=EventSource(prose.doc, 9, 9 + len(prose.text), prose.text),
            ),
        ]
    )
    same = ClaimGroup(
        "x", "s", "deaths", 0.3, (number("5,000 prisoners"), number("5,000 prisoners"))
    )
    scores = evaluate([*found, same], gold)
    assert (scores.found, scores.reported, scores.spurious, scores.unmatched) == (1, 2, 1, 1)
    assert scores.recall == pytest.approx(1 / len(gold))
    assert len(scores.missed) == len(gold) - 1


# --- claims of the bundled articles without the parser (regex stages only) ---------


@pytest.fixture(scope="module")
def regex_claims(seed_results: dict[str, DocumentResult]) -> list[Claim]:
    tagger, reader = DateTagger(), QuantityExtractor()
    claims: list[Claim] = []
    for result in seed_results.values():
        doc, units = result.document, result.sentences
        enriched = replace(
            result,
            times=tuple(tagger(doc, units, reference_date=doc.reference_date)),
            quantities=tuple(reader(doc, units)),
        )
        claims.extend(extract_claims(enriched, events=[], actors=[]))
    return claims


def test_infobox_and_totals_are_claims_on_the_document_subject(regex_claims: list[Claim]) -> None:
    tolls = {
        (c.source.doc[:3], c.origin, c.value, c.time)
        for c in regex_claims
        if c.property == "deaths" and c.value.startswith("1,405,111")
    }
    assert tolls == {
        ("000", "text", "1,405,111–2,084,468", "by 2014"),
        ("001", "text", "1,405,111–2,084,468", "by 2014"),
        ("001", "infobox", "1,405,111–2,584,468", "1978/2013"),
    }
    starts = {(c.source.doc[:3], c.value) for c in regex_claims if c.property == "start_date"}
    assert {("001", "1978-04-27"), ("002", "2021-05-01"), ("004", "1989-02-15")} <= starts
    for claim in regex_claims:
        assert claim.source.text.strip()


def test_regex_stages_alone_find_the_death_toll_contradiction(regex_claims: list[Claim]) -> None:
    groups = [g for g in group_claims(regex_claims) if g.strength > 0]
    toll = next(g for g in groups if g.property == "deaths")
    assert sorted((c.source.doc[:3], c.value) for c in toll.claims) == [
        ("000", "1,405,111–2,084,468"),
        ("001", "1,405,111–2,084,468"),
        ("001", "1,405,111–2,584,468"),
    ]
    assert toll.strength == 0.455


# --- the whole analysis of the bundled articles (slow) ------------------------------


@pytest.fixture(scope="module")
def analysed(seed_results: dict[str, DocumentResult]) -> tuple[list[Claim], dict[str, str]]:
    analyzer = Analyzer()
    claims: list[Claim] = []
    texts: dict[str, str] = {}
    for result in seed_results.values():
        analysis = analyzer(result, Timer())
        claims.extend(
            extract_claims(analysis.result, events=analysis.events, actors=analysis.actors)
        )
        texts[result.document.name] = result.document.text
    return claims, texts


def _claim(claims: list[Claim], doc: str, snippet: str, prop: str, value: str) -> Claim:
    found = [
        c
        for c in claims
        if c.source.doc.startswith(doc)
        and snippet in c.source.text
        and (c.property, c.value) == (prop, value)
    ]
    assert len(found) == 1, (snippet, found)
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("doc", "snippet", "prop", "subject", "value", "time", "said"),
    [
        (
            "004",
            "The mujahideen suffered an estimated 3,000",
            "casualties",
            "Afghan mujahideen in Battle of Jalalabad",
            "about 3,000",
            None,
            None,
        ),
        (
            "001",
            "inflicting on them greater than 3,000 losses",
            "casualties",
            "Afghan mujahideen in Battle of Jalalabad",
            "more than 3,000",
            "1989",
            None,
        ),
        (
            "004",
            "The Afghan Army suffered around 1,500",
            "casualties",
            "Afghan Armed Forces in Battle of Jalalabad",
            "about 1,500",
            None,
            None,
        ),
        (
            "001",
            "In total, 14,453 Soviet soldiers died",
            "deaths",
            "Soviet Armed Forces in Soviet–Afghan War",
            "14,453",
            None,
            None,
        ),
        (
            "002",
            "Afghan Ministry of Defense claimed to have killed 2,146",
            "deaths",
            "Taliban",
            "2,146",
            None,
            "Afghan Ministry of Defense",
        ),
        (
            "002",
            "By 1 September 2021, the total number of evacuees",
            "evacuated",
            "2021 Taliban offensive",
            "124,334",
            "by 2021-09-01",
            None,
        ),
        (
            "001",
            "According to ISAF there were about 120,000",
            "troop_strength",
            "NATO",
            "about 120,000",
            "2012-12",
            "ISAF",
        ),
        (
            "002",
            "Taliban: , US estimate:",
            "troop_strength",
            "Taliban in 2021 Taliban offensive",
            "55,000–85,000",
            None,
            "UN report",
        ),
        (
            "002",
            "On 16 June, Taliban fighters executed 22",
            "deaths",
            "Afghan Armed Forces",
            "22",
            "2021-06-16",
            None,
        ),
        (
            "003",
            "The formation of the Afghanistan Interim Government",
            "year_formed",
            "Afghan Interim Government",
            "1988",
            None,
            None,
        ),
        (
            "004",
            "Khost fell to Jalaluddin Haqqani's troops",
            "capture_date",
            "capture of Khost",
            "1991-04-11",
            None,
            None,
        ),
        (
            "004",
            "In two weeks' time (14–31 March 1991)",
            "capture_date",
            "capture of Khost",
            "1991-03-14/1991-03-31",
            None,
            None,
        ),
        (
            "002",
            "| Torghundi | Herat | TKM | |",
            "capture_date",
            "capture of Torghundi",
            "2021-07-09",
            None,
            None,
        ),
        (
            "002",
            "On 6 August, Taliban forces claimed responsibility",
            "assassination_date",
            "assassination of Dawa Khan Menapal",
            "2021-08-05",
            None,
            "Taliban",
        ),
    ],
)
def test_claims_of_real_sentences(
    analysed: tuple[list[Claim], dict[str, str]],
    doc: str,
    snippet: str,
    prop: str,
    subject: str,
    value: str,
    time: str | None,
    said: str | None,
) -> None:
    claims, _ = analysed
    claim = _claim(claims, doc, snippet, prop, value)
    assert (claim.subject, claim.value, claim.time, claim.attributed_to) == (
        subject,
        value,
        time,
        said,
    )


def _any(claim: Claim) -> bool:
    return True


@pytest.mark.slow
@pytest.mark.parametrize(
    ("snippet", "unwanted", "why"),
    [
        ("Suhail Shaheen has 350,000 Twitter followers", _any, "nothing measured"),
        ("some scenarios envisioned the fall of Kabul", _any, "an expectation, not a capture"),
        ("made the 1,000 mile (1,600 km) journey", _any, "a distance"),
        ("The Taliban started to shell Kabul in early 1995", _any, "not a founding"),
        ("claims capturing an additional 94", lambda c: c.value == "94", "an increment"),
        ("15,000 support facilitators", lambda c: c.value == "15,000", "not troops"),
        (
            "the September 11, 2001, attacks on the United States",
            lambda c: c.property == "assassination_date",
            "the date of another event",
        ),
    ],
)
def test_what_is_not_a_claim(
    analysed: tuple[list[Claim], dict[str, str]],
    snippet: str,
    unwanted: Callable[[Claim], bool],
    why: str,
) -> None:
    claims, _ = analysed
    assert [c for c in claims if snippet in c.source.text and unwanted(c)] == [], why


@pytest.mark.slow
def test_a_party_without_time_or_event_is_compared_with_nothing(
    analysed: tuple[list[Claim], dict[str, str]],
) -> None:
    """The deal's 5,000 prisoners and Ghani's offer of 1,500 are not one figure."""
    claims, _ = analysed
    deal = _claim(claims, "001", "release 5,000 Taliban prisoners", "prisoners_released", "5,000")
    offer = _claim(claims, "001", "releasing 1,500 Taliban", "prisoners_released", "1,500")
    assert (deal.subject, deal.time) == (offer.subject, offer.time) == ("Taliban", None)
    grouped = {c.id for g in group_claims(claims) for c in g.claims}
    assert deal.id not in grouped and offer.id not in grouped


@pytest.mark.slow
def test_gold_recall_and_precision(analysed: tuple[list[Claim], dict[str, str]]) -> None:
    """Measured: recall 13/22, 12 contradictions, none spurious, none unmatched."""
    claims, texts = analysed
    groups = group_claims(claims)
    scores = evaluate(groups, load_gold(GOLD), documents=texts)
    assert scores.recall >= 0.55, scores.missed
    assert scores.reported >= 10
    assert scores.spurious_share <= 0.1
    assert scores.unmatched_share <= 0.1, scores.unmatched_groups
    for group in groups:
        for claim in group.claims:
            source = claim.source
            assert texts[source.doc][source.start : source.end] == source.text
