"""How far apart two claimed values are: the intervals a claim allows and a strength.

A number allows an interval: exactly what is written (widened by half a unit of its last
significant digit, so "3,000" is 2,500-3,500), "about" ±10 %, "nearly n" 0.9n-n, "more
than n" (n, ∞), "at least n" [n, ∞), "up to n" [0, n], a range its ends. A date allows
its days: "August 2021" is the 1st to the 31st.

Strength, from 0 (agree) to 1 (flatly different), see docs/claims.md:

- 0: the intervals meet and each claim's own figure fits the other's interval;
- 0.2: they meet only by stretching a hedge ("about 3,000" vs "more than 3,000");
- 0.3-0.7: two stated ranges with different ends (the further apart, the stronger);
- 0.5-1: no value fits both (numbers: by relative difference; dates: by distance in
  units of the coarser precision, 0.6 for adjacent days, months or years).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from conflict_atlas.models import Claim

WEAK = 0.2


@dataclass(frozen=True, slots=True)
class Verdict:
    """How two claims compare: strength 0..1 and the reason in words."""

    strength: float
    reason: str


@dataclass(frozen=True, slots=True)
class NumberSpan:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def meets(self, other: NumberSpan) -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low:
            return not (self.high_open or other.low_open)
        if other.high == self.low:
            return not (other.high_open or self.low_open)
        return True


def rounding(value: float) -> float:
    """Half a unit of the last significant digit of a round number ("3,000" -> 500)."""
    if not float(value).is_integer() or abs(value) < 100:
        return 0.0
    whole, zeros = int(abs(value)), 0
    while whole and whole % 10 == 0:
        whole //= 10
        zeros += 1
    return 10**zeros / 2 if zeros >= 2 else 0.0


def number_span(claim: Claim) -> NumberSpan | None:
    """The interval of values ``claim`` allows, or None when it states no number."""
    value = claim.best if claim.best is not None else claim.high
    kind = claim.approx
    if kind in ("range", "vague"):
        if claim.low is None:
            return None
        if claim.high is None:
            return NumberSpan(claim.low - rounding(claim.low), math.inf)
        return NumberSpan(claim.low - rounding(claim.low), claim.high + rounding(claim.high))
    if value is None:
        return None
    spans = {
        "about": NumberSpan(
            min(0.9 * value, value - rounding(value)), max(1.1 * value, value + rounding(value))
        ),
        "nearly": NumberSpan(0.9 * value, value),
        "more_than": NumberSpan(value, math.inf, low_open=True),
        "at_least": NumberSpan(value, math.inf),
        "less_than": NumberSpan(0.0, value, high_open=True),
        "at_most": NumberSpan(0.0, value),
    }
    return spans.get(kind, NumberSpan(value - rounding(value), value + rounding(value)))


def _point(claim: Claim) -> float | None:
    """The figure a claim puts forward; ranges, vague words and bounds put none."""
    if claim.approx in ("range", "vague", "more_than", "at_least", "less_than", "at_most"):
        return None
    return claim.best if claim.best is not None else claim.high


def _relative(a: float, b: float) -> float:
    top = max(abs(a), abs(b))
    return abs(a - b) / top if top else 0.0


def compare_numbers(a: Claim, b: Claim) -> Verdict:
    """Strength of the disagreement between two numeric claims."""
    span_a, span_b = number_span(a), number_span(b)
    if span_a is None or span_b is None:
        return Verdict(0.0, "")
    if a.approx == b.approx == "range":
        ranges = _compare_ranges(a, b)
        if ranges is not None:
            return ranges
    if not span_a.meets(span_b):
        rel = _relative(_centre(a, span_a), _centre(b, span_b))
        strength = 0.5 + 0.5 * min(1.0, rel / 0.5)
        return Verdict(round(strength, 3), f"{a.value} and {b.value} cannot both be true")
    point_a, point_b = _point(a), _point(b)
    fits = (point_a is None or span_b.contains(point_a)) and (
        point_b is None or span_a.contains(point_b)
    )
    if fits:
        return Verdict(0.0, f"{a.value} and {b.value} agree")
    return Verdict(WEAK, f"{a.value} and {b.value} agree only at the edge of their hedges")


def _centre(claim: Claim, span: NumberSpan) -> float:
    """The value to measure a flat disagreement from: the figure, bound or middle."""
    point = _point(claim)
    if point is not None:
        return point
    if claim.approx in ("less_than", "at_most"):
        return span.high
    if claim.approx == "vague" and claim.best is not None:
        return claim.best
    if math.isinf(span.high) or claim.approx in ("more_than", "at_least"):
        return span.low
    return (span.low + span.high) / 2


def _compare_ranges(a: Claim, b: Claim) -> Verdict | None:
    """Two stated ranges with different ends disagree even where they overlap."""
    ends = [(a.low, b.low), (a.high, b.high)]
    gaps = [
        _relative(x, y)
        for x, y in ends
        if x is not None and y is not None and abs(x - y) > max(rounding(x), rounding(y))
    ]
    if not gaps:
        return Verdict(0.0, f"{a.value} and {b.value} agree")
    span_a, span_b = number_span(a), number_span(b)
    if span_a is not None and span_b is not None and not span_a.meets(span_b):
        return None  # disjoint: judged as flatly different numbers
    strength = 0.3 + 0.4 * min(1.0, max(gaps) / 0.5)
    return Verdict(round(strength, 3), f"the ranges {a.value} and {b.value} differ")


# --- dates -------------------------------------------------------------------------


def precision_of(value: str) -> str:
    """ "year", "month" or "day" from the length of an ISO date string."""
    return {4: "year", 7: "month"}.get(len(value), "day")


def first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(parts[0], 12, 31)


def units_apart(a: str, b: str, precision: str) -> int:
    """Distance between two ISO dates counted in ``precision`` units (0 when equal)."""
    da, db = first_day(a), first_day(b)
    if precision == "year":
        return abs(da.year - db.year)
    if precision == "month":
        return abs((da.year * 12 + da.month) - (db.year * 12 + db.month))
    return abs((da - db).days)


def coarser(a: str, b: str) -> str:
    order = ("day", "month", "year")
    return max(precision_of(a), precision_of(b), key=order.index)


def date_gap(a: Claim, b: Claim) -> int:
    """How many units (of the coarser precision) separate two date claims; 0 if they meet."""
    a_start, a_end = a.date_start or "", a.date_end or a.date_start or ""
    b_start, b_end = b.date_start or "", b.date_end or b.date_start or ""
    if not (a_start and b_start):
        return 0
    if last_day(a_end) < first_day(b_start):
        return max(1, units_apart(a_end, b_start, coarser(a_end, b_start)))
    if last_day(b_end) < first_day(a_start):
        return max(1, units_apart(b_end, a_start, coarser(b_end, a_start)))
    return 0


def compare_dates(a: Claim, b: Claim) -> Verdict:
    """Strength of the disagreement between two date claims."""
    gap = date_gap(a, b)
    if gap == 0:
        return Verdict(0.0, f"{a.value} and {b.value} agree")
    unit = coarser(a.date_end or a.value, b.date_start or b.value)
    strength = min(1.0, 0.5 + 0.1 * gap)
    plural = "s" if gap > 1 else ""
    return Verdict(round(strength, 3), f"{a.value} and {b.value} are {gap} {unit}{plural} apart")


def compare(a: Claim, b: Claim) -> Verdict:
    """Compare two claims on the same subject and property."""
    if a.unit == "date" or b.unit == "date":
        return compare_dates(a, b)
    return compare_numbers(a, b)
