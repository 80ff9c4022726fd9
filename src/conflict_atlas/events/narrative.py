"""The running date of a story, which dates the events of sentences that give no time.

A sentence without a date of its own inherits the last date the narrative told, as long
as the narrative has not moved on:

- a section heading starts a new story, dated by the heading when it names one date
  ("Conquest of Khost (1991)"), else undated;
- a new paragraph of a story told by the year starts undated: there a paragraph break
  is where a text changes episode or topic, and an undated paragraph does not say when
  it happens. Only a paragraph that goes on about the same subject ("the PDPA revolted
  ..." / "The PDPA formed a new government ...") keeps the story's date, to the month.
  A chronicle, told to the day or the month ("On 6 April ..." / "Within the hour,
  soldiers set up roadblocks"), goes on in its next paragraph: the story's date is
  kept, to the month. Texts that put every sentence on a line of its own have no
  paragraphs to go by: there, only the previous sentence lends its full precision,
  older ones at most the month;
- a vague step forward ("later", "afterwards", "several years later") leaves the time
  unknown; a short one ("shortly afterwards", "a few days later") keeps it, with its
  precision reduced to the month.

A named event keeps the date the text gave it: "the signing of the Doha Agreement" told
after "struck a deal in 2020, known as the Doha Agreement" is dated 2020.

Which date a sentence tells: its last date that dates the story, not one that names
something ("the 1979 invasion", "the September 11 attacks"), sits in parentheses, is
governed by a word that makes it an aside ("published in 2013", "until 1989"), or counts
from another event ("6–12 months after the withdrawal").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from conflict_atlas.events.dating import (
    NO_DATE,
    EventDate,
    coarser,
    from_mention,
    governed_by,
    in_parentheses,
    name_part,
    truncate,
    usable,
)
from conflict_atlas.extract.dates import home_span, line_paragraphs
from conflict_atlas.extract.timex.lexicon import load_lexicon
from conflict_atlas.models import Document, Sentence, TimeMention
from conflict_atlas.nlp import doc_text

# A story told to the day or the month is a chronicle: its paragraphs go on in time.
_CHRONICLE = frozenset({"day", "month"})
# "6–12 months after the withdrawal": counted from an event, not from the story's time.
_FROM_EVENT = re.compile(r"\s+(?:the|a|an|his|her|their|its|this|that|[A-Z])\b")


@dataclass(frozen=True, slots=True)
class _Told:
    date: EventDate
    index: int  # sentence index of the telling


class NarrativeDate:
    """Tracks the story's date through one document's sentences (see the module doc).

    Call :meth:`enter` when the event loop reaches a prose sentence, :meth:`inherited`
    to date its undated events, and :meth:`tell` once the sentence is done.

    Args:
        line_paragraphs: the text has one sentence per paragraph, so paragraph breaks
            carry no meaning.
        headings: the date each section's heading names, by section index.
        span: the years the document is about (first, last): a paragraph that strays
            out of them ("a report commissioned in 2012 ...") is a digression, and the
            next paragraph goes back to the last date the story told inside them.
    """

    def __init__(
        self,
        *,
        line_paragraphs: bool = False,
        headings: Mapping[int, EventDate] | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        self.line_paragraphs = line_paragraphs
        self.headings = dict(headings or {})
        self.span = span
        self._told: _Told | None = None
        self._story: _Told | None = None  # the last date told inside ``span``
        self._where: tuple[int | None, int | None] | None = None
        self._names: dict[tuple[str, ...], EventDate] = {}
        self._subjects: set[str] = set()

    @classmethod
    def for_document(
        cls, document: Document, sentences: Sequence[Sentence], dates: Sequence[TimeMention]
    ) -> NarrativeDate:
        """A tracker set up for ``document``: its paragraph style, its dated headings and
        the years it is about."""
        return cls(
            line_paragraphs=line_paragraphs(document, sentences),
            headings=heading_dates(document, dates),
            span=home_span(document, dates, reference_date=document.reference_date),
        )

    # --- moving through the text -----------------------------------------------------
    def enter(
        self, sentence: Sentence, doc: Doc, mentions: Sequence[tuple[int, TimeMention]]
    ) -> None:
        """Move to ``sentence`` (``mentions``: its usable dates with sentence offsets)."""
        where = (sentence.section, None if self.line_paragraphs else sentence.paragraph)
        if self._where is None or where[0] != self._where[0]:
            heading = self.headings.get(sentence.section) if sentence.section is not None else None
            self._told = self._story = _Told(heading, sentence.index - 1) if heading else None
        elif where != self._where:
            if self._told is not None and not self._in_span(self._told.date):
                self._told = self._story
            self._told = self._carried(doc)
        self._where = where
        self._subjects |= subjects(doc)
        if not mentions and self._told is not None:
            step = vague_step(doc)
            if step is not None:
                self._told = _after(self._told, step, sentence.index)

    def inherited(self, sentence: Sentence) -> EventDate:
        """The date an undated event of ``sentence`` takes from the story."""
        if self._told is None:
            return NO_DATE
        date = self._told.date
        if self.line_paragraphs and sentence.index - self._told.index > 1:
            return _limited(date, "month")
        return date

    def remember(self, name: str | None, date: EventDate) -> None:
        """Note the date the text gives a named event ("the Doha Agreement", 2020)."""
        if name and date.start is not None:
            self._names.setdefault(_name_key(name), date)

    def recall(self, name: str | None) -> EventDate | None:
        """The date the text gave earlier to the event named ``name`` (or to a shorter or
        longer name with the same head: "Peshawar Accord", "Peshawar Peace Accords")."""
        if not name:
            return None
        key = _name_key(name)
        if not key:
            return None
        for known, date in self._names.items():
            if known[-1] == key[-1] and (set(known) <= set(key) or set(key) <= set(known)):
                return date
        return None

    def tell(
        self,
        sentence: Sentence,
        doc: Doc,
        mentions: Sequence[tuple[int, TimeMention]],
        aside: frozenset[str],
    ) -> None:
        """Record the date ``sentence`` tells, if it tells one."""
        current = self._told.date if self._told is not None else None
        mention = narrative_mention(doc, mentions, aside, current=current)
        if mention is not None:
            self._told = _Told(from_mention(mention), sentence.index)
            self._subjects = set(subjects(doc))
            if self._in_span(self._told.date):
                self._story = self._told

    def _in_span(self, date: EventDate) -> bool:
        """Whether ``date`` starts inside the document's years (True when unknown)."""
        if self.span is None or date.start is None:
            return True
        return self.span[0] <= int(date.start[:4]) <= self.span[1]

    def _carried(self, doc: Doc) -> _Told | None:
        """The story's date across a paragraph break, kept to the month: when the story
        runs day by day or month by month (a chronicle goes on in its next paragraph),
        or when the new paragraph goes on about whom the story was about ("The PDPA
        formed ..." after "the PDPA revolted"), or refers back to them ("He ...")."""
        if self._told is None:
            return None
        if self._told.date.precision in _CHRONICLE:
            return _Told(_limited(self._told.date, "month"), self._told.index)
        new = subjects(doc, main=True)
        if not (new & (self._subjects | {_PRONOUN})):
            return None
        return _Told(_limited(self._told.date, "month"), self._told.index)


