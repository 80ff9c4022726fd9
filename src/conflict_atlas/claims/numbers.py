"""Numeric claims: a quantity of the text, what it measures, about whom, when, says who.

A quantity becomes a claim when the vocabulary gives it a property (deaths, troop
strength, evacuated, ...) and the text ties it to a subject (a party, an event, the
document's conflict). Numbers the text does not tie to anything are left out: a claim
nobody can compare is noise in a contradiction list.
"""

from __future__ import annotations

import math
import re

from conflict_atlas.claims.context import DocContext, Subject
from conflict_atlas.claims.subjects import (
    UNRESOLVED,
    Where,
    compose,
    find_event,
    find_party,
    locate,
)
from conflict_atlas.claims.text import find_phrases, index_at
from conflict_atlas.claims.vocab import NumericProperty
from conflict_atlas.models import Claim, Quantity, Sentence, UnitKind, content_id

#: Quantity hedges (docs/quantities.md) to claim ``approx`` values (docs/claims.md).
APPROX = {
    "exact": "exact",
    "about": "about",
    "nearly": "nearly",
    "more_than": "more_than",
    "at_least": "at_least",
    "up_to": "at_most",
    "less_than": "less_than",
    "range": "range",
    "vague": "vague",
}
_PREFIX = {
    "about": "about ",
    "nearly": "nearly ",
    "more_than": "more than ",
    "at_least": "at least ",
    "at_most": "at most ",
    "less_than": "less than ",
}
_ORIGIN = {UnitKind.INFOBOX_FIELD: "infobox", UnitKind.TABLE_ROW: "table"}


def numeric_claims(ctx: DocContext) -> list[Claim]:
    """Claims from the quantities of one analysed document, in text order."""
    found: list[Claim] = []
    for quantity in ctx.result.quantities:
        sentence = ctx.sentence_at(quantity.start)
        if sentence is None or quantity.unit == "percent":
            continue
        claim = _claim(ctx, quantity, sentence)
        if claim is not None:
            found.append(claim)
    return found


def _claim(ctx: DocContext, quantity: Quantity, sentence: Sentence) -> Claim | None:
    where = locate(ctx, sentence, quantity)
    if _too_vague(quantity) or _partial(ctx, where):
        return None
    prop = choose_property(ctx, quantity, where)
    if prop is None:
        return None
    party = find_party(ctx, quantity, where, nouns=prop.party_nouns)
    if party is UNRESOLVED:
        return None
    subject = compose(party, find_event(ctx, where))
    if subject is None:
        return None
    when = ctx.when(sentence, quantity.start)
    return make_claim(
        ctx,
        quantity,
        sentence,
        subject,
        prop.name,
        time=when.label if when else None,
        attributed_to=ctx.attribution(sentence, quantity.start),
    )


def _too_vague(quantity: Quantity) -> bool:
    """ "many", "several": words too loose to agree or disagree with anything."""
    return quantity.approx == "vague" and (quantity.high is None or quantity.high < 20)


def _partial(ctx: DocContext, where: Where) -> bool:
    """ "an additional 94 districts": an increment, not a count of the whole."""
    before = where.tokens[max(0, where.first - 2) : where.first]
    return any(w.text.startswith(cue) for w in before for cue in ctx.vocab.not_a_total)


def choose_property(ctx: DocContext, quantity: Quantity, where: Where) -> NumericProperty | None:
    """The property a quantity measures: the fitting property with the nearest cue.

    Properties with no cue list are taken when no cue of another fitting property is
    found; an infobox field's key decides for numbers counted only by that key.
    """
    best: tuple[float, int, NumericProperty] | None = None
    for rank, prop in enumerate(ctx.vocab.numeric):
        distance = _fit(ctx, quantity, where, prop)
        if distance is not None and (best is None or (distance, rank) < best[:2]):
            best = (distance, rank, prop)
    return best[2] if best else None


def _fit(ctx: DocContext, quantity: Quantity, where: Where, prop: NumericProperty) -> float | None:
    """How near the evidence for ``prop`` stands (0 best), or None when it does not fit."""
    if not _noun_fits(quantity, prop):
        return None
    key = re.sub(r"[\d_]+", "", where.sentence.field or "").strip().lower()
    if where.sentence.kind == UnitKind.INFOBOX_FIELD and prop.infobox.get(key) == quantity.counts:
        return 0.0
    if quantity.counts not in prop.counts:
        return None
    if not prop.cues:
        return math.inf
    return _cue_distance(where, quantity, prop)


def _noun_fits(quantity: Quantity, prop: NumericProperty) -> bool:
    if not prop.nouns or not quantity.subject:
        return True
    return any(w.startswith(n) for w in quantity.subject.lower().split() for n in prop.nouns)


def _cue_distance(where: Where, quantity: Quantity, prop: NumericProperty) -> float | None:
    tokens, first = where.tokens, where.first
    stop = max((i for i in range(first) if tokens[i].text == ";"), default=-1)
    start = stop + 1 if prop.window is None else max(stop + 1, first - prop.window)
    after_number = index_at(tokens, quantity.end)
    last = index_at(tokens, where.noun_end) + prop.after
    distances = [
        first - (start + i) if start + i < first else max(0, start + i - after_number)
        for i, _ in find_phrases(tokens[start:last], prop.cues)
    ]
    return float(min(distances)) if distances else None


def make_claim(
    ctx: DocContext,
    quantity: Quantity,
    sentence: Sentence,
    subject: Subject,
    prop: str,
    *,
    time: str | None,
    attributed_to: str | None,
) -> Claim:
    """The :class:`Claim` of a quantity about ``subject``."""
    approx = APPROX.get(quantity.approx, "exact")
    source = ctx.source(sentence)
    return Claim(
        id=content_id("claim", source.doc, quantity.start, quantity.end, prop, subject.label),
        subject=subject.label,
        subject_id=subject.id,
        property=prop,
        value=_value(quantity, approx),
        low=quantity.low,
        best=quantity.best,
        high=quantity.high,
        unit=quantity.unit,
        approx=approx,
        source=source,
        origin=_ORIGIN.get(sentence.kind, "text"),
        time=time,
        attributed_to=attributed_to,
    )


def _value(quantity: Quantity, approx: str) -> str:
    if approx == "vague":
        return " ".join(quantity.text.lower().split())
    return number_label(quantity.low, quantity.best, quantity.high, approx)


def number_label(low: float | None, best: float | None, high: float | None, approx: str) -> str:
    """The value as one canonical string: "3,000", "about 3,000", "1,405,111–2,584,468"."""
    if approx == "range" and low is not None and high is not None:
        return f"{_fmt(low)}–{_fmt(high)}"
    if approx == "range" and low is not None:
        return f"at least {_fmt(low)}"
    value = best if best is not None else (high if high is not None else low)
    if value is None:
        return "unknown"
    return f"{_PREFIX.get(approx, '')}{_fmt(value)}"


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
