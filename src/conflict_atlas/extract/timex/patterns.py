# ruff: noqa: E501  (one rule per line: regexes read better unbroken)
"""Regular expressions for English temporal expressions, built from the lexicon."""

from __future__ import annotations

from dataclasses import dataclass

from conflict_atlas.extract.timex.lexicon import Lexicon, alternation

DASH = r"\s?[–—‐-]\s?"
YEAR = r"(?:1\d\d\d|20\d\d)"
# A year-looking number that is not part of a bigger number, money, id or percentage.
YEAR_B = rf"(?<![\w$£€¥#@/+])(?<!\d[,.\-/]){YEAR}(?![\w%]|[,.]\d|\s%|-\d\d-)"
DAY_CORE = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"


@dataclass(frozen=True)
class Pieces:
    """Regex fragments shared by the rules."""

    month: str
    month_full: str
    weekday: str
    mod: str
    number: str
    vague: str
    ordinal: str
    decade_word: str

    def day(self, name: str) -> str:
        return rf"(?<![\d,.\w])(?P<{name}>{DAY_CORE})(?!\d|,\d)"

    def mod_before(self) -> str:
        """A modifier ending right where an expression starts ("mid-", "the end of the ")."""
        return rf"(?i:(?:\bthe\s+)?\b(?P<mod>{self.mod})(?:\s+the)?)(?:[\s-]+|(?<=\.))$"


def build_pieces(lex: Lexicon) -> Pieces:
    full = [m for m, n in lex.months.items() if len(m) > 4 or m in ("May", "June", "July")]
    abbreviations = [m for m in lex.months if m not in full]
    numbers = list(lex.numbers)
    tens = [w for w, n in lex.numbers.items() if n in (20, 30, 40, 50, 60, 70, 80, 90)]
    units = [w for w, n in lex.numbers.items() if 1 <= n <= 9 and w not in ("a", "an")]
    compounds = [rf"{t}[\s-]{u}" for t in tens for u in units]
    return Pieces(
        month=rf"\b(?:{alternation(full)}|(?:{alternation(abbreviations)})\.?)(?![a-z])",
        month_full=rf"\b(?:{alternation(full)})(?![a-z])",
        weekday=rf"\b(?:{alternation(lex.weekdays)})\b",
        mod=alternation(lex.modifiers),
        number=rf"(?<![\w,.-])(?:\d{{1,3}}(?:\.\d+)?|{'|'.join(compounds)}|{alternation(numbers)})",
        vague=alternation(lex.vague_numbers),
        ordinal=alternation(lex.ordinals),
        decade_word=alternation(lex.decade_words),
    )


UNIT_WORDS = r"day|week|fortnight|month|year|decade|centur(?:y|ie)|hour|minute"
SEASON_WORDS = r"spring|summer|autumn|fall|winter"
PART_WORDS = r"morning|afternoon|evening|night|dawn|dusk"


