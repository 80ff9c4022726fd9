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
    """Union-find over events that also tracks each group's actors, places and dates.

    Two groups join only if their actors, places and dates fit as a whole: an unnamed
    report of a capture may join the Taliban's report or NATO's, not both; a report placed
    only in a country may join the capture of one of its cities, not of two; a report
    dated only to August may join the capture of 5 August or of 6 August, not both.
    """

    def __init__(self, events: Sequence[Event]) -> None:
        self.parent = list(range(len(events)))
        self.actors = [{a.id or a.name for a in e.actors} for e in events]
        self.places = [_fine_places(e) for e in events]
        self.dates = [interval(e.date_start, e.date_end) for e in events]

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
        if not all(x == y or _nested(x, y) for x in here for y in there):
            return False
        return _common(self.dates[self.find(i)], self.dates[self.find(j)])[0]

    def join(self, i: int, j: int) -> None:
        root, other = sorted((self.find(i), self.find(j)))
        self.parent[other] = root
        self.actors[root] = self.actors[root] | self.actors[other]
        self.places[root] = self.places[root] | self.places[other]
        self.dates[root] = _common(self.dates[root], self.dates[other])[1]


def _common(a: _Interval | None, b: _Interval | None) -> tuple[bool, _Interval | None]:
    """Whether two date intervals fit (both undated, or overlapping) and the days they share."""
    if a is None or b is None:
        return a is None and b is None, None
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return start <= end, (start, end) if start <= end else None


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


def _closeness(a: Event, b: Event) -> tuple[bool, bool, bool, bool]:
    """How surely two fitting reports are one event: same text, shared actors, same place,
    same day (compared in that order)."""
    ids_a = {x.id or x.name for x in a.actors}
    ids_b = {x.id or x.name for x in b.actors}
    same_place = a.location is not None and a.location == b.location
    return (_twins(a, b), bool(ids_a & ids_b), same_place, a.date_start == b.date_start)


def merge_events(events: Sequence[Event]) -> list[Event]:
    """One event per real event, with every source that reports it (order: by date)."""
    groups = _Groups(events)
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        by_type[e.type].append(i)
    pairs = [
        (i, j)
        for indices in by_type.values()
        for x, i in enumerate(indices)
        for j in indices[x + 1 :]
        if same_event(events[i], events[j])
    ]
    # Reports naming the same actor join first; then each other report joins the group
    # it matches best and, among equals, the one more reports agree on.
    close = {p: _closeness(events[p[0]], events[p[1]]) for p in pairs}
    for i, j in sorted((p for p in pairs if close[p][1]), key=close.__getitem__, reverse=True):
        if groups.find(i) != groups.find(j) and groups.fits(i, j):
            groups.join(i, j)
    size = Counter(groups.find(i) for i in range(len(events)))
    rest = [p for p in pairs if not close[p][1]]
    rest.sort(
        key=lambda p: (close[p], max(size[groups.find(p[0])], size[groups.find(p[1])])),
        reverse=True,
    )
    for i, j in rest:
        if groups.find(i) != groups.find(j) and groups.fits(i, j):
            groups.join(i, j)
    clusters: dict[int, list[Event]] = defaultdict(list)
    for i, e in enumerate(events):
        clusters[groups.find(i)].append(e)
    merged = [_combine(m) if len(m) > 1 else m[0] for m in clusters.values()]
    return sorted(
        merged, key=lambda e: (e.date_start or "9999", e.sources[0].doc, e.sources[0].start)
    )
