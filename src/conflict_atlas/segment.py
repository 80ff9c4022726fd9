"""Segment: cut a :class:`Document` into units with exact offsets into its raw text.

Prose paragraphs become sentences; every table row and every infobox field is a unit of
its own. A unit's ``text`` is its raw slice with citation markers removed; markers left
outside every unit (as at the start of a line in sentence-per-line dumps) are credited
to the unit before them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from conflict_atlas.ingest.blocks import has_text
from conflict_atlas.ingest.text import MARKER_GROUP_RE, strip_citations, trim_span
from conflict_atlas.models import Document, Sentence, UnitKind, content_id

__all__ = ["Segmenter", "segment", "split_sentences"]

# A full stop, "!", "?" or ellipsis, closing quotes/brackets, citation markers, then
# whitespace and the first character of what follows.
_CANDIDATE = re.compile(
    rf"([.!?…]+)([\"'”’»)\]]*)((?:[ \t]*{MARKER_GROUP_RE.pattern})?)(\s+)(?=(\S))"
)
_TOKEN_BEFORE = re.compile(r"([\w.'’-]+)$")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([\w’'-]+)")


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """Abbreviation rules read from ``data/segment``; see the comments in those files."""

    never: frozenset[str]
    before_number: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]

    @classmethod
    def load(cls) -> Abbreviations:
        never: set[str] = set()
        number: set[str] = set()
        ambiguous: set[str] = set()
        for word, qualifier in _data_lines("abbreviations.txt"):
            {"number": number, "ambiguous": ambiguous}.get(qualifier, never).add(word.lower())
        starters = {word for word, _ in _data_lines("sentence_starters.txt")}
        return cls(frozenset(never), frozenset(number), frozenset(ambiguous), frozenset(starters))


def _data_lines(name: str) -> list[tuple[str, str]]:
    text = resources.files("conflict_atlas.data.segment").joinpath(name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            rows.append((words[0], words[1] if len(words) > 1 else ""))
    return rows


def split_sentences(
    text: str, start: int = 0, end: int | None = None, *, rules: Abbreviations | None = None
) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of surrounding whitespace.

    >>> split_sentences("The U.S. Army left. Then Lt. Gen. Gromov crossed c. 1989.")
    [(0, 19), (20, 57)]
    """
    rules = rules or _default_rules()
    stop = len(text) if end is None else end
    spans = []
    current = start
    for m in _CANDIDATE.finditer(text, start, stop):
        if m.start(5) >= stop or not _ends_sentence(text, current, m, rules):
            continue
        spans.append(trim_span(text, current, m.end(3)))
        current = m.end(4)
    spans.append(trim_span(text, current, stop))
    return [(a, b) for a, b in spans if a < b]


def _ends_sentence(text: str, begin: int, m: re.Match[str], rules: Abbreviations) -> bool:
    following = m.group(5)
    if following.islower() or following in ",;:)]}":
        return False
    if m.group(1) != "." or m.group(2):
        return True
    token_match = _TOKEN_BEFORE.search(text, begin, m.start(1))
    if token_match is None:
        return True
    token = token_match.group(1).lstrip("'’-")
    lowered = token.lower()
    if lowered in rules.never:
        return False
    if lowered in rules.before_number and following.isdigit():
        return False
    if lowered in rules.ambiguous or _ACRONYM.fullmatch(token):
        word = _NEXT_WORD.match(text, m.start(5))
        return bool(word and word.group(1) in rules.starters)
    return True


@cache
def _default_rules() -> Abbreviations:
    return Abbreviations.load()


class Segmenter:
    """Cuts documents into :class:`Sentence` units. Loads its rules once."""

    def __init__(self, rules: Abbreviations | None = None) -> None:
        self.rules = rules or _default_rules()

    def __call__(self, document: Document) -> tuple[Sentence, ...]:
        units = self._prose(document) + _structured(document)
        units.sort(key=lambda unit: unit[0])
        return _with_citations(document, units)

    def _prose(self, document: Document) -> list[_Unit]:
        units: list[_Unit] = []
        text = document.text
        for paragraph in document.paragraphs:
            for a, b in split_sentences(text, paragraph.start, paragraph.end, rules=self.rules):
                units.append((a, b, paragraph.kind, paragraph.section, paragraph.index, None))
        return units


_Unit = tuple[int, int, UnitKind, int | None, int | None, str | None]


def _structured(document: Document) -> list[_Unit]:
    units: list[_Unit] = []
    for table in document.tables:
        for row in table.rows:
            units.append((row.start, row.end, UnitKind.TABLE_ROW, row.section, None, None))
    for field in document.infobox_fields:
        if field.end > field.start:
            units.append((field.start, field.end, UnitKind.INFOBOX_FIELD, None, None, field.key))
    return units


def _with_citations(document: Document, units: list[_Unit]) -> tuple[Sentence, ...]:
    kept = [u for u in units if has_text(strip_citations(document.text[u[0] : u[1]]))]
    labels: list[list[str]] = [[] for _ in kept]
    starts = [u[0] for u in kept]
    for marker in document.citations:
        index = bisect.bisect_right(starts, marker.start) - 1
        if index >= 0:
            labels[index].append(marker.label)
    return tuple(
        Sentence(
            id=content_id(document.id, a, b),
            doc_id=document.id,
            index=i,
            start=a,
            end=b,
            text=strip_citations(document.text[a:b]),
            kind=kind,
            section=section,
            paragraph=paragraph,
            field=field,
            citations=tuple(labels[i]),
        )
        for i, (a, b, kind, section, paragraph, field) in enumerate(kept)
    )


@cache
def _default_segmenter() -> Segmenter:
    return Segmenter()


def segment(document: Document) -> tuple[Sentence, ...]:
    """Units of ``document`` in text order (see :class:`Segmenter`)."""
    return _default_segmenter()(document)
