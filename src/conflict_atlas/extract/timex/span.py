"""The years a document covers, read from the years it names.

A history of a war names the years of the war over and over, and other years (the
background, the trials, the sources) a few times each. The home span is the densest run
of named years: years no more than a few apart chain into a run, the run named most
often wins (ties: the later run, closer to when the text was written), and neighbouring
runs named often enough, not too far away, join it. A text that names many periods
alike (a list of wars) has no span. A heading's year counts for several mentions: year
headings are how chronologies mark their span.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

#: Years at most this far apart belong to one run ("1990 ... 1992 ... 1994").
_GAP = 3
#: A neighbouring run joins the span when it is named at least this share as often
#: (a long history that says little about one decade still covers it).
_SHARE = 0.05
#: ... and is named more than once ...
_SEVERAL = 2
#: ... and lies no further away than the span is long (or than this many years).
_REACH = 10
#: The span holds at least this share of the named years.
_MAIN = 1 / 3
#: A year in a heading or the title weighs like this many mentions in the prose.
HEADING_WEIGHT = 3


def covered_span(years: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """The densest run of ``(year, weight)`` pairs as ``(first, last)``; None if no years.

    >>> covered_span([(1959, 1), (1990, 3), (1991, 2), (1994, 4), (2012, 1)])
    (1990, 1994)
    """
    weights: Counter[int] = Counter()
    for year, weight in years:
        weights[year] += weight
    if not weights:
        return None
    runs: list[tuple[int, int, int]] = []  # (weight, first, last)
    for year in sorted(weights):
        if runs and year - runs[-1][2] <= _GAP:
            weight, first, _ = runs[-1]
            runs[-1] = (weight + weights[year], first, year)
        else:
            runs.append((weights[year], year, year))
    best = max(range(len(runs)), key=lambda i: (runs[i][0], runs[i][2]))
    low = high = best
    weight = runs[best][0]
    while True:  # a neighbouring run told at length is part of the story too
        first, last = runs[low][1], runs[high][2]
        reach = max(_REACH, last - first)
        sides = [i for i in (low - 1, high + 1) if 0 <= i < len(runs)]
        heavy = [
            i
            for i in sides
            if runs[i][0] >= max(_SHARE * weight, _SEVERAL)
            and min(abs(runs[i][1] - last), abs(first - runs[i][2])) <= reach
        ]
        if not heavy:  # a text about many periods alike (a list of wars) has no span
            return (first, last) if weight >= _MAIN * sum(weights.values()) else None
        side = max(heavy, key=lambda i: runs[i][0])
        weight += runs[side][0]
        low, high = min(low, side), max(high, side)
