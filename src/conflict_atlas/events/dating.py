"""Date an event from the temporal expressions of its sentence or its narrative context.

The date attached to the trigger wins (one inside the trigger's phrase or its clause),
then the nearest date of the sentence before the trigger, then after it. A sentence
without a usable date inherits the narrative date of the paragraph, with its precision
reduced when it comes from further back: the previous sentence keeps its precision, an
older sentence of the same paragraph gives at most the month, another paragraph at most
the year. Never a day the text does not support.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from conflict_atlas.models import TimeMention

# The event contract's precisions; an expression known only to the century (or an ISO
# week) does not date an event.
_RANK = {"day": 0, "month": 1, "season": 2, "year": 3, "decade": 4}
_USABLE = ("date", "interval")


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date interval as ``YYYY[-MM[-DD]]`` strings and its precision."""

    start: str | None
    end: str | None
    precision: str | None


NO_DATE = EventDate(None, None, None)


def truncate(iso: str | None, precision: str | None) -> str | None:
    """``iso`` cut to ``precision``: "2021-08-15" at month is "2021-08"."""
    if iso is None:
        return None
    size = {"day": 10, "month": 7}.get(precision or "", 4)
    return iso[:size]


def coarser(precision: str | None, limit: str) -> str | None:
    """The coarser of ``precision`` and ``limit``."""
    if precision is None:
        return None
    return precision if _RANK.get(precision, 9) >= _RANK[limit] else limit


def usable(mention: TimeMention) -> bool:
    return mention.kind in _USABLE and mention.date_start is not None and mention.precision in _RANK


def from_mention(mention: TimeMention, *, limit: str | None = None) -> EventDate:
    """The event date a time mention gives (whole range for interval endpoints)."""
    precision = coarser(mention.precision, limit) if limit else mention.precision
    start = mention.range_start or mention.date_start
    end = mention.range_end if mention.kind == "interval" else None
    if precision == "decade":
        return EventDate(truncate(start, "year"), truncate(mention.date_end, "year"), precision)
    if (
        end is None
        and mention.date_end
        and mention.date_end != mention.date_start
        and precision in ("season",)
    ):
        end = mention.date_end
    return EventDate(truncate(start, precision), truncate(end, precision), precision)


def in_parentheses(doc: Doc, offset: int) -> bool:
    before = doc.text[:offset]
    return before.count("(") > before.count(")")


def attached_date(
    doc: Doc, trigger_token: int, mentions: Sequence[tuple[int, TimeMention]]
) -> TimeMention | None:
    """The date mention (``(doc offset, mention)`` pairs) that belongs to the trigger."""
    if not mentions:
        return None
    token = doc[trigger_token]
    inside = {t.i for t in token.subtree}
    clause = (
        token
        if token.pos_ == "VERB"
        else next((a for a in token.ancestors if a.pos_ == "VERB"), token)
    )
    around = {t.i for t in clause.subtree}

    def token_at(offset: int) -> int:
        return next((t.i for t in doc if t.idx <= offset < t.idx + len(t) + 1), -1)

    plain = [(o, m) for o, m in mentions if not in_parentheses(doc, o)] or list(mentions)
    for pool in (inside, around):
        hits = [(abs(o - token.idx), m) for o, m in plain if token_at(o) in pool]
        if hits:
            return min(hits, key=lambda h: h[0])[1]
    before = [(token.idx - o, m) for o, m in plain if o <= token.idx]
    if before:
        return min(before, key=lambda h: h[0])[1]
    return plain[0][1]


@dataclass(slots=True)
class NarrativeDate:
    """The running date of the story: the last date told, where, and how far back."""

    mention: TimeMention | None = None
    paragraph: int | None = None
    sentence_index: int = -10

    def told(self, mention: TimeMention, paragraph: int | None, sentence_index: int) -> None:
        self.mention, self.paragraph, self.sentence_index = mention, paragraph, sentence_index

    def inherited(self, paragraph: int | None, sentence_index: int) -> EventDate:
        if self.mention is None:
            return NO_DATE
        if paragraph != self.paragraph:
            return from_mention(self.mention, limit="year")
        if sentence_index - self.sentence_index > 1:
            return from_mention(self.mention, limit="month")
        return from_mention(self.mention)
