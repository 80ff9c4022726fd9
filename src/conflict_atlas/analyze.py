"""Analyze: the stages that run on a segmented document, loaded once per process.

Dates and numbers are found with rules; actors, places and events share one spaCy parse
of the document's sentences. Entities found in several documents are merged by id.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

from spacy.tokens import Doc

from conflict_atlas.claims import extract_claims, load_vocabulary
from conflict_atlas.events import EventExtractor
from conflict_atlas.extract.dates import DateTagger
from conflict_atlas.extract.quantities import QuantityExtractor
from conflict_atlas.models import Actor, Claim, DocumentResult, Event, Place, Relation
from conflict_atlas.resolve.actors import ActorResolver, sentence_texts
from conflict_atlas.resolve.gazetteer import Gazetteer
from conflict_atlas.resolve.places import PlaceResolver
from conflict_atlas.resolve.registry import ActorRegistry
from conflict_atlas.resolve.relations import RelationExtractor
from conflict_atlas.resolve.setting import document_setting, mark_places
from conflict_atlas.settings import Settings


class Timer:
    """Accumulates seconds per stage name, over documents and across stages."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, stage: str, started: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

    def rounded(self) -> dict[str, float]:
        return {stage: round(value, 4) for stage, value in self.seconds.items()}


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the stages found in one document."""

    result: DocumentResult
    actors: list[Actor]
    places: list[Place]
    events: list[Event]
    relations: list[Relation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


class Analyzer:
    """Runs dates, quantities, places, actors and events over documents.

    Models and data load once, in ``__init__``; spaCy parses each document once and the
    actor and event stages share the parse. ``settings`` may add places files to the
    gazetteer and registry files to the actors.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        settings = settings or Settings()
        self.dates = DateTagger()
        self.quantities = QuantityExtractor()
        registry = ActorRegistry.load(settings.actors)
        self.actors = ActorResolver(registry)
        gazetteer = Gazetteer(extra=settings.places) if settings.places else None
        self.places = PlaceResolver(
            gazetteer,
            not_places=lambda name: (
                registry.lookup(name) is not None or registry.demonym(name) is not None
            ),
        )
        self.events = EventExtractor(registry=self.actors.registry)
        self.relations = RelationExtractor(registry=self.actors.registry)
        self.claim_vocabulary = load_vocabulary()

    def __call__(
        self, result: DocumentResult, times: Timer, *, docs: Sequence[Doc] | None = None
    ) -> Analysis:
        """Run the stages over one document; ``docs`` is its parse when already made
        (see :meth:`parse_all`), else the document is parsed here."""
        doc, sentences = result.document, result.sentences
        began = time.perf_counter()
        dates = self.dates(doc, sentences, reference_date=doc.reference_date)
        times.add("dates", began)
        began = time.perf_counter()
        quantities = self.quantities(doc, sentences)
        times.add("quantities", began)
        began = time.perf_counter()
        parsed = list(docs) if docs is not None else self.actors.parse(doc, sentences)
        times.add("nlp", began)
        began = time.perf_counter()
        place_mentions, places = self.places(doc, sentences, docs=parsed)
        mark_places(sentences, parsed, place_mentions, places)
        setting = document_setting(
            place_mentions, places, dates, named=self._named_countries(parsed)
        )
        times.add("places", began)
        began = time.perf_counter()
        actor_mentions, actors = self.actors(
            doc,
            sentences,
            docs=parsed,
            setting=setting,
            place_spans=frozenset((m.start, m.end) for m in place_mentions),
        )
        times.add("actors", began)
        began = time.perf_counter()
        events = self.events(
            doc,
            sentences,
            parsed,
            dates=dates,
            quantities=quantities,
            actor_mentions=actor_mentions,
            place_mentions=place_mentions,
            places=places,
            actors=actors,
        )
        times.add("events", began)
        registry = self.actors.registry  # states events name by a demonym or an organ
        named = {a.id for a in actors}
        referred = (x.id for e in events for x in (*e.actors, *e.targets) if x.id)
        extra = [i for i in dict.fromkeys(referred) if i not in named and i in registry]
        actors += [registry.actor(i) for i in extra]
        mentions = sorted(
            [*place_mentions, *actor_mentions], key=lambda m: (m.start, m.end, m.kind)
        )
        enriched = replace(
            result, times=tuple(dates), quantities=tuple(quantities), mentions=tuple(mentions)
        )
        began = time.perf_counter()
        relations = self.relations(enriched, actors=actors)
        times.add("relations", began)
        began = time.perf_counter()
        claims = extract_claims(
            enriched, events=events, actors=actors, vocabulary=self.claim_vocabulary
        )
        times.add("claims", began)
        return Analysis(enriched, actors, places, events, relations, claims)

    def _named_countries(self, parsed: Sequence[Doc]) -> Counter[str]:
        """Countries a document names by a demonym ("Afghan soldiers", "the Soviets")."""
        registry = self.actors.registry
        found: Counter[str] = Counter()
        for doc in parsed:
            for token in doc:
                if token.is_title and (aid := registry.demonym(token.text)) is not None:
                    found[registry.actor(aid).country or registry.actor(aid).name] += 1
        return found

    def parse_all(self, results: Sequence[DocumentResult], times: Timer) -> Iterator[list[Doc]]:
        """The parse of each of ``results`` in turn, from one spaCy stream over them all.

        One ``nlp.pipe`` call fills its batches across documents, instead of ending each
        document with a part-filled batch. The stream is lazy: a document is parsed when
        its turn comes (the time spent goes to the ``nlp`` stage).
        """
        stream = self.actors.parse_texts(
            text for r in results for text in sentence_texts(r.document, r.sentences)
        )
        for result in results:
            began = time.perf_counter()
            parsed = list(islice(stream, len(result.sentences)))
            times.add("nlp", began)
            yield parsed


def merge_places(groups: Sequence[Sequence[Place]]) -> list[Place]:
    merged: dict[str, Place] = {}
    for group in groups:
        for place in group:
            merged.setdefault(place.id, place)
    return list(merged.values())
