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

from conflict_atlas.events.arguments import Arguments, find_arguments, tokens_of
from conflict_atlas.events.build import Draft, dedupe_arguments, make_event
from conflict_atlas.events.coref import Salience, is_subject
from conflict_atlas.events.dating import (
    EventDate,
    attached_date,
    from_mention,
    in_parentheses,
    own_date,
    truncate,
    usable,
)
from conflict_atlas.events.fatalities import fatalities_of
from conflict_atlas.events.filters import Verdict, judge, named_in_passing, told_here
from conflict_atlas.events.generic import Scene
from conflict_atlas.events.inference import Inference
from conflict_atlas.events.locate import UNRESOLVED, locate, to_location, unresolved_place
from conflict_atlas.events.narrative import NarrativeDate, named_event
from conflict_atlas.events.ontology import Lexicon, load_lexicon, load_ontology
from conflict_atlas.events.participants import Participants
from conflict_atlas.events.tables import TableEvents
from conflict_atlas.events.triggers import Trigger, find_triggers
from conflict_atlas.events.view import SentenceActors
from conflict_atlas.events.whereabouts import Whereabouts
from conflict_atlas.extract.dates import line_paragraphs
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
from conflict_atlas.nlp import doc_text
from conflict_atlas.resolve.registry import ActorRegistry