def rule_patterns(p: Pieces) -> dict[str, str]:
    """Pattern per rule name; the scanner keeps the longest match, ties go to the earlier rule."""
    mod = ""  # modifiers ("mid-", "the end of") are attached by the scanner, looking left
    wd = rf"(?:(?P<wd>{p.weekday}),?\s+)?"
    rel_mod = r"(?i:(?P<rmod>later|earlier|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of)\s+(?:in\s+)?)?"
    return {
        "iso": rf"(?<![\d\w-])(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d\w])",
        "day_range_dm": rf"{p.day('d1')}\s*(?:[–—‐-]|\b(?:to|and|until)\b)\s*{p.day('d2')}(?:\s+of)?\s+(?P<mon>{p.month})(?:,?\s+(?P<y>{YEAR_B}))?",
        "day_range_md": rf"(?P<mon>{p.month})\s+{p.day('d1')}\s*[–—‐-]\s*{p.day('d2')}(?:,?\s+(?P<y>{YEAR_B}))?",
        "dmy": rf"{mod}{wd}(?:the\s+)?{p.day('d')}(?:\s+of)?\s+(?P<mon>{p.month})(?:,?\s+(?P<y>{YEAR_B}))?",
        # Not after a day number: in "On 3 August 13 people" the day is 3.
        "mdy": rf"(?<!\d\s){mod}{wd}(?P<mon>{p.month})\s+{p.day('d')}(?:,?\s+(?P<y>{YEAR_B}))?",
        "my": rf"{mod}(?P<mon>{p.month})(?:\s+of|,)?\s+(?P<y>{YEAR_B})",
        "month": rf"{mod}(?P<mon>{p.month_full})",
        "season_year": rf"{mod}(?i:(?:the\s+)?(?P<season>{SEASON_WORDS}))(?:\s+of)?,?\s+(?P<y>{YEAR_B})(?:{DASH}(?P<y2>\d\d(?:\d\d)?)(?!\d))?",
        "season": rf"(?i:\b(?:in|during|by|until|since|through|throughout|over|before|after)\s+)(?P<core>(?i:(?:the\s+)?(?P<season>{SEASON_WORDS})))\b",
        "quarter": rf"(?i:(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+quarter\s+of\s+)(?P<y>{YEAR_B})",
        "decade": rf"{mod}(?i:(?:the\s+)?)(?P<dec>(?:1\d|20)\d0)['’]?s(?!\w)",
        "decade_short": rf"{mod}(?i:the\s+)?['’](?P<dec>\d0)s(?!\w)",
        "decade_word": rf"{mod}(?i:the\s+(?:nineteen[\s-]?)?(?P<decw>{p.decade_word}))\b",
        "century": rf"{mod}(?i:(?:the\s+)?(?P<c>\d{{1,2}}(?:st|nd|rd|th)|{p.ordinal})[\s-]+century)\b",
        "year_pair": rf"{mod}(?P<y>{YEAR_B}){DASH}(?P<y2>\d\d)(?![\w\d%])",
        "year": rf"{mod}(?P<y>{YEAR_B})",
        "relative": rf"{rel_mod}(?i:(?P<det>the\s+(?:following|next|subsequent|succeeding|previous|preceding|prior|same)|that\s+same|this\s+same|that|this|next|last|the)\s+(?P<unit>day|week|weekend|month|year|decade|{SEASON_WORDS}|{PART_WORDS}))\b",
        "relative_around": r"(?i:the\s+(?P<unit>day|week|month|year)\s+(?P<dir>before|after|prior))\b",
        "relative_n": rf"(?i:(?P<n>{p.number}|{p.vague})[\s-]+(?P<unit>{UNIT_WORDS})s?\s+(?P<dir>later|earlier|afterwards?|before|after|ago|previously|prior|on|beforehand)\b)",
        "deictic": r"(?i:\b(?P<word>yesterday|today|tomorrow|tonight)\b)",
        "present": r"(?i:(?<![\w-])(?P<word>now|currently|presently|at\s+present|nowadays|recently|in\s+recent\s+years|in\s+the\s+past|the\s+future|(?<=[–—-])present|(?<=[–—-]\s)present|(?<=\bto\s)present|(?<=\bto the\s)present)(?![\w-]))",
        "weekday": rf"(?P<wd>{p.weekday})",
        "duration": rf"(?i:(?:the\s+(?:past|last|next|first|following|previous|final|coming)\s+)?(?P<n>{p.number}|{p.vague})[\s-]+(?P<unit>{UNIT_WORDS})s?(?:[\s-]+long)?)\b",
        "duration_bare": r"(?i:\b(?:for|over|within|lasting|after|took|takes|spent)\s+)(?P<core>(?i:(?P<unit>day|week|month|year|decade|centurie)s))\b",
        "set": rf"(?i:\b(?:(?:every|each)\s+(?:(?P<n>{p.number})\s+)?(?P<unit>day|week|month|year|{SEASON_WORDS}|{PART_WORDS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|(?P<adv>annually|yearly|daily|weekly|monthly|nightly)|(?P<per>per|a)\s+(?P<punit>day|week|month|year|annum))\b)",
    }
