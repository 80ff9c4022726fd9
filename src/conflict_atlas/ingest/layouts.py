"""Layout detection and one parser per layout; each fills a :class:`Parsed` record."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from conflict_atlas.ingest.blocks import Heading, Parsed, has_text, make_field, parse_table_row
from conflict_atlas.ingest.headings import BareHeadings, bare_heading, is_date_heading
from conflict_atlas.ingest.text import MARKER_GROUP_RE, Line, iter_lines, strip_citations
from conflict_atlas.models import Layout, TableRow, UnitKind

WIKI_HEADING = re.compile(r"^[ \t]*(={1,6})[ \t]*(\S.*?)[ \t]*\1[ \t]*$")
MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(\S.*?)[ \t]*#*[ \t]*$")
MD_SETEXT = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
MD_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
MD_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
# "- Key: value" (wiki infobox) and "Key: | value |" (pipe infobox); keys are short labels.
DASH_FIELD = re.compile(r"^[-*][ \t]*([A-Z][A-Za-z0-9 _/]{0,40}?)[ \t]*:(?=[ \t]|$)")
PIPE_FIELD = re.compile(r"^([A-Z][A-Za-z0-9 _/]{0,40}?)[ \t]*:[ \t]*\|")
LIST_ITEM = re.compile(r"^[ \t]*(?:(?:[-*+•]|\d{1,3}[.)])[ \t]+|;[ \t]*)(?=\S)")
TABLE_LINE = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
FRONT_MATTER_KEY = re.compile(r"^(\w+)[ \t]*:[ \t]*(.*?)[ \t]*$")
LEAD_SUBJECT = re.compile(
    r"^(?:The\s+)?([A-Z][^.;:,]{2,80}?)(?:\s*\([^)]*\))?\s+(?:is|was|are|were|refers? to)\b"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
# Leading junk of a line in sentence-per-line dumps: a closing quote and the previous
# sentence's citation markers.
_LINE_LEAD = re.compile(
    rf"^[ \t]*(?:[\"”’'](?=[ \t\[]|$))?[ \t]*(?:{MARKER_GROUP_RE.pattern})?[ \t]*"
)

TITLE_KEYS = ("conflict", "name", "title")


def detect_layout(text: str, suffix: str = "") -> Layout:
    """Guess the layout of ``text`` from its shape (and file suffix for Markdown/JSONL)."""
    if suffix in {".jsonl", ".ndjson"}:
        return Layout.JSONL
    lines = [line for line in iter_lines(text) if not line.blank]
    if not lines:
        return Layout.PLAIN
    head = [line.text for line in lines[:12]]
    if head[0].lstrip().startswith("{") and '"text"' in head[0]:
        return Layout.JSONL
    if any(WIKI_HEADING.match(t) for t in (line.text for line in lines)) or _dash_run(head) >= 2:
        return Layout.WIKI
    if PIPE_FIELD.match(head[0]) and sum(bool(PIPE_FIELD.match(t)) for t in head) >= 2:
        return Layout.PIPE_INFOBOX
    if suffix in {".md", ".markdown"} or any(
        MD_HEADING.match(line.text) or MD_TABLE_RULE.match(line.text) for line in lines
    ):
        return Layout.MARKDOWN
    if _looks_sentence_per_line(text, lines):
        return Layout.SENTENCE_LINES
    return Layout.PLAIN


def _dash_run(texts: Sequence[str]) -> int:
    """Longest run of consecutive ``- Key: value`` lines."""
    best = run = 0
    for t in texts:
        run = run + 1 if DASH_FIELD.match(t) else 0
        best = max(best, run)
    return best


def _looks_sentence_per_line(text: str, lines: list[Line]) -> bool:
    total = sum(1 for _ in iter_lines(text))
    if len(lines) < 5 or (total - len(lines)) / total > 0.1:
        return False
    unstopped = upper = 0
    for line in lines:
        body = strip_citations(line.text).strip()
        unstopped += not _SENTENCE_END.search(body)
        content = line.text[_LINE_LEAD.match(line.text).end() :]  # type: ignore[union-attr]
        upper += bool(content[:1].isupper() or content[:1].isdigit() or content[:1] in "\"“'‘(")
    return unstopped / len(lines) >= 0.7 and upper / len(lines) >= 0.75


# --- shared body parser --------------------------------------------------------------


def _parse_body(
    lines: list[Line],
    parsed: Parsed,
    *,
    join_blocks: bool,
    markdown: bool,
    bare: BareHeadings = BareHeadings.DATED,
) -> None:
    """Headings, tables, list items and paragraphs of the lines after any infobox.

    ``bare`` says which unmarked lines are headings (see :mod:`.headings`).
    """
    index = 0
    block: list[Line] = []
    while index < len(lines):
        line = lines[index]
        special = _special_line(lines, index, markdown, bare)
        if special is None and not line.blank:
            block.append(line)
            index += 1
            continue
        _flush_block(block, parsed, join_blocks)
        block = []
        if special == "heading":
            index += _add_heading(lines, index, parsed, markdown)
        elif special == "bare":
            _add_bare_heading(line, parsed)
            index += 1
        elif special == "table":
            index = _add_table(lines, index, parsed)
        elif special == "fence":
            index = _skip_fence(lines, index)
        elif special == "list":
            _add_list_item(line, parsed)
            index += 1
        else:
            index += 1
    _flush_block(block, parsed, join_blocks)


def _special_line(lines: list[Line], index: int, markdown: bool, bare: BareHeadings) -> str | None:
    t = lines[index].text
    if WIKI_HEADING.match(t) or (markdown and MD_HEADING.match(t)):
        return "heading"
    nxt = lines[index + 1].text if index + 1 < len(lines) else ""
    if (
        markdown
        and t.strip()
        and not LIST_ITEM.match(t)
        and MD_SETEXT.match(nxt)
        and not TABLE_LINE.match(t)
    ):
        return "heading"
    if TABLE_LINE.match(t):
        return "table"
    if markdown and MD_FENCE.match(t):
        return "fence"
    if LIST_ITEM.match(t):
        return "list"
    if bare_heading(lines, index, bare):
        return "bare"
    return None


def _add_heading(lines: list[Line], index: int, parsed: Parsed, markdown: bool) -> int:
    """Record the heading at ``index``; return how many lines it used."""
    line = lines[index]
    m = WIKI_HEADING.match(line.text) or (MD_HEADING.match(line.text) if markdown else None)
    used = 1
    if m:
        level, title = len(m.group(1)), m.group(2)
    else:  # setext: "Title" underlined with === (level 1) or --- (level 2)
        level = 1 if lines[index + 1].text.strip().startswith("=") else 2
        title, used = line.text.strip(), 2
    start, end = line.strip_span()
    title = strip_citations(title).strip()
    if level == 1 and parsed.top_heading_is_title and not parsed.headings:
        parsed.title = parsed.title or title
        parsed.top_heading_is_title = False
    else:
        parsed.headings.append(Heading(max(1, level - parsed.heading_shift), title, start, end))
    return used


def _add_bare_heading(line: Line, parsed: Parsed) -> None:
    """An unmarked heading sits one level below the last marked one (level 1 if none)."""
    marked = next((h.level for h in reversed(parsed.headings) if h.marked), 0)
    start, end = line.strip_span()
    title = strip_citations(line.text).strip()
    parsed.headings.append(Heading(marked + 1, title, start, end, marked=False))


def _add_table(lines: list[Line], index: int, parsed: Parsed) -> int:
    rows: list[TableRow] = []
    table = len(parsed.table_rows)
    while index < len(lines) and TABLE_LINE.match(lines[index].text):
        if not MD_TABLE_RULE.match(lines[index].text):
            rows.append(parse_table_row(lines[index], table, len(rows)))
        index += 1
    if rows:
        parsed.table_rows.append(rows)
    return index


def _skip_fence(lines: list[Line], index: int) -> int:
    fence = MD_FENCE.match(lines[index].text).group(1)  # type: ignore[union-attr]
    index += 1
    while index < len(lines) and not lines[index].text.lstrip().startswith(fence):
        index += 1
    return index + 1


def _add_list_item(line: Line, parsed: Parsed) -> None:
    marker = LIST_ITEM.match(line.text)
    start = line.start + (marker.end() if marker else 0)
    end = line.strip_span()[1]
    if has_text(line.text):
        parsed.paragraphs.append((start, end, UnitKind.LIST_ITEM))


def _flush_block(block: list[Line], parsed: Parsed, join: bool) -> None:
    if not block:
        return
    if join and (len(block) == 1 or _looks_wrapped(block)):
        start, end = block[0].strip_span()[0], block[-1].strip_span()[1]
        parsed.paragraphs.append((start, end, UnitKind.SENTENCE))
        return
    for line in block:
        if has_text(line.text):
            parsed.paragraphs.append((*line.strip_span(), UnitKind.SENTENCE))


def _looks_wrapped(block: list[Line]) -> bool:
    """Hard-wrapped prose: most lines break mid-sentence."""
    unstopped = sum(not _SENTENCE_END.search(line.text.rstrip()) for line in block[:-1])
    return unstopped / max(1, len(block) - 1) >= 0.5


# --- the layouts ---------------------------------------------------------------------


def parse_wiki(text: str) -> Parsed:
    """``= Title =``, an infobox block of ``- Key: value`` lines, ``== Sections ==``, tables."""
    parsed = Parsed()
    lines = list(iter_lines(text))
    infobox = _find_dash_infobox(lines)
    body = lines
    if infobox is not None:
        header, first, last = infobox
        if header is not None:
            parsed.infobox_title = lines[header].text.strip()
        for i in range(first, last):
            _add_dash_field(text, lines[i], parsed)
        body = lines[: header if header is not None else first] + lines[last:]
    _parse_body(body, parsed, join_blocks=False, markdown=False)
    return parsed


def _find_dash_infobox(lines: list[Line]) -> tuple[int | None, int, int] | None:
    """Locate the infobox by shape: an optional short header line, then ≥ 2 field lines."""
    for i, line in enumerate(lines):
        if WIKI_HEADING.match(line.text) and i > 0 and not _is_title(lines, i):
            return None  # infobox blocks come before the first section
        if not DASH_FIELD.match(line.text):
            continue
        last = i
        while last < len(lines) and DASH_FIELD.match(lines[last].text):
            last += 1
        if last - i < 2:
            continue
        prev = lines[i - 1] if i > 0 else None
        header = i - 1 if prev is not None and _is_block_header(prev.text) else None
        return header, i, last
    return None


def _is_title(lines: list[Line], index: int) -> bool:
    m = WIKI_HEADING.match(lines[index].text)
    return bool(m and len(m.group(1)) == 1)


def _is_block_header(text: str) -> bool:
    stripped = text.strip()
    return (
        0 < len(stripped) <= 40
        and not WIKI_HEADING.match(text)
        and not _SENTENCE_END.search(stripped)
        and not stripped.startswith(("-", "|", "*"))
    )


def _add_dash_field(text: str, line: Line, parsed: Parsed) -> None:
    m = DASH_FIELD.match(line.text)
    if m is None:
        return
    key = (line.start + m.start(1), line.start + m.end(1))
    value = (line.start + m.end(), line.end)
    parsed.infobox_fields.append(make_field(text, len(parsed.infobox_fields), key, value))


def parse_pipe_infobox(text: str) -> Parsed:
    """``Key: | value |`` lines (values may run over lines up to the closing bar)."""
    parsed = Parsed()
    lines = list(iter_lines(text))
    index = 0
    while index < len(lines) and (lines[index].blank or PIPE_FIELD.match(lines[index].text)):
        if lines[index].blank:
            index += 1
            continue
        index = _add_pipe_field(text, lines, index, parsed)
    parsed.title = _field_title(parsed)
    _parse_body(lines[index:], parsed, join_blocks=False, markdown=False)
    return parsed


def _add_pipe_field(text: str, lines: list[Line], index: int, parsed: Parsed) -> int:
    line = lines[index]
    m = PIPE_FIELD.match(line.text)
    assert m is not None  # guarded by the caller's loop condition
    key = (line.start + m.start(1), line.start + m.end(1))
    value_start = line.start + m.end()
    for j in range(index, min(index + 6, len(lines))):
        candidate = lines[j]
        closing = candidate.text.rstrip()
        floor = value_start - candidate.start if j == index else 0
        if closing.endswith("|") and len(closing) - 1 >= floor:
            end = candidate.start + len(closing) - 1
            parsed.infobox_fields.append(
                make_field(text, len(parsed.infobox_fields), key, (value_start, end))
            )
            return j + 1
    parsed.warnings.append(f"line {line.number}: infobox value has no closing '|'")
    parsed.infobox_fields.append(
        make_field(text, len(parsed.infobox_fields), key, (value_start, line.end))
    )
    return index + 1


def _field_title(parsed: Parsed) -> str | None:
    for field in parsed.infobox_fields:
        if field.key.lower() in TITLE_KEYS and field.value:
            return field.value
    return None


def parse_sentence_lines(text: str) -> Parsed:
    """One sentence a line, full stops removed; a line's leading quote and markers close
    the previous sentence and stay out of the paragraph span. A line that starts in
    lower case continues the sentence of the line before (a quotation broken over lines).
    A date alone on a line ("1991", "1994: Genocide") is a section heading."""
    parsed = Parsed()
    for line in iter_lines(text):
        lead = _LINE_LEAD.match(line.text)
        start = line.start + (lead.end() if lead else 0)
        end = line.strip_span()[1]
        if start >= end or not has_text(text[start:end]):
            continue
        if is_date_heading(text[start:end]):  # "1991" or "1994: Genocide" on its own line
            title = strip_citations(text[start:end]).strip()
            parsed.headings.append(Heading(1, title, start, end, marked=False))
            continue
        if text[start].islower() and parsed.paragraphs:
            previous = parsed.paragraphs.pop()
            start = previous[0]
        parsed.paragraphs.append((start, end, UnitKind.SENTENCE))
    return parsed


def parse_markdown(text: str) -> Parsed:
    """ATX/setext headings, pipe tables, lists, fenced code (skipped), YAML front matter."""
    parsed = Parsed()
    lines = list(iter_lines(text))
    lines = _front_matter(lines, parsed)
    if sum(bool(_h1(line.text)) for line in lines) > 1:  # several "# " headings: sections
        parsed.top_heading_is_title = False
        parsed.heading_shift = 0
    _parse_body(lines, parsed, join_blocks=True, markdown=True, bare=_markdown_bare(lines))
    return parsed


def _markdown_bare(lines: list[Line]) -> BareHeadings:
    """Markdown that marks its sections (``## ...``) has only dated bare headings; Markdown
    with a title at most is plain text, whose short stand-alone lines are headings."""
    marked = sum(
        bool(
            MD_HEADING.match(line.text)
            or (i + 1 < len(lines) and MD_SETEXT.match(lines[i + 1].text) and line.text.strip())
        )
        for i, line in enumerate(lines)
    )
    return BareHeadings.DATED if marked > 1 else BareHeadings.ALL


def _h1(text: str) -> bool:
    m = MD_HEADING.match(text)
    return bool(m and len(m.group(1)) == 1)


def _front_matter(lines: list[Line], parsed: Parsed) -> list[Line]:
    if not lines or lines[0].text.strip() != "---":
        return lines
    for i in range(1, min(len(lines), 60)):
        if lines[i].text.strip() in {"---", "..."}:
            for line in lines[1:i]:
                m = FRONT_MATTER_KEY.match(line.text)
                if m and m.group(1).lower() in {"title", "date", "url"}:
                    _set_meta(parsed, m.group(1).lower(), m.group(2).strip("\"'"))
            return lines[i + 1 :]
    return lines


def _set_meta(parsed: Parsed, key: str, value: str) -> None:
    if key == "title":
        parsed.title = value
    elif key == "date":
        parsed.reference_date = value[:10]
    else:
        parsed.url = value


def parse_plain(text: str) -> Parsed:
    """Blank-line separated blocks; hard-wrapped blocks are joined, others split per line.

    A short first line followed by a blank line is the title, unless it is a date heading
    ("1950", "1999: Escalation"). Dates alone on a line and short stand-alone lines
    further down are section headings.
    """
    parsed = Parsed()
    lines = list(iter_lines(text))
    first = next((i for i, line in enumerate(lines) if not line.blank), None)
    if first is not None and _is_plain_title(lines, first):
        parsed.title = lines[first].text.strip()
        lines = lines[first + 1 :]
    _parse_body(lines, parsed, join_blocks=True, markdown=False, bare=BareHeadings.ALL)
    return parsed


def _is_plain_title(lines: list[Line], first: int) -> bool:
    text = lines[first].text.strip()
    followed_by_blank = first + 1 >= len(lines) or lines[first + 1].blank
    return (
        followed_by_blank
        and len(text) <= 120
        and not _SENTENCE_END.search(text)
        and not is_date_heading(text)
    )


PARSERS: dict[Layout, Callable[[str], Parsed]] = {
    Layout.WIKI: parse_wiki,
    Layout.PIPE_INFOBOX: parse_pipe_infobox,
    Layout.SENTENCE_LINES: parse_sentence_lines,
    Layout.MARKDOWN: parse_markdown,
    Layout.PLAIN: parse_plain,
}


def guess_title(first_sentence: str) -> str | None:
    """The subject of an encyclopedic lead ("The X conflict is …" → "X conflict")."""
    m = LEAD_SUBJECT.match(strip_citations(first_sentence).strip())
    if m and len(m.group(1).split()) <= 8:
        return m.group(1).strip()
    return None
