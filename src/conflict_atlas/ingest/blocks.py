"""Building blocks shared by the layout parsers: sections, infobox values, tables."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from conflict_atlas.ingest.text import MARKER_GROUP_RE, Line, strip_citations, trim_span
from conflict_atlas.models import (
    InfoboxField,
    InfoboxItem,
    Paragraph,
    Section,
    Table,
    TableCell,
    TableRow,
    UnitKind,
)

_ALNUM = re.compile(r"\w")
_EMPTY_ITEM = re.compile(r"^[\W_]*$|^\(\s*\)$")
# Item separators inside infobox values: ", " at bracket depth 0 (not "75,000") and <hr>.
_HR = re.compile(r"<hr\s*/?>", re.IGNORECASE)


@dataclass(slots=True)
class Heading:
    level: int
    title: str
    start: int
    end: int
    #: False for a heading found by its shape alone ("1990" on a line of its own).
    marked: bool = True


@dataclass(slots=True)
class Parsed:
    """What a layout parser finds; turned into a :class:`Document` by ``ingest``."""

    title: str | None = None
    headings: list[Heading] = field(default_factory=list)
    #: The first level-1 heading names the document (``= Title =``, a single ``# Title``).
    top_heading_is_title: bool = True
    #: Subtracted from a heading's marker count to get its section level (== → 1).
    heading_shift: int = 1
    infobox_title: str | None = None
    infobox_fields: list[InfoboxField] = field(default_factory=list)
    table_rows: list[list[TableRow]] = field(default_factory=list)
    paragraphs: list[tuple[int, int, UnitKind]] = field(default_factory=list)
    reference_date: str | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)


def has_text(value: str) -> bool:
    return bool(_ALNUM.search(value))


def build_sections(headings: list[Heading], text_length: int) -> tuple[Section, ...]:
    """Turn headings in document order into sections with parents and spans."""
    sections: list[Section] = []
    for index, heading in enumerate(headings):
        end = text_length
        for later in headings[index + 1 :]:
            if later.level <= heading.level:
                end = later.start
                break
        parent = next(
            (s.index for s in reversed(sections) if s.level < heading.level and s.end >= end),
            None,
        )
        sections.append(
            Section(
                index,
                heading.level,
                heading.title,
                parent,
                heading.start,
                end,
                heading.start,
                heading.end,
            )
        )
    return tuple(sections)


def innermost_section(sections: tuple[Section, ...], offset: int) -> int | None:
    found: int | None = None
    for section in sections:
        if section.start <= offset < section.end:
            found = section.index
        elif section.start > offset:
            break
    return found


def split_items(text: str, start: int, end: int) -> tuple[InfoboxItem, ...]:
    """Split an infobox value into items at top-level ", " and <hr>; spans stay exact."""
    pieces: list[tuple[int, int]] = []
    depth = 0
    piece_start = start
    position = start
    while position < end:
        char = text[position]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        hr = _HR.match(text, position, end)
        if hr:
            pieces.append((piece_start, position))
            piece_start = position = hr.end()
            continue
        if char == "," and depth == 0 and (position + 1 >= end or text[position + 1] == " "):
            pieces.append((piece_start, position))
            piece_start = position + 1
        position += 1
    pieces.append((piece_start, end))
    return tuple(item for a, b in pieces if (item := _make_item(text, a, b)) is not None)


def _make_item(text: str, start: int, end: int) -> InfoboxItem | None:
    start, end = trim_span(text, start, end)
    while start < end and text[start] in "*• ":
        start += 1
    start, end = _trim_markers(text, start, end)
    value = strip_citations(text[start:end]).strip()
    if _EMPTY_ITEM.match(value):
        return None
    return InfoboxItem(value, start, end)


def _trim_markers(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop citation markers (and spaces) at the end of a span."""
    while True:
        start, end = trim_span(text, start, end)
        tail = None
        for m in MARKER_GROUP_RE.finditer(text, start, end):
            if m.end() == end:
                tail = m
        if tail is None:
            return start, end
        end = tail.start()


def make_field(text: str, index: int, key: tuple[int, int], value: tuple[int, int]) -> InfoboxField:
    """An infobox field from the spans of its key and its value."""
    vstart, vend = _trim_markers(text, *value)
    raw = text[vstart:vend]
    return InfoboxField(
        index=index,
        key=text[key[0] : key[1]].strip(),
        value=strip_citations(raw).strip(),
        start=vstart,
        end=vend,
        key_start=key[0],
        key_end=key[1],
        items=split_items(text, vstart, vend),
    )


def parse_table_row(line: Line, table: int, index: int) -> TableRow:
    """Cells of a ``| a | b |`` line with exact spans (leading/trailing pipe optional)."""
    text = line.text
    bars = [i for i, char in enumerate(text) if char == "|"]
    if not bars or bars[0] != len(text) - len(text.lstrip()):
        bars.insert(0, -1)
    if bars[-1] != len(text.rstrip()) - 1:
        bars.append(len(text))
    cells = []
    for left, right in itertools.pairwise(bars):
        a, b = trim_span(line.text, left + 1, right)
        cells.append(TableCell(strip_citations(text[a:b]).strip(), line.start + a, line.start + b))
    start, end = line.strip_span()
    return TableRow(table, index, start, end, tuple(cells), None)


def finish_tables(groups: list[list[TableRow]], sections: tuple[Section, ...]) -> tuple[Table, ...]:
    """Attach section indexes to table rows and wrap each group as a :class:`Table`."""
    tables = []
    for index, rows in enumerate(groups):
        section = innermost_section(sections, rows[0].start)
        placed = tuple(TableRow(index, r.index, r.start, r.end, r.cells, section) for r in rows)
        tables.append(Table(index, rows[0].start, rows[-1].end, placed, section))
    return tuple(tables)


def finish_paragraphs(
    spans: list[tuple[int, int, UnitKind]], sections: tuple[Section, ...]
) -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(i, a, b, innermost_section(sections, a), kind)
        for i, (a, b, kind) in enumerate(spans)
    )
