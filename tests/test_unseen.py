"""Our own unseen texts (tests/fixtures/unseen/README.md): eight conflicts, six layouts,
annotated before the system ever ran on them and never tuned on.

The floors sit a little under the figures of the commit that resolved issue 11: they
catch a regression on text the rules were not written from; they are not targets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import conflict_atlas
from conflict_atlas.events.evaluate import evaluate, load_gold
from conflict_atlas.events.place_scores import load_place_gold, score_places

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"


@pytest.mark.slow
def test_scores_on_our_unseen_texts(tmp_path: Path) -> None:
    db = tmp_path / "unseen.db"
    report = conflict_atlas.build([UNSEEN / "texts"], db=db)
    assert not report.problems and len(report.documents) == 27  # 20 news items + 7 texts
    with conflict_atlas.open(db) as atlas:
        events = evaluate(
            atlas.events(),
            load_gold(sorted(UNSEEN.glob("*.events.jsonl"))),
            atlas.texts(),
            aliases=atlas.actor_aliases(),
        )
        places = score_places(
            atlas.place_mentions(), load_place_gold(sorted(UNSEEN.glob("*.places.jsonl")))
        )
    floors = {
        "recall": 0.70,
        "precision": 0.95,
        "date_accuracy": 0.72,
        "actor_f1": 0.38,
        "location_accuracy": 0.53,
        "type_date_place": 0.19,
    }
    for field, floor in floors.items():
        assert getattr(events, field) >= floor, events.report()
    assert places.found >= 0.63 and places.correct >= 0.90, places.report()
    assert places.false_places <= 0.08, places.report()
