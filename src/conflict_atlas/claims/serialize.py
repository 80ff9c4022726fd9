"""Claims and claim groups as the JSON Lines records of ``conflict-atlas claims``.

``group_to_json`` gives one object a line for ``--contradictions --format jsonl``::

    {"subject", "property", "strength",
     "claims": [{"value", "low", "high", "unit",
                 "sources": [{"doc", "start", "end", "text"}]}]}

Claims of a group that state the same value are folded into one entry whose ``sources``
list every span saying it (corroboration). For a date, ``low``/``high`` are the first and
last ISO date it allows and ``unit`` is ``"date"``.
"""

from __future__ import annotations

from typing import Any

from conflict_atlas.models import Claim, ClaimGroup, EventSource


def _source(source: EventSource) -> dict[str, Any]:
    return {"doc": source.doc, "start": source.start, "end": source.end, "text": source.text}


def _number(value: float | None) -> float | int | None:
    """Whole numbers as integers, so JSON shows 3000 rather than 3000.0."""
    if value is not None and float(value).is_integer():
        return int(value)
    return value


def claim_to_json(claim: Claim) -> dict[str, Any]:
    """The contract entry of one claim: value, low, high, unit and its source."""
    dated = claim.unit == "date"
    return {
        "value": claim.value,
        "low": claim.date_start if dated else _number(claim.low),
        "high": claim.date_end if dated else _number(claim.high),
        "unit": claim.unit,
        "sources": [_source(claim.source)],
    }


def group_to_json(group: ClaimGroup) -> dict[str, Any]:
    """The contract record of a group; claims with the same value share one entry."""
    entries: dict[tuple[str, str | None], dict[str, Any]] = {}
    for claim in group.claims:
        key = (claim.value, claim.unit)
        entry = entries.get(key)
        if entry is None:
            entries[key] = claim_to_json(claim)
        elif _source(claim.source) not in entry["sources"]:
            entry["sources"].append(_source(claim.source))
    return {
        "subject": group.subject,
        "property": group.property,
        "strength": group.strength,
        "claims": list(entries.values()),
    }
