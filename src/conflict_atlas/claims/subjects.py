"""Who or what a number is about: the party counted and the event or conflict it belongs to.

The party is the actor whose dead, troops or prisoners are counted: named inside the
counted noun phrase ("523 Soviet soldiers"), after it ("servicemen of KPF"), as the one
who "suffered" the losses, the one losses were "inflicted on", the side of an infobox
field ("Casualties1: Taliban, ..."), or a noun that names a party by itself
("civilians"). The event is a named event the sentence links the number to ("during the
Battle of Jalalabad"), the event of the enclosing section when the sentence refers back
to it ("during this battle"), or the document's own subject (infobox numbers, totals,
"the offensive" in the lead).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from conflict_atlas.claims.context import DocContext, Subject
from conflict_atlas.claims.text import (
    Word,
    clause_bounds,
    clause_of,
    ends_with_phrase,
    find_phrases,
    index_at,
    name_key,
)
from conflict_atlas.claims.vocab import Vocabulary
from conflict_atlas.models import EntityMention, Quantity, Sentence, UnitKind, content_id


@dataclass(frozen=True, slots=True)
class Party:
    """The side a number counts, by display name and id."""

    name: str
    id: str


#: The text names a party that could not be resolved: the number is not a claim.
UNRESOLVED = Party("?", "")


@dataclass(frozen=True, slots=True)
class Where:
    """A number's position in its unit: word indexes and the end of its counted noun."""

    sentence: Sentence
    tokens: list[Word]
    first: int  # index of the number's first word
    noun_end: int  # offset just after the counted noun (or the number)


def locate(ctx: DocContext, sentence: Sentence, quantity: Quantity) -> Where:
    """Where ``quantity`` sits in ``sentence``."""
    tokens = ctx.words(sentence)
    noun_end = quantity.end
    if quantity.subject:
        window = ctx.document.text[quantity.end : quantity.end + 80].lower()
        at = window.find(quantity.subject.lower())
        if at >= 0:
            noun_end = quantity.end + at + len(quantity.subject)
    return Where(sentence, tokens, index_at(tokens, quantity.start), noun_end)


# --- the party ---------------------------------------------------------------------


def find_party(
    ctx: DocContext, quantity: Quantity, where: Where, *, nouns: bool = True
) -> Party | None:
    """The party ``quantity`` counts, or None when the text does not say.

    ``nouns=False`` ignores party nouns ("civilians"): evacuees and refugees are civilians
    by nature, so the noun does not set them apart.
    """
    mentions = ctx.actor_mentions(where.sentence)
    for finder in (_in_noun_phrase, _of_after_noun, _infobox_side, _sufferer, _inflicted_on):
        mention = finder(ctx, quantity, where, mentions)
        if mention is not None:
            return Party(ctx.actor_name(mention), mention.entity_id or "")
    side = _side(ctx, where.sentence)
    if side is not None:
        return side
    if _unresolved(ctx, quantity, where):
        return UNRESOLVED
    if not nouns:
        return None
    noun = (quantity.subject or "").lower()
    for party, stems in ctx.vocab.party_nouns.items():
        if any(word.startswith(stem) for word in noun.split() for stem in stems):
            return Party(party, content_id("party", party))
    return None


def _side(ctx: DocContext, sentence: Sentence) -> Party | None:
    """ "Casualties1: 14,864 killed": side 1 of the infobox, when it names a Combatant1."""
    match = re.search(r"(\d+)$", sentence.field or "")
    if sentence.kind != UnitKind.INFOBOX_FIELD or match is None:
        return None
    number = match.group(1)
    keys = {f.key.lower() for f in ctx.document.infobox_fields}
    if not any(f"{side}{number}" in keys for side in ctx.vocab.side_fields):
        return None
    return Party(f"side {number}", content_id("side", ctx.document.id, number))


def _unresolved(ctx: DocContext, quantity: Quantity, where: Where) -> bool:
    """The text names a party the resolver did not: "523 Soviet soldiers" without the
    actor mention, "X suffered", "inflicting on them". Such a number is not the whole's."""
    text = ctx.document.text
    if re.search(r"\b[A-Z]", text[quantity.end : where.noun_end]):
        return True
    if re.match(r"\s+of\s+(?:the\s+)?[A-Z]", text[where.noun_end : where.noun_end + 16]):
        return where.noun_end != quantity.end
    tokens, first = where.tokens, where.first
    before = tokens[max(0, first - 6) : first]
    verbs = ctx.vocab.suffer_verbs + tuple(p.split()[0] for p in ctx.vocab.inflict_on)
    return any(t.text in verbs for t in before)


