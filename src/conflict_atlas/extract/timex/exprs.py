"""What a matched temporal expression means before it is anchored in its context."""

from __future__ import annotations

from dataclasses import dataclass

from conflict_atlas.extract.timex.values import Point


@dataclass(frozen=True, slots=True)
class Absolute:
    """A calendar expression; ``point.year`` is None when the year must come from context."""

    point: Point
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class Relative:
    """An offset from the reference time: "the following year", "two weeks later"."""

    unit: str  # D, W, M, Y, DE, or a season code SP/SU/FA/WI
    offset: int
    mod: str | None = None
    deictic: bool = False  # "yesterday", "last year": relative to the document date
    part_of_day: str | None = None


@dataclass(frozen=True, slots=True)
class Vague:
    """PRESENT_REF, PAST_REF or FUTURE_REF."""

    value: str


@dataclass(frozen=True, slots=True)
class Duration:
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A set ("every year", "annually"); ``value`` is its period."""

    value: str


@dataclass(frozen=True, slots=True)
class Weekday:
    weekday: int  # Monday = 0


Expr = Absolute | Relative | Vague | Duration | Recurrence | Weekday


@dataclass(frozen=True, slots=True)
class Found:
    """A matched expression: offsets into the scanned text, meaning, compact-range group."""

    start: int
    end: int
    expr: Expr
    rule: str
    group: int | None = None  # endpoints of one "1–14 April" match share a group