_PROSE = (UnitKind.SENTENCE, UnitKind.LIST_ITEM)
_VIOLENT = frozenset(
    {"attack", "battle", "massacre", "capture", "invasion", "assassination", "coup"}
)
_KILLING = frozenset({"massacre", "assassination", "attack", "battle"})
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
    where: Whereabouts
    narrative: NarrativeDate
    salience: Salience

    def setting_of(self, sentence: Sentence) -> EventLocation | None:
        """The country the story is set in at ``sentence``, at country precision."""
        country = self.where.country(sentence)
        return self.where.country_location(country) if country else None


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
        registry: the actor registry, for generic references ("the government") and
            demonyms; by default the registries shipped with the package.
    """

    def __init__(
        self,
        *,
        lexicon_paths: Sequence[str | Path] = (),
        registry: ActorRegistry | None = None,
    ) -> None:
        self.lexicon: Lexicon = load_lexicon(lexicon_paths)
        self.ontology = load_ontology()
        self.participants = Participants(
            registry if registry is not None else ActorRegistry.load(),
            generic_nouns=self.lexicon.cues("generic_agents"),
            victim_nouns=self.lexicon.cues("victims"),
        )
        self.inference = Inference(self.participants)

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
        where = Whereabouts(
            document.text,
            sentences,
            place_mentions,
            place_index,
            line_paragraphs=line_paragraphs(document, sentences),
        )
        ctx = _Context(
            document,
            _by_sentence(dates),
            _by_sentence(quantities),
            _by_sentence(actor_mentions),
            _by_sentence(place_mentions),
            place_index,
            {a.id: a for a in actors},
            where,
            NarrativeDate.for_document(document, sentences, dates),
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
        drafts.extend(tables.drafts(drafts, where.document_location()))
        return [make_event(d, self.ontology) for d in drafts]

    def _is_navigation(self, doc: Doc) -> bool:
        """A line pointing to another article ("See main article: ...") reports nothing."""
        head = " ".join(doc_text(doc).lower().split())
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
        else:
            ctx.narrative.enter(sentence, doc, mentions)
        ctx.where.enter(sentence)
        # An outcome field is a list of items: a name in one item is not another's object.
        triggers = find_triggers(doc, self.lexicon) if outcome else self._triggers(doc)
        judged = self._judged(doc, triggers, mentions, telegraphic=outcome is not None)
        strong = any(t.type in _VIOLENT and t.lemma not in _WEAK for t, _ in judged)
        drafts: list[Draft] = []
        events = frozenset(t.token for t in triggers)
        names = [(t.token, t.lemma) for t in triggers if t.kind == "name"]
        aside = self.lexicon.cues("not_narrative")
        for trigger, verdict in judged:
            weak = strong and trigger.lemma in _WEAK and trigger.type == "attack"
            mention = attached_date(doc, trigger.token, mentions, events=events, aside=aside)
            undated_noun = trigger.kind != "verb" and mention is None and outcome is None
            if undated_noun and not (
                told_here(doc[trigger.token]) or named_in_passing(doc[trigger.token])
            ):
                continue  # a nominal event without its own date is a reference
            name = named_event(doc, trigger.token, names)
            if mention:
                date = from_mention(mention)
                ctx.narrative.remember(name, date)
            else:
                recalled = ctx.narrative.recall(name)
                date = outcome or recalled or ctx.narrative.inherited(sentence)
            found = [
                self._flight(d)
                for d in self._drafts(ctx, sentence, doc, trigger, date, verdict.claim)
            ]
            # "killed" in a sentence that tells the battle it died in is that battle, unless
            # it kills named persons ("revolted and killed Khan": an assassination)
            drafts.extend(d for d in found if not weak or d.type == "assassination")
        self._tell(ctx, sentence, doc, mentions)
        ctx.where.tell(
            sentence, [ctx.places[i] for d in drafts if (i := _place_id(d)) in ctx.places]
        )
        view, subjects = self._view(ctx, sentence, doc), self._subjects(ctx, sentence, doc)
        ctx.salience.told(subjects, mentioned=view.mentioned(), thing=view.thing_subject())
        drafts = _attach_fatalities(drafts, ctx.quantities.get(sentence.id, []))
        return [self._mass_killing(d) for d in drafts]

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
            if verdict.reason == "reference" and (
                own_date(doc, t.token, mentions) or named_in_passing(doc[t.token])
            ):
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
                if verb.type == "declaration" and t.type != "declaration":
                    kept.append(t)  # "condemning the 1979 invasion": two events
                    continue
                if verb.lemma in _LIGHT_VERBS:
                    by_token[verb.token] = replace(verb, type=t.type)
                continue
            kept.append(t)
        return [by_token.get(t.token, t) for t in kept]

    def _tell(
        self, ctx: _Context, sentence: Sentence, doc: Doc, mentions: list[tuple[int, TimeMention]]
    ) -> None:
        ctx.narrative.tell(sentence, doc, mentions, self.lexicon.cues("not_narrative"))

    def _mass_killing(self, draft: Draft) -> Draft:
        """Killing many unarmed people ("killed about 8,000 men and boys") is a massacre.

        The victims are the event's patient words (``victims`` cue list) and no target is
        an organised armed actor; the death toll must reach ``thresholds.massacre_deaths``.
        """
        deaths = draft.fatalities.best if draft.fatalities else None
        if draft.type != "attack" or deaths is None:
            return draft
        if deaths < self.lexicon.threshold("massacre_deaths", 25):
            return draft
        words = set(draft.patient_text.lower().replace(",", " ").split())
        armed = self.ontology.organised_kinds
        if words & self.lexicon.cues("victims") and not any(t.kind in armed for t in draft.targets):
            return replace(draft, type="massacre")
        return draft

    def _flight(self, draft: Draft) -> Draft:
        """Leaders or troops fleeing withdraw; only civilians (or unknown people) are displaced."""
        kinds = self.lexicon.cues("withdrawing_kinds")
        if (
            draft.type == "displacement"
            and draft.actors
            and all(a.kind in kinds for a in draft.actors)
        ):
            return replace(draft, type="withdrawal")
        return draft

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

    def _located(
        self, ctx: _Context, sentence: Sentence, doc: Doc
    ) -> list[tuple[frozenset[int], Place]]:
        out: list[tuple[frozenset[int], Place]] = []
        for m in ctx.place_mentions.get(sentence.id, []):
            place = ctx.places.get(m.entity_id or "") or unresolved_place(m)
            if place is not None:
                toks = tokens_of(doc, m.start - sentence.start, m.end - sentence.start)
                if toks:
                    out.append((toks, place))
        return out

    @staticmethod
    def _location(ctx: _Context, sentence: Sentence, place: Place | None) -> EventLocation | None:
        """The event's own place, else where the story is; a place the gazetteer lacks is
        named as the text writes it, located only to the country the story is set in."""
        if place is None:
            return ctx.where.here(sentence)
        if place.kind != UNRESOLVED:
            return to_location(place)
        country = ctx.where.country(sentence)
        if country is None:
            return None
        return replace(ctx.where.country_location(country), name=place.name, place_id=None)

    def _view(self, ctx: _Context, sentence: Sentence, doc: Doc) -> SentenceActors:
        located = self._located(ctx, sentence, doc)
        mentions = ctx.actor_mentions.get(sentence.id, [])
        return SentenceActors.of(doc, sentence, mentions, located, ctx.actors)

    def _scene(
        self,
        ctx: _Context,
        view: SentenceActors,
        sentence: Sentence,
        place: Place | None,
        date: EventDate,
    ) -> Scene:
        return self.participants.scene(
            ctx.document,
            sentence,
            place,
            date.start,
            mentions=(ctx.place_mentions, ctx.actor_mentions),
            places=ctx.places,
            actors=ctx.actors,
            setting=ctx.setting_of(sentence),
            view=view,
        )

    def _actors(
        self, ctx: _Context, view: SentenceActors, trigger: Trigger, args: Arguments, scene: Scene
    ) -> tuple[EventArgument, ...]:
        """The event's actors: its agent (else the subject of the verb a nominal trigger
        hangs on) and its partners ("signed a deal with X")."""
        who = self.participants
        named, kind, lemma = trigger.kind == "name", trigger.type, trigger.lemma
        agents = who.agents(
            view, args.agent, scene, ctx.salience, named=named, kind=kind, lemma=lemma
        )
        if not agents and args.fallback:
            agents = who.agents(view, args.fallback, scene, ctx.salience, kind=kind)
        # "Zvornik was attacked": by whom the story is about
        agents = self.inference.settle_agents(view, trigger, args, agents, scene, ctx.salience)
        return dedupe_arguments(agents + who.partners(view, args.partners, scene, ctx.salience))

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
        view = self._view(ctx, sentence, doc)
        source = EventSource(
            ctx.document.name,
            sentence.start,
            sentence.end,
            ctx.document.text[sentence.start : sentence.end],
        )
        groups = _split_groups(args.patients, view.located) or [frozenset()]
        places = [locate(doc, trigger.token, group, view.located) for group in groups]
        actors = self._actors(
            ctx, view, trigger, args, self._scene(ctx, view, sentence, places[0], date)
        )
        drafts = []
        for n, (group, place) in enumerate(zip(groups, places, strict=True)):
            scene = self._scene(ctx, view, sentence, place, date)
            patients = self.participants.targets(
                view, group | args.casualties, scene, ctx.salience, trigger.type
            )
            if args.founding:  # what is founded acts when the text names no founder
                actors = actors if args.agent else actors or patients
                patients = ()
            opponents = self.participants.arguments(view, args.opponents, scene)
            targets = tuple(t for t in dedupe_arguments(patients + opponents) if t not in actors)
            targets = self.inference.settle_targets(
                view, trigger, actors, targets, scene, ctx.salience, patient=group
            )
            drafts.append(
                Draft(
                    self._retyped(trigger, targets),
                    doc[trigger.token].text if trigger.kind != "name" else trigger.lemma,
                    source,
                    date,
                    actors,
                    targets,
                    self._location(ctx, sentence, place),
                    None,
                    claim,
                    _patient_text(doc, group),
                    f"{trigger.start}:{n}",
                    trigger.lemma if trigger.kind != "name" else "",
                )
            )
        return drafts


def _place_id(draft: Draft) -> str:
    return draft.location.place_id or "" if draft.location is not None else ""


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


def _patient_text(doc: Doc, group: frozenset[int]) -> str:
    if not group:
        return ""
    words = [doc[i] for i in sorted(group)]
    text = doc_text(doc)[words[0].idx : words[-1].idx + len(words[-1])].strip(" ,")
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def _attach_fatalities(drafts: list[Draft], quantities: Sequence[Quantity]) -> list[Draft]:
    deaths = fatalities_of(quantities)
    if deaths is None:
        return drafts
    # the deaths belong to the killing the sentence tells, before a capture or invasion
    # in the same sentence ("Upon taking X, about 4,000 civilians were executed")
    violent = [i for i, d in enumerate(drafts) if d.type in _VIOLENT]
    if violent:
        i = min(violent, key=lambda i: (drafts[i].type not in _KILLING, i))
        drafts[i] = replace(drafts[i], fatalities=deaths)
    return drafts
