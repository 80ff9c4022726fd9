"""The events stage: sentences with their mentions in, typed and sourced events out.

Example::

    extractor = EventExtractor()
    events = extractor(document, sentences, parsed, dates=dates, quantities=quantities,
                       actor_mentions=actor_mentions, place_mentions=place_mentions,
                       places=places, actors=actors)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc

from conflict_atlas.events.arguments import find_arguments, tokens_of
from conflict_atlas.events.build import Draft, dedupe_arguments, make_event
from conflict_atlas.events.coref import Salience, is_subject, phrase_heads
from conflict_atlas.events.dating import (
    EventDate,
    NarrativeDate,
    attached_date,
    from_mention,
    governed_by,
    in_parentheses,
    own_date,
    truncate,
    usable,
)
from conflict_atlas.events.fatalities import fatalities_of
from conflict_atlas.events.filters import Verdict, judge, told_here
from conflict_atlas.events.locate import document_setting, locate, to_location
from conflict_atlas.events.ontology import Lexicon, load_lexicon, load_ontology
from conflict_atlas.events.tables import TableEvents
from conflict_atlas.events.triggers import Trigger, find_triggers
from conflict_atlas.models import (
    Actor,
    Document,
    EntityMention,
    Event,
    EventArgument,
    EventLocation,
    EventSource,
    Place,
    Quantity,
    Sentence,
    TimeMention,
    UnitKind,
)

_PROSE = (UnitKind.SENTENCE, UnitKind.LIST_ITEM)
_VIOLENT = frozenset(
    {"attack", "battle", "massacre", "capture", "invasion", "assassination", "coup"}
)
_WEAK = frozenset({"kill", "wound", "injure", "enter", "target", "strike"})
_LIGHT_VERBS = frozenset(
    {"launch", "carry", "sign", "hold", "conduct", "begin", "start", "stage", "host"}
)


@dataclass(slots=True)
class _Context:
    """Per-document inputs indexed for the sentence loop."""

    document: Document
    dates: Mapping[str, list[TimeMention]]
    quantities: Mapping[str, list[Quantity]]
    actor_mentions: Mapping[str, list[EntityMention]]
    place_mentions: Mapping[str, list[EntityMention]]
    places: Mapping[str, Place]
    actors: Mapping[str, Actor]
    setting: EventLocation | None
    narrative: NarrativeDate
    salience: Salience


def _by_sentence(items: Iterable[TimeMention | Quantity | EntityMention]) -> dict[str, list]:  # type: ignore[type-arg]
    grouped: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
    for item in items:
        if item.sentence_id is not None:
            grouped[item.sentence_id].append(item)
    return grouped


class EventExtractor:
    """Finds events in one document's sentences; loads the lexicon and ontology once.

    Args:
        lexicon_paths: extra trigger lexicon YAML files (same shape as the bundled
            ``data/events/triggers.yaml``) that extend or override it.
    """

    def __init__(self, *, lexicon_paths: Sequence[str | Path] = ()) -> None:
        self.lexicon: Lexicon = load_lexicon(lexicon_paths)
        self.ontology = load_ontology()

    def __call__(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        parsed: Sequence[Doc],
        *,
        dates: Sequence[TimeMention],
        quantities: Sequence[Quantity],
        actor_mentions: Sequence[EntityMention],
        place_mentions: Sequence[EntityMention],
        places: Sequence[Place],
        actors: Sequence[Actor],
    ) -> list[Event]:
        """Events reported in ``sentences`` (``parsed``: one spaCy Doc per sentence)."""
        place_index = {p.id: p for p in places}
        ctx = _Context(
            document,
            _by_sentence(dates),
            _by_sentence(quantities),
            _by_sentence(actor_mentions),
            _by_sentence(place_mentions),
            place_index,
            {a.id: a for a in actors},
            document_setting(place_mentions, place_index),
            NarrativeDate(),
            Salience(),
        )
        drafts: list[Draft] = []
        tables = TableEvents(document, self.lexicon)
        outcome = self._outcome_date(ctx, sentences)
        for sentence, doc in zip(sentences, parsed, strict=True):
            if sentence.kind in _PROSE:
                if self._is_navigation(doc):
                    continue
                drafts.extend(self._sentence(ctx, sentence, doc))
            elif outcome is not None and self._is_outcome(sentence):
                drafts.extend(self._sentence(ctx, sentence, doc, outcome=outcome))
            elif sentence.kind == UnitKind.TABLE_ROW:
                tables.add_row(
                    sentence, ctx.dates.get(sentence.id, []), self._located(ctx, sentence, doc)
                )
        drafts.extend(tables.drafts(drafts, ctx.setting))
        return [make_event(d, self.ontology) for d in drafts]

    def _is_navigation(self, doc: Doc) -> bool:
        """A line pointing to another article ("See main article: ...") reports nothing."""
        head = " ".join(doc.text.lower().split())
        return any(head.startswith(cue) for cue in self.lexicon.cues("navigation"))

    # --- infobox outcomes --------------------------------------------------------------
    def _is_outcome(self, sentence: Sentence) -> bool:
        key = (sentence.field or "").strip().lower()
        return sentence.kind == UnitKind.INFOBOX_FIELD and key in self.lexicon.cues("outcome")

    def _outcome_date(self, ctx: _Context, sentences: Sequence[Sentence]) -> EventDate | None:
        """When an infobox's outcome happened: the end of its date field ("1 May – 15 August")."""
        keys = self.lexicon.cues("infobox_date")
        for sentence in sentences:
            key = (sentence.field or "").strip().lower()
            if sentence.kind == UnitKind.INFOBOX_FIELD and key in keys:
                found = [m for m in ctx.dates.get(sentence.id, []) if usable(m)]
                if found:  # the last date, alone: not the whole range it closes
                    last = max(found, key=lambda m: m.end)
                    precision = last.precision or "year"
                    return EventDate(truncate(last.date_start, precision), None, precision)
        return None

    # --- one sentence ----------------------------------------------------------------
    def _sentence(
        self, ctx: _Context, sentence: Sentence, doc: Doc, *, outcome: EventDate | None = None
    ) -> list[Draft]:
        """Events of one sentence; ``outcome`` dates the undated events of an infobox result."""
        mentions = [
            (m.start - sentence.start, m) for m in ctx.dates.get(sentence.id, []) if usable(m)
        ]
        if outcome is not None:  # "End of the War (2001–2021)" names a war, not a date
            mentions = [(o, m) for o, m in mentions if not in_parentheses(doc, o)]
        # An outcome field is a list of items: a name in one item is not another's object.
        triggers = find_triggers(doc, self.lexicon) if outcome else self._triggers(doc)
        judged = self._judged(doc, triggers, mentions, telegraphic=outcome is not None)
        strong = any(t.type in _VIOLENT and t.lemma not in _WEAK for t, _ in judged)
        drafts: list[Draft] = []
        for trigger, verdict in judged:
            if strong and trigger.lemma in _WEAK and trigger.type == "attack":
                continue  # "killed" in a sentence that tells the battle it died in
            mention = attached_date(doc, trigger.token, mentions)
            undated_noun = trigger.kind != "verb" and mention is None and outcome is None
            if undated_noun and not told_here(doc[trigger.token]):
                continue  # a nominal event without its own date is a reference
            if mention:
                date = from_mention(mention)
            else:
                date = outcome or ctx.narrative.inherited(sentence.paragraph, sentence.index)
            drafts.extend(self._drafts(ctx, sentence, doc, trigger, date, verdict.claim))
        self._tell(ctx, sentence, doc, mentions)
        ctx.salience.told(self._subjects(ctx, sentence, doc))
        return _attach_fatalities(drafts, ctx.quantities.get(sentence.id, []))

    def _judged(
        self,
        doc: Doc,
        triggers: Sequence[Trigger],
        mentions: Sequence[tuple[int, TimeMention]],
        *,
        telegraphic: bool,
    ) -> list[tuple[Trigger, Verdict]]:
        """Triggers kept by the filters, with their verdicts.

        A nominal event named after "since/after ..." is kept when it carries its own
        date ("since the 2001 American invasion"): it is mentioned in passing, not merely
        referred to.
        """
        out = []
        for t in triggers:
            verdict = judge(doc, t, self.lexicon, telegraphic=telegraphic)
            if verdict.reason == "reference" and own_date(doc, t.token, mentions):
                verdict = Verdict(True)
            if verdict.keep:
                out.append((t, verdict))
        return out

    def _triggers(self, doc: Doc) -> list[Trigger]:
        found = find_triggers(doc, self.lexicon)
        by_token = {t.token: t for t in found}
        kept: list[Trigger] = []
        preps = self.lexicon.cues("reference_preps")
        for t in found:
            head = doc[t.token].head
            if head.lower_ in preps:  # "fought since the 2022 invasion": another event
                kept.append(t)
                continue
            verb = by_token.get(head.i) or by_token.get(head.head.i)
            if t.kind != "verb" and verb is not None and verb.kind == "verb" and verb is not t:
                if verb.lemma in _LIGHT_VERBS:
                    by_token[verb.token] = replace(verb, type=t.type)
                continue
            kept.append(t)
        return [by_token.get(t.token, t) for t in kept]

    def _tell(
        self, ctx: _Context, sentence: Sentence, doc: Doc, mentions: list[tuple[int, TimeMention]]
    ) -> None:
        aside = self.lexicon.cues("not_narrative")
        plain = [
            m
            for o, m in mentions
            if not in_parentheses(doc, o) and not governed_by(doc, o, m, aside)
        ]
        if plain:
            ctx.narrative.told(plain[-1], sentence.paragraph, sentence.index)

    def _retyped(self, trigger: Trigger, targets: Sequence[EventArgument]) -> str:
        """ "killed Khan": killing named persons is an assassination, not an attack."""
        killing = trigger.type == "attack" and trigger.lemma in self.lexicon.cues("kill_person")
        if killing and targets and all(t.kind == "person" for t in targets):
            return "assassination"
        return trigger.type

    def _subjects(self, ctx: _Context, sentence: Sentence, doc: Doc) -> list[EventArgument]:
        """Actors named as subjects in ``sentence``, in text order."""
        out = []
        for m in ctx.actor_mentions.get(sentence.id, []):
            actor = ctx.actors.get(m.entity_id or "")
            toks = tokens_of(doc, m.start - sentence.start, m.end - sentence.start)
            if actor is not None and is_subject(doc, toks):
                out.append(EventArgument(actor.id, actor.name, actor.kind))
        return out

    def _agents(
        self, ctx: _Context, sentence: Sentence, doc: Doc, toks: frozenset[int]
    ) -> tuple[EventArgument, ...]:
        """The actors of an agent phrase: named, else a country, else who "he"/"they" is."""
        heads = phrase_heads(doc, toks)
        found = self._arguments(ctx, sentence, doc, heads) or self._arguments(
            ctx, sentence, doc, toks
        )
        countries = tuple(
            EventArgument(None, place.name, "state")
            for place_toks, place in self._located(ctx, sentence, doc)
            if place_toks & heads
            and place.kind == "country"
            and not any(same_words(place.name, a.name) for a in found)
        )
        if found or countries:
            return dedupe_arguments(found + countries)
        generic = self.lexicon.cues("generic_agents")
        resolved = ctx.salience.resolve(doc, toks, generic)
        return (resolved,) if resolved else _unresolved(doc, toks)

    def _located(
        self, ctx: _Context, sentence: Sentence, doc: Doc
    ) -> list[tuple[frozenset[int], Place]]:
        out: list[tuple[frozenset[int], Place]] = []
        for m in ctx.place_mentions.get(sentence.id, []):
            place = ctx.places.get(m.entity_id or "")
            if place is not None:
                toks = tokens_of(doc, m.start - sentence.start, m.end - sentence.start)
                if toks:
                    out.append((toks, place))
        return out

    def _arguments(
        self, ctx: _Context, sentence: Sentence, doc: Doc, toks: frozenset[int]
    ) -> tuple[EventArgument, ...]:
        found: list[EventArgument] = []
        for m in ctx.actor_mentions.get(sentence.id, []):
            if tokens_of(doc, m.start - sentence.start, m.end - sentence.start) & toks:
                actor = ctx.actors.get(m.entity_id or "")
                name = actor.name if actor else m.text
                found.append(EventArgument(m.entity_id, name, actor.kind if actor else None))
        return dedupe_arguments(found)

    def _drafts(
        self,
        ctx: _Context,
        sentence: Sentence,
        doc: Doc,
        trigger: Trigger,
        date: EventDate,
        claim: bool,
    ) -> list[Draft]:
        args = find_arguments(doc, trigger)
        located = self._located(ctx, sentence, doc)
        actors = self._agents(ctx, sentence, doc, args.agent)
        source = EventSource(
            ctx.document.name,
            sentence.start,
            sentence.end,
            ctx.document.text[sentence.start : sentence.end],
        )
        groups = _split_groups(args.patients, located) or [frozenset()]
        drafts = []
        for n, group in enumerate(groups):
            place = locate(doc, trigger.token, group, located)
            location = to_location(place) if place is not None else ctx.setting
            targets = tuple(
                t for t in self._arguments(ctx, sentence, doc, group) if t not in actors
            )
            patient = _patient_text(doc, group)
            drafts.append(
                Draft(
                    self._retyped(trigger, targets),
                    doc[trigger.token].text if trigger.kind != "name" else trigger.lemma,
                    source,
                    date,
                    actors,
                    targets,
                    location,
                    None,
                    claim,
                    patient,
                    f"{trigger.start}:{n}",
                )
            )
        return drafts


