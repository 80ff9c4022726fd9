"""Dates of events: when a place fell, when a person was killed.

An event of the events stage whose type has a date rule in the vocabulary gives a claim
on its date: a table row's date cell, or in prose the date of the trigger's clause, the
date opening the sentence, or the date the paragraph's story is at. Triggers saying the
event happened again ("recaptured"), or only might ("envisioned the fall of Kabul"), and
dates that name another event ("the 2001 invasion") are left out.
"""

from __future__ import annotations

from conflict_atlas.claims.context import DocContext, Subject
from conflict_atlas.claims.dates import date_claim, interval_of
from conflict_atlas.claims.text import Word, clause_bounds, clause_of, find_phrases, index_at
from conflict_atlas.claims.vocab import DateEventRule
from conflict_atlas.models import Claim, EntityMention, Event, Sentence, TimeMention, UnitKind

_NEAR = 12  # words between the trigger and the place or person it reports on


def event_date_claims(ctx: DocContext, events: list[Event]) -> list[Claim]:
    """Claims on the date of events the vocabulary has a date rule for."""
    found: dict[str, Claim] = {}
    for event in events:
        rule = _rule_for(ctx, event)
        if rule is None:
            continue
        for claim in _event_claims(ctx, rule, event):
            found.setdefault(claim.id, claim)
    return list(found.values())


def _rule_for(ctx: DocContext, event: Event) -> DateEventRule | None:
    """The date rule that applies to ``event``: its own type's, or one it reports."""
    if not event.sources:
        return None
    rule = ctx.vocab.date_events.get(event.type)
    sentence = ctx.sentence_at(event.sources[0].start)
    if rule is not None and sentence is not None and sentence.kind == UnitKind.TABLE_ROW:
        return rule  # the events stage read the table as a table of such events
    if rule is not None:
        return rule if _reports_it(ctx, rule, event.trigger) else None
    for rule in ctx.vocab.date_events.values():
        words = rule.also.get(event.type)
        if words and _clause_says(ctx, event, words):
            return rule
    return None


def _clause_says(ctx: DocContext, event: Event, words: tuple[str, ...]) -> bool:
    sentence = ctx.sentence_at(event.sources[0].start)
    at = _trigger_at(ctx, sentence, event.trigger) if sentence else -1
    if sentence is None or at < 0:
        return False
    tokens = ctx.words(sentence)
    first, last = clause_of(clause_bounds(tokens, ctx.vocab.clause_openers), index_at(tokens, at))
    return bool(find_phrases(tokens[first:last], words))


def _reports_it(ctx: DocContext, rule: DateEventRule, trigger: str) -> bool:
    """True when the trigger says the event happened, and happened for the first time."""
    word = trigger.lower()
    for prefix in ctx.vocab.repeat_prefixes:
        rest = word.removeprefix(prefix)
        if rest != word and any(rest.startswith(t) for t in rule.triggers):
            return False
    return any(word.startswith(t) for t in rule.triggers)


def _event_claims(ctx: DocContext, rule: DateEventRule, event: Event) -> list[Claim]:
    sentence = ctx.sentence_at(event.sources[0].start)
    subject = _event_subject(ctx, rule, event)
    if sentence is None or subject is None:
        return []
    if sentence.kind == UnitKind.TABLE_ROW:
        if not event.date_start or not event.date_precision:
            return []
        end = event.date_end or event.date_start
        interval = (event.date_start, end, event.date_precision)
        return [date_claim(ctx, sentence, subject, f"{rule.type}_date", interval)]
    found = _prose_date(ctx, sentence, event.trigger)
    if found is None or not _near_trigger(ctx, sentence, event, subject):
        return []
    who = ctx.attribution(sentence, _trigger_at(ctx, sentence, event.trigger))
    subjects = [subject, *_fellow_places(ctx, rule, sentence, event, subject)]
    prop = f"{rule.type}_date"
    interval = _range_interval(found)
    return [date_claim(ctx, sentence, s, prop, interval, attributed_to=who) for s in subjects]


def _fellow_places(
    ctx: DocContext, rule: DateEventRule, sentence: Sentence, event: Event, subject: Subject
) -> list[Subject]:
    """Places named with the event's own before a passive trigger: "X and Y were captured".

    Countries, and containers ("in Kandahar Province"), are left out.
    """
    if rule.subject != "place":
        return []
    tokens = ctx.words(sentence)
    trigger = index_at(tokens, _trigger_at(ctx, sentence, event.trigger))
    first, _ = clause_of(clause_bounds(tokens, ctx.vocab.clause_openers), trigger)
    mentions = ctx.mentions.get(sentence.id, [])
    own = [m for m in mentions if m.entity_id == subject.id]
    if not own or index_at(tokens, own[0].start) > trigger:
        return []
    states = [m for m in ctx.actor_mentions(sentence) if ctx.actor_kind(m) == "state"]
    fellows: list[Subject] = []
    for m in mentions:
        i = index_at(tokens, m.start)
        if m.kind != "place" or not m.entity_id or m.entity_id == subject.id:
            continue
        if not first <= i < trigger or trigger - i > _NEAR:
            continue
        if _container(ctx, tokens, i, m, states):
            continue
        fellows.append(Subject(f"{rule.type} of {m.text}", m.entity_id, False))
    return fellows