def _in_noun_phrase(
    ctx: DocContext, quantity: Quantity, where: Where, mentions: Sequence[EntityMention]
) -> EntityMention | None:
    inside = [m for m in mentions if quantity.end <= m.start and m.end <= where.noun_end]
    return inside[0] if inside else None


def _of_after_noun(
    ctx: DocContext, quantity: Quantity, where: Where, mentions: Sequence[EntityMention]
) -> EntityMention | None:
    rest = ctx.document.text[where.noun_end : where.noun_end + 12]
    match = re.match(r"\s+of\s+(?:the\s+)?", rest)
    if match is None or where.noun_end == quantity.end:
        return None
    at = where.noun_end + match.end()
    return next((m for m in mentions if m.start == at), None)


def _infobox_side(
    ctx: DocContext, quantity: Quantity, where: Where, mentions: Sequence[EntityMention]
) -> EntityMention | None:
    """ "Casualties1: Taliban, ..." - the actor named first in a numbered side field."""
    sentence = where.sentence
    if sentence.kind != UnitKind.INFOBOX_FIELD or not re.search(r"\d$", sentence.field or ""):
        return None
    text = ctx.document.text
    labels = [
        m
        for m in mentions
        if m.end <= quantity.start
        and re.match(r"\s*:", text[m.end : m.end + 3])
        and not _attribution_label(ctx, text, sentence.start, m)
    ]
    if labels:
        return labels[-1]
    head = [m for m in mentions if m.start < min(quantity.start, sentence.start + 30)]
    return head[0] if head else None


def _attribution_label(ctx: DocContext, text: str, start: int, mention: EntityMention) -> bool:
    """True for a label that says who reports ("Afghan government claim:")."""
    label = text[max(start, text.rfind(",", start, mention.start) + 1) : mention.end + 30]
    label = label.split(":")[0].lower()
    return any(word in label for word in ctx.vocab.attribution_labels)


def _sufferer(
    ctx: DocContext, quantity: Quantity, where: Where, mentions: Sequence[EntityMention]
) -> EntityMention | None:
    """ "The mujahideen suffered an estimated 3,000 casualties"."""
    tokens, first = where.tokens, where.first
    bounds = clause_bounds(tokens, ctx.vocab.clause_openers)
    start, _ = clause_of(bounds, first)
    for i in range(first - 1, max(start, first - 6) - 1, -1):
        if any(tokens[i].text == verb for verb in ctx.vocab.suffer_verbs):
            before = [m for m in mentions if tokens[start].start <= m.start < tokens[i].start]
            return before[-1] if before else None
    return None


def _inflicted_on(
    ctx: DocContext, quantity: Quantity, where: Where, mentions: Sequence[EntityMention]
) -> EntityMention | None:
    """ "inflicting on them greater than 3,000 losses": them = the last group named."""
    tokens, first = where.tokens, where.first
    for i in range(max(0, first - 6), first):
        size = max((len(p.split()) for p in ctx.vocab.inflict_on if _at(tokens, i, p)), default=0)
        if not size or i + size >= len(tokens):
            continue
        target = tokens[i + size]
        if target.text in ctx.vocab.group_pronouns:
            groups = [
                m
                for m in mentions
                if m.end <= tokens[i].start and ctx.actor_kind(m) in ctx.vocab.group_kinds
            ]
            return groups[-1] if groups else None
        return next((m for m in mentions if m.start == target.start), None)
    return None


def _at(tokens: Sequence[Word], i: int, phrase: str) -> bool:
    parts = phrase.split()
    return i + len(parts) <= len(tokens) and all(
        tokens[i + k].text == part for k, part in enumerate(parts)
    )


# --- the event ---------------------------------------------------------------------


def _event_patterns(vocab: Vocabulary) -> tuple[re.Pattern[str], ...]:
    return _compile(vocab.event_of_heads, vocab.event_named_heads, vocab.event_heads)