def _split_groups(
    groups: tuple[frozenset[int], ...], located: Sequence[tuple[frozenset[int], Place]]
) -> list[frozenset[int]]:
    """Coordinated patients make separate events only when each names a place."""
    if len(groups) <= 1:
        return list(groups)
    if all(any(toks & g for toks, _ in located) for g in groups):
        return list(groups)
    merged: frozenset[int] = frozenset()
    for g in groups:
        merged |= g
    return [merged]


def _unresolved(doc: Doc, toks: frozenset[int]) -> tuple[EventArgument, ...]:
    """An agent the actor stage did not know, named by its proper-noun phrase.

    A short phrase with a name in it ("North Korean forces", "the Red Unit"), without a
    date or a number ("the last round of the jirga in May 1980").
    """
    if not toks or not any(
        doc[i].pos_ == "PROPN" or doc[i].ent_type_ in ("NORP", "ORG", "GPE") for i in toks
    ):
        return ()
    if len(toks) > 6 or any(doc[i].ent_type_ == "DATE" or doc[i].like_num for i in toks):
        return ()
    words = [doc[i] for i in sorted(toks) if not (doc[i].pos_ == "DET" and i == min(toks))]
    text = doc.text[words[0].idx : words[-1].idx + len(words[-1])].strip(" ,")
    return (EventArgument(None, text),) if 0 < len(text) <= 60 else ()


def _patient_text(doc: Doc, group: frozenset[int]) -> str:
    if not group:
        return ""
    words = [doc[i] for i in sorted(group)]
    text = doc.text[words[0].idx : words[-1].idx + len(words[-1])].strip(" ,")
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def _attach_fatalities(drafts: list[Draft], quantities: Sequence[Quantity]) -> list[Draft]:
    deaths = fatalities_of(quantities)
    if deaths is None:
        return drafts
    for i, d in enumerate(drafts):
        if d.type in _VIOLENT:
            drafts[i] = replace(d, fatalities=deaths)
            break
    return drafts


def same_words(a: str, b: str) -> bool:
    """Whether two names share a word ("Iran" and "Islamic Republic of Iran")."""
    return bool(set(a.lower().split()) & set(b.lower().split()))
