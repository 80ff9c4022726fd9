"""Dates of events told as an offset from an apposed date.

"... and 27 April 1992, the day after the proclamation of the Accords": the proclamation
was on 26 April 1992; "on Monday, three days after troops entered the city": they entered
on Friday. "... by 11 September 2021, the 20-year anniversary of the
attacks": the attacks were on 11 September 2001. The date is known at the apposed
date's precision, moved by the offset; a vague offset ("days after") dates nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from conflict_atlas.extract.timex.lexicon import load_lexicon
from conflict_atlas.extract.timex.values import Point, iso_interval, parse_iso, shift
from conflict_atlas.models import TimeMention
from conflict_atlas.nlp import doc_text

_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)$")
_STEP_UNITS = ("D", "W", "M", "Y", "DE")


def apposed_date(
    doc: Doc, token_index: int, mentions: Sequence[tuple[int, TimeMention]]
) -> TimeMention | None:
    """The date of the event at ``token_index`` when it is the object of an offset
    ("the day after", "two weeks before", "the 20th anniversary of") set beside a date.

    Returns a mention with the moved date (text and offsets of the apposed date), or
    None when the construction is absent or its offset is vague.
    """
    step = _offset(doc[token_index])
    if step is None:
        return None
    phrase, unit, amount = step
    anchor = _apposed(doc, phrase, mentions)
    if anchor is None or anchor.date_start is None or anchor.precision is None:
        return None
    point = parse_iso(anchor.date_start[: {"day": 10, "month": 7}.get(anchor.precision, 4)])
    moved = _moved(point, unit, amount) if point is not None else None
    if moved is None:
        return None
    start, end = iso_interval(moved)
    return replace(
        anchor,
        value=moved.value(),
        kind="date",
        precision=moved.precision,
        date_start=start,
        date_end=end,
        range_start=None,
        range_end=None,
    )


def _moved(point: Point, unit: str, amount: int) -> Point | None:
    """``point`` moved by whole units, keeping its precision ("2021-09-11" - 20 years)."""
    if point.year is None:
        return None
    if unit in ("Y", "DE"):
        years = amount * (10 if unit == "DE" else 1)
        day = point.day
        if point.month == 2 and day == 29:
            day = 28
        return Point(point.year + years, point.month, day)
    if unit == "M":
        return shift(point, "M", amount) if point.day is None else _days_in_month(point, amount)
    if point.day is None or point.month is None:
        return None  # "the day after" a month or a year: no day to move
    days = amount * (7 if unit == "W" else 1)
    moved = dt.date(point.year, point.month, point.day) + dt.timedelta(days=days)
    return Point(moved.year, moved.month, moved.day)


def _days_in_month(point: Point, amount: int) -> Point | None:
    month = shift(Point(point.year, point.month), "M", amount)
    if month is None or month.year is None or month.month is None or point.day is None:
        return None
    last = calendar.monthrange(month.year, month.month)[1]
    return Point(month.year, month.month, min(point.day, last))


def _offset(token: Token) -> tuple[Token, str, int] | None:
    """The offset phrase governing ``token``, its unit and signed amount.

    The event may be named through "of" ("the day after the proclamation of the Accords").
    """
    clausal = _clausal_offset(token)
    if clausal is not None:
        return clausal
    lexicon = load_lexicon()
    prep = token.head
    while (
        token.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.pos_ in ("NOUN", "PROPN")
        and prep.head.lemma_.lower() not in lexicon.anniversary_words
        and prep.head.dep_ == "pobj"
    ):
        token = prep.head
        prep = token.head
    if token.dep_ != "pobj" or prep is token:
        return None
    word = prep.lower_
    if word == "of" and prep.head.lemma_.lower() in lexicon.anniversary_words:
        years = _anniversary_years(prep.head)
        return (prep.head, "Y", -years) if years else None
    if word not in ("after", "before"):
        return None
    noun = prep.head if prep.head.pos_ == "NOUN" else None
    noun = noun or next((c for c in prep.children if c.dep_ == "npadvmod"), None)
    if noun is None:
        return None
    unit = lexicon.units.get(noun.lemma_.lower())
    amount = _count(noun)
    if unit not in _STEP_UNITS or amount is None:
        return None
    return noun, unit, -amount if word == "after" else amount


def _clausal_offset(token: Token) -> tuple[Token, str, int] | None:
    """The offset of a clause ``token`` is in: "(on Saturday,) a day after he announced
    that troops had been ordered to pull out" sets "announced" (and what it reports) a
    day before the apposed date."""
    units = load_lexicon().units
    for verb in (token, *token.ancestors):
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        mark = next(
            (c for c in verb.children if c.dep_ == "mark" and c.lower_ in ("after", "before")),
            None,
        )
        noun = next((c for c in verb.children if c.dep_ == "npadvmod" and c.i < verb.i), None)
        if mark is not None and noun is not None:
            unit, amount = units.get(noun.lemma_.lower()), _count(noun)
            if unit not in _STEP_UNITS or amount is None:
                return None
            return noun, unit, -amount if mark.lower_ == "after" else amount
        if verb.dep_ not in ("ccomp", "xcomp", "conj"):
            return None
    return None


def _count(noun: Token) -> int | None:
    """How many units: "two days" 2, "the day" 1; None for "several days"."""
    numbers = [c for c in noun.children if c.dep_ == "nummod"]
    if not numbers:
        return 1 if any(c.lower_ in ("the", "a", "one") for c in noun.children) else None
    value = load_lexicon().number(numbers[0].text)
    return int(value) if value is not None and value == int(value) else None


def _anniversary_years(noun: Token) -> int | None:
    """Years of an anniversary: "20-year", "20th", "twentieth"."""
    lexicon = load_lexicon()
    for child in noun.children:
        text = child.lower_
        if text in lexicon.ordinals:
            return lexicon.ordinals[text]
        if match := _ORDINAL.match(text):
            return int(match.group(1))
        if child.lemma_.lower() == "year":
            numbers = [c for c in child.children if c.like_num]
            value = lexicon.number(numbers[0].text) if numbers else None
            if value is not None and value == int(value):
                return int(value)
    return None


def _apposed(
    doc: Doc, phrase: Token, mentions: Sequence[tuple[int, TimeMention]]
) -> TimeMention | None:
    """The date written just before the offset phrase, set off by a comma."""
    start = phrase.left_edge.idx
    for offset, mention in mentions:
        end = offset + mention.end - mention.start
        if end <= start and doc_text(doc)[end:start].strip() == ",":
            return mention
    return None