@lru_cache(maxsize=8)
def _compile(
    of_words: tuple[str, ...], named_words: tuple[str, ...], head_words: tuple[str, ...]
) -> tuple[re.Pattern[str], ...]:
    cap = r"[A-Z][\w'’\-–]*"
    of_heads = "|".join(h.capitalize() for h in of_words)
    named = "|".join(h.capitalize() for h in named_words)
    heads = "|".join(head_words)
    patterns = [
        rf"\b(?:{of_heads}) of (?:the )?{cap}(?:\s+{cap})*(?: \(\d{{4}}\))?",
        rf"\b(?:(?:{cap}|\d{{1,4}})\s+){{1,4}}(?i:{heads})\b",
    ]
    if named:
        patterns.append(rf"\b(?:{named})\s+{cap}(?:\s+{cap})*")
    return tuple(re.compile(p) for p in patterns)


def named_events(vocab: Vocabulary, text: str) -> list[tuple[int, int, str]]:
    """Named events in ``text`` as (start, end, name), "The" dropped from the front."""
    found: list[tuple[int, int, str]] = []
    for pattern in _event_patterns(vocab):
        for match in pattern.finditer(text):
            name = re.sub(r"^(?:The|In|During|By|After|On)\s+", "", match.group())
            start = match.end() - len(name)
            if name and not any(a <= start < b for a, b, _ in found):
                found.append((start, match.end(), name))
    return sorted(found)


def find_event(ctx: DocContext, where: Where) -> Subject | None:
    """The event or conflict a number in ``where`` belongs to, if the text ties it to one."""
    sentence = where.sentence
    if sentence.kind == UnitKind.INFOBOX_FIELD:
        return ctx.subject
    linked = _linked_event(ctx, where)
    if linked is not None:
        return linked
    section = _section_event(ctx, where)
    if section is not None:
        return section
    if find_phrases(where.tokens, ctx.vocab.total_cues) or _refers_to_title(ctx, where):
        return ctx.subject
    return None


def _linked_event(ctx: DocContext, where: Where) -> Subject | None:
    text = ctx.document.text[where.sentence.start : where.sentence.end]
    tokens = where.tokens
    bounds = clause_bounds(tokens, ctx.vocab.clause_openers)
    clause = clause_of(bounds, where.first)
    for start, _, name in named_events(ctx.vocab, text):
        i = index_at(tokens, where.sentence.start + start)
        j = i - 1 if i > 0 and tokens[i - 1].text == "the" else i
        if clause[0] <= i < clause[1] and ends_with_phrase(tokens, j, ctx.vocab.event_links):
            if name_key(name) == name_key(ctx.document.title):
                return ctx.subject
            return Subject(name, None, True)
    return None


def _section_event(ctx: DocContext, where: Where) -> Subject | None:
    """ "during this battle" under a "Battle of Jalalabad" heading."""
    for section in ctx.sections_of(where.sentence):
        events = named_events(ctx.vocab, section.title)
        if not events:
            continue
        name = events[0][2]
        head = _head_word(ctx.vocab, name)
        phrases = [f"{a} {head}" for a in ctx.vocab.anaphora]
        if head and find_phrases(where.tokens, phrases):
            return Subject(name, None, True)
    return None


def _refers_to_title(ctx: DocContext, where: Where) -> bool:
    """In the lead, "the offensive" stands for the document's "2021 Taliban offensive"."""
    head = ctx.title_head()
    if head is None or where.sentence.section is not None or not ctx.subject.scoped:
        return False
    return bool(find_phrases(where.tokens, [f"the {head}"]))


def _head_word(vocab: Vocabulary, name: str) -> str | None:
    lowered = name.lower().split()
    for word in lowered:
        if word in vocab.event_of_heads or word in vocab.event_named_heads:
            return word
    heads = [w for w in lowered if w in vocab.event_heads]
    return heads[-1] if heads else None


def compose(party: Party | None, event: Subject | None) -> Subject | None:
    """One subject from a party and an event: "Afghan mujahideen in Battle of Jalalabad"."""
    if party is not None and event is not None:
        return Subject(f"{party.name} in {event.label}", None, True)
    if event is not None:
        return event
    if party is not None:
        return Subject(party.name, party.id, False)
    return None
