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
- ``reference_date``: from the publication date of news ("yesterday", "last year");
- ``none``: could not be anchored (value keeps ``XXXX``; dates are None).

Ranges ("1 May – 15 August 2021", "1989–92", "between 1996 and 2001", "2001–present")
are tagged as their endpoints, each with its own value, ``kind="interval"``, and the whole
range in ``range_start``/``range_end``; "since 2001" gives an open range (``range_end`` None).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from conflict_atlas.extract.timex.exprs import Absolute, Found
from conflict_atlas.extract.timex.lexicon import load_lexicon
from conflict_atlas.extract.timex.resolve import Context, Resolved, resolve
from conflict_atlas.extract.timex.scan import Link, Scanner, inherit
from conflict_atlas.extract.timex.values import Point, parse_iso
from conflict_atlas.models import Document, Layout, Sentence, TimeMention, UnitKind

__all__ = ["DateTagger", "extract_dates"]

_NARRATIVE = (UnitKind.SENTENCE, UnitKind.LIST_ITEM)
_DATE_KEYS = ("date", "dates", "period", "active", "duration", "years")
_PREMODIFIER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|and|or|its|his|her|their|this|that)|['’]s)\s+$", re.IGNORECASE
)
_EVENT_AFTER = re.compile(r"\s+(?:the|a|an|his|her|their|its|[A-Z])")
_DETERMINER = re.compile(r"(?:the|a|an|its|his|her|their|this|that)\s", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)


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
        """Temporal expressions of ``document`` found in ``sentences`` and its headings."""
        ctx = self._start_context(document, reference_date)
        mentions: list[TimeMention] = []
        where: tuple[int | None, int | None] | None = None
        for index, (start, end, sentence) in enumerate(self._units(document, sentences)):
            here = (sentence.section, sentence.paragraph) if sentence else (None, None)
            if here != where:
                ctx.return_home()
                where = here
            found = self._resolve_unit(document, start, end, sentence, ctx, index)
            mentions.extend(found)
        return mentions

    def scan_text(self, text: str, *, reference_date: str | None = None) -> list[TimeMention]:
        """Tag a bare string as a one-sentence document (handy in notebooks and tests)."""
        document = Document(
            id="text", name="text", source="text", layout=Layout.PLAIN, title="", text=text
        )
        unit = Sentence("s0", "text", 0, 0, len(text), text, UnitKind.SENTENCE, None, None)
        return self(document, [unit], reference_date=reference_date)

    # --- context -------------------------------------------------------------------
    def _start_context(self, document: Document, reference_date: str | None) -> Context:
        news = parse_iso(reference_date or document.reference_date or "")
        ctx = Context(news=news)
        if news is not None:
            ctx.set_home(news, "reference_date", news.year)
            return ctx
        texts = [
            (f.value, "infobox_date")
            for f in document.infobox_fields
            if f.key.strip().lower() in _DATE_KEYS
        ]
        for text, origin in [*texts, (document.title, "document_title")]:
            span = self._span(text)
            if span is not None:
                ctx.set_home(span[0], origin, span[1])
                return ctx
        return ctx

    def _span(self, text: str) -> tuple[Point, int | None] | None:
        """First date of ``text`` and the last year of the range it opens (None: open)."""
        found, links = self._scanner.scan(text)
        found = _with_ranges(found, links)
        for i, item in enumerate(found):
            point = resolve(item.expr, Context(), -1).point
            if point is None or point.year is None:
                continue
            last = next((link.last for link in links if link.first == i), None)
            if last is None:
                return point, point.year
            end = resolve(found[last].expr, Context(), -1).point
            return point, end.year if end is not None else None
        return None

    # --- units -----------------------------------------------------------------------
    def _units(
        self, document: Document, sentences: Sequence[Sentence]
    ) -> Iterator[tuple[int, int, Sentence | None]]:
        """Sentences and the section headings no sentence covers, in document order."""
        headings: list[tuple[int, int, Sentence | None]] = [
            (s.heading_start, s.heading_end, None)
            for s in document.sections
            if s.heading_end > s.heading_start
            and not any(u.start < s.heading_end and s.heading_start < u.end for u in sentences)
        ]
        units: list[tuple[int, int, Sentence | None]] = [(s.start, s.end, s) for s in sentences]
        yield from sorted(units + headings, key=lambda u: (u[0], u[2] is None))

    def _resolve_unit(
        self,
        document: Document,
        start: int,
        end: int,
        sentence: Sentence | None,
        ctx: Context,
        index: int,
    ) -> list[TimeMention]:
        text = document.text[start:end]
        found, links = self._scanner.scan(text)
        found = _with_ranges(found, links)
        heading = sentence is None
        narrative = sentence is not None and sentence.kind in _NARRATIVE
        results: list[Resolved] = []
        year = _explicit_year(found)
        for item in found:
            name = _names_thing(text, item)
            resolved = (
                _resolve_name(item, ctx, index, year) if name else resolve(item.expr, ctx, index)
            )
            results.append(resolved)
            if heading and resolved.point is not None and resolved.point.year is not None:
                if not any(r.point is not None for r in results[:-1]):
                    ctx.reset(resolved.point, "section_title")
            elif narrative and resolved.point is not None and not name and _moves_story(text, item):
                ctx.update(resolved.point, index)
        sentence_id = sentence.id if sentence is not None else None
        return _mentions(document, start, text, found, links, results, sentence_id)


def _with_ranges(found: list[Found], links: list[Link]) -> list[Found]:
    """Endpoints of a range lend each other the year (and month) they lack."""
    items = list(found)
    for link in links:
        a, b = items[link.first], items[link.last]
        if isinstance(a.expr, Absolute) and isinstance(b.expr, Absolute):
            first, last = inherit(a.expr, b.expr)
            items[link.first], items[link.last] = replace(a, expr=first), replace(b, expr=last)
    return items


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
    if item.rule in ("relative_n", "relative_around") and _EVENT_AFTER.match(text, item.end):
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
