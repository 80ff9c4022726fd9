"""UCDP GED and ACLED codes computed from our records, following their codebooks.

Every function returns None when our record does not hold what the code needs: the
exporters then leave the cell empty rather than guess. docs/exports.md explains each
table and where our levels and theirs differ.
"""

from __future__ import annotations

import math

from conflict_atlas.export.common import Interval
from conflict_atlas.resolve.places import WHERE_PREC

# Our location precision names -> GED where_prec: ``WHERE_PREC`` of the place stage. GED's
# finest level (1) is a named settlement or site coded to its own point, which is what our
# "city" places are; GED 7 (international waters or airspace) has no counterpart in our
# gazetteer.

# Our location precision names -> ACLED geo_precision (1 town, 2 near a town or a
# small area, 3 a larger region, coded at a representative point).
GEO_PRECISION: dict[str, int] = {
    "exact": 1,
    "city": 1,
    "near": 2,
    "district": 2,
    "admin1": 3,
    "province": 3,
    "region": 3,
    "country": 3,
}

# The coarsest GED date_prec / ACLED time_precision each of our date precisions allows;
# the length of the interval can only make the code coarser, never finer.
DATE_PREC_FLOOR: dict[str, int] = {"day": 1, "month": 4, "season": 5, "year": 5, "decade": 5}
TIME_PRECISION_FLOOR: dict[str, int] = {"day": 1, "month": 3, "season": 3, "year": 3, "decade": 3}

# ACLED inter codes (numeric codebook): 1 state forces, 2 rebel groups, 3 political
# militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other
# forces. Persons have no code: ACLED codes the group a person acts for.
INTER_BY_KIND: dict[str, int] = {
    "armed_group": 2,
    "militia": 3,
    "political_party": 3,
    "civilian_group": 7,
    "international_org": 8,
}
STATE_KINDS = frozenset({"state", "state_forces"})
STATE_FORCES, PROTESTERS, RIOTERS, CIVILIANS, EXTERNAL_FORCES = 1, 6, 5, 7, 8

# ACLED event_type -> disorder_type; the two sub-event types listed apart are the
# codebook's exceptions to their event type's disorder type.
DISORDER_BY_EVENT_TYPE: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUB_EVENT_TYPE: dict[str, str] = {
    "Mob violence": "Political violence",
    "Excessive force against protesters": "Political violence; Demonstrations",
}


def where_prec(precision: str | None) -> int | None:
    """GED ``where_prec`` (1 exact … 6 country) of a location precision name."""
    return WHERE_PREC.get(precision or "")  # the place stage's mapping


def geo_precision(precision: str | None) -> int | None:
    """ACLED ``geo_precision`` (1 town … 3 larger region) of a location precision name."""
    return GEO_PRECISION.get(precision or "")


def date_prec(interval: Interval | None, precision: str | None) -> int | None:
    """GED ``date_prec``: 1 exact day, 2 within 2–6 days, 3 a week, 4 up to a month, 5 more.

    GED's 5 stops at one calendar year; a longer interval (a decade) also gets 5, and its
    ``date_start``/``date_end`` show the real span.
    """
    if interval is None:
        return None
    days = interval.days
    by_length = 1 if days == 1 else 2 if days <= 6 else 3 if days == 7 else 4 if days <= 31 else 5
    return max(by_length, DATE_PREC_FLOOR.get(precision or "", 1))


def time_precision(interval: Interval | None, precision: str | None) -> int | None:
    """ACLED ``time_precision``: 1 the day is known, 2 within a week, 3 a month or more."""
    if interval is None:
        return None
    days = interval.days
    by_length = 1 if days == 1 else 2 if days <= 7 else 3
    return max(by_length, TIME_PRECISION_FLOOR.get(precision or "", 1))


def inter_code(
    kind: str | None,
    *,
    actor_country: str | None,
    event_country: str | None,
    event_type: str,
    initiator: bool,
) -> int | None:
    """ACLED ``inter1``/``inter2`` of an actor of ``kind`` in an event of ``event_type``.

    States and their forces are 1 in their own country and 8 (external forces) abroad;
    when either country is unknown we cannot tell which, so None. Non-state initiators of
    a protest are protesters (6) and of a riot rioters (5), as ACLED codes the crowd.
    """
    if kind is None or kind == "person":
        return None
    if kind in STATE_KINDS:
        if not actor_country or not event_country:
            return None
        return STATE_FORCES if actor_country == event_country else EXTERNAL_FORCES
    if initiator and event_type == "Protests":
        return PROTESTERS
    if initiator and event_type == "Riots":
        return RIOTERS
    return INTER_BY_KIND.get(kind)


def interaction(inter1: int | None, inter2: int | None, *, has_actor2: bool) -> int | None:
    """ACLED ``interaction``: the two inter codes, lower first (13, 27); X0 for one actor."""
    if inter1 is None:
        return None
    if not has_actor2:
        return inter1 * 10
    if inter2 is None:
        return None
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def disorder_type(event_type: str, sub_event_type: str) -> str | None:
    """ACLED ``disorder_type`` of an ACLED event type and sub-event type."""
    return DISORDER_BY_SUB_EVENT_TYPE.get(sub_event_type) or DISORDER_BY_EVENT_TYPE.get(event_type)


def priogrid_gid(lat: float | None, lon: float | None) -> int | None:
    """The PRIO-GRID cell (0.5° × 0.5°, numbered from 1 at 90°S 180°W, row by row)."""
    if lat is None or lon is None:
        return None
    row = min(math.floor((lat + 90.0) * 2), 359)
    col = min(math.floor((lon + 180.0) * 2), 719)
    return row * 720 + col + 1


def point_wkt(lat: float | None, lon: float | None) -> str | None:
    """Well-known text of a point (longitude first), as GED's ``geom_wkt``."""
    if lat is None or lon is None:
        return None
    return f"POINT ({lon!r} {lat!r})"
