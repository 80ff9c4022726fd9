"""Anchor found expressions in their context: the narrative reference time and the document date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from conflict_atlas.extract.timex.exprs import (
    Absolute,
    Duration,
    Expr,
    Recurrence,
    Relative,
    Vague,
    Weekday,
)
from conflict_atlas.extract.timex.values import (
    PRECISIONS,
    SEASON_MONTHS,
    Point,
    coarsen,
    iso_interval,
    shift,
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """Normalized meaning of one expression, ready to become a TimeMention."""

    value: str
    kind: str
    precision: str | None
    date_start: str | None
    date_end: str | None
    mod: str | None
    anchor: str
    point: Point | None = None


@dataclass
class Context:
    """The reference time of a document as the reader meets it.

    ``ref`` moves with the story (narrative text); ``news`` is the publication date used by
    deictic words ("yesterday", "last year"). ``origin`` says where ``ref`` came from.
    ``span`` holds the years the document is about; ``story`` is the last time the
    narrative told inside them, where a new paragraph returns after a digression
    ("... a report commissioned in 2012 placed ..." / "Within the hour, ...").
    """

    ref: Point | None = None
    origin: str = "none"
    unit: int = -1  # index of the unit (sentence) that set ``ref`` from the narrative
    news: Point | None = None
    home: Point | None = None  # the document's own time (infobox date, title)
    home_origin: str = "none"
    span: tuple[int, int] | None = None  # years the document is about
    story: tuple[Point, str, int] | None = None  # (point, origin, unit) inside ``span``
    section: int | None = None  # the section whose heading set ``ref``
    headings: dict[int, Point] = field(default_factory=dict)  # dated headings by section

    @property
    def is_news(self) -> bool:
        """Whether the document is news: its home is its publication date."""
        return self.home_origin == "reference_date"

    def anchor_name(self, unit: int) -> str:
        if self.origin != "narrative":
            return self.origin
        return "same_sentence" if unit == self.unit else "previous_sentence"

    def reset(self, point: Point | None, origin: str) -> None:
        self.ref, self.origin = point, origin if point is not None else "none"

    def set_home(self, point: Point | None, origin: str, span: tuple[int, int] | None) -> None:
        """Start the document at ``point`` (may be None: no time yet) within ``span``."""
        self.home, self.home_origin, self.span = point, origin, span
        self.reset(point, origin)

    def in_span(self, point: Point) -> bool:
        span = self.span
        return span is not None and point.year is not None and span[0] <= point.year <= span[1]

    def heading(self, point: Point, section: int | None) -> None:
        """A section heading dates its section ("1991", "Fall of Kabul (2021)")."""
        self.reset(point, "section_title")
        self.section = section
        if section is not None:
            self.headings[section] = point
        if self.in_span(point):
            self.story = (point, "section_title", -1)

    def enter_section(self, section: int | None, ancestors: list[int]) -> None:
        """A subsection stays within the date of the nearest dated heading above it: "###
        The battle of Aden" under "## 2015: Collapse" starts in 2015 unless the story
        is already inside that year."""
        frame = next((self.headings[a] for a in ancestors if a in self.headings), None)
        if frame is None or (self.ref is not None and _contains(frame, self.ref)):
            return
        self.reset(frame, "section_title")
        self.section = section

    def return_home(self, section: int | None = None) -> None:
        """At a new paragraph or section, leave a digression outside the document's years:
        go back to the last time the story told inside them (else to the home time).
        A date the section's own heading gave stays for the whole section."""
        ref, span = self.ref, self.span
        if ref is None or span is None or ref.year is None or self.in_span(ref):
            return
        if self.origin == "section_title" and self.section == section:
            return
        if self.story is not None:
            self.ref, self.origin, self.unit = self.story
        else:
            self.reset(self.home, self.home_origin)

    def update(self, point: Point, unit: int) -> None:
        """Move the reference time to ``point`` unless it only repeats the current year."""
        if point.year is None:
            return
        ref = self.ref
        if ref is not None and _rank(point) < _rank(ref) and _contains(point, ref):
            return
        self.ref, self.origin, self.unit = point, "narrative", unit
        if self.in_span(point):
            self.story = (point, "narrative", unit)


def _contains(outer: Point, inner: Point) -> bool:
    a, b = outer.interval(), inner.interval()
    return a is not None and b is not None and a[0] <= b[0] and b[1] <= a[1]


def _rank(point: Point) -> int:
    return PRECISIONS.index(point.precision)


def resolve(expr: Expr, ctx: Context, unit: int) -> Resolved:
    """Normalize ``expr`` against ``ctx`` (``unit`` is the index of the sentence it is in)."""
    if isinstance(expr, Absolute):
        return _absolute(expr, ctx, unit)
    if isinstance(expr, Relative):
        return _relative(expr, ctx, unit)
    if isinstance(expr, Weekday):
        return _weekday(expr, ctx, unit)
    if isinstance(expr, Vague):
        return _vague(expr, ctx)
    if isinstance(expr, Duration):
        return Resolved(expr.value, "duration", None, None, None, expr.mod, "explicit")
    assert isinstance(expr, Recurrence)
    return Resolved(expr.value, "set", None, None, None, None, "explicit")


