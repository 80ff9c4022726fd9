"""Date an event from the temporal expressions of its sentence.

In order: a date set beside the event by an offset ("27 April 1992, the day after the
proclamation": 26 April); the date a relative clause hangs on ("after 1978, when the
revolution overthrew ..."); a date inside the trigger's phrase or its clause; the
nearest date before the trigger, then after it, between the same semicolons. The first
of coordinated dates stands for them ("in both 1990 and 1991"). Dates do not cross into
clauses with a time of their own ("a government which would be overthrown 4 years
later"), dates that name another event date only it ("condemning the 1979 invasion"),
and an event set before or after its clause ("after years of negotiations, they signed
in 2020") takes only a date of its own. A sentence without a usable date inherits the
story's date: see :mod:`conflict_atlas.events.narrative`. Never a day the text does not
support.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from conflict_atlas.events.apposed import apposed_date
from conflict_atlas.extract.timex.lexicon import load_lexicon
from conflict_atlas.models import TimeMention
from conflict_atlas.nlp import doc_text

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
    before = doc_text(doc)[:offset]
    return before.count("(") > before.count(")")


_NESTED = ("relcl", "acl", "advcl", "ccomp", "conj", "parataxis")
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Conjunctions whose clause happens at the time of the clause it modifies.
_SAME_TIME = frozenset({"when", "as", "while"})


def _own_time(verb: Token) -> bool:
    """Whether a clause below a trigger has a time of its own.

    A clause of the same time ("killed when an airstrike hit the hospital on Wednesday")
    has not. Other finite clauses do ("which would be overthrown 4 years later", "he was
    killed"), and so do participles that modify a noun ("an increase compared to the
    previous year").
    Adverbial participles and infinitives share their head's time ("starting on 25 April
    1992", "attempts to take the city in March 1989").
    """
    if verb.dep_ == "advcl" and any(
        c.lower_ in _SAME_TIME and c.dep_ in ("advmod", "mark") and c.i < verb.i
        for c in verb.children
    ):
        return False  # "were killed when an airstrike hit the hospital on Wednesday"
    finite = verb.tag_ in _FINITE_TAGS or any(
        c.dep_ in ("nsubj", "nsubjpass", "expl")
        or (c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS)
        for c in verb.children
    )
    if finite:
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return not (verb.dep_ == "advcl" or infinitive)


def _nested(token: Token) -> set[int]:
    """Tokens of the clauses below ``token`` that have a time of their own (their dates
    belong to them).

    In "many groups fled to Pakistan, to fight a government which would be overthrown 4
    years later", "4 years later" is not when they fled.
    """
    out: set[int] = set()
    for t in token.subtree:
        if t is not token and t.dep_ in _NESTED and t.pos_ in ("VERB", "AUX") and _own_time(t):
            out |= {w.i for w in t.subtree}
    return out


def name_part(doc: Doc, offset: int, mention: TimeMention) -> Token | None:
    """The noun a date without its own year premodifies ("the September 11 attacks").

    Such a date, its year taken from the story, is part of a name; it dates that noun's
    event only. Returns the noun, or None when the date is not such a premodifier.
    """
    if mention.anchor == "explicit":
        return None
    span = doc.char_span(offset, offset + mention.end - mention.start, alignment_mode="expand")
    if span is None:
        return None
    if len(span) > 1 and span[0].pos_ == "DET":
        span = span[1:]  # "the 22 May hospital": the date's own words modify the noun
    elif span.start > 0 and doc[span.start - 1].pos_ == "ADP":
        return None  # "On 19 April Sindikubwabo travelled": an adverbial, parsed as compound
    root = span.root
    head = root.head
    if root.dep_ not in ("compound", "nmod", "nummod") or head.i in range(span.start, span.end):
        return None
    return head if head.pos_ in ("NOUN", "PROPN") else None


def phrase_head(token: Token) -> Token:
    """The head noun of the phrase ``token`` modifies: "uprisings" for "Valley" in "the
    1975 Panjshir Valley and Laghman uprisings"."""
    while token.dep_ in ("compound", "nmod", "amod", "conj", "nummod") and token.head.i != token.i:
        if token.dep_ == "conj" and token.head.pos_ not in ("NOUN", "PROPN"):
            break
        token = token.head
    return token


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
    """Whether a date is written inside the phrase of the trigger ("the 2001 invasion"), or
    set beside it by an offset ("27 April 1992, the day after the proclamation")."""
    if apposed_date(doc, token_index, mentions) is not None:
        return True
    token = doc[token_index]
    inside = {t.i for t in token.subtree} - _nested(token)
    return any(
        t.i in inside
        for o, m in mentions
        if (span := doc.char_span(o, o + m.end - m.start, alignment_mode="expand")) is not None
        for t in span
    )


def _span(doc: Doc, offset: int, mention: TimeMention) -> Span | None:
    return doc.char_span(offset, offset + mention.end - mention.start, alignment_mode="expand")


_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj"})


def _names_other_event(
    doc: Doc, offset: int, mention: TimeMention, token: Token, events: frozenset[int]
) -> bool:
    """A date that premodifies another event word ("condemning the 1979 invasion"), unless
    that event sets the time of the clause ("fought since the 2022 invasion").

    A name without its own year ("the September 11 attacks") dates nothing but its
    event: the trigger itself, or a verb the event noun is the subject or object of when
    that noun is no event of its own ("the September 11 attacks were carried out").
    """
    noun = name_part(doc, offset, mention)
    if noun is not None:
        head = phrase_head(noun)
        carried = head.head.i == token.i and head.dep_ in _ARGUMENTS and head.i not in events
        return head.i != token.i and not carried
    span = _span(doc, offset, mention)
    if span is None or span.root.dep_ not in ("compound", "nmod", "nummod", "amod"):
        return False
    head = phrase_head(span.root.head)
    if head.i not in events or head.i == token.i or head.i < span.end:
        return False
    return not _anchors_time(head)


def _anchors_time(noun: Token) -> bool:
    """An event named after "since", "after", "during" ...: it sets the time of the clause
    ("fought since the 2022 invasion"), unlike one condemned or disputed over."""
    lexicon = load_lexicon()
    return noun.dep_ == "pobj" and noun.head.lower_ in (
        lexicon.sequence_prepositions | lexicon.during_prepositions
    )


def _first_coordinated(
    doc: Doc, chosen: tuple[int, TimeMention], mentions: Sequence[tuple[int, TimeMention]]
) -> TimeMention:
    """The first of coordinated dates ("in both 1990 and 1991" starts in 1990)."""
    span = _span(doc, *chosen)
    if span is None or span.root.dep_ != "conj":
        return chosen[1]
    head = span.root.head.i
    for o, m in mentions:
        first = _span(doc, o, m)
        if first is not None and first.start <= head < first.end:
            return m
    return chosen[1]


def _antecedent_date(
    doc: Doc, clause: Token, mentions: Sequence[tuple[int, TimeMention]]
) -> TimeMention | None:
    """The date a relative clause hangs on.

    "until after 1978, when the revolution overthrew ...": the date itself; "the 2021
    offensive, which led to the re-establishment of ...": the date of its antecedent.
    """
    for verb in (clause, *clause.ancestors):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        when = next((c for c in verb.children if c.lower_ == "when" and c.i < verb.i), None)
        if when is not None:
            before = next((t for t in reversed(doc[: when.i]) if not t.is_punct), None)
            return _mention_at(doc, before, mentions) if before is not None else None
        if verb.dep_ == "relcl":
            return _mention_at(doc, verb.head, mentions)
        if verb.dep_ in ("advcl", "ROOT"):
            return None
    return None


def _mention_at(
    doc: Doc, token: Token, mentions: Sequence[tuple[int, TimeMention]]
) -> TimeMention | None:
    """The mention that is ``token`` or premodifies it ("1978", "the 2021 offensive")."""
    for o, m in mentions:
        span = _span(doc, o, m)
        if span is not None and (
            span.start <= token.i < span.end
            or (span.root.head.i == token.i and span.end <= token.i)
        ):
            return m
    return None


def sequenced(token: Token) -> bool:
    """A nominal event set before or after its clause's time ("after years of talks")."""
    if token.pos_ in ("VERB", "AUX"):
        return False
    preps = load_lexicon().sequence_prepositions
    for a in token.ancestors:
        if a.pos_ in ("VERB", "AUX"):
            return False
        if a.lower_ in preps and a.dep_ in ("prep", "mark"):
            return True
    return False


def attached_date(
    doc: Doc,
    trigger_token: int,
    mentions: Sequence[tuple[int, TimeMention]],
    *,
    events: frozenset[int] = frozenset(),
    aside: frozenset[str] = frozenset(),
) -> TimeMention | None:
    """The date mention (``(sentence offset, mention)`` pairs) that belongs to the trigger.

    Args:
        events: token indices of the sentence's event words: a date premodifying one of
            them ("condemning the 1979 invasion") dates that event alone.
        aside: words that make a date an aside ("stayed until early 1989"): such a date
            dates only a trigger whose own phrase holds it.
    """
    if not mentions:
        return None
    apposed = apposed_date(doc, trigger_token, mentions)
    if apposed is not None:
        return apposed
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
    when = _antecedent_date(doc, clause, plain)
    plain = [(o, m) for o, m in plain if not _names_other_event(doc, o, m, token, events)]
    if when is not None and not any(token_at(o) in inside for o, _ in plain):
        return when
    loose = [(o, m) for o, m in plain if not governed_by(doc, o, m, aside)]
    for pool, candidates in ((inside, plain), (around, loose)):
        hits = [(abs(o - token.idx), (o, m)) for o, m in candidates if token_at(o) in pool]
        if hits:
            return _first_coordinated(doc, min(hits, key=lambda h: h[0])[1], plain)
        if sequenced(token):  # "after years of negotiations, they signed in 2020"
            return None
    part = [(o, m) for o, m in loose if _same_part(doc, o, token.idx)]
    before = [(token.idx - o, (o, m)) for o, m in part if o <= token.idx]
    if before:
        return _first_coordinated(doc, min(before, key=lambda h: h[0])[1], plain)
    after = [(o, m) for o, m in part if token_at(o) not in foreign]
    if after:
        return after[0][1]
    # a clause after a semicolon without a date of its own goes on at the sentence's time:
    # "On 5 April thousands marched; two women were shot dead"
    earlier = [(token.idx - o, (o, m)) for o, m in loose if o <= token.idx]
    return min(earlier, key=lambda h: h[0])[1][1] if earlier else None


def _same_part(doc: Doc, a: int, b: int) -> bool:
    """Whether two offsets lie between the same semicolons (independent clauses)."""
    low, high = sorted((a, b))
    return ";" not in doc_text(doc)[low:high]
