"""Score events against hand-annotated gold files (``*.events.jsonl``).

Each line of a gold file is one JSON object, either a gold event or a scope.

A gold event: ``{"doc", "evidence", "type", "date_start", "actors", "targets",
"location", "fatalities", "headline"?}`` where ``evidence`` is exact text of the document
``doc`` (the input file's name). When the evidence text occurs more than once, the first
occurrence inside a declared scope of the document is meant, else the first occurrence.

A scope: ``{"doc": D, "scope": {"from": "<exact text>", "to": "<exact text>"}}`` declares
that every event reported in document ``D`` between the start of ``from`` (which must
occur once in the document) and the end of the first ``to`` at or after it is
annotated. A document may have several scopes.

Reported like UCDP's automated-coding evaluations: event recall and precision by span
overlap of the gold evidence with the event's sources, then, on matched events,
per-field accuracy (type; date at the gold's precision; location, where a gold place
written differently from the gazetteer's name counts when the gazetteer knows that
spelling at the event's coordinates; fatalities) and actor F1; plus the share of all
gold events with type, date and place right, and headline-event recall with the right
date. Recall counts every gold event. Precision only counts produced events whose
sources overlap an annotated stretch: the declared scopes of a document, or, for a
document without scope lines, the stretch from its first to its last gold evidence (so
partial annotations stay fair).

A malformed line, an evidence or scope text not found in its document, or a scope whose
``to`` only occurs before its ``from`` raises :class:`GoldError` naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from conflict_atlas.errors import AtlasError
from conflict_atlas.resolve.gazetteer import Gazetteer

HEADLINE_TYPES = frozenset({"coup", "invasion", "agreement"})
_SAME_PLACE_DEGREES = 0.1

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
        return report_lines(asdict(self))


def report_lines(figures: Mapping[str, object], prefix: str = "") -> str:
    """Figures as plain text, one ``name value`` line each (ratios to three places)."""
    return "\n".join(
        f"{prefix + k:<20} {v:.3f}" if isinstance(v, float) else f"{prefix + k:<20} {v}"
        for k, v in figures.items()
    )


def load_gold(paths: Iterable[str | Path], texts: Mapping[str, str] | None = None) -> list[Record]:
    """Gold events and scopes from files or directories of ``*.events.jsonl``.

    Each record keeps where it came from (``"_source": "file:line"``) for error messages.
    With ``texts`` (doc name -> text) every evidence and scope is also checked against
    its document now rather than when scoring.
    """
    records: list[Record] = []
    for path in map(Path, paths):
        files = sorted(path.glob("*.events.jsonl")) if path.is_dir() else [path]
        for file in files:
            for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise GoldError(f"{file}:{n}: {exc}") from exc
                    records.append(_checked(record, f"{file}:{n}"))
    if texts is not None:
        _resolve(records, texts)
    return records


def _checked(record: Any, source: str) -> Record:
    if not isinstance(record, dict) or not isinstance(record.get("doc"), str):
        raise GoldError(f'{source}: a gold line must be an object with a "doc" name')
    if "scope" in record:
        scope = record["scope"]
        if not (
            isinstance(scope, dict)
            and all(isinstance(scope.get(k), str) and scope[k] for k in ("from", "to"))
        ):
            raise GoldError(f'{source}: "scope" needs non-empty "from" and "to" texts')
    elif not (isinstance(record.get("evidence"), str) and record["evidence"]):
        raise GoldError(f'{source}: a gold event needs a non-empty "evidence" text')
    elif not isinstance(record.get("type"), str):
        raise GoldError(f'{source}: a gold event needs a "type"')
    return {**record, "_source": source}


def is_scope(record: Record) -> bool:
    """Whether a gold record is a scope line rather than a gold event."""
    return "scope" in record


def _where(record: Record) -> str:
    return str(record["_source"])


def _text(record: Record, texts: Mapping[str, str]) -> str:
    text = texts.get(record["doc"])
    if text is None:
        raise GoldError(f"{_where(record)}: unknown document {record['doc']!r}")
    return text


def scope_span(record: Record, texts: Mapping[str, str]) -> tuple[int, int]:
    """Character span ``(start, end)`` of a scope line in its document."""
    text, scope = _text(record, texts), record["scope"]
    start, end_text = text.find(scope["from"]), scope["to"]
    if start < 0:
        raise GoldError(f'{_where(record)}: scope "from" not found: {scope["from"][:60]!r}')
    if text.find(scope["from"], start + 1) >= 0:
        raise GoldError(
            f'{_where(record)}: scope "from" occurs more than once, quote more text: '
            f"{scope['from'][:60]!r}"
        )
    at = text.find(end_text, start)
    if at < 0:
        reason = 'is before "from"' if end_text in text else "not found"
        raise GoldError(f'{_where(record)}: scope "to" {reason}: {end_text[:60]!r}')
    return start, at + len(end_text)


def _span(
    gold: Record, texts: Mapping[str, str], scopes: Sequence[tuple[int, int]] = ()
) -> tuple[int, int]:
    text, evidence = _text(gold, texts), gold["evidence"]
    first = at = text.find(evidence)
    if at < 0:
        raise GoldError(f"{_where(gold)}: evidence not found in {gold['doc']}: {evidence[:60]!r}")
    while at >= 0 and not any(s <= at and at + len(evidence) <= e for s, e in scopes):
        at = text.find(evidence, at + 1)
    start = at if at >= 0 else first
    return start, start + len(evidence)


def _resolve(
    records: Sequence[Record], texts: Mapping[str, str]
) -> tuple[list[Record], list[tuple[int, int]], dict[str, list[tuple[int, int]]]]:
    """Gold events, their evidence spans, and the declared scopes of each document."""
    records = [
        r if "_source" in r else _checked(r, f"gold record {i} of {r.get('doc')!r}")
        for i, r in enumerate(records, 1)
    ]
    scopes: dict[str, list[tuple[int, int]]] = {}
    for r in records:
        if is_scope(r):
            scopes.setdefault(r["doc"], []).append(scope_span(r, texts))
    gold = [r for r in records if not is_scope(r)]
    spans = [_span(g, texts, scopes.get(g["doc"], ())) for g in gold]
    return gold, spans, scopes


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


def _known_as(items: Sequence[Any], aliases: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Each produced argument's names: its name and the names the texts gave it."""
    out = []
    for item in items or ():
        if isinstance(item, dict):
            out.append([item["name"], *aliases.get(item.get("id") or "", ())])
        else:
            out.append([str(item)])
    return out


