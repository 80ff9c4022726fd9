"""What the parse of a sentence says about a name: a place, a person, part of a longer name.

Town names are also surnames and given names ("Jackson", "Hamilton", "Kagame" is not a
town but "Rwigyema" could be a village somewhere), and GeoNames lists some 200,000
populated places: a capitalised word will often match one. So a name the gazetteer scan
found is dropped when its sentence shows it is not a place:

- a title stands before it ("General Dostum", "President Habyarimana");
- the named-entity tagger puts it inside a person, unless the words around it make it a
  place ("in X", "X province") or it is a town or larger of a country the document is
  about ("Bush" is a city in Egypt, named in a text about Afghanistan);
- it is the surname of a person the document names in full elsewhere;
- it is part of a longer organisation, nationality or work name ("Army of Republika
  Srpska", "Radio Rwanda" is caught by the scan already);
- it only matches villages, nothing marks it as a place, and the tagger does not call it
  a proper noun;
- it only matches minor places (towns, villages, districts) outside the country the
  document is most about, and nothing marks it as a place ("Old Bridge" is a town in the
  United States, named in a text about Bosnia).

And names the parse or the words around them mark as places are offered to the
gazetteer even when the scan did not find them: named entities of types GPE/LOC/FAC, and
proper names after "the town/village/city/port/region of" or before a kind word ("Kibilira
commune").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from conflict_atlas.models import Sentence
from conflict_atlas.nlp import doc_text
from conflict_atlas.resolve import lexicon
from conflict_atlas.resolve.place_spans import Match

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset({"ORG", "NORP", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"})
_LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "inside", "into", "from", "around", "towards", "toward"}
)
#: Words that say the name next to them is a place ("the town of X", "X province").
KIND_WORDS = frozenset(
    [
        "town",
        "city",
        "village",
        "port",
        "capital",
        "district",
        "province",
        "region",
        "governorate",
        "oblast",
        "county",
        "municipality",
        "commune",
        "prefecture",
        "department",
        "raion",
        "valley",
        "island",
        "islands",
        "peninsula",
        "river",
        "mountains",
        "mountain",
        "hill",
        "hills",
        "lake",
        "sea",
        "gulf",
        "strait",
        "airport",
        "airfield",
        "base",
        "camp",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "quarter",
        "area",
        "state",
    ]
)
#: Nouns ending the name of a site ("the Chernobyl nuclear power plant", "Markale market").
SITE_HEADS = frozenset(
    [
        "plant",
        "station",
        "airport",
        "airfield",
        "bridge",
        "stadium",
        "street",
        "square",
        "market",
        "marketplace",
        "prison",
        "hospital",
        "church",
        "mosque",
        "cathedral",
        "school",
        "university",
        "base",
        "camp",
        "barracks",
        "port",
        "harbour",
        "dam",
        "castle",
        "palace",
        "compound",
        "steelworks",
        "refinery",
        "factory",
        "mine",
        "checkpoint",
        "crossing",
    ]
)
_SMALL_KINDS = frozenset({"village", "neighbourhood"})
_NOT_PLACE_LABELS = frozenset({"PERSON", "NORP", "ORG", "DATE"})
_KIND_NAMES = KIND_WORDS | {"of", "the", "and", "-"}


@dataclass(frozen=True, slots=True)
class SentenceView:
    """One sentence with its spaCy parse, read with absolute character offsets."""

    text: str
    sentence: Sentence
    doc: Doc

    def span(self, start: int, end: int) -> Span | None:
        """The tokens covering the absolute character span ``[start, end)``."""
        offset = self.sentence.start
        return self.doc.char_span(start - offset, end - offset, alignment_mode="expand")

    def not_a_place(
        self,
        match: Match,
        people: frozenset[str],
        primary: str | None,
        focus: frozenset[str] = frozenset(),
    ) -> bool:
        """Whether the sentence shows that ``match`` names no place (see the module doc).

        ``primary`` is the country (ISO code) the document is most about: a minor place
        elsewhere needs the words around it to be taken for a place; a name the tagger
        calls a person is a place only in one of the ``focus`` countries. A name the
        gazetteer lacks is kept (as unresolved) only when the words around it make it a
        place and the tagger calls it a proper name.
        """
        if match.entries and all(e.kind == "country" for e in match.entries):
            return False
        span = self.span(match.start, match.end)
        if span is None:
            return False
        if _titled(span) or _in_longer_name(span):
            return True
        cued = (
            match.want is not None
            or match.tier == "marked"
            or _locative(span)
            or span[-1].lower_ in SITE_HEADS
        )
        if not cued and len(span) == 1 and span.text in people:
            return True
        if not match.entries:
            proper = all(t.pos_ == "PROPN" for t in span)
            labels = _NOT_PLACE_LABELS - ({"ORG"} if match.tier == "marked" else set())
            return not (cued and proper and not _labelled(span, frozenset(labels)))
        if match.tier in ("ner", "marked") or cued or _labelled(span, PLACE_LABELS):
            return False
        if _labelled(span, frozenset({"PERSON"})):  # a town of the text's country only
            return not any(e.kind not in _SMALL_KINDS and e.cc in focus for e in match.entries)
        if primary and all(not e.is_core and e.cc != primary for e in match.entries):
            return True
        villages = all(e.kind in _SMALL_KINDS for e in match.entries)
        return villages and not all(t.pos_ == "PROPN" for t in span)


def person_names(docs: Iterable[Doc]) -> frozenset[str]:
    """The last words of the multi-word person names of a document ("Rwigyema")."""
    return frozenset(
        e[-1].text for d in docs for e in d.ents if e.label_ == "PERSON" and len(e) > 1
    )


def marked_names(view: SentenceView) -> Iterator[tuple[int, int, str]]:
    """Absolute spans of names marked as places: ``(start, end, "ner" | "marked")``."""
    offset = view.sentence.start
    for ent in view.doc.ents:
        if ent.label_ in PLACE_LABELS:
            tokens = [t for t in ent if t.lower_ != "the"] or list(ent)
            while len(tokens) > 1 and tokens[-1].is_lower and tokens[-1].lower_ in KIND_WORDS:
                tokens.pop()  # "the Bugesera region" names Bugesera
            if tokens[0].text[:1].isupper():
                yield offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1]), "ner"
    for run in _kind_marked(view.doc):
        yield offset + run[0].idx, offset + run[-1].idx + len(run[-1]), "marked"


_KIND_WORD = re.compile(r"\b(?:" + "|".join(sorted(KIND_WORDS)) + r")\b", re.IGNORECASE)


def _kind_marked(doc: Doc) -> Iterator[list[Token]]:
    """Proper-name runs after "the town of" or before a kind word ("Kibilira commune")."""
    if not _KIND_WORD.search(doc_text(doc)):
        return
    for token in doc:
        word = token.lower_
        if word not in KIND_WORDS or token.ent_type_ in ("PERSON", "ORG", "NORP"):
            continue
        if token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "of":
            run = _proper_run(doc, token.i + 2, step=1)
            if run:
                yield run
        elif token.i > 0 and token.is_lower:
            run = _proper_run(doc, token.i - 1, step=-1)
            if run:
                yield sorted(run, key=lambda t: t.i)


def _proper_run(doc: Doc, at: int, *, step: int) -> list[Token]:
    run: list[Token] = []
    i = at
    while 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper():
        if doc[i].ent_type_ in ("PERSON", "NORP", "DATE"):  # a kind word outweighs "ORG"
            return []
        run.append(doc[i])
        i += step
    return run if len(run) <= 4 else []


def _titled(span: Span) -> bool:
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.lower_.rstrip(".") in _TITLES


_TITLES = frozenset(t.rstrip(".") for t in lexicon.TITLES) - {"prime"}


def _labelled(span: Span, labels: frozenset[str]) -> bool:
    return any(t.ent_type_ in labels for t in span)


def _locative(span: Span) -> bool:
    i = span.start - 1
    while i >= 0 and span.doc[i].lower_ in ("the", "northern", "southern", "eastern", "western"):
        i -= 1
    return i >= 0 and span.doc[i].lower_ in _LOCATIVE


def _in_longer_name(span: Span) -> bool:
    """Inside an organisation (or similar) entity with words of its own."""
    for ent in span.doc.ents:
        if ent.label_ not in _NAME_LABELS or not (ent.start <= span.start and span.end <= ent.end):
            continue
        rest = [t for t in ent if not (span.start <= t.i < span.end)]
        if any(t.lower_ not in _KIND_NAMES and t.text[:1].isupper() for t in rest):
            return True
    return False
