"""Low-level text helpers shared by the layout parsers: lines and citation markers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from conflict_atlas.models import CitationMarker

# One footnote marker: [12], [a], [note 3], [nb 2], [citation needed].
_MARKER = r"\[(?:\d{1,4}|[a-z]{1,2}|(?:note|nb|n) ?\d{1,3}|citation needed|clarification needed)\]"
MARKER_RE = re.compile(_MARKER)
#: Consecutive markers, possibly separated by spaces: "[12][13]", "[3] [4]".
MARKER_GROUP_RE = re.compile(rf"{_MARKER}(?:[ \t]*{_MARKER})*")


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the raw text; ``end`` excludes the line break. ``number`` is 1-based."""

    number: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def strip_span(self) -> tuple[int, int]:
        """Offsets of the line without leading and trailing whitespace."""
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.start + left, self.start + max(left, right)


def iter_lines(text: str) -> Iterator[Line]:
    """Yield the lines of ``text`` with offsets; handles \\n, \\r\\n and \\r breaks."""
    start = 0
    number = 1
    length = len(text)
    while start < length:
        end = start
        while end < length and text[end] not in "\r\n":
            end += 1
        yield Line(number, start, end, text[start:end])
        if end < length and text[end] == "\r" and end + 1 < length and text[end + 1] == "\n":
            end += 1
        start = end + 1
        number += 1


def find_citations(text: str, start: int = 0, end: int | None = None) -> list[CitationMarker]:
    """All citation markers in ``text[start:end]`` with absolute offsets."""
    stop = len(text) if end is None else end
    return [
        CitationMarker(m.group(0)[1:-1], m.start(), m.end())
        for m in MARKER_RE.finditer(text, start, stop)
    ]


def strip_citations(text: str) -> str:
    """``text`` with every group of citation markers removed (nothing else changes)."""
    return MARKER_GROUP_RE.sub("", text)


def blank_citations(text: str) -> str:
    """``text`` with citation markers replaced by spaces of the same length.

    Useful for taggers that need offsets aligned with the raw text.
    """
    return MARKER_GROUP_RE.sub(lambda m: " " * len(m.group(0)), text)


def trim_span(text: str, start: int, end: int, chars: str | None = None) -> tuple[int, int]:
    """Shrink ``[start, end)`` past leading/trailing whitespace (or ``chars``)."""
    while start < end and (text[start].isspace() if chars is None else text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() if chars is None else text[end - 1] in chars):
        end -= 1
    return start, end
