"""Score events against hand-annotated gold files (``*.events.jsonl``).

A gold line: ``{"doc", "evidence", "type", "date_start", "actors", "targets", "location",
"fatalities", "headline"?}`` where ``evidence`` is exact text of the document. Reported
like UCDP's automated-coding evaluations: event recall and precision by span overlap of
the gold evidence with the event's sources, then, on matched events, per-field accuracy
(type; date at the gold's precision; location; fatalities) and actor F1; plus the share
of all gold events with type, date and place right, and headline-event recall with the
right date. Precision only counts produced events inside the annotated stretch of each
document (first to last gold evidence), so partial annotations stay fair.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from conflict_atlas.errors import AtlasError

HEADLINE_TYPES = frozenset({"coup", "invasion", "agreement"})

Record = dict[str, Any]


class GoldError(AtlasError):
    """A gold annotation file is malformed or does not match its document."""


@dataclass(frozen=True, slots=True)
class Scores:
    gold: int
    produced: int
    recall: float
    precision: float
    type_accuracy: float
    date_accuracy: float
    actor_f1: float
    target_f1: float
    location_accuracy: float
    fatalities_accuracy: float
    type_date_place: float
    headline_recall: float

    def report(self) -> str:
        """A plain-text table, one figure per line."""
        return "\n".join(
            f"{k:<20} {v:.3f}" if isinstance(v, float) else f"{k:<20} {v}"
            for k, v in asdict(self).items()
        )


def load_gold(paths: Iterable[str | Path]) -> list[Record]:
    """Gold events from files or directories of ``*.events.jsonl``."""
    records: list[Record] = []
    for path in map(Path, paths):
        files = sorted(path.glob("*.events.jsonl")) if path.is_dir() else [path]
        for file in files:
            for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise GoldError(f"{file}:{n}: {exc}") from exc
    return records


def _span(gold: Record, texts: Mapping[str, str]) -> tuple[int, int]:
    text = texts.get(gold["doc"])
    if text is None:
        raise GoldError(f"gold names unknown document {gold['doc']!r}")
    at = text.find(gold["evidence"])
    if at < 0:
        raise GoldError(f"evidence not found in {gold['doc']}: {gold['evidence'][:60]!r}")
    return at, at + len(gold["evidence"])


def _overlaps(event: Record, doc: str, span: tuple[int, int]) -> bool:
    return any(
        s["doc"] == doc and s["start"] < span[1] and span[0] < s["end"] for s in event["sources"]
    )


def _norm(name: str) -> str:
    name = name.lower().strip()
    return name[4:] if name.startswith("the ") else name


def same_name(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return a == b or (min(len(a), len(b)) > 3 and (a in b or b in a)) or fuzz.ratio(a, b) >= 88


def _names(items: Sequence[Any]) -> list[str]:
    return [i["name"] if isinstance(i, dict) else str(i) for i in items or ()]


def _prf(gold: list[str], pred: list[str]) -> tuple[int, int, int]:
    hit = sum(1 for g in gold if any(same_name(g, p) for p in pred))
    return hit, len(pred), len(gold)


def date_right(gold: Record, event: Record) -> bool:
    want, got = gold.get("date_start"), event.get("date_start")
    if not want:
        return not got
    return isinstance(got, str) and len(got) >= len(want) and got.startswith(want)


def place_right(gold: Record, event: Record) -> bool:
    want, loc = gold.get("location"), event.get("location")
    if not want:
        return loc is None or loc.get("precision") == "country"
    if loc is None:
        return False
    return (
        any(same_name(want, v) for v in (loc.get("name"), loc.get("admin1")) if v)
        if loc.get("precision") != "country"
        else same_name(want, loc.get("name") or "")
    )


def fatalities_right(gold: Record, event: Record) -> bool:
    want, got = gold.get("fatalities"), event.get("fatalities")
    best = want.get("best") if isinstance(want, dict) else want
    return (got or {}).get("best") == best if best is not None else got is None


def _score(gold: Record, event: Record) -> tuple[int, ...]:
    return (gold["type"] == event["type"], date_right(gold, event), place_right(gold, event))


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _extents(
    gold: Sequence[Record], spans: Sequence[tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for g, (s, e) in zip(gold, spans, strict=True):
        lo, hi = out.get(g["doc"], (s, e))
        out[g["doc"]] = (min(lo, s), max(hi, e))
    return out


def evaluate(events: Sequence[Record], gold: Sequence[Record], texts: Mapping[str, str]) -> Scores:
    """Score ``events`` (contract dicts) against ``gold``; ``texts`` maps doc name to text."""
    spans = [_span(g, texts) for g in gold]
    extents = _extents(gold, spans)
    produced = [e for e in events if any(_overlaps(e, d, x) for d, x in extents.items())]
    landed = sum(
        1
        for e in produced
        if any(_overlaps(e, g["doc"], s) for g, s in zip(gold, spans, strict=True))
    )
    matches: list[tuple[Record, Record]] = []
    for g, span in zip(gold, spans, strict=True):
        cands = [e for e in produced if _overlaps(e, g["doc"], span)]
        if cands:
            matches.append((g, max(cands, key=lambda e, g=g: _score(g, e))))  # type: ignore[misc]
    return _summarise(gold, produced, landed, matches)


def _f1(pairs: Sequence[tuple[Record, Record]], field: str) -> float:
    hit = pred = want = 0
    for g, e in pairs:
        h, p, w = _prf(_names(g.get(field) or []), _names(e.get(field) or []))
        hit, pred, want = hit + h, pred + p, want + w
    precision, recall = _ratio(hit, pred), _ratio(hit, want)
    return _ratio(2 * precision * recall, precision + recall)


def _summarise(
    gold: Sequence[Record],
    produced: Sequence[Record],
    landed: int,
    matches: Sequence[tuple[Record, Record]],
) -> Scores:
    n = len(matches)
    headline = [g for g in gold if g.get("headline", g["type"] in HEADLINE_TYPES)]
    headline_hits = sum(1 for g, e in matches if g in headline and date_right(g, e))
    return Scores(
        gold=len(gold),
        produced=len(produced),
        recall=_ratio(n, len(gold)),
        precision=_ratio(landed, len(produced)),
        type_accuracy=_ratio(sum(g["type"] == e["type"] for g, e in matches), n),
        date_accuracy=_ratio(sum(date_right(g, e) for g, e in matches), n),
        actor_f1=_f1(matches, "actors"),
        target_f1=_f1(matches, "targets"),
        location_accuracy=_ratio(sum(place_right(g, e) for g, e in matches), n),
        fatalities_accuracy=_ratio(sum(fatalities_right(g, e) for g, e in matches), n),
        type_date_place=_ratio(sum(all(_score(g, e)) for g, e in matches), len(gold)),
        headline_recall=_ratio(headline_hits, len(headline)),
    )
