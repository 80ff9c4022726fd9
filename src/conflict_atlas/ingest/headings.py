"""Heading lines that carry no markup: a year or date on a line of its own ("1990",
"1999: Escalation", "April 1994 – The genocide") and, in plain text, short lines that
stand alone between paragraphs ("Background", "Course of the war").

Chronologies written as plain text or Markdown mark their sections this way; such a line
opens a section (its date dates the section), it is neither the title nor a paragraph.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from conflict_atlas.extract.timex.lexicon import alternation, load_lexicon
from conflict_atlas.ingest.text import Line

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_NOT_A_HEADING_END = re.compile(r"[,;:–—-]$")
_STARTS_LIKE_A_HEADING = re.compile(r"^[\"“‘'(]?[A-Z0-9]")
_LIST_OR_TABLE = re.compile(r"^[ \t]*(?:[-*+•|>]|\d{1,3}[.)][ \t]|```|~~~)")
# A heading is a few words; a line of wrapped prose or a one-line paragraph is longer.
_MAX_HEADING_WORDS = 12
_MAX_HEADING_CHARS = 90
_MAX_DATED_CHARS = 100
_MAX_TITLED_WORDS = 6


class BareHeadings(Enum):
    """Which unmarked lines a layout takes for headings."""

    DATED = "dated"  # a date alone on a line, or a date and a short title
    ALL = "all"  # also short stand-alone lines (plain text)


@lru_cache(maxsize=1)
def _date_heading() -> re.Pattern[str]:
    """``1990``, ``1992–1995``, ``April 1994``, ``6 April 1994``, ``1990s``, ``490 BC``,
    each optionally followed by a separator and a short title (``1999: Escalation``)."""
    lex = load_lexicon()
    months = alternation(lex.months)
    seasons = alternation(lex.seasons)
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    date = (
        r"(?:(?:early|mid|late)[- ]+)?"
        rf"(?:(?:{seasons})\s+(?:of\s+)?)?"
        rf"(?:{day}\s+)?(?:(?:{months})\.?,?\s+)?(?:{day},?\s+)?"
        r"\d{3,4}s?(?:\s*(?:BC|BCE|AD|CE)\b)?"
    )
    last = rf"(?:{date}|\d{{2}}|present|today)"
    return re.compile(
        rf"^\s*(?:c\.\s*)?{date}(?:\s*(?:[–—-]|to)\s*{last})?"
        r"(?:\s*[.:–—-]?\s*$|\s*(?::|[–—-]|\.\s)\s*(?P<rest>\S.*?)\s*$)",
        re.IGNORECASE,
    )


def is_date_heading(text: str, *, alone: bool = True) -> bool:
    """A date alone on a line, or a date, a separator and a short title.

    With text right below it (``alone`` false) the title must be shorter still, so that
    the first line of a wrapped paragraph ("1994 – the RPF took Kigali after ...") is not
    taken for a heading.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_DATED_CHARS or _LIST_OR_TABLE.match(text):
        return False
    m = _date_heading().match(stripped)
    if m is None:
        return False
    rest = m.group("rest")
    if rest is None:
        return True
    return _heading_words(rest) and (alone or len(rest.split()) <= _MAX_TITLED_WORDS)


def is_short_heading(text: str) -> bool:
    """A few words that start like a heading and do not end like a sentence."""
    stripped = text.strip()
    return (
        0 < len(stripped) <= _MAX_HEADING_CHARS
        and _STARTS_LIKE_A_HEADING.match(stripped) is not None
        and not _LIST_OR_TABLE.match(text)
        and _heading_words(stripped)
    )


def _heading_words(text: str) -> bool:
    return (
        len(text.split()) <= _MAX_HEADING_WORDS
        and not _SENTENCE_END.search(text)
        and not _NOT_A_HEADING_END.search(text)
        and any(c.isalnum() for c in text)
    )


def bare_heading(lines: list[Line], index: int, kind: BareHeadings) -> bool:
    """Whether ``lines[index]`` is an unmarked heading of a layout that allows ``kind``.

    The line must start a block (first line, or after a blank line). A short line must
    also end its block (a blank line or the end follows); a date heading may have its
    text right below it ("1991" on one line, "On 23 January ..." on the next).
    """
    if lines[index].blank:
        return False
    if index > 0 and not lines[index - 1].blank:
        return False
    text = lines[index].text
    alone = index + 1 >= len(lines) or lines[index + 1].blank
    if is_date_heading(text, alone=alone):
        return True
    return kind is BareHeadings.ALL and alone and is_short_heading(text)
