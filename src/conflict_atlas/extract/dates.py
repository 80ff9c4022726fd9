"""Temporal stage: find and normalize every temporal expression, anchored to its context.

Each expression becomes a :class:`~conflict_atlas.models.TimeMention` with a TIMEX3-style
``value``, the interval it covers (``date_start``/``date_end``, never more precise than the
text), its ``precision`` and ``mod``, and the ``anchor`` that resolved it:

- ``explicit``: the text names the date ("27 April 1978", "the 1980s");
- ``section_title``: the year came from a dated heading ("Fall of Kabul (2021)");
- ``same_sentence`` / ``previous_sentence``: from the narrative reference time, which moves
  with the story (the last date told, ignoring premodifiers such as "the 1973 coup" and
  parentheses);
- ``infobox_date`` / ``document_title``: from the infobox Date field or the title;
- ``reference_date``: from the publication date ("yesterday", "last year"; in news, also
  days without a year: the one nearest the publication date);
- ``none``: could not be anchored (value keeps ``XXXX``; dates are None).

The document's home span is the years it is about: its infobox date, a title range, else
the run of years it names most (:mod:`.timex.span`). A new paragraph leaves a digression
outside the span and goes back to the last time the story told inside it; a subsection
starts within the date of the nearest dated heading above it. A publication date is the
home of news only (a text whose years reach its publication year, or that names none);
a history published later keeps its own span. The title, where it is written above the
body, is tagged too; it dates nothing.

Ranges ("1 May – 15 August 2021", "1989–92", "between 1996 and 2001", "2001–present")
are tagged as their endpoints, each with its own value, ``kind="interval"``, and the whole
range in ``range_start``/``range_end``; "since 2001" gives an open range (``range_end`` None).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from conflict_atlas.extract.timex.exprs import Absolute, Found
from conflict_atlas.extract.timex.lexicon import load_lexicon
from conflict_atlas.extract.timex.resolve import Context, Resolved, resolve
from conflict_atlas.extract.timex.scan import Link, Scanner, inherit
from conflict_atlas.extract.timex.span import HEADING_WEIGHT, covered_span
from conflict_atlas.extract.timex.values import Point, parse_iso
from conflict_atlas.models import Document, Layout, Sentence, TimeMention, UnitKind

__all__ = ["DateTagger", "extract_dates", "home_span", "line_paragraphs"]

_NARRATIVE = (UnitKind.SENTENCE, UnitKind.LIST_ITEM)
_DATE_KEYS = ("date", "dates", "period", "active", "duration", "years")
_PREMODIFIER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|and|or|its|his|her|their|this|that)|['’]s)\s+$", re.IGNORECASE
)
_EVENT_AFTER = re.compile(r"\s+(?:the|a|an|his|her|their|its|[A-Z])")
_DETERMINER = re.compile(r"(?:the|a|an|its|his|her|their|this|that)\s", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_OPEN = 9999  # the last year of a span that runs to the present
_OFFSET_RULES = ("relative_n", "relative_around")
_YEAR_KNOWN = frozenset({"year", "season", "quarter", "month", "week", "day"})
# Texts with fewer sentences than this per paragraph put one sentence on each line (when
# they have enough paragraphs to tell).
_LINES_PER_PARAGRAPH = 1.2
_FEW_PARAGRAPHS = 10


@dataclass(frozen=True, slots=True)
class _Unit:
    """A stretch of text tagged as one: a sentence, a section heading or the title."""

    start: int
    end: int
    sentence: Sentence | None
    section: int | None  # the section a heading opens, or the sentence's section
    kind: str  # "sentence", "heading" or "title"
    found: list[Found]
    links: list[Link]


class DateTagger:
    """Rule-based temporal tagger; build once, call per document.

    Example::

        tagger = DateTagger()
        mentions = tagger(document, sentences, reference_date="2021-08-16")
    """

    def __init__(self) -> None:
        self._scanner = Scanner(load_lexicon())

    def __call__(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        *,
        reference_date: str | None = None,
    ) -> list[TimeMention]:
        """Temporal expressions of ``document`` found in its title, headings and
        ``sentences``."""
        units = [self._scan(document, *unit) for unit in self._units(document, sentences)]
        ctx = self._start_context(document, reference_date, _years(units))
        lines = line_paragraphs(document, sentences)
        mentions: list[TimeMention] = []
        where: tuple[int | None, int | None] | None = None
        for index, unit in enumerate(units):
            if unit.kind != "title":
                paragraph = unit.sentence.paragraph if unit.sentence and not lines else None
                here = (unit.section, paragraph)
                if here != where:
                    ctx.return_home(unit.section)
                    where = here
            if unit.kind == "heading":
                ctx.enter_section(unit.section, _ancestors(document, unit.section))
            mentions.extend(self._resolve_unit(document, unit, ctx, index))
        return mentions

    def scan_text(self, text: str, *, reference_date: str | None = None) -> list[TimeMention]:
        """Tag a bare string as a one-sentence document (handy in notebooks and tests)."""
        document = Document(
            id="text", name="text", source="text", layout=Layout.PLAIN, title="", text=text
        )
        unit = Sentence("s0", "text", 0, 0, len(text), text, UnitKind.SENTENCE, None, None)
        return self(document, [unit], reference_date=reference_date)

    def home_span(
        self,
        document: Document,
        mentions: Sequence[TimeMention],
        *,
        reference_date: str | None = None,
    ) -> tuple[int, int] | None:
        """The years ``document`` is about, as the tagger saw them when it found
        ``mentions`` (see :meth:`_start_context`); the last year is 9999 for "present"."""
        years = (
            (int(m.date_start[:4]), 1 if m.sentence_id else HEADING_WEIGHT)
            for m in mentions
            if m.anchor == "explicit" and m.date_start and m.precision in _YEAR_KNOWN
        )
        return self._start_context(document, reference_date, years).span

    # --- context -------------------------------------------------------------------
    def _start_context(
        self, document: Document, reference_date: str | None, years: Iterable[tuple[int, int]]
    ) -> Context:
        """Where the document's time starts, and the span of years it is about.

        An infobox date or a title range ("2014–2018") states the span; else it is the
        run of years the text names most (a title's single year joins it). A publication
        date is home only to news: a text whose years reach the year it was published, or
        that names no year. A history published later keeps its own span; the
        publication date then serves only expressions relative to the moment of writing.
        """
        news = parse_iso(reference_date or document.reference_date or "")
        ctx = Context(news=news)
        covered = covered_span(years)
        home: Point | None = None
        origin, span = "none", covered
        stated = self._stated(document)
        if stated is not None:
            home, origin, span = stated
            if span is None:  # a single year in the title: the text says how far it goes
                assert home.year is not None
                span = _union(covered, (home.year, home.year))
        if news is not None and news.year is not None and _news(span, news.year):
            ctx.set_home(news, "reference_date", _union(span, (news.year - 1, news.year)))
        else:
            ctx.set_home(home, origin, span)
        return ctx

    def _stated(self, document: Document) -> tuple[Point, str, tuple[int, int] | None] | None:
        """The time an infobox date or the title gives: its first point, where it came
        from, and its span (None for a title's single year)."""
        texts = [
            (f.value, "infobox_date")
            for f in document.infobox_fields
            if f.key.strip().lower() in _DATE_KEYS
        ]
        for text, origin in [*texts, (document.title, "document_title")]:
            found = self._span(text)
            if found is None:
                continue
            point, last, ranged = found
            assert point.year is not None
            if origin == "document_title" and not ranged:
                return point, origin, None
            return point, origin, (point.year, last if last is not None else _OPEN)
        return None

    def _span(self, text: str) -> tuple[Point, int | None, bool] | None:
        """First date of ``text``, the last year of the range it opens (None: open), and
        whether it opens a range."""
        found, links = self._scanner.scan(text)
        found = _with_ranges(found, links)
        for i, item in enumerate(found):
            point = resolve(item.expr, Context(), -1).point
            if point is None or point.year is None:
                continue
            last = next((link.last for link in links if link.first == i), None)
            if last is None:
                return point, point.year, False
            end = resolve(found[last].expr, Context(), -1).point
            return point, end.year if end is not None else None, True
        return None

    # --- units -----------------------------------------------------------------------
    def _units(
        self, document: Document, sentences: Sequence[Sentence]
    ) -> Iterator[tuple[int, int, Sentence | None, int | None, str]]:
        """The title, the sentences and the section headings no sentence covers, in
        document order."""
        covered = [(u.start, u.end) for u in sentences]

        def free(start: int, end: int) -> bool:
            return end > start and not any(a < end and start < b for a, b in covered)

        units: list[tuple[int, int, Sentence | None, int | None, str]] = [
            (s.heading_start, s.heading_end, None, s.index, "heading")
            for s in document.sections
            if free(s.heading_start, s.heading_end)
        ]
        units += [(s.start, s.end, s, s.section, "sentence") for s in sentences]
        title = _title_span(document)
        if title is not None and free(*title):
            units.append((*title, None, None, "title"))
        yield from sorted(units, key=lambda u: (u[0], u[2] is None))

    def _scan(
        self,
        document: Document,
        start: int,
        end: int,
        sentence: Sentence | None,
        section: int | None,
        kind: str,
    ) -> _Unit:
        found, links = self._scanner.scan(document.text[start:end])
        return _Unit(start, end, sentence, section, kind, _with_ranges(found, links), links)

    def _resolve_unit(
        self, document: Document, unit: _Unit, ctx: Context, index: int
    ) -> list[TimeMention]:
        text = document.text[unit.start : unit.end]
        found = unit.found
        heading = unit.kind == "heading"
        sentence = unit.sentence
        narrative = sentence is not None and sentence.kind in _NARRATIVE
        results: list[Resolved] = []
        year = _explicit_year(found)
        for i, item in enumerate(found):
            name = _names_thing(text, item)
            if _apposed_offset(text, found, i):
                results.append(results[-1])  # "on Monday, three days after ..." is Monday
                continue
            resolved = (
                _resolve_name(item, ctx, index, year) if name else resolve(item.expr, ctx, index)
            )
            results.append(resolved)
            if heading and resolved.point is not None and resolved.point.year is not None:
                if not any(r.point is not None for r in results[:-1]):
                    ctx.heading(resolved.point, unit.section)
            elif narrative and resolved.point is not None and not name and _moves_story(text, item):
                ctx.update(resolved.point, index)
        sentence_id = sentence.id if sentence is not None else None
        return _mentions(document, unit.start, text, found, unit.links, results, sentence_id)


def line_paragraphs(document: Document, sentences: Sequence[Sentence]) -> bool:
    """Whether the text puts one sentence on each line, so that its paragraph breaks
    carry no meaning: the sentence-per-line layout, or most paragraphs one sentence long
    (when there are enough paragraphs to tell)."""
    if document.layout is Layout.SENTENCE_LINES:
        return True
    prose = [s for s in sentences if s.kind in _NARRATIVE and s.paragraph is not None]
    paragraphs = {(s.section, s.paragraph) for s in prose}
    return len(paragraphs) >= _FEW_PARAGRAPHS and len(prose) < _LINES_PER_PARAGRAPH * len(
        paragraphs
    )


def _ancestors(document: Document, section: int | None) -> list[int]:
    """The sections above ``section``, nearest first."""
    out: list[int] = []
    parent = document.sections[section].parent if section is not None else None
    while parent is not None:
        out.append(parent)
        parent = document.sections[parent].parent
    return out


def _title_span(document: Document) -> tuple[int, int] | None:
    """Where the title is written above the body ("= Title =", a first line, front
    matter), if it is: the title is tagged like a heading that dates nothing."""
    title = document.title.strip()
    if not title:
        return None
    starts = [p.start for p in document.paragraphs]
    starts += [s.heading_start for s in document.sections]
    starts += [f.key_start for f in document.infobox_fields]
    at = document.text.find(title, 0, min(starts, default=len(document.text)))
    return (at, at + len(title)) if at >= 0 else None


def _years(units: Sequence[_Unit]) -> Iterator[tuple[int, int]]:
    """The years the text names outright, with the weight of where they are named."""
    for unit in units:
        weight = 1 if unit.kind == "sentence" else HEADING_WEIGHT
        for item in unit.found:
            if isinstance(item.expr, Absolute) and item.expr.point.year is not None:
                yield item.expr.point.year, weight


def _news(span: tuple[int, int] | None, published: int) -> bool:
    """Whether a text about ``span`` published in ``published`` is news: it names no year,
    or its years reach the year it was published (a history of a war "to the present"
    is not news)."""
    return span is None or published <= span[1] < _OPEN


def _union(a: tuple[int, int] | None, b: tuple[int, int]) -> tuple[int, int]:
    return b if a is None else (min(a[0], b[0]), max(a[1], b[1]))


def _with_ranges(found: list[Found], links: list[Link]) -> list[Found]:
    """Endpoints of a range lend each other the year (and month) they lack."""
    items = list(found)
    for link in links:
        a, b = items[link.first], items[link.last]
        if isinstance(a.expr, Absolute) and isinstance(b.expr, Absolute):
            first, last = inherit(a.expr, b.expr)
            items[link.first], items[link.last] = replace(a, expr=first), replace(b, expr=last)
    return items


def _apposed_offset(text: str, found: list[Found], i: int) -> bool:
    """An offset from an event set beside a date ("on Monday, three days after troops
    entered the city"): it tells the same time as that date, counted from the event."""
    item = found[i]
    if i == 0 or item.rule not in _OFFSET_RULES or not _EVENT_AFTER.match(text, item.end):
        return False
    if text[item.start : item.end].split()[-1].lower() not in ("after", "before"):
        return False
    return text[found[i - 1].end : item.start].strip() == ","


def _names_thing(text: str, item: Found) -> bool:
    """A day and month that premodify a noun: "the September 11 attacks", "the 5 August
    assassination". Such a date is part of a name; it does not move the story."""
    if not isinstance(item.expr, Absolute) or item.expr.point.month is None:
        return False
    matched = text[item.start : item.end]
    if not (_PREMODIFIER_BEFORE.search(text[: item.start]) or _DETERMINER.match(matched)):
        return False
    after = re.match(r" ([A-Za-z]+)", text[item.end :])
    return after is not None and after.group(1).lower() not in load_lexicon().function_words


def _explicit_year(found: list[Found]) -> int | None:
    """The year a unit names outright ("... in 2001"), if it names exactly one."""
    years = {
        f.expr.point.year
        for f in found
        if isinstance(f.expr, Absolute) and f.expr.point.year is not None
    }
    return years.pop() if len(years) == 1 else None


def _resolve_name(item: Found, ctx: Context, index: int, year: int | None) -> Resolved:
    """A name-date without a year takes the year its sentence names, or the story's when
    the story runs day by day or month by month; else it stays without a year.

    "The September 11 attacks" in a passage about 1996 are not 1996-09-11; "the 5 August
    assassination" told on 6 August is the day before.
    """
    assert isinstance(item.expr, Absolute)
    if item.expr.point.anchored:
        return resolve(item.expr, ctx, index)
    if year is not None:
        return resolve(item.expr, Context(ref=Point(year), origin="narrative", unit=index), index)
    ref = ctx.ref
    if ref is not None and ref.month is not None:
        return resolve(item.expr, ctx, index)
    return resolve(item.expr, Context(), index)


def _moves_story(text: str, item: Found) -> bool:
    """False for dates used as names or asides: "the 1973 coup", "(1978–1991)"."""
    before = text[: item.start]
    if before.count("(") > before.count(")"):
        return False
    if item.rule in _OFFSET_RULES and _EVENT_AFTER.match(text, item.end):
        return False  # "two years after the withdrawal" counts from an event, not the story
    if isinstance(item.expr, Absolute) and item.expr.point.month is None:
        after = text[item.end : item.end + 2]
        if _PREMODIFIER_BEFORE.search(before) and after[:1] == " " and after[1:2].isalpha():
            return False
    return True


def _mentions(
    document: Document,
    offset: int,
    text: str,
    found: list[Found],
    links: list[Link],
    results: list[Resolved],
    sentence_id: str | None,
) -> list[TimeMention]:
    mentions = [
        TimeMention(
            doc_id=document.id,
            sentence_id=sentence_id,
            start=offset + f.start,
            end=offset + f.end,
            text=text[f.start : f.end],
            value=r.value,
            kind=r.kind,
            precision=r.precision,
            date_start=r.date_start,
            date_end=r.date_end,
            mod=r.mod,
            anchor=r.anchor,
        )
        for f, r in zip(found, results, strict=True)
    ]
    for link in links:
        a, b = mentions[link.first], mentions[link.last]
        start, end = a.date_start, b.date_end
        mentions[link.first] = replace(a, kind="interval", range_start=start, range_end=end)
        mentions[link.last] = replace(b, kind="interval", range_start=start, range_end=end)
    linked = {i for link in links for i in (link.first, link.last)}
    for i, f in enumerate(found):
        if i not in linked and mentions[i].kind == "date" and _SINCE_BEFORE.search(text[: f.start]):
            mentions[i] = replace(mentions[i], kind="interval", range_start=mentions[i].date_start)
    return mentions


@lru_cache(maxsize=1)
def _default_tagger() -> DateTagger:
    return DateTagger()


def extract_dates(
    document: Document, sentences: Sequence[Sentence], *, reference_date: str | None = None
) -> list[TimeMention]:
    """Temporal expressions of ``document`` (see :class:`DateTagger`), with a cached tagger."""
    return _default_tagger()(document, sentences, reference_date=reference_date)


def home_span(
    document: Document, mentions: Sequence[TimeMention], *, reference_date: str | None = None
) -> tuple[int, int] | None:
    """The years ``document`` is about (see :meth:`DateTagger.home_span`)."""
    return _default_tagger().home_span(document, mentions, reference_date=reference_date)
