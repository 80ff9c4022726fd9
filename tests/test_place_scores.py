"""Scoring place mentions against a hand-made list of places (events/place_scores.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflict_atlas.events.evaluate import GoldError
from conflict_atlas.events.place_scores import load_place_gold, score_places

MENTIONS = [
    # a town resolved 4 km from the gold point, a town resolved to a namesake far away,
    # a word taken for a place, a name kept unresolved
    {"doc": "t.txt", "text": "Bucha", "lat": 50.55, "lon": 30.21, "country": "Ukraine"},
    {"doc": "t.txt", "text": "Irpin", "lat": 40.0, "lon": 20.0, "country": "Albania"},
    {"doc": "t.txt", "text": "Jackson", "lat": 32.3, "lon": -90.2, "country": "United States"},
    {"doc": "t.txt", "text": "Kibilira", "lat": None, "lon": None, "country": None},
    {"doc": "n.jsonl#a", "text": "Ukraine", "lat": 49.0, "lon": 31.0, "country": "Ukraine"},
]
GOLD = [
    {
        "doc": "t.txt",
        "name": "Bucha",
        "kind": "town",
        "country": "Ukraine",
        "lat": 50.54,
        "lon": 30.22,
    },
    {
        "doc": "t.txt",
        "name": "Irpin",
        "kind": "town",
        "country": "Ukraine",
        "lat": 50.52,
        "lon": 30.25,
    },
    {"doc": "t.txt", "name": "Kibilira", "kind": "village", "country": "Rwanda", "lat": None},
    {"doc": "t.txt", "name": "Hostomel", "kind": "town", "country": "Ukraine", "lat": 50.57},
    {"doc": "n.jsonl", "name": "Ukraine", "kind": "country", "country": "Ukraine"},
    {"doc": "t.txt", "name": "Jackson", "kind": "not_a_place", "country": None},
    {"doc": "t.txt", "name": "Black Hawk", "kind": "not_a_place", "country": None},
]


def test_found_resolved_right_and_false_places() -> None:
    scores = score_places(MENTIONS, GOLD)
    assert (scores.places, scores.not_places) == (5, 2)
    assert scores.found == pytest.approx(4 / 5)  # Hostomel is never mentioned
    assert scores.resolved == pytest.approx(3 / 4)  # Kibilira stays unresolved
    assert scores.correct == pytest.approx(2 / 3)  # Irpin went to a namesake
    assert scores.false_places == pytest.approx(1 / 2)  # "Jackson"


def test_a_bad_gold_line_names_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "x.places.jsonl"
    gold.write_text(json.dumps(GOLD[0]) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"x\.places\.jsonl:2"):
        load_place_gold([tmp_path])