# --- who the story is about ---------------------------------------------------------------
_PRONOUN = "<pronoun>"
_PERSONAL = frozenset({"he", "she", "they"})


def subjects(doc: Doc, *, main: bool = False) -> frozenset[str]:
    """Who a sentence's clauses (with ``main``, its main clauses) are about: the head
    words of their subjects and the names inside them ("the PDPA and military units"
    gives "unit" and "pdpa").

    A personal pronoun subject ("He", "They") stands for whoever the story was about.
    """
    out: set[str] = set()
    for token in doc:
        if token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if main and token.head.dep_ not in ("ROOT", "conj"):
            continue
        if token.pos_ == "PRON" and token.lower_ in _PERSONAL:
            out.add(_PRONOUN)
        elif token.pos_ in ("PROPN", "NOUN"):
            out.add(token.lemma_.lower())
        out.update(w.lower_ for w in token.subtree if w.pos_ == "PROPN")
    return frozenset(out)


# --- named events ------------------------------------------------------------------------
def _name_key(name: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z0-9]+", name.lower())
    return tuple(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w != "the")


def named_event(doc: Doc, token: int, names: Sequence[tuple[int, str]]) -> str | None:
    """The name of the event ``token`` stands for: its own, or the one it is "of".

    "the Doha Agreement" is named; so is "the signing of the Doha Agreement".
    """
    by_head = dict(names)
    if token in by_head:
        return by_head[token]
    head_token = doc[token]
    if head_token.pos_ in ("VERB", "AUX"):
        return None
    objects = (
        obj.i
        for child in head_token.children
        if child.dep_ == "prep" and child.lower_ == "of"
        for obj in child.children
    )
    return next((by_head[i] for i in objects if i in by_head), None)


def narrative_mention(
    doc: Doc,
    mentions: Sequence[tuple[int, TimeMention]],
    aside: frozenset[str],
    *,
    current: EventDate | None = None,
) -> TimeMention | None:
    """The date a sentence tells the story at: its last date that is not a name or an aside.

    A date in a relative clause moves the story only forward from ``current`` ("the
    government, which collapsed in 1992"), not back ("a party, which was founded in 1965").
    """
    plain = []
    for o, m in mentions:
        if (
            in_parentheses(doc, o)
            or governed_by(doc, o, m, aside)
            or name_part(doc, o, m)
            or from_event(doc, o, m)
        ):
            continue
        clause = subordinate_clause(doc, o, m)
        if clause == "description" or (clause == "relative" and _earlier(m, current)):
            continue
        plain.append(m)
    return plain[-1] if plain else None


