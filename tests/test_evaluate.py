"""Tests of the gold-file scorer: scope lines, their errors, and the bundled gold files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conflict_atlas.events.evaluate import (
    GoldError,
    evaluate,
    is_scope,
    load_gold,
    place_right,
    scope_span,
)

ROOT = Path(__file__).parent
GOLD = ROOT / "fixtures" / "gold"
CORPUS = ROOT.parent / "src" / "conflict_atlas" / "data" / "corpus"
ONTOLOGY = CORPUS.parent / "events" / "ontology.yaml"
DATE = r"\d{4}(-\d\d(-\d\d)?)?"

TEXT = (
    "Intro: the army marched. "
    "On 1 May the rebels attacked Herat. "
    "On 2 May the rebels captured Kunduz. "
    "Analysts wrote a report. "
    "On 3 May the rebels captured Ghazni. "
    "Outro: the rebels attacked Herat."
)
DOC = "d.txt"
TEXTS = {DOC: TEXT}


def _event(
    sentence: str, type_: str = "capture", doc: str = DOC, text: str = TEXT
) -> dict[str, Any]:
    start = text.index(sentence)
    return {
        "type": type_,
        "date_start": None,
        "actors": [],
        "targets": [],
        "location": None,
        "fatalities": None,
        "sources": [{"doc": doc, "start": start, "end": start + len(sentence), "text": sentence}],
    }


def _gold(evidence: str, type_: str = "capture", doc: str = DOC) -> dict[str, Any]:
    return {
        "doc": doc,
        "evidence": evidence,
        "type": type_,
        "date_start": None,
        "actors": [],
        "targets": [],
        "location": None,
        "fatalities": None,
        "headline": False,
    }


def _scope(start: str, end: str, doc: str = DOC) -> dict[str, Any]:
    return {"doc": doc, "scope": {"from": start, "to": end}}


def _write(tmp_path: Path, lines: list[dict[str, Any]], name: str = "x.events.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


SENTENCES = [
    "Intro: the army marched.",
    "On 1 May the rebels attacked Herat.",
    "On 2 May the rebels captured Kunduz.",
    "Analysts wrote a report.",
    "On 3 May the rebels captured Ghazni.",
    "Outro: the rebels attacked Herat.",
]
EVENTS = [_event(s) for s in SENTENCES]


def test_without_scope_precision_counts_first_to_last_evidence() -> None:
    gold = [_gold("captured Kunduz"), _gold("captured Ghazni")]
    scores = evaluate(EVENTS, gold, TEXTS)
    # Kunduz, the report, Ghazni lie between the first and last evidence.
    assert scores.produced == 3
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == 1.0


def test_scope_widens_the_stretch_precision_counts() -> None:
    gold = [
        _scope("On 1 May", "Outro: the rebels attacked Herat."),
        _gold("captured Kunduz"),
        _gold("captured Ghazni"),
    ]
    scores = evaluate(EVENTS, gold, TEXTS)
    assert scores.gold == 2  # scope lines are not gold events
    assert scores.produced == 5  # everything but the intro
    assert scores.precision == pytest.approx(2 / 5)
    assert scores.recall == 1.0


def test_scope_can_narrow_the_stretch() -> None:
    gold = [
        _scope("On 2 May", "captured Kunduz."),
        _gold("rebels attacked Herat", "attack"),
        _gold("captured Kunduz"),
    ]
    scores = evaluate(EVENTS, gold, TEXTS)
    assert scores.produced == 1
    assert scores.precision == 1.0
    # Recall still counts every gold event, in or out of a scope.
    assert scores.gold == 2 and scores.recall == 1.0


def test_several_scopes_in_one_document() -> None:
    gold = [
        _scope("On 1 May", "attacked Herat."),
        _scope("On 3 May", "captured Ghazni."),
        _gold("rebels attacked Herat", "attack"),
        _gold("captured Ghazni"),
    ]
    scores = evaluate(EVENTS, gold, TEXTS)
    assert scores.produced == 2 and scores.precision == 1.0


def test_scopes_apply_per_document() -> None:
    other = "Alpha happened. The rebels captured Herat. Omega happened."
    texts = {DOC: TEXT, "o.txt": other}
    events = [
        *EVENTS,
        *(_event(s, doc="o.txt", text=other) for s in other.split(". ")),
    ]
    gold = [
        _scope("On 2 May", "captured Kunduz."),
        _gold("captured Kunduz"),
        _gold("captured Herat", doc="o.txt"),  # no scope: its own first-to-last extent
    ]
    scores = evaluate(events, gold, texts)
    assert scores.produced == 2 and scores.precision == 1.0


def test_scope_without_gold_events_counts_everything_produced_there() -> None:
    gold = [_scope("Analysts", "a report.")]
    scores = evaluate(EVENTS, gold, TEXTS)
    assert scores.gold == 0 and scores.produced == 1 and scores.precision == 0.0


def test_evidence_prefers_the_occurrence_inside_a_scope() -> None:
    # "rebels attacked Herat" occurs twice; the scope covers only the second one.
    gold = [_scope("Outro", "attacked Herat."), _gold("rebels attacked Herat", "attack")]
    events = [_event("Outro: the rebels attacked Herat.", "attack")]
    scores = evaluate(events, gold, TEXTS)
    assert scores.recall == 1.0 and scores.precision == 1.0
    # Without the scope the first occurrence is meant, which no event covers.
    assert evaluate(events, gold[1:], TEXTS).recall == 0.0


def test_scope_span_covers_from_start_to_end_of_to() -> None:
    start, end = scope_span(_scope("On 2 May", "Ghazni."), TEXTS)
    assert TEXT[start:end].startswith("On 2 May") and TEXT[start:end].endswith("Ghazni.")


def test_load_gold_keeps_scopes_and_sources(tmp_path: Path) -> None:
    path = _write(tmp_path, [_scope("On 1 May", "Ghazni."), _gold("captured Kunduz")])
    records = load_gold([tmp_path], TEXTS)
    assert [is_scope(r) for r in records] == [True, False]
    assert records[1]["_source"] == f"{path}:2"
    # Records loaded from files score like hand-built ones.
    assert evaluate(EVENTS, records, TEXTS).produced == 4


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ({"from": "On 9 May", "to": "Ghazni."}, '"from" not found'),
        ({"from": "On 1 May", "to": "Kabul."}, '"to" not found'),
        ({"from": "On 3 May", "to": "captured Kunduz"}, '"to" is before "from"'),
        ({"from": "rebels", "to": "Ghazni."}, "more than once"),
        ({"from": "On 1 May"}, 'needs non-empty "from" and "to"'),
        ({"from": "", "to": "Ghazni."}, 'needs non-empty "from" and "to"'),
        ("On 1 May", 'needs non-empty "from" and "to"'),
    ],
)
def test_bad_scope_lines_name_file_and_line(tmp_path: Path, scope: Any, message: str) -> None:
    path = _write(tmp_path, [_gold("captured Kunduz"), {"doc": DOC, "scope": scope}])
    with pytest.raises(GoldError, match=message) as err:
        load_gold([path], TEXTS)
    assert f"{path}:2" in str(err.value)
    if "non-empty" not in message:
        # Without texts the line loads; scoring then reports the same error.
        records = load_gold([path])
        with pytest.raises(GoldError, match=message) as err:
            evaluate(EVENTS, records, TEXTS)
        assert f"{path}:2" in str(err.value)


def test_bad_event_lines_name_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [_gold("captured Kabul")])
    with pytest.raises(GoldError, match=r"x\.events\.jsonl:1: evidence not found"):
        load_gold([path], TEXTS)
    path.write_text('{"doc": "d.txt", "evidence": "captured Kunduz"}\n', encoding="utf-8")
    with pytest.raises(GoldError, match=r":1: .*\"type\""):
        load_gold([path])
    path.write_text('{"doc": "d.txt", "scope": {"from": "On 1 May", "to": "x"}\n', encoding="utf-8")
    with pytest.raises(GoldError, match=r":1: "):
        load_gold([path])
    with pytest.raises(GoldError, match="unknown document"):
        evaluate(EVENTS, [_scope("a", "b", doc="nope.txt")], TEXTS)


def test_hand_built_gold_without_source_still_explains_errors() -> None:
    with pytest.raises(GoldError, match=r"gold record 2 of 'd\.txt': evidence not found"):
        evaluate(EVENTS, [_gold("captured Kunduz"), _gold("captured Kabul")], TEXTS)
    with pytest.raises(GoldError, match=r"gold record 1 of 'd\.txt': .*\"from\" and \"to\""):
        evaluate(EVENTS, [{"doc": DOC, "scope": {"from": "On 1 May"}}], TEXTS)


def _bundled_texts() -> dict[str, str]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}
    texts["other_wars.txt"] = (GOLD / "texts" / "other_wars.txt").read_text(encoding="utf-8")
    return texts


def test_bundled_gold_files_resolve_and_scopes_hold_their_events() -> None:
    texts = _bundled_texts()
    types = set(yaml.safe_load(ONTOLOGY.read_text(encoding="utf-8"))["types"])
    records = load_gold([GOLD], texts)  # every evidence and scope is found
    scopes: dict[str, list[tuple[int, int]]] = {}
    for r in records:
        if is_scope(r):
            scopes.setdefault(r["doc"], []).append(scope_span(r, texts))
    assert {d[:3] for d in scopes} == {"000", "001", "002", "003", "004"}
    outside = []
    for r in records:
        if is_scope(r) or r["doc"] not in scopes:
            continue
        text, evidence = texts[r["doc"]], r["evidence"]
        hits = [(a, b) for a, b in scopes[r["doc"]] if evidence in text[a:b]]
        if not hits:
            outside.append(r["_source"])
        assert isinstance(r["headline"], bool), r["_source"]
        assert r["type"] in types, r["_source"]
        assert r["date_start"] is None or re.fullmatch(DATE, r["date_start"]), r["_source"]
    # Only two older 002 lines (11 and 12 August) lie outside the declared scopes.
    assert len(outside) == 2 and all("002.events.jsonl" in s for s in outside)
    events = [r for r in records if not is_scope(r)]
    assert 300 <= len(events) <= 450


def test_place_right_accepts_a_gazetteer_spelling_at_the_same_point() -> None:
    # the gold spells the town as the text does, the event carries the gazetteer's name
    town = {"name": "Shibirghan", "admin1": "Jowzjan", "precision": "city"}
    gold = {"location": "Sheberghan"}
    here = {**town, "lat": 36.6658, "lon": 65.7520}
    assert place_right(gold, {"location": here})
    # the same spelling far from that point is another place
    assert not place_right(gold, {"location": {**town, "lat": 34.5, "lon": 69.2}})
    assert not place_right(gold, {"location": {**town, "lat": None, "lon": None}})
    # a country-level setting never matches a town
    country = {"name": "Afghanistan", "precision": "country", "lat": 36.6658, "lon": 65.752}
    assert not place_right(gold, {"location": country})
