"""Date claims: the shared record builder and the document's own start and end dates.

Dates come from three places: events whose type has a date rule (:mod:`.event_dates`),
sentences saying an organisation was formed (:mod:`.formation`), and the document's own
dates here: an infobox ``Date``/``Active`` field, "the offensive began on 1 May 2021".
"""

from __future__ import annotations

from conflict_atlas.claims.context import DocContext, Subject
from conflict_atlas.claims.subjects import named_events
from conflict_atlas.claims.text import find_phrases, index_at, name_key
from conflict_atlas.models import Claim, Sentence, TimeMention, UnitKind, content_id

_ORIGIN = {UnitKind.INFOBOX_FIELD: "infobox", UnitKind.TABLE_ROW: "table"}
_PRECISION_SIZE = {"day": 10, "month": 7, "season": 7, "year": 4, "decade": 4}


def date_claim(
    ctx: DocContext,
    sentence: Sentence,
    subject: Subject,
    prop: str,
    interval: tuple[str, str, str],
    *,
    attributed_to: str | None = None,
) -> Claim:
    """A date claim; ``interval`` is (date_start, date_end, precision)."""
    start, end, precision = interval
    size = _PRECISION_SIZE.get(precision, 10)
    value = start[:size] if start[:size] == end[:size] else f"{start[:size]}/{end[:size]}"
    source = ctx.source(sentence)
    return Claim(
        id=content_id("claim", source.doc, source.start, prop, subject.id or subject.label, value),
        subject=subject.label,
        subject_id=subject.id,
        property=prop,
        value=value,
        low=None,
        best=None,
        high=None,
        unit="date",
        approx="exact" if start[:size] == end[:size] else "range",
        source=source,
        origin=_ORIGIN.get(sentence.kind, "text"),
        date_start=start[:size],
        date_end=end[:size],
        attributed_to=attributed_to,
    )


def interval_of(mention: TimeMention) -> tuple[str, str, str]:
    """(date_start, date_end, precision) of a time mention."""
    start = mention.date_start or ""
    return start, mention.date_end or start, mention.precision or "day"


# --- the document's own dates ------------------------------------------------------


def document_date_claims(ctx: DocContext) -> list[Claim]:
    """Start (and end) of the document's subject from its infobox and its lead."""
    prop = "start_date" if ctx.subject.scoped else "year_formed"
    found = [c for s in ctx.sentences for c in _infobox_dates(ctx, s, prop)]
    if ctx.subject.scoped:
        found.extend(c for s in ctx.sentences for c in _stated_start(ctx, s))
    return found


def _infobox_dates(ctx: DocContext, sentence: Sentence, prop: str) -> list[Claim]:
    key = (sentence.field or "").strip().lower()
    if sentence.kind != UnitKind.INFOBOX_FIELD or key not in ctx.vocab.infobox_start:
        return []
    dated = ctx.dated(sentence)
    if not dated:
        return []
    first = dated[0]
    claims = [date_claim(ctx, sentence, ctx.subject, prop, interval_of(first))]
    value = ctx.document.text[sentence.start : sentence.end].lower()
    ongoing = any(word in value for word in ctx.vocab.ongoing)
    last = next((t for t in dated[1:] if first.range_end and t.date_end == first.range_end), None)
    if prop == "start_date" and last is not None and not ongoing:
        claims.append(date_claim(ctx, sentence, ctx.subject, "end_date", interval_of(last)))
    return claims


def _stated_start(ctx: DocContext, sentence: Sentence) -> list[Claim]:
    """ "... in a state of armed conflict since 1978", "The offensive began on 1 May"."""
    if sentence.kind != UnitKind.SENTENCE or not ctx.dated(sentence):
        return []
    tokens = ctx.words(sentence)
    cues = find_phrases(tokens, ctx.vocab.start_cues)
    if not cues or not _names_subject(ctx, sentence):  # the costlier test last
        return []
    for _, last in cues:
        for mention in ctx.dated(sentence):
            i = index_at(tokens, mention.start)
            between = tokens[last:i]
            if not 0 <= i - last <= 2 or find_phrases(between, ctx.vocab.elsewhere):
                continue
            interval = interval_of(mention)
            return [date_claim(ctx, sentence, ctx.subject, "start_date", interval)]
    return []


def _names_subject(ctx: DocContext, sentence: Sentence) -> bool:
    text = ctx.document.text[sentence.start : sentence.end]
    title = name_key(ctx.document.title)
    if any(name_key(name) == title for _, _, name in named_events(ctx.vocab, text)):
        return True
    head = ctx.title_head()
    lead = sentence.section is None
    return lead and head is not None and bool(find_phrases(ctx.words(sentence), [f"the {head}"]))