def _point(point: Point, mod: str | None, anchor: str) -> Resolved:
    start, end = iso_interval(point)
    return Resolved(point.value(), "date", point.precision, start, end, mod, anchor, point)


def _unresolved(value: str, mod: str | None, precision: str | None) -> Resolved:
    return Resolved(value, "date", precision, None, None, mod, "none")


def _absolute(expr: Absolute, ctx: Context, unit: int) -> Resolved:
    point = expr.point
    if point.anchored:
        return _point(point, expr.mod, "explicit")
    base = ctx.ref
    if base is None or base.year is None:
        return _unresolved(point.value(), expr.mod, point.precision)
    dated = replace(point, year=base.year)
    if ctx.is_news and base.month is not None and point.month is not None:
        dated = _nearest(point, base)
    return _point(dated, expr.mod, ctx.anchor_name(unit))


def _nearest(point: Point, base: Point) -> Point:
    """``point`` in the year that puts it nearest ``base``: news tells of the days around
    its date ("18 December" in news of 10 January is last year's, "10 March" in news of
    3 March this year's)."""
    assert base.year is not None
    around = base.interval()
    options = [replace(point, year=base.year + step) for step in (0, -1, 1)]
    spans = [(o, o.interval()) for o in options]
    valid = [(o, i) for o, i in spans if i is not None]
    if around is None or not valid:
        return options[0]
    return min(valid, key=lambda oi: abs((oi[1][0] - around[0]).days))[0]


def _base(expr: Relative | Weekday, ctx: Context, deictic: bool) -> tuple[Point | None, str]:
    if deictic and ctx.news is not None:
        return ctx.news, "reference_date"
    return ctx.ref, ""


def _relative(expr: Relative, ctx: Context, unit: int) -> Resolved:
    base, anchor = _base(expr, ctx, expr.deictic)
    if expr.deictic and expr.offset == 0 and expr.unit == "D" and ctx.news is None:
        return Resolved("PRESENT_REF", "date", None, None, None, None, "explicit")
    if base is None or base.year is None:
        return _unresolved("XXXX", expr.mod, None)
    point = _shift(base, expr)
    if point is None:
        return _unresolved("XXXX", expr.mod, None)
    return _point(point, expr.mod, anchor or ctx.anchor_name(unit))


def _shift(base: Point, expr: Relative) -> Point | None:
    assert base.year is not None
    if expr.unit in SEASON_MONTHS:
        return Point(_season_year(base, expr.unit, expr.offset), season=expr.unit)
    if expr.unit == "DE":
        return Point(decade=base.year // 10 + expr.offset)
    point: Point | None
    if expr.offset == 0:
        precision = {"D": "day", "W": "day", "M": "month"}.get(expr.unit, "year")
        point = coarsen(base, precision)
        if expr.unit == "W" and point.day is not None:
            point = shift(point, "W", 0)
    else:
        point = shift(base, expr.unit, expr.offset)
    if point is not None and expr.part_of_day and point.day is not None:
        point = replace(point, part_of_day=expr.part_of_day)
    return point


def _season_year(base: Point, season: str, offset: int) -> int:
    assert base.year is not None
    first, last = SEASON_MONTHS[season]
    if base.month is None:
        return base.year + offset
    if offset > 0:
        return base.year if base.month < first else base.year + 1
    if offset < 0:
        return base.year - 1 if base.month <= last or season == "WI" else base.year
    return base.year - 1 if season == "WI" and base.month <= 2 else base.year


def _weekday(expr: Weekday, ctx: Context, unit: int) -> Resolved:
    # News counts weekdays back from publication; a history counts them on from its story.
    base, anchor = _base(expr, ctx, ctx.is_news or ctx.ref is None)
    if base is None or base.day is None or base.month is None or base.year is None:
        return _unresolved(f"XXXX-WXX-{expr.weekday + 1}", None, "day")
    day = dt.date(base.year, base.month, base.day)
    if anchor:  # news: the most recent such day
        day -= dt.timedelta(days=(day.weekday() - expr.weekday) % 7)
    else:  # narrative: the story moves forward
        day += dt.timedelta(days=(expr.weekday - day.weekday()) % 7)
    return _point(Point(day.year, day.month, day.day), None, anchor or ctx.anchor_name(unit))


def _vague(expr: Vague, ctx: Context) -> Resolved:
    if expr.value == "PRESENT_REF" and ctx.news is not None:
        start, end = iso_interval(ctx.news)
        return Resolved(expr.value, "date", None, start, end, None, "reference_date")
    return Resolved(expr.value, "date", None, None, None, None, "explicit")