def _earlier(mention: TimeMention, current: EventDate | None) -> bool:
    """Whether ``mention`` ends before the story's current date starts (a flashback)."""
    end = mention.range_end or mention.date_end or mention.date_start
    return (
        current is not None
        and current.start is not None
        and end is not None
        and (end[: len(current.start)] < current.start)
    )


_DESCRIBING = frozenset({"acl", "ccomp"})
_ADVERBIAL = frozenset({"prep", "pobj", "pcomp", "npadvmod", "advmod", "nummod", "conj", "cc"})


def subordinate_clause(doc: Doc, offset: int, mention: TimeMention) -> str | None:
    """The kind of clause a date is an adverbial of: "description", "relative" or None.

    Descriptions are clauses that describe a thing or report speech ("a party founded in
    1965", "a gain since they launched their offensive in May", "warned that it would
    collapse 6–12 months after"): their dates belong to the description or the report.
    Relative clauses ("which collapsed in 1992") may carry the story on. A date that
    names a thing ("condemning the 1979 invasion") is no clause's adverbial: None.
    """
    span = doc.char_span(offset, offset + mention.end - mention.start, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    while token.dep_ in _ADVERBIAL and token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    if token.pos_ not in ("VERB", "AUX"):
        return None
    found = None
    for clause in (token, *token.ancestors):
        if clause.pos_ not in ("VERB", "AUX"):
            continue
        if clause.dep_ in _DESCRIBING or (
            clause.dep_ == "advcl" and clause.head.pos_ in ("NOUN", "PROPN")
        ):
            return "description"
        if clause.dep_ == "relcl":
            found = found or "relative"
    return found


def from_event(doc: Doc, offset: int, mention: TimeMention) -> bool:
    """An offset counted from a named event ("two years after the war"), not the story."""
    words = mention.text.lower().split()
    if not words or words[-1] not in ("after", "before"):
        return False
    return _FROM_EVENT.match(doc_text(doc), offset + len(mention.text)) is not None


def heading_dates(document: Document, dates: Sequence[TimeMention]) -> dict[int, EventDate]:
    """The one date each section heading names ("Fall of Kabul (2021)"); ranges date none.

    A subsection whose heading names no date takes the date of the nearest heading
    above it that does ("### The battle of Aden" under "## 2015: Collapse").
    """
    out: dict[int, EventDate] = {}
    for section in document.sections:
        inside = [
            m
            for m in dates
            if m.sentence_id is None
            and section.heading_start <= m.start < section.heading_end
            and usable(m)
        ]
        if len(inside) == 1 and inside[0].kind == "date":
            out[section.index] = from_mention(inside[0])
        elif not inside and section.parent in out:
            out[section.index] = out[section.parent]
    return out


# --- vague steps forward -----------------------------------------------------------------
_SHORT_UNITS = frozenset({"D", "W", "TH", "TM"})


def vague_step(doc: Doc) -> str | None:
    """How far a sentence without a date moves the story: "short", "long" or None.

    "Later", "afterwards", "subsequently", "several years later" are long steps: the time
    is unknown. "Shortly afterwards", "a few days later" are short ones. A step inside a
    clause that describes someone ("X, who later became president, ...") moves nothing.
    """
    lexicon = load_lexicon()
    words = [t.lower_ for t in doc]
    for i, word in enumerate(words):
        if word not in lexicon.sequence_words or _describes(doc[i]):
            continue
        before = words[max(0, i - 3) : i]
        if any(w in lexicon.soon_words for w in before):
            return "short"
        units = {lexicon.unit(w) for w in before if _is_unit(w)}
        if units and units <= _SHORT_UNITS:
            return "short"
        return "long"
    return None


def _describes(token: Token) -> bool:
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.dep_ in ("relcl", "acl")


def _is_unit(word: str) -> bool:
    units = load_lexicon().units
    stem = word[:-3] + "y" if word.endswith("ies") else word.rstrip("s")
    return stem in units or word in units


def _after(told: _Told, step: str, index: int) -> _Told | None:
    """The story's date after a vague step: short steps keep the month at most."""
    if step == "long":
        return None
    return _Told(_limited(told.date, "month"), index)


def _limited(date: EventDate, limit: str) -> EventDate:
    precision = coarser(date.precision, limit)
    end = truncate(date.end, precision) if date.end else None
    return EventDate(truncate(date.start, precision), end, precision)
