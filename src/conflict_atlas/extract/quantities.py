"""Quantities: numbers in the text with what they count and how sure the text is.

``extract_quantities(document, sentences)`` (or a reusable ``QuantityExtractor``) finds
exact numbers ("523"), numbers with thousands separators, decimals with scales
("1.5 million", "$30 million"), written numbers ("twenty-five", "half a million"),
ranges ("28,000–30,000", "between 500 and 600", "five to ten million"), hedges ("about",
"more than", "up to", "2,324+"), vague quantifiers ("dozens", "tens of thousands") and
percentages, and gives each a ``low``/``best``/``high`` and a ``counts`` category from the
noun it governs and the verbs around it ("523 soldiers were killed" counts deaths).

Years, days of the month, durations, ages, ordinals, names with numbers ("Resolution
1386", "Mi-17", "055 Brigade"), clock times, fractions and references are not
quantities. Rules and lexicons are documented in ``docs/quantities.md``; the word lists
live in ``data/quantities/lexicon.yaml``. Regex and lexicon only: no model is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from conflict_atlas.extract.quantity_lexicon import (
    Lexicon,
    load_lexicon,
    norm,
    number_value,
    phrase_at,
    phrase_ending,
    squash,
    tokens,
)
from conflict_atlas.ingest.text import blank_citations
from conflict_atlas.models import Document, Quantity, Sentence, UnitKind

_BOUNDARY = frozenset(".;:!?,—–|")


@dataclass(frozen=True, slots=True)
class ParsedQuantity:
    """A quantity found in a string; ``start``/``end`` index that string."""

    start: int
    end: int
    text: str
    low: float | None
    best: float | None
    high: float | None
    counts: str | None
    unit: str | None
    approx: str
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class _Span:
    """A numeric expression before context checks: values and where its number sits."""

    start: int
    end: int
    num_start: int
    low: float | None
    best: float | None
    high: float | None
    unit: str | None
    approx: str
    vague: str = ""
    written: bool = False
    scaled: bool = False


def _bounds(value: float, high: float | None, approx: str) -> tuple[float | None, ...]:
    """(low, best, high) for one number or a range under a hedge (docs/quantities.md)."""
    if high is not None:
        return value, value, high
    if approx in ("more_than", "at_least"):
        return value, value, None
    if approx in ("up_to", "less_than"):
        return None, None, value
    if approx == "nearly":
        return None, value, value
    return value, value, value


# --- scanning ----------------------------------------------------------------------


def _numeric_spans(text: str, lex: Lexicon) -> list[_Span]:
    """Every numeric expression in ``text`` that survives the surface checks."""
    spans: list[_Span] = []
    pos = 0
    while match := lex.number_re.search(text, pos):
        span = _span_from_match(match, text, lex)
        if span is None and match.group("n2"):
            cut = match.start("rsep")
            single = lex.number_re.match(text[:cut], match.start())
            span = _span_from_match(single, text, lex) if single else None
            pos = cut
        else:
            pos = match.end()
        if span is not None:
            spans.append(span)
    return spans


def _span_from_match(match: re.Match[str], text: str, lex: Lexicon) -> _Span | None:
    n1, n2 = match.group("n1"), match.group("n2")
    first = number_value(n1, lex)
    if first is None or _glued(text, match.start("n1"), match.end(), lex):
        return None
    value, written = first
    scale1 = _scale(match.group("s1"), lex)
    scale2 = _scale(match.group("s2"), lex)
    hedge = lex.hedges.get(squash(match.group("hedge") or ""), "exact")
    high: float | None = None
    if n2:
        second = number_value(n2, lex)
        if second is None or not _range_ok(match, text):
            return None
        shared = scale2 if match.group("s2") else _scale(n2, lex)
        if shared > 1 and scale1 == 1 and value < 1000 and _scale(n1, lex) == 1:
            scale1 = shared
        value, high = value * scale1, second[0] * scale2
        if high <= value:
            return None
        hedge = "range"
    else:
        value *= scale1
    if match.group("plus"):
        hedge = "more_than"
    unit = _unit(match, text, lex)
    low, best, top = _bounds(value, high, hedge)
    return _Span(
        start=match.start("hedge") if match.group("hedge") else match.start("body"),
        end=match.end(),
        num_start=match.start("n1"),
        low=low,
        best=best,
        high=top,
        unit=unit,
        approx=hedge,
        written=written,
        scaled=bool(match.group("s1") or match.group("s2")),
    )


def _scale(word: str | None, lex: Lexicon) -> float:
    if not word:
        return 1.0
    key = word.strip().lower()
    last = key.split()[-1] if key else ""
    return lex.scales.get(last) or lex.suffixes.get(last, 1.0)


def _range_ok(match: re.Match[str], text: str) -> bool:
    """ "X to Y" is a range unless it is "from X to Y"; "and" only after "between"."""
    sep = squash(match.group("rsep"))
    hedge = squash(match.group("hedge") or "")
    if sep == "and":
        return hedge == "between"
    if hedge == "between":
        return False
    before = tokens(text[max(0, match.start() - 12) : match.start()])
    return not (sep == "to" and before and before[-1].lower() == "from")


def _glued(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A number glued to letters or slashes ("Mi-17", "1990s", "9/11", "20-year")."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if before[-1:].isalpha() or before[-1:] in ("/", "#", "№") or after[:1] in ("/", ":"):
        return True
    if before[-1:] in ("-", "‑", "–") and before[:1].isalnum():
        return True
    if after[:1] in ("-", "‑") and after[1:2].isalpha():
        return True
    return after[:1].isalpha() and after[:1] not in ("%",)


def _unit(match: re.Match[str], text: str, lex: Lexicon) -> str | None:
    if match.group("pct"):
        return "percent"
    for group in ("cur", "cur2"):
        if match.group(group):
            return lex.currency_prefix[match.group(group)]
    following = tokens(text[match.end() : match.end() + 30])[:2]
    found = phrase_at(following, 0, lex.currency_words) if following else None
    if found:
        return found[0]
    if following and norm(following[0]) in lex.measure_units:
        return norm(following[0])
    return None


def _vague_spans(text: str, lex: Lexicon) -> list[_Span]:
    spans = []
    for match in lex.vague_re.finditer(text):
        word = squash(match.group("word"))
        low, best, high = lex.vague[word]
        start = match.start("hedge") if match.group("hedge") else match.start("word")
        spans.append(
            _Span(
                start,
                match.end("word"),
                match.start("word"),
                low,
                best,
                high,
                None,
                "vague",
                vague=word,
            )
        )
    return spans


# --- context -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    before: list[str]
    after: list[str]


def _context(text: str, span: _Span) -> _Context:
    return _Context(
        before=tokens(text[max(0, span.num_start - 60) : span.start]),
        after=tokens(text[span.end : span.end + 160]),
    )


def _rejected(span: _Span, text: str, ctx: _Context, lex: Lexicon, table: bool) -> bool:
    """True when the number is a date, a duration, a name, a rank or a reference."""
    nxt = norm(ctx.after[0]) if ctx.after else ""
    prev = ctx.before[-1] if ctx.before else ""
    if nxt in lex.time_units or nxt.replace(".", "") in lex.time_units:
        return True
    if nxt in ("mm", "cm") or phrase_ending(ctx.before, len(ctx.before), lex.not_before):
        return True
    if span.vague:
        return False
    if table and text[span.end :].lstrip(" ").startswith("|") and span.unit is None:
        return text[: span.start].rstrip(" ").endswith("|")
    if _is_date_number(span, text, ctx, lex):
        return True
    if span.written:
        return prev[:1].isalnum() and text[span.num_start].isupper()
    return _is_name_number(text, span, ctx, lex)


def _is_date_number(span: _Span, text: str, ctx: _Context, lex: Lexicon) -> bool:
    raw = text[span.num_start : span.end]
    nxt = norm(ctx.after[0]) if ctx.after else ""
    prev = norm(ctx.before[-1]) if ctx.before else ""
    plain = re.fullmatch(r"\d{1,2}(?:\s*(?:–|-|to|and)\s*\d{1,2})?", raw)
    if plain and (nxt in lex.months or _range_to_day(text[span.end :], lex)):
        return True
    if plain and prev in lex.months:  # "August 13", but not "3 August 13 people"
        return not (len(ctx.before) > 1 and ctx.before[-2].isdigit())
    year = re.fullmatch(r"(1\d{3}|20\d{2})(?:\s*(?:[–-]|to|and)\s*(?:1\d{3}|20\d{2}|\d{2}))?", raw)
    if not year or span.unit is not None:
        return False
    # "1500 Pakistani commandos" is a count; "in 2021 attacks", "1988 elections" are not.
    return prev in lex.noun_stops or _noun_after(ctx.after[:1], lex).phrase is None


def _range_to_day(rest: str, lex: Lexicon) -> bool:
    """ "1 to 2 August": the first day of a day range split off as "from X to Y"."""
    match = re.match(r"\s*(?:to|and|–|-)\s*\d{1,2}\s+(\w+)", rest)
    return match is not None and match.group(1).lower() in lex.months


def _is_name_number(text: str, span: _Span, ctx: _Context, lex: Lexicon) -> bool:
    """ "Resolution 1386", "Badri 313 Battalion", "055 Brigade", "Embraer 314"."""
    raw = text[span.num_start : span.end]
    if re.match(r"0\d", raw):
        return True
    caps = 0
    for token in ctx.after[:3]:
        if token.lower() in lex.formation_words and token[:1].isupper():
            return True
        caps += token[:1].isupper()
        if not token[:1].isupper() or caps > 2:
            break
    prev = ctx.before[-1] if ctx.before else ""
    if span.start != span.num_start or span.unit is not None or not prev[:1].isupper():
        return False
    if prev.lower() in lex.lead_words or norm(prev) in lex.months or prev.endswith("s"):
        return False
    return _noun_after(ctx.after[:3], lex).phrase is None


# --- what is counted ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Noun:
    category: str | None
    phrase: str | None
    modifier: str | None
    end: int  # index of the first token after the noun phrase


def _noun_after(tokens: Sequence[str], lex: Lexicon) -> _Noun:
    """The counted noun after a number, skipping modifiers ("Afghan National Army troops")."""
    modifier: _Noun | None = None
    i = 0
    while i < min(len(tokens), 9):
        token = tokens[i]
        hit = phrase_at(tokens, i, lex.nouns)
        if hit is not None:
            noun = _Noun(hit[0], " ".join(tokens[i : i + hit[1]]).lower(), None, i + hit[1])
            if noun.category in lex.participles and modifier is None and noun.end < len(tokens):
                modifier, i = noun, noun.end
                continue
            return replace(noun, modifier=modifier.category) if modifier else noun
        if _is_demonym(token):
            return _Noun("people", token.lower(), modifier.category if modifier else None, i + 1)
        if norm(token) in lex.noun_stops or token in _BOUNDARY:
            break
        i += 1
    return modifier or _Noun(None, None, None, 0)


def _is_demonym(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:ians|ans|is|ese|abs|urds)", token))


def _outcome_after(tokens: Sequence[str], lex: Lexicon) -> str | None:
    for i in range(min(len(tokens), 14)):
        if tokens[i] in _BOUNDARY:
            return None
        hit = phrase_at(tokens, i, lex.after)
        if hit is not None:
            return hit[0]
    return None


def _outcome_before(tokens: Sequence[str], lex: Lexicon) -> str | None:
    end = len(tokens)
    while end > 0 and tokens[end - 1].lower() in lex.object_skip:
        found = phrase_ending(tokens, end, lex.before)
        if found:
            return found
        end -= 1
    return phrase_ending(tokens, end, lex.before)


def _counts(
    span: _Span, ctx: _Context, lex: Lexicon, field: str | None
) -> tuple[str | None, str | None]:
    """(counts, subject): what the number counts and the noun naming it."""
    if span.unit == "percent":
        return None, None
    noun = _noun_after(ctx.after, lex)
    if span.unit in lex.currency_prefix.values():
        return "money", noun.phrase
    if noun.category in lex.things or (
        noun.category in lex.outcome_kinds and noun.modifier is None
    ):
        return noun.category, noun.phrase
    verb = _outcome_after(ctx.after[noun.end :], lex) or _outcome_before(ctx.before, lex)
    key = re.sub(r"[\d_]+", "", field or "").strip().lower()
    for choice in (verb, noun.modifier, noun.category, lex.infobox_keys.get(key)):
        if choice:
            return choice, noun.phrase
    return None, noun.phrase


# --- public API --------------------------------------------------------------------


def _scan(text: str, lex: Lexicon, *, field: str | None, table: bool) -> list[ParsedQuantity]:
    found: list[ParsedQuantity] = []
    taken: list[tuple[int, int]] = []
    spans = sorted(
        _numeric_spans(text, lex) + _vague_spans(text, lex), key=lambda s: (s.start, -s.end)
    )
    for span in spans:
        if any(span.start < end and start < span.end for start, end in taken):
            continue
        ctx = _context(text, span)
        if _rejected(span, text, ctx, lex, table):
            continue
        counts, subject = _counts(span, ctx, lex, field)
        if not _kept(span, counts, subject, lex):
            continue
        taken.append((span.start, span.end))
        found.append(
            ParsedQuantity(
                start=span.start,
                end=span.end,
                text=text[span.start : span.end],
                low=span.low,
                best=span.best,
                high=span.high,
                counts=counts,
                unit=span.unit,
                approx=span.approx,
                subject=subject,
            )
        )
    return found


def _kept(span: _Span, counts: str | None, subject: str | None, lex: Lexicon) -> bool:
    """Bare written numbers and vague determiners need something counted."""
    if span.vague:
        return subject is not None or span.vague not in lex.vague_need_noun
    if span.written and not span.scaled:
        return subject is not None or counts is not None
    return True


def parse_quantity(text: str, *, field: str | None = None) -> ParsedQuantity | None:
    """Parse the first quantity in ``text`` (an infobox value, a table cell, a phrase).

    >>> q = parse_quantity("28,000–30,000 Pakistani nationals")
    >>> (q.low, q.best, q.high, q.approx)
    (28000.0, 28000.0, 30000.0, 'range')
    """
    found = find_quantities(text, field=field)
    return found[0] if found else None


def find_quantities(
    text: str, *, field: str | None = None, table: bool = False
) -> list[ParsedQuantity]:
    """Every quantity in ``text``; citation markers are ignored, offsets index ``text``."""
    return _scan(blank_citations(text), load_lexicon(), field=field, table=table)


class QuantityExtractor:
    """Extract :class:`Quantity` records from segmented documents.

    The lexicon is loaded once in ``__init__``; ``__call__`` is pure.
    """

    def __init__(self) -> None:
        self._lex = load_lexicon()

    def __call__(self, document: Document, sentences: Iterable[Sentence]) -> list[Quantity]:
        """Quantities of every sentence, offsets into ``document.text``."""
        out: list[Quantity] = []
        for sentence in sentences:
            out.extend(self._sentence(document, sentence))
        return out

    def _sentence(self, document: Document, sentence: Sentence) -> list[Quantity]:
        text = blank_citations(document.text[sentence.start : sentence.end])
        table = sentence.kind == UnitKind.TABLE_ROW
        found = _scan(text, self._lex, field=sentence.field, table=table)
        return [
            Quantity(
                doc_id=document.id,
                sentence_id=sentence.id,
                start=sentence.start + q.start,
                end=sentence.start + q.end,
                text=document.text[sentence.start + q.start : sentence.start + q.end],
                low=q.low,
                best=q.best,
                high=q.high,
                counts=q.counts,
                unit=q.unit,
                approx=q.approx,
                subject=q.subject,
            )
            for q in found
        ]


def extract_quantities(document: Document, sentences: Iterable[Sentence]) -> list[Quantity]:
    """Quantities in ``sentences`` of ``document`` (see :class:`QuantityExtractor`)."""
    return QuantityExtractor()(document, sentences)
