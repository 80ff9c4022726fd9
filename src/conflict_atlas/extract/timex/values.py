"""Calendar values: a :class:`Point` at some granularity, its TIMEX3 value and its interval."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# Coarse to fine; a Point's precision is the finest field it has.
PRECISIONS = ("century", "decade", "year", "season", "quarter", "month", "week", "day")


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar point known to some precision; ``year`` None means "needs an anchor"."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    quarter: int | None = None
    decade: int | None = None  # 198 for the 1980s
    century: int | None = None  # 19 for 19XX
    part_of_day: str | None = None
    week: int | None = None  # ISO week number

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.week is not None:
            return "week"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        if self.quarter is not None:
            return "quarter"
        if self.year is not None:
            return "year"
        return "decade" if self.decade is not None else "century"

    @property
    def anchored(self) -> bool:
        """True when the point names a calendar interval without outside help."""
        return self.year is not None or self.decade is not None or self.century is not None

    def value(self) -> str:
        """TIMEX3 value, e.g. ``1979-12-27``, ``1979-SU``, ``198X``, ``XXXX-04-16``."""
        if self.decade is not None and self.year is None:
            return f"{self.decade:03d}X"
        if self.century is not None and self.year is None:
            return f"{self.century:02d}XX"
        year = "XXXX" if self.year is None else f"{self.year:04d}"
        if self.week is not None:
            return f"{year}-W{self.week:02d}"
        if self.season is not None:
            return f"{year}-{self.season}"
        if self.quarter is not None:
            return f"{year}-Q{self.quarter}"
        if self.month is None:
            return year
        text = f"{year}-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
            if self.part_of_day:
                text += f"T{self.part_of_day}"
        return text

    def interval(self) -> tuple[dt.date, dt.date] | None:
        """First and last day covered, or None if the point is not anchored or invalid."""
        try:
            return self._interval()
        except ValueError:
            return None

    def _interval(self) -> tuple[dt.date, dt.date] | None:
        if self.year is None:
            if self.decade is not None:
                return dt.date(self.decade * 10, 1, 1), dt.date(self.decade * 10 + 9, 12, 31)
            if self.century is not None:
                return dt.date(max(self.century * 100, 1), 1, 1), dt.date(
                    self.century * 100 + 99, 12, 31
                )
            return None
        y = self.year
        if self.week is not None:
            monday = dt.date.fromisocalendar(y, self.week, 1)
            return monday, monday + dt.timedelta(days=6)
        if self.day is not None and self.month is not None:
            day = dt.date(y, self.month, self.day)
            return day, day
        if self.month is not None:
            return dt.date(y, self.month, 1), month_end(y, self.month)
        if self.season is not None:
            first, last = SEASON_MONTHS[self.season]
            end_year = y + 1 if last < first else y
            return dt.date(y, first, 1), month_end(end_year, last)
        if self.quarter is not None:
            first = 3 * self.quarter - 2
            return dt.date(y, first, 1), month_end(y, first + 2)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)

    def is_valid(self) -> bool:
        return not (self.anchored and self.interval() is None)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def with_year(point: Point, year: int) -> Point:
    return replace(point, year=year)


def from_date(day: dt.date, precision: str) -> Point:
    """Point for ``day`` truncated to ``precision`` (day, month or coarser → year)."""
    if precision == "day":
        return Point(day.year, day.month, day.day)
    if precision == "month":
        return Point(day.year, day.month)
    return Point(day.year)


def shift(point: Point, unit: str, amount: int) -> Point | None:
    """Move an anchored point by ``amount`` units (D, W, M, Y, DE), keeping what it knows."""
    if point.year is None:
        return None
    if unit in ("D", "W"):
        if point.day is None or point.month is None:
            return Point(point.year, point.month) if point.month else Point(point.year)
        day = dt.date(point.year, point.month, point.day) + dt.timedelta(
            days=amount * (7 if unit == "W" else 1)
        )
        if unit == "W":
            year, week, _ = day.isocalendar()
            return Point(year, week=week)
        return from_date(day, "day")
    if unit == "M":
        if point.month is None:
            return Point(point.year)
        index = point.year * 12 + point.month - 1 + amount
        return Point(index // 12, index % 12 + 1)
    years = amount * (10 if unit == "DE" else 1)
    return Point(point.year + years)


def coarsen(point: Point, precision: str) -> Point:
    """Drop fields finer than ``precision`` (used for "that year", "that month")."""
    if point.year is None:
        return point
    if precision == "month" and point.month is not None:
        return Point(point.year, point.month)
    if precision == "day" and point.day is not None:
        return Point(point.year, point.month, point.day)
    if precision in ("day", "month"):
        return Point(point.year, point.month) if point.month else Point(point.year)
    return Point(point.year)


def iso_interval(point: Point) -> tuple[str | None, str | None]:
    bounds = point.interval()
    if bounds is None:
        return None, None
    return bounds[0].isoformat(), bounds[1].isoformat()


def parse_iso(text: str) -> Point | None:
    """Point from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a document reference date)."""
    parts = text.strip()[:10].split("-")
    try:
        numbers = [int(p) for p in parts if p]
    except ValueError:
        return None
    if not numbers:
        return None
    numbers += [0] * (3 - len(numbers))
    point = Point(numbers[0], numbers[1] or None, numbers[2] or None)
    return point if point.is_valid() else None