def _prf(gold: list[str], pred: list[list[str]]) -> tuple[int, int, int]:
    hit = sum(1 for g in gold if any(same_name(g, n) for names in pred for n in names))
    return hit, len(pred), len(gold)


def date_right(gold: Record, event: Record) -> bool:
    want, got = gold.get("date_start"), event.get("date_start")
    if not want:
        return not got
    return isinstance(got, str) and len(got) >= len(want) and got.startswith(want)


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer()


def same_place(name: str, location: Record) -> bool:
    """Whether the gazetteer knows ``name`` as the place at ``location``'s coordinates.

    The gold writes a place as the text spells it ("Sheberghan"), the event carries the
    gazetteer's name ("Shibirghan"): the two agree when a gazetteer entry found under the
    gold spelling lies within about 10 km of the event's point. Every place of the world
    gazetteer counts ("Ruhengeri" is GeoNames' Musanze), not only those loaded for a build.
    """
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None:
        return False
    gazetteer = _gazetteer()
    return any(
        abs(e.lat - lat) <= _SAME_PLACE_DEGREES and abs(e.lon - lon) <= _SAME_PLACE_DEGREES
        for e in [*gazetteer.lookup(name), *gazetteer.lookup_world(name)]
    )


def place_right(gold: Record, event: Record) -> bool:
    """The event's place is the gold's: by name, admin1 region or gazetteer identity.

    A gold without a place accepts no place or the country-level setting.
    """
    want, loc = gold.get("location"), event.get("location")
    if not want:
        return loc is None or loc.get("precision") == "country"
    if loc is None:
        return False
    if loc.get("precision") == "country":
        return same_name(want, loc.get("name") or "")
    names = (loc.get("name"), loc.get("admin1"))
    return any(same_name(want, v) for v in names if v) or same_place(want, loc)


