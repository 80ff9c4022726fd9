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

from spacy.tokens import Doc, Token

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


_NESTED = ("relcl", "acl", "advcl", "ccomp", "conj", "parataxis")


def _nested(token: Token) -> set[int]:
    """Tokens of the clauses below ``token`` that have a verb of their own.

    Their dates belong to those clauses: in "many groups fled to Pakistan, to fight a
    government which would be overthrown 4 years later", "4 years later" is not when they
    fled.
    """
    out: set[int] = set()
    for t in token.subtree:
        if t is not token and t.dep_ in _NESTED and t.pos_ in ("VERB", "AUX"):
            out |= {w.i for w in t.subtree}
    return out


def _name_part(doc: Doc, offset: int, mention: TimeMention) -> bool:
    """A date inferred from context that only names something ("the September 11 attacks")."""
    if mention.anchor == "explicit":
        return False
    span = doc.char_span(offset, offset + mention.end - mention.start, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return (
        root.dep_ in ("compound", "nmod", "nummod")
        and root.head.i not in range(span.start, span.end)
        and root.head.pos_ in ("NOUN", "PROPN")
    )


def governed_by(doc: Doc, offset: int, mention: TimeMention, words: frozenset[str]) -> bool:
    """Whether one of ``words`` governs the date ("stayed until 1989", "published in 2013")."""
    span = doc.char_span(offset, offset + mention.end - mention.start, alignment_mode="expand")
    if span is None:
        return False
    for n, head in enumerate(span.root.ancestors):
        if n >= 3 or (head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in words):
            return False
        if head.lemma_.lower() in words or head.lower_ in words:
            return True
    return False


def own_date(doc: Doc, token_index: int, mentions: Sequence[tuple[int, TimeMention]]) -> bool:
    """Whether a date is written inside the phrase of the trigger ("the 2001 invasion")."""
    token = doc[token_index]
    inside = {t.i for t in token.subtree} - _nested(token)
    return any(
        t.i in inside
        for o, m in mentions
        if (span := doc.char_span(o, o + m.end - m.start, alignment_mode="expand")) is not None
        for t in span
    )


def attached_date(
    doc: Doc, trigger_token: int, mentions: Sequence[tuple[int, TimeMention]]
) -> TimeMention | None:
    """The date mention (``(doc offset, mention)`` pairs) that belongs to the trigger."""
    if not mentions:
        return None
    token = doc[trigger_token]
    clause = (
        token
        if token.pos_ == "VERB"
        else next((a for a in token.ancestors if a.pos_ == "VERB"), token)
    )
    foreign = _nested(clause)
    inside = {t.i for t in token.subtree} - foreign
    around = {t.i for t in clause.subtree} - foreign

    def token_at(offset: int) -> int:
        return next((t.i for t in doc if t.idx <= offset < t.idx + len(t) + 1), -1)

    plain = [(o, m) for o, m in mentions if not in_parentheses(doc, o)] or list(mentions)
    plain = [(o, m) for o, m in plain if not _name_part(doc, o, m)]
    if not plain:
        return None
    for pool in (inside, around):
        hits = [(abs(o - token.idx), m) for o, m in plain if token_at(o) in pool]
        if hits:
            return min(hits, key=lambda h: h[0])[1]
    before = [(token.idx - o, m) for o, m in plain if o <= token.idx]
    if before:
        return min(before, key=lambda h: h[0])[1]
    after = [(o, m) for o, m in plain if token_at(o) not in foreign]
    return after[0][1] if after else None


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
