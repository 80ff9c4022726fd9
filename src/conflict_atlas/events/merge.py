"""Merge reports of the same real event (across sentences and documents) into one event.

Two events merge when they have the same type, overlapping date intervals, the same
place (or one nested in the other, with the same day), and overlapping actors (or one
side unnamed). Never across different days or different places; never two events told
in the same sentence (coordination gives distinct events). Identical reports in two
revisions of an article (same summary, type, date and place) always merge.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from conflict_atlas.events.dating import _RANK
from conflict_atlas.models import Event, EventArgument, EventLocation, EventSource

_Interval = tuple[str, str]


def interval(start: str | None, end: str | None) -> _Interval | None:
    """Day bounds of ``start``..``end`` ("2021-08" -> 2021-08-01..2021-08-31)."""
    if start is None:
        return None
    return _lower(start), _upper(end or start)


def _lower(iso: str) -> str:
    parts = iso.split("-")
    return "-".join([parts[0], *[*parts[1:], "01", "01"][:2]])


def _upper(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        return f"{iso}-{calendar.monthrange(year, month)[1]:02d}"
    return iso


def _dates_fit(a: Event, b: Event) -> bool:
    ia, ib = interval(a.date_start, a.date_end), interval(b.date_start, b.date_end)
    if ia is None or ib is None:
        return ia is None and ib is None
    if (
        a.date_precision == "day"
        and b.date_precision == "day"
        and a.date_end is None
        and b.date_end is None
    ):
        return a.date_start == b.date_start
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _day(e: Event) -> bool:
    return e.date_precision == "day"


def _places_fit(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if la is None or lb is None:
        return la is None and lb is None
    if la.place_id == lb.place_id and la.name == lb.name:
        return la.precision != "country" or (_day(a) and _day(b))
    return _nested(la, lb) and _day(a) and _day(b)


def _nested(a: EventLocation, b: EventLocation) -> bool:
    if a.country != b.country:
        return False
    return a.name in (b.admin1, b.country) or b.name in (a.admin1, a.country)


def _actors_fit(a: Event, b: Event) -> bool:
    ids_a = {x.id or x.name for x in a.actors}
    ids_b = {x.id or x.name for x in b.actors}
    return not ids_a or not ids_b or bool(ids_a & ids_b)


def _same_sentence(a: Event, b: Event) -> bool:
    spans = {(s.doc, s.start) for s in a.sources}
    return any((s.doc, s.start) in spans for s in b.sources)


def _twins(a: Event, b: Event) -> bool:
    return (a.summary, a.date_start, a.location) == (b.summary, b.date_start, b.location)


def same_event(a: Event, b: Event) -> bool:
    """Whether ``a`` and ``b`` report the same real event."""
    if a.type != b.type or _same_sentence(a, b):
        return False
    if _twins(a, b):
        return True
    return _dates_fit(a, b) and _places_fit(a, b) and _actors_fit(a, b)


class _Groups:
    """Union-find over events that also tracks each group's named actors.

    Two groups join only if their actors and places fit as a whole: an unnamed report of
    a capture may join the Taliban's report or NATO's, not both, and a report placed only
    in a country may join the capture of one of its cities, not of two.
    """

    def __init__(self, events: Sequence[Event]) -> None:
        self.parent = list(range(len(events)))
        self.actors = [{a.id or a.name for a in e.actors} for e in events]
        self.places = [_fine_places(e) for e in events]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def fits(self, i: int, j: int) -> bool:
        a, b = self.actors[self.find(i)], self.actors[self.find(j)]
        if a and b and not a & b:
            return False
        here, there = self.places[self.find(i)], self.places[self.find(j)]
        return all(x == y or _nested(x, y) for x in here for y in there)

    def join(self, i: int, j: int) -> None:
        root, other = sorted((self.find(i), self.find(j)))
        self.parent[other] = root
        self.actors[root] = self.actors[root] | self.actors[other]
        self.places[root] = self.places[root] | self.places[other]


def _fine_places(event: Event) -> frozenset[EventLocation]:
    """The event's place when finer than a country: a group never spans two such places."""
    loc = event.location
    return frozenset() if loc is None or loc.precision == "country" else frozenset({loc})


def _union(args: Sequence[EventArgument]) -> tuple[EventArgument, ...]:
    return tuple({(a.id or a.name): a for a in args}.values())


def _agreed(
    best: Sequence[EventArgument], members: Sequence[Event], role: str
) -> tuple[EventArgument, ...]:
    """The best report's participants, plus those that two or more reports name.

    A participant only one of several reports names (often a parse error) stays out.
    """
    named = [a for e in members for a in getattr(e, role)]
    counts = Counter(a.id or a.name for a in named)
    return _union([*best, *(a for a in named if counts[a.id or a.name] >= 2)])


def _combine(members: list[Event]) -> Event:
    best = min(members, key=lambda e: (_RANK.get(e.date_precision or "", 9), -len(e.actors), e.id))
    sources: dict[tuple[str, int, int], EventSource] = {}
    for e in members:
        for s in e.sources:
            sources.setdefault((s.doc, s.start, s.end), s)
    fatalities = next((e.fatalities for e in members if e.fatalities is not None), None)
    return replace(
        best,
        id=min(e.id for e in members),
        actors=_agreed(best.actors, members, "actors"),
        targets=_agreed(best.targets, members, "targets"),
        fatalities=best.fatalities or fatalities,
        sources=tuple(sources[k] for k in sorted(sources)),
        claim=all(e.claim for e in members),
    )


def merge_events(events: Sequence[Event]) -> list[Event]:
    """One event per real event, with every source that reports it (order: by date)."""
    groups = _Groups(events)
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        by_type[e.type].append(i)
    for indices in by_type.values():
        for x, i in enumerate(indices):
            for j in indices[x + 1 :]:
                if (
                    groups.find(i) != groups.find(j)
                    and groups.fits(i, j)
                    and same_event(events[i], events[j])
                ):
                    groups.join(i, j)
    clusters: dict[int, list[Event]] = defaultdict(list)
    for i, e in enumerate(events):
        clusters[groups.find(i)].append(e)
    merged = [_combine(m) if len(m) > 1 else m[0] for m in clusters.values()]
    return sorted(
        merged, key=lambda e: (e.date_start or "9999", e.sources[0].doc, e.sources[0].start)
    )