def fatalities_right(gold: Record, event: Record) -> bool:
    want, got = gold.get("fatalities"), event.get("fatalities")
    best = want.get("best") if isinstance(want, dict) else want
    return (got or {}).get("best") == best if best is not None else got is None


def _score(gold: Record, event: Record) -> tuple[int, ...]:
    return (gold["type"] == event["type"], date_right(gold, event), place_right(gold, event))


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def annotated_stretches(
    gold: Sequence[Record],
    spans: Sequence[tuple[int, int]],
    scopes: Mapping[str, Sequence[tuple[int, int]]],
) -> dict[str, list[tuple[int, int]]]:
    """The stretches of each document where every event is annotated.

    The declared scopes of a document, or, when it has none, the stretch from its first
    to its last gold evidence.
    """
    out: dict[str, list[tuple[int, int]]] = {d: list(x) for d, x in scopes.items() if x}
    extents: dict[str, tuple[int, int]] = {}
    for g, (s, e) in zip(gold, spans, strict=True):
        if g["doc"] not in out:
            lo, hi = extents.get(g["doc"], (s, e))
            extents[g["doc"]] = (min(lo, s), max(hi, e))
    return out | {d: [x] for d, x in extents.items()}


def evaluate(
    events: Sequence[Record],
    gold: Sequence[Record],
    texts: Mapping[str, str],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
) -> Scores:
    """Score ``events`` (contract dicts) against ``gold``; ``texts`` maps doc name to text.

    ``gold`` is what :func:`load_gold` returns: gold events and, optionally, scope lines.
    Recall and the per-field figures use every event; precision only those inside the
    annotated stretches. ``aliases`` (actor id -> other names) lets a gold name match an
    actor by a name the text gave it ("Azerbaijani forces" for the actor "Azerbaijan
    Armed Forces"): an actor is the same whichever of its names the annotator wrote.
    """
    events_gold, spans, scopes = _resolve(gold, texts)
    stretches = annotated_stretches(events_gold, spans, scopes)
    produced = [
        e for e in events if any(_overlaps(e, d, x) for d, xs in stretches.items() for x in xs)
    ]
    landed = sum(
        1
        for e in produced
        if any(_overlaps(e, g["doc"], s) for g, s in zip(events_gold, spans, strict=True))
    )
    matches: list[tuple[Record, Record]] = []
    for g, span in zip(events_gold, spans, strict=True):
        cands = [e for e in events if _overlaps(e, g["doc"], span)]
        if cands:
            matches.append((g, max(cands, key=lambda e, g=g: _score(g, e))))  # type: ignore[misc]
    return _summarise(events_gold, produced, landed, matches, aliases or {})


def _f1(
    pairs: Sequence[tuple[Record, Record]], field: str, aliases: Mapping[str, Sequence[str]]
) -> float:
    hit = pred = want = 0
    for g, e in pairs:
        h, p, w = _prf(_names(g.get(field) or []), _known_as(e.get(field) or [], aliases))
        hit, pred, want = hit + h, pred + p, want + w
    precision, recall = _ratio(hit, pred), _ratio(hit, want)
    return _ratio(2 * precision * recall, precision + recall)


def _summarise(
    gold: Sequence[Record],
    produced: Sequence[Record],
    landed: int,
    matches: Sequence[tuple[Record, Record]],
    aliases: Mapping[str, Sequence[str]],
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
        actor_f1=_f1(matches, "actors", aliases),
        target_f1=_f1(matches, "targets", aliases),
        location_accuracy=_ratio(sum(place_right(g, e) for g, e in matches), n),
        fatalities_accuracy=_ratio(sum(fatalities_right(g, e) for g, e in matches), n),
        type_date_place=_ratio(sum(all(_score(g, e)) for g, e in matches), len(gold)),
        headline_recall=_ratio(headline_hits, len(headline)),
    )
