"""Score place mentions against hand-annotated place lists (``*.places.jsonl``).

Each line of a gold file names one place as a document spells it:
``{"doc", "name", "kind", "country", "admin1"?, "lat"?, "lon"?}``. ``doc`` is the input
file's name (a JSON Lines file stands for all its records); ``kind`` is country, admin1,
admin2, city, town, village, district, feature, facility or region, or ``not_a_place``
for a word a tagger might take for a place but that is not one here (a person, a ship,
an operation).

Reported, over the gold places:

- ``found``: the share the knowledge base has a place mention of (by its exact text);
- ``resolved``: of those, the share resolved to a gazetteer place;
- ``correct``: of the resolved ones, the share at the right place: within 25 km of the
  gold point for a settlement, district or site, within 150 km for a region or a
  feature, in the right country for a country (or when the gold gives no point);
- ``false_places``: the share of ``not_a_place`` names that were taken for places.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from conflict_atlas.events.evaluate import GoldError, report_lines, same_name
from conflict_atlas.resolve.gazetteer import exact_key

Record = dict[str, Any]
_NEAR_KM = {"region": 150.0, "admin1": 150.0, "admin2": 60.0, "feature": 150.0}
_DEFAULT_KM = 25.0


@dataclass(frozen=True, slots=True)
class PlaceScores:
    places: int
    found: float
    resolved: float
    correct: float
    not_places: int
    false_places: float

    def report(self) -> str:
        """A plain-text table, one figure per line (names prefixed ``places_``)."""
        return report_lines(asdict(self), "places_")


def load_place_gold(paths: Iterable[str | Path]) -> list[Record]:
    """Gold places from files or directories of ``*.places.jsonl``."""
    out: list[Record] = []
    for path in map(Path, paths):
        files = sorted(path.glob("*.places.jsonl")) if path.is_dir() else [path]
        for file in files:
            for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{file}:{n}: {exc}") from exc
                if not isinstance(record, dict) or not isinstance(record.get("name"), str):
                    raise GoldError(f'{file}:{n}: a gold place needs a "doc" and a "name"')
                out.append(record)
    return out


def score_places(mentions: Sequence[Mapping[str, Any]], gold: Sequence[Record]) -> PlaceScores:
    """Score place ``mentions`` (rows of ``Atlas.place_mentions()``) against ``gold``."""
    by_doc: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for m in mentions:
        file = str(m["doc"]).split("#", 1)[0]
        by_doc.setdefault(file, {}).setdefault(exact_key(str(m["text"])), []).append(m)
    places = [g for g in gold if g.get("kind") != "not_a_place"]
    others = [g for g in gold if g.get("kind") == "not_a_place"]
    found = [(g, hits) for g in places if (hits := _hits(by_doc, g))]
    resolved = [(g, [h for h in hits if h.get("lat") is not None]) for g, hits in found]
    resolved = [(g, hits) for g, hits in resolved if hits]
    correct = sum(1 for g, hits in resolved if _right(g, hits[0]))
    taken = sum(1 for g in others if _hits(by_doc, g))
    return PlaceScores(
        places=len(places),
        found=_ratio(len(found), len(places)),
        resolved=_ratio(len(resolved), len(found)),
        correct=_ratio(correct, len(resolved)),
        not_places=len(others),
        false_places=_ratio(taken, len(others)),
    )


def _hits(
    by_doc: Mapping[str, Mapping[str, list[Mapping[str, Any]]]], gold: Record
) -> list[Mapping[str, Any]]:
    file = str(gold.get("doc", "")).split("#", 1)[0]
    return list(by_doc.get(file, {}).get(exact_key(gold["name"]), []))


def _right(gold: Record, hit: Mapping[str, Any]) -> bool:
    kind = str(gold.get("kind") or "")
    if kind == "country" or gold.get("lat") is None or gold.get("lon") is None:
        return same_name(str(gold.get("country") or ""), str(hit.get("country") or ""))
    km = _km(float(gold["lat"]), float(gold["lon"]), float(hit["lat"]), float(hit["lon"]))
    return km <= _NEAR_KM.get(kind, _DEFAULT_KM)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0
