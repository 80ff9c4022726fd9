"""What the claims stage needs to know about one document, indexed once.

:class:`DocContext` answers: which sentence holds an offset, which dates and entity
mentions a sentence has, what the document is about (its subject), which date a
sentence carries (its own or the one the paragraph's narrative set), and who is said to
be the source of a statement (attribution).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from conflict_atlas.claims.text import (
    Word,
    clause_bounds,
    clause_of,
    ends_with_phrase,
    find_phrases,
    in_parentheses,
    index_at,
    name_key,
    words,
)
from conflict_atlas.claims.vocab import Vocabulary
from conflict_atlas.models import (
    Actor,
    DocumentResult,
    EntityMention,
    EventSource,
    Section,
    Sentence,
    TimeMention,
    UnitKind,
)

_DATED = ("day", "month", "season", "year", "decade")


@dataclass(frozen=True, slots=True)
class Subject:
    """What a claim is about: a display label, an entity id, and whether it is scoped.

    A scoped subject (an event, the document's conflict) fixes the period itself, so
    claims about it compare even without a stated time; an unscoped one (a party such as
    "Taliban") needs the same stated time on both claims.
    """

    label: str
    id: str | None
    scoped: bool


@dataclass(frozen=True, slots=True)
class When:
    """The time a statement refers to: a period, or a running total up to a date."""

    mention: TimeMention
    cumulative: bool

    @property
    def label(self) -> str:
        """ "2021-05", "1978/2013", or "by 2014" for a running total."""
        text = period_label(self.mention)
        return f"by {text.split('/')[-1]}" if self.cumulative else text


def period_label(mention: TimeMention) -> str:
    """ISO label of a time mention's interval at its precision ("2021-08", "1978/2013")."""
    start = mention.range_start or mention.date_start or ""
    end = mention.range_end or mention.date_end or start
    size = {"year": 4, "decade": 4, "month": 7, "season": 7}.get(mention.precision or "", 10)
    first, last = start[:size], end[:size]
    return first if first == last else f"{first}/{last}"


class DocContext:
    """Indexes of one analysed document for the claims stage."""

    def __init__(self, result: DocumentResult, actors: Sequence[Actor], vocab: Vocabulary):
        self.result = result
        self.document = result.document
        self.vocab = vocab
        self.sentences = sorted(result.sentences, key=lambda s: s.start)
        self._starts = [s.start for s in self.sentences]
        self._order = {s.id: i for i, s in enumerate(self.sentences)}
        self._words: dict[str, list[Word]] = {}
        self.times: dict[str, list[TimeMention]] = {}
        for t in result.times:
            if t.sentence_id is not None:
                self.times.setdefault(t.sentence_id, []).append(t)
        self.mentions: dict[str, list[EntityMention]] = {}
        for m in result.mentions:
            if m.sentence_id is not None:
                self.mentions.setdefault(m.sentence_id, []).append(m)
        self.actors = {a.id: a for a in actors}
        self.sections = {s.index: s for s in self.document.sections}
        self.subject = self._document_subject()

    # --- lookup --------------------------------------------------------------------
    def sentence_at(self, offset: int) -> Sentence | None:
        """The unit whose span contains ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < max(
            self.sentences[i].end, self.sentences[i].start + 1
        ):
            return self.sentences[i]
        return None

    def source(self, sentence: Sentence) -> EventSource:
        """The evidence record of a whole unit (sentence, infobox field or table row)."""
        text = self.document.text[sentence.start : sentence.end]
        return EventSource(self.document.name, sentence.start, sentence.end, text)

    def words(self, sentence: Sentence) -> list[Word]:
        """Words of a unit with offsets into the document text (computed once)."""
        found = self._words.get(sentence.id)
        if found is None:
            found = words(self.document.text[sentence.start : sentence.end], sentence.start)
            self._words[sentence.id] = found
        return found

    def actor_mentions(self, sentence: Sentence) -> list[EntityMention]:
        """Resolved actor mentions of a unit, in text order."""
        found = self.mentions.get(sentence.id, [])
        return [m for m in found if m.kind == "actor" and m.entity_id is not None]

    def actor_kind(self, mention: EntityMention) -> str | None:
        actor = self.actors.get(mention.entity_id or "")
        return actor.kind if actor is not None else None

    def actor_name(self, mention: EntityMention) -> str:
        actor = self.actors.get(mention.entity_id or "")
        return actor.name if actor is not None else mention.text

    def sections_of(self, sentence: Sentence) -> list[Section]:
        """The section of a unit and its ancestors, innermost first."""
        chain: list[Section] = []
        index = sentence.section
        while index is not None and index in self.sections:
            chain.append(self.sections[index])
            index = self.sections[index].parent
        return chain

    # --- subject of the document ---------------------------------------------------
    def _document_subject(self) -> Subject:
        title = re.sub(r"\s+", " ", self.document.title).strip()
        key = name_key(title)
        heads = self.vocab.event_heads + self.vocab.event_of_heads
        if any(w in heads for w in title.lower().split()):
            return Subject(title, None, True)
        for mentions in self.mentions.values():
            for m in mentions:
                if m.kind == "actor" and m.entity_id and name_key(m.text) == key:
                    return Subject(self.actor_name(m), m.entity_id, False)
        return Subject(title, None, True)

    def title_head(self) -> str | None:
        """The event word of the title ("offensive" in "2021 Taliban offensive")."""
        heads = self.vocab.event_heads + self.vocab.event_of_heads
        found = [w for w in self.document.title.lower().split() if w in heads]
        return found[-1] if found else None

    # --- time ----------------------------------------------------------------------
    def dated(self, sentence: Sentence) -> list[TimeMention]:
        """Time mentions of a unit that resolved to a calendar interval."""
        found = self.times.get(sentence.id, [])
        return [t for t in found if t.date_start and t.precision in _DATED]

    def calendar(self, mention: TimeMention) -> bool:
        """True for a date the text spells out ("6 August", "1994"), not "the same day"."""
        text = mention.text.lower()
        return any(c.isdigit() for c in text) or any(
            word in text for word in self.vocab.calendar_words
        )

    def time_role(self, sentence: Sentence, mention: TimeMention) -> str:
        """ "elsewhere" (since/after X), "cumulative" (by X) or "period" (in X)."""
        tokens = self.words(sentence)
        i = index_at(tokens, mention.start)
        while i > 0 and tokens[i - 1].text in ("the", "a", "an"):
            i -= 1
        if ends_with_phrase(tokens, i, self.vocab.elsewhere):
            return "elsewhere"
        if ends_with_phrase(tokens, i, self.vocab.cumulative):
            return "cumulative"
        return "period"

    def when(self, sentence: Sentence, offset: int) -> When | None:
        """The time a statement at ``offset`` refers to, from its own sentence.

        The nearest date in the same clause wins; else a date opening the sentence
        ("In May, ..."); dates after "since"/"after" belong to something else.
        """
        tokens = self.words(sentence)
        bounds = clause_bounds(tokens, self.vocab.clause_openers)
        clause = clause_of(bounds, index_at(tokens, offset))
        best: tuple[int, TimeMention] | None = None
        opening: TimeMention | None = None
        for mention in self._candidates(sentence, offset):
            if self.time_role(sentence, mention) == "elsewhere":
                continue
            i = index_at(tokens, mention.start)
            if i <= 2 and opening is None:
                opening = mention
            if clause[0] <= i < clause[1]:
                distance = abs(mention.start - offset)
                if best is None or distance < best[0]:
                    best = (distance, mention)
        chosen = best[1] if best else opening
        if chosen is None:
            return None
        return When(chosen, self.time_role(sentence, chosen) == "cumulative")

    def _candidates(self, sentence: Sentence, offset: int) -> list[TimeMention]:
        """Dates of the unit; in an infobox field, only those of the item at ``offset``."""
        found = self.dated(sentence)
        if sentence.kind != UnitKind.INFOBOX_FIELD:
            return found
        for item in (i for f in self.document.infobox_fields for i in f.items):
            if item.start <= offset < item.end:
                return [t for t in found if item.start <= t.start < item.end]
        return found

    def narrative_date(self, sentence: Sentence) -> TimeMention | None:
        """The date the paragraph's story is at: the last direct date told before here."""
        i = self._order[sentence.id]
        while i >= 0:
            unit = self.sentences[i]
            if unit.paragraph != sentence.paragraph or unit.section != sentence.section:
                return None
            direct = [
                t
                for t in self.dated(unit)
                if self.time_role(unit, t) == "period"
                and self.calendar(t)
                and not in_parentheses(
                    self.document.text[unit.start : unit.end], t.start - unit.start
                )
            ]
            if direct:
                return direct[0]
            i -= 1
        return None

    # --- attribution ---------------------------------------------------------------
    def attribution(self, sentence: Sentence, offset: int) -> str | None:
        """Who the text says states the claim: "according to X", "X claimed", a label."""
        if sentence.kind == UnitKind.INFOBOX_FIELD:
            return self._label_before(sentence, offset)
        tokens = self.words(sentence)
        according = find_phrases(tokens, self.vocab.according)
        if according:
            return self._name_from(tokens, according[0][1])
        for first, _ in find_phrases(tokens, self.vocab.attribution_verbs):
            if tokens[first].start > offset:
                break
            who = self._speaker_before(sentence, tokens, first)
            if who:
                return who
        return None

    def _speaker_before(self, sentence: Sentence, tokens: Sequence[Word], verb: int) -> str:
        start = tokens[max(0, verb - 4)].start
        end = tokens[verb].start
        near = [m for m in self.actor_mentions(sentence) if start <= m.start and m.end <= end]
        if near:
            return self.actor_name(near[-1])
        span = self.document.text[start:end]
        names = re.findall(r"(?:[A-Z][\w.'’-]*\s?)+", span)
        return names[-1].strip() if names else ""

    def _name_from(self, tokens: Sequence[Word], first: int) -> str | None:
        """The words from ``first`` up to a comma, a verb-like word or a number (at most 8)."""
        taken: list[Word] = []
        for token in tokens[first : first + 8]:
            if not token.text[:1].isalpha() or token.text in self.vocab.name_stops:
                break
            taken.append(token)
        if not taken:
            return None
        return self.document.text[taken[0].start : taken[-1].end]

    def _label_before(self, sentence: Sentence, offset: int) -> str | None:
        """The last "Label:" item before ``offset`` in an infobox field."""
        text = self.document.text[sentence.start : offset]
        labels: list[str] = re.findall(r"(?:^|,)\s*([^,:]{2,60}):", text)
        for label in reversed(labels):
            lowered = label.lower()
            if any(word in lowered for word in self.vocab.attribution_labels):
                return label.strip()
        return None
