"""Foundings: "X was formed in 1994", "the formation of X in 1988" give X's year formed.

The organisation is the actor (of a kind that can be founded: armed group, party,
militia, international organisation, state forces) the cue's grammar points at: after a
noun cue or an active verb ("set up the Council"), before a passive one ("X (AIG) was
formed", "X, which was founded"). The date is the one nearest the cue or the name, or
the date opening the sentence when the cue is a finite verb ("In 1989, ... was formed").
"""

from __future__ import annotations

import re

from conflict_atlas.claims.context import DocContext, Subject
from conflict_atlas.claims.dates import date_claim, interval_of
from conflict_atlas.claims.text import Word, find_phrases, in_parentheses, index_at
from conflict_atlas.models import Claim, EntityMention, Sentence, TimeMention, UnitKind


def formation_claims(ctx: DocContext) -> list[Claim]:
    """ "X was formed in 1994", "the formation of X in 1988": the year X was formed."""
    found: list[Claim] = []
    for sentence in ctx.sentences:
        if sentence.kind in (UnitKind.SENTENCE, UnitKind.LIST_ITEM):
            found.extend(_formations(ctx, sentence))
    return found


def _formations(ctx: DocContext, sentence: Sentence) -> list[Claim]:
    if not ctx.dated(sentence) or not any(
        ctx.actor_kind(m) in ctx.vocab.formation_kinds for m in ctx.actor_mentions(sentence)
    ):
        return []  # a founding needs a date and an organisation: skip the word scan
    tokens = ctx.words(sentence)
    cues = [(a, b, True) for a, b in find_phrases(tokens, ctx.vocab.formation_nouns)]
    cues += [
        (a, b, False)
        for a, b in find_phrases(tokens, ctx.vocab.formation_cues)
        if _exact_cue(ctx, tokens[a])
    ]
    claims: list[Claim] = []
    for first, last, nominal in cues:
        org = _formed_org(ctx, sentence, tokens, first, last, nominal)
        if org is None:
            continue
        opening = nominal or _with_auxiliary(ctx, tokens, first)
        anchors = (first, index_at(tokens, org.end))
        when = _formation_time(ctx, sentence, tokens, anchors, opening=opening)
        if when is None:
            continue
        subject = Subject(ctx.actor_name(org), org.entity_id, False)
        claims.append(date_claim(ctx, sentence, subject, "year_formed", interval_of(when)))
    return claims


def _exact_cue(ctx: DocContext, word: Word) -> bool:
    """ "formed" but not "formidable": verb cues match whole words."""
    return any(word.text == cue.split()[0] for cue in ctx.vocab.formation_cues)


def _formed_org(
    ctx: DocContext,
    sentence: Sentence,
    tokens: list[Word],
    first: int,
    last: int,
    nominal: bool,
) -> EntityMention | None:
    text = ctx.document.text[sentence.start : sentence.end]
    orgs = [
        m
        for m in ctx.actor_mentions(sentence)
        if ctx.actor_kind(m) in ctx.vocab.formation_kinds
        and not in_parentheses(text, m.start - sentence.start)
    ]
    after = [m for m in orgs if m.start >= tokens[min(last, len(tokens) - 1)].start]
    if nominal or not _passive(ctx, tokens, first, last):
        near = [m for m in after if index_at(tokens, m.start) - last <= 3]
        return near[0] if near else None
    before = [m for m in orgs if m.end <= tokens[first].start]
    for mention in reversed(before):
        if _subject_of_passive(
            text[mention.end - sentence.start : tokens[first].start - sentence.start]
        ):
            return mention
    return None


def _subject_of_passive(gap: str) -> bool:
    """True when the words between a name and a passive cue leave the name its subject.

    "X (AIG) was formed", "X, Y's party, which was founded", "X is a movement that was
    formed", "X, formed in"; not "X - a broad coalition was created".
    """
    gap = re.sub(r"\([^()]*\)", " ", gap).strip(" ,")
    gap = re.sub(r"^(?:was|were|had been|has been|is|are)$", "", gap).strip()
    if not gap:
        return True
    return bool(re.search(r"\b(?:which|that|who)\s+(?:was|were|had been|has been|is|are)?$", gap))


def _passive(ctx: DocContext, tokens: list[Word], first: int, last: int) -> bool:
    markers = ctx.vocab.passive_markers
    before = [t.text for t in tokens[max(0, first - 2) : first]]
    followed_by = tokens[last].text if last < len(tokens) else ""
    return any(w in markers for w in before) or followed_by == "by"


def _with_auxiliary(ctx: DocContext, tokens: list[Word], first: int) -> bool:
    """ "was formed", "were created": a finite verb, which a sentence-opening date dates."""
    before = [t.text for t in tokens[max(0, first - 2) : first]]
    return any(w in ctx.vocab.passive_markers and w != "," for w in before)


def _formation_time(
    ctx: DocContext,
    sentence: Sentence,
    tokens: list[Word],
    anchors: tuple[int, int],
    *,
    opening: bool,
) -> TimeMention | None:
    """The date nearest the cue or the organisation's name (or opening the sentence)."""
    window = ctx.vocab.formation_window
    best: tuple[int, TimeMention] | None = None
    for mention in ctx.dated(sentence):
        if ctx.time_role(sentence, mention) != "period":
            continue
        i = index_at(tokens, mention.start)
        distance = min(abs(i - anchor) for anchor in anchors)
        near = distance <= window or (opening and i <= 2)
        if near and (best is None or distance < best[0]):
            best = (distance, mention)
    return best[1] if best else None
