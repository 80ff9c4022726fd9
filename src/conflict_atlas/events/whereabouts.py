"""Where the story is: the place an event happens when its sentence names none.

An analyst reading "Government forces retook the town on 4 September" knows which town
from the sentences before. The event stage follows the text the same way:

1. **The sentence's own place** (found by :func:`~conflict_atlas.events.locate.locate`).
2. **The place the sentence refers back to.** "the city", "the town", "the capital",
   "the province", "the enclave", "there" ... name a place by its kind: the most recent
   place of that kind the section has named (a new section starts afresh, and a sentence
   that names another country makes the places of the old one stale).
3. **The country the story is set in**, at country precision: the one country the
   sentence's places lie in; else the country of the places the paragraph has named so
   far; else the country that dominates the paragraph's places (two thirds of them),
   else the section's, else the one that holds more than half of the document's. A country counts
   when it is named as a place ("in Yemen", "across northern Syria"), not when it acts
   ("Saudi Arabia began bombing") or qualifies ("US-supplied rockets"); towns and regions
   always count.
4. Otherwise the location is unknown (``None``): better than a wrong one.

Events are not given the place of the sentence before merely for coming after it:
measured on annotated texts, carrying the last place through a paragraph moved as many
events to a wrong place as to the right one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from conflict_atlas.events.locate import to_location
from conflict_atlas.models import EntityMention, EventLocation, Place, Sentence

#: A country dominates a paragraph or section when it holds this share of its places ...
DOMINANCE = 2 / 3
#: ... and the document when it holds more than this share (a text about one country
#: names others too).
DOCUMENT_DOMINANCE = 1 / 2
_FINE = frozenset({"exact", "city", "near", "district", "admin1", "province"})
_SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood"})
_REGIONS = frozenset({"province", "district", "region", "valley"})
#: A definite description or adverb that names a place already told, and the kinds of
#: place it can name (None: any).
_ANAPHORS: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...] = (
    (
        re.compile(
            r"\b(?:the|this|that) (?:city|town|capital|village|port|enclave|pocket)\b", re.I
        ),
        _SETTLEMENTS,
    ),
    (
        re.compile(
            r"\b(?:the|this|that) "
            r"(?:province|region|district|governorate|oblast|prefecture|valley)\b",
            re.I,
        ),
        _REGIONS,
    ),
    (re.compile(r"\b(?:there)\b", re.I), None),
)


class Whereabouts:
    """Tracks the story's place through one document's sentences (see the module doc).

    Call :meth:`enter` when the event loop reaches a sentence, :meth:`here` for the
    location of an event that has no place of its own, and :meth:`tell` with the places
    the sentence's events happened at once it is done.

    Args:
        text: the document's text.
        sentences: the document's sentences in order.
        mentions: resolved place mentions of the document.
        places: the places they refer to, by id.
        line_paragraphs: the text has one sentence per paragraph.
    """

    def __init__(
        self,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Iterable[EntityMention],
        places: Mapping[str, Place],
        *,
        line_paragraphs: bool = False,
    ) -> None:
        self.places = places
        self.line_paragraphs = line_paragraphs
        self._by_sentence: dict[str, list[Place]] = defaultdict(list)
        self._settings: dict[str, list[str]] = defaultdict(list)
        for m in sorted(mentions, key=lambda m: m.start):
            place = places.get(m.entity_id or "")
            if place is None or m.sentence_id is None:
                continue
            self._by_sentence[m.sentence_id].append(place)
            if place.country and (place.kind != "country" or _locative(text, m.start)):
                self._settings[m.sentence_id].append(place.country)
        self._paragraph_countries = self._group(sentences, lambda s: (s.section, s.paragraph))
        self._section_countries = self._group(sentences, lambda s: s.section)
        everywhere = Counter(c for cs in self._settings.values() for c in cs)
        self._document = _dominant(everywhere, DOCUMENT_DOMINANCE, most=True)
        self._names = {p.country: p for p in places.values() if p.kind == "country"}
        self._where: tuple[int | None, int | None] | None = None
        self._section: int | None = None
        self._recent: list[Place] = []
        self._country: str | None = None

    def _group(self, sentences: Sequence[Sentence], key: object) -> dict[object, Counter[str]]:
        grouped: dict[object, Counter[str]] = defaultdict(Counter)
        for s in sentences:
            grouped[key(s)].update(self._settings.get(s.id, ()))  # type: ignore[operator]
        return grouped

    # --- moving through the text -----------------------------------------------------
    def enter(self, sentence: Sentence) -> None:
        """Move to ``sentence``: a new section forgets the places told, a new paragraph
        the country it was set in."""
        where = (sentence.section, None if self.line_paragraphs else sentence.paragraph)
        if sentence.section != self._section:
            self._recent = []
        if where != self._where:
            self._country = None
        self._where, self._section = where, sentence.section
        named = set(self._settings.get(sentence.id, ()))
        if named:  # the story moves to another country: its old places are stale
            self._recent = [p for p in self._recent if p.country in named]

    def here(self, sentence: Sentence) -> EventLocation | None:
        """The location of an event of ``sentence`` that names no place of its own."""
        place = self.referred(sentence)
        if place is not None:
            return to_location(place)
        country = self.country(sentence)
        return self.country_location(country) if country else None

    def referred(self, sentence: Sentence) -> Place | None:
        """The place ``sentence`` refers back to ("the city", "there"), if any."""
        for pattern, kinds in _ANAPHORS:
            if pattern.search(sentence.text):
                return next(
                    (p for p in reversed(self._recent) if kinds is None or p.kind in kinds),
                    None,
                )
        return None

    def country(self, sentence: Sentence) -> str | None:
        """The country the story is set in at ``sentence`` (see the module doc, step 3)."""
        own = self._settings.get(sentence.id)
        if own and len(set(own)) == 1:
            return own[0]
        if self._country is not None:
            return self._country
        paragraph = self._paragraph_countries.get((sentence.section, sentence.paragraph))
        if paragraph and not self.line_paragraphs and (top := _dominant(paragraph)):
            return top
        section = self._section_countries.get(sentence.section, Counter())
        return _dominant(section) or self._document

    def tell(self, sentence: Sentence, located: Sequence[Place]) -> None:
        """Note the places ``sentence`` named and where its events happened."""
        named = [p for p in self._by_sentence.get(sentence.id, ()) if p.precision in _FINE]
        for place in [*named, *(p for p in located if p.precision in _FINE)]:
            if place in self._recent:
                self._recent.remove(place)
            self._recent.append(place)
        countries = self._settings.get(sentence.id)
        if countries:
            self._country = countries[-1]

    def document_location(self) -> EventLocation | None:
        """The country that dominates the whole document's places, if one does."""
        return self.country_location(self._document) if self._document else None

    def country_location(self, country: str) -> EventLocation:
        """``country`` as an event location at country precision."""
        place = self._names.get(country)
        if place is not None:
            return to_location(place, precision="country")
        return EventLocation(country, None, country, None, None, "country")


def _dominant(counts: Counter[str], share: float = DOMINANCE, *, most: bool = False) -> str | None:
    """The country holding ``share`` of ``counts`` (more than it, with ``most``)."""
    if not counts:
        return None
    top, n = counts.most_common(1)[0]
    total = sum(counts.values())
    return top if (n > share * total if most else n >= share * total) else None


_LOCATIVE = re.compile(
    r"\b(?:in|into|inside|within|across|throughout|to|towards|toward|from|near|over|at)"
    r"(?:\s+the)?(?:\s+(?:north|south|east|west|northern|southern|eastern|western|central)"
    r"(?:-?(?:east|west|eastern|western))?)?\s*$",
    re.IGNORECASE,
)


def _locative(text: str, start: int) -> bool:
    """Whether a preposition of place comes right before ``start`` ("in Yemen")."""
    return bool(_LOCATIVE.search(text[max(0, start - 40) : start]))
