"""One sentence as the participant rules read it: its parse and its actor and place
mentions as token-id sets (:class:`SentenceActors`).

Example::

    view = SentenceActors.of(doc, sentence, actor_mentions, located, actors)
    view.subjects(before=5)  # actors named as subjects before token 5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from conflict_atlas.events.arguments import tokens_of
from conflict_atlas.events.coref import is_subject
from conflict_atlas.models import Actor, EntityMention, EventArgument, Place, Sentence
from conflict_atlas.resolve import lexicon

Mention = tuple[frozenset[int], EntityMention, Actor | None]
#: Common nouns that name actors ("the government", "the group", "the rebels").
_ACTOR_NOUNS = (
    lexicon.FORCE_HEADS
    | lexicon.STATE_HEADS
    | lexicon.GROUP_HEADS
    | lexicon.PEOPLE_HEADS
    | frozenset(lexicon.SIDES)
    | frozenset({"police", "council", "court", "tribunal", "assembly", "parliament", "jirga"})
)


@dataclass(frozen=True, slots=True)
class SentenceActors:
    """One sentence's parse with its actor and place mentions as token-id sets, the
    document's actors by id (``known``) and where it is told (section, paragraph)."""

    doc: Doc
    mentions: tuple[Mention, ...]
    located: tuple[tuple[frozenset[int], Place], ...]
    countries: Mapping[int, str]
    known: Mapping[str, Actor] = field(default_factory=dict)
    where: tuple[int | None, int | None] = (None, None)

    @classmethod
    def of(
        cls,
        doc: Doc,
        sentence: Sentence,
        actor_mentions: Sequence[EntityMention],
        located: Sequence[tuple[frozenset[int], Place]],
        actors: Mapping[str, Actor],
    ) -> SentenceActors:
        """Index a sentence: ``located`` pairs place-mention tokens with their places."""
        mentions = []
        for m in actor_mentions:
            toks = tokens_of(doc, m.start - sentence.start, m.end - sentence.start)
            if toks:
                mentions.append((toks, m, actors.get(m.entity_id or "")))
        countries = {i: p.name for toks, p in located if p.kind == "country" for i in toks}
        for toks, _, actor in mentions:
            if actor is not None and actor.kind == "state":
                countries.update(dict.fromkeys(toks, actor.country or actor.name))
        where = (sentence.section, sentence.paragraph)
        return cls(doc, tuple(mentions), tuple(located), countries, actors, where)

    def named_at(self, i: int) -> Actor | None:
        """The actor the name at token ``i`` refers to, if any."""
        return next((a for toks, _, a in self.mentions if i in toks and a is not None), None)

    def mentioned(
        self, *, before: int | None = None, within: frozenset[int] | None = None
    ) -> list[EventArgument]:
        """Actors the sentence names, in text order: all, those before token ``before``,
        or those named inside ``within``."""
        return [
            argument(actor)
            for toks, _, actor in self.mentions
            if actor is not None
            and (before is None or max(toks) < before)
            and (within is None or toks & within)
        ]

    def subjects(self, *, before: int) -> list[EventArgument]:
        """Actors named as subjects before token ``before``, in text order."""
        return [
            argument(actor)
            for toks, _, actor in self.mentions
            if actor is not None and max(toks) < before and is_subject(self.doc, toks)
        ]

    def doers(self) -> list[tuple[frozenset[int], EventArgument]]:
        """Actors named as the subject or the "by" agent of some clause of the sentence."""
        out = []
        for toks, _, actor in self.mentions:
            if actor is None:
                continue
            if is_subject(self.doc, toks) or any(self.doc[i].head.dep_ == "agent" for i in toks):
                out.append((toks, argument(actor)))
        return out

    def thing_subject(self) -> bool:
        """Whether the main clause's subject is a thing, not an actor or a pronoun ("the
        Falcon 50 jet carrying Habyarimana was hit"): "it" after it is that thing."""
        roots = [t for t in self.doc if t.dep_ == "ROOT"]
        subjects = [c for r in roots[:1] for c in r.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or subjects[0].pos_ != "NOUN" or subjects[0].lower_ in _ACTOR_NOUNS:
            return False
        head = subjects[0]
        name = {head.i} | {c.i for c in head.children if c.dep_ in ("compound", "amod", "poss")}
        named = {i for toks, _, a in self.mentions if a is not None for i in toks}
        return not name & named

    def place_tokens(self) -> frozenset[int]:
        return frozenset(i for toks, _ in self.located for i in toks)


def argument(actor: Actor) -> EventArgument:
    """An actor as an event argument."""
    return EventArgument(actor.id, actor.name, actor.kind)
