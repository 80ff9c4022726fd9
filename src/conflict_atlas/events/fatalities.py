"""Fatalities: quantities the extract stage tied to deaths, summed as low/best/high."""

from __future__ import annotations

from collections.abc import Sequence

from conflict_atlas.models import Fatalities, Quantity

_DEATHS = ("deaths",)


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


def fatalities_of(quantities: Sequence[Quantity]) -> Fatalities | None:
    """Deaths reported by ``quantities`` (one sentence), summed; None if none are deaths."""
    deaths = [q for q in quantities if q.counts in _DEATHS and q.best is not None]
    if not deaths:
        return None
    low = sum(q.low if q.low is not None else q.best or 0 for q in deaths)
    best = sum(q.best or 0 for q in deaths)
    highs = [q.high for q in deaths]
    high = None if any(h is None for h in highs) else sum(h or 0 for h in highs)
    return Fatalities(_int(low), _int(best), _int(high))