def _container(
    ctx: DocContext,
    tokens: list[Word],
    i: int,
    mention: EntityMention,
    states: list[EntityMention],
) -> bool:
    """A country, or a place that contains the event's ("in Kandahar Province")."""
    if any(s.start <= mention.start < s.end for s in states):
        return True
    after = next((t.text for t in tokens[i:] if t.start >= mention.end), "")
    before = tokens[i - 1].text if i > 0 else ""
    return before in ctx.vocab.container_before and after in ctx.vocab.container_after


def _event_subject(ctx: DocContext, rule: DateEventRule, event: Event) -> Subject | None:
    if rule.subject == "target":
        target = event.targets[0] if event.targets else None
        if target is None:
            return None
        return Subject(f"{rule.type} of {target.name}", target.id, False)
    where = event.location
    if where is None or where.precision in ctx.vocab.place_kinds_excluded:
        return None
    return Subject(f"{rule.type} of {where.name}", where.place_id, False)


def _range_interval(mention: TimeMention) -> tuple[str, str, str]:
    """The whole range when the date is an endpoint of one ("14–31 March 1991")."""
    if mention.range_start and mention.range_end:
        return mention.range_start, mention.range_end, mention.precision or "day"
    return interval_of(mention)


def _trigger_at(ctx: DocContext, sentence: Sentence, trigger: str) -> int:
    text = ctx.document.text[sentence.start : sentence.end].lower()
    at = text.find(trigger.lower())
    return -1 if at < 0 else sentence.start + at


def _near_trigger(ctx: DocContext, sentence: Sentence, event: Event, subject: Subject) -> bool:
    """The place or person is named close to the word reporting the event, in its clause."""
    at = _trigger_at(ctx, sentence, event.trigger)
    if at < 0:
        return False
    tokens = ctx.words(sentence)
    bounds = clause_bounds(tokens, ctx.vocab.clause_openers)
    trigger = index_at(tokens, at)
    clause = clause_of(bounds, trigger)
    named = [
        m for m in ctx.mentions.get(sentence.id, []) if subject.id and m.entity_id == subject.id
    ]
    for mention in named:
        i = index_at(tokens, mention.start)
        if clause[0] <= i < clause[1] and abs(i - trigger) <= _NEAR:
            return True
    return False


def _prose_date(ctx: DocContext, sentence: Sentence, trigger: str) -> TimeMention | None:
    """The date a sentence gives its event: in the trigger's clause, opening the
    sentence, or else the date the paragraph's narrative is at."""
    at = _trigger_at(ctx, sentence, trigger)
    tokens = ctx.words(sentence)
    if at < 0 or _repeated(ctx, tokens) or _hypothetical(ctx, tokens, at):
        return None
    when = ctx.when(sentence, at)
    if when is not None:
        mention = when.mention
        if when.cumulative or _dates_other_event(ctx, tokens, mention, trigger):
            return None
        return mention if ctx.calendar(mention) else None
    if ctx.dated(sentence):
        return None  # the sentence has dates, none of them this event's
    return ctx.narrative_date(sentence)


def _dates_other_event(
    ctx: DocContext, tokens: list[Word], mention: TimeMention, trigger: str
) -> bool:
    """ "the September 11, 2001, attacks": a date naming another event is not this one's."""
    i = index_at(tokens, mention.end)
    following = [t.text for t in tokens[i : i + 2] if t.text != ","]
    heads = ctx.vocab.event_heads + ctx.vocab.event_of_heads
    word = following[0] if following else ""
    return word in heads and not trigger.lower().startswith(word[:5])


def _repeated(ctx: DocContext, tokens: list[Word]) -> bool:
    return bool(find_phrases(tokens, ctx.vocab.repeat_words))


def _hypothetical(ctx: DocContext, tokens: list[Word], at: int) -> bool:
    """The trigger's clause only expects or plans the event."""
    bounds = clause_bounds(tokens, ctx.vocab.clause_openers)
    first, last = clause_of(bounds, index_at(tokens, at))
    return any(t.text in ctx.vocab.hypothetical for t in tokens[first:last])
