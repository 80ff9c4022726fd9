"""Resolve pronoun and generic agents ("he", "they", "the group") to the actor last told.

A narrative keeps talking about the actor it has just named as a subject: in "Daoud Khan
became president. He dismissed PDPA members", "He" is Daoud Khan. This module keeps the
last person, the last organised actor and the last non-state organised actor that were
subjects, and answers for agents that are only a pronoun or a generic noun phrase. A
generic noun such as "the rebels" or "the group" never stands for a state or its forces.
A counted phrase ("the two men", "the two organizations") stands for that many persons
or organisations named just before, in the same sentence or the one before it. It never
resolves across documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from conflict_atlas.events.fronts import Fronts
from conflict_atlas.models import EventArgument

_PERSON_WORDS = frozenset({"he", "she", "him", "her", "his"})
_GROUP_WORDS = frozenset({"they", "it", "them", "its", "their"})
_SUBJECTS = ("nsubj", "nsubjpass")
_STATE_KINDS = frozenset({"state", "state_forces"})


@dataclass(frozen=True, slots=True)
class CountedWords:
    """Words of counted references: numbers, and nouns for persons or organisations."""

    numbers: Mapping[str, int] = field(default_factory=dict)
    persons: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()


@dataclass(slots=True)
class Salience:
    """The last person, organised actor and non-state actor named as a subject, and the
    actors the last sentence named."""

    last: dict[str, EventArgument] = field(default_factory=dict)
    recent: list[EventArgument] = field(default_factory=list)
    pending: list[EventArgument] = field(default_factory=list)
    fronts: Fronts = field(default_factory=Fronts)

    def subject(self, args: Iterable[EventArgument]) -> None:
        """Note subjects of the current sentence that no name gives ("the government",
        resolved by the events stage); :meth:`told` remembers them after the named ones."""
        self.pending.extend(args)

    def told(
        self, subjects: Iterable[EventArgument], *, mentioned: Iterable[EventArgument] = ()
    ) -> None:
        """Remember the actors a sentence names as subjects and all it names (text order)."""
        for arg in [*subjects, *self.pending]:
            self.last[_slot(arg.kind)] = arg
            if arg.kind not in _STATE_KINDS and arg.kind != "person":
                self.last["nonstate"] = arg
        self.recent = list(mentioned)
        self.pending = []

    def counted(
        self,
        doc: Doc,
        toks: frozenset[int],
        earlier: Sequence[EventArgument],
        words: CountedWords,
    ) -> tuple[EventArgument, ...]:
        """The actors "the two men" or "the two organizations" stand for (empty: none).

        ``earlier`` are the actors the sentence names before the phrase; they are tried
        first, then those of the sentence before. There must be enough of them.
        """
        content = [doc[i] for i in sorted(toks) if doc[i].pos_ not in ("DET", "PUNCT")]
        number = next((words.numbers[w.lower_] for w in content if w.lower_ in words.numbers), 0)
        nouns = [w for w in content if w.pos_ == "NOUN"]
        if not number or len(nouns) != 1 or len(content) > 4:
            return ()
        noun = nouns[0].lower_
        if noun in words.persons:
            fits = [a for a in (*earlier,) if a.kind == "person"]
            before = [a for a in self.recent if a.kind == "person"]
        elif noun in words.groups:
            fits = [a for a in earlier if a.kind not in ("person", None)]
            before = [a for a in self.recent if a.kind not in ("person", None)]
        else:
            return ()
        for pool in (fits, before):
            distinct = list(dict.fromkeys(pool))
            if len(distinct) >= number:
                return tuple(distinct[-number:])
        return ()

    def resolve(
        self,
        doc: Doc,
        toks: frozenset[int],
        generic: frozenset[str],
        *,
        earlier: Sequence[EventArgument] = (),
    ) -> EventArgument | None:
        """The actor an agent phrase of only a pronoun or a generic noun stands for.

        ``generic`` are head nouns that refer back to an organised actor ("group",
        "movement", "insurgents"). ``earlier`` are the subjects the same sentence named
        before the phrase: "Khan abolished the monarchy, and he became president".
        """
        words = [doc[i] for i in sorted(toks) if doc[i].pos_ not in ("DET", "PUNCT")]
        if len(words) != 1:
            return None
        word = words[0].lower_
        if word in _PERSON_WORDS:
            slot = "person"
        elif word in _GROUP_WORDS:
            slot = "group"
        elif words[0].lemma_.lower() in generic:
            slot = "nonstate"
        else:
            return None
        here = [a for a in earlier if _fits(a, slot)]
        return here[-1] if here else self.last.get(slot)


def _fits(arg: EventArgument, slot: str) -> bool:
    if slot == "person":
        return arg.kind == "person"
    if slot == "nonstate":
        return arg.kind not in _STATE_KINDS and arg.kind != "person"
    return arg.kind != "person"


def _slot(kind: str | None) -> str:
    return "person" if kind == "person" else "group"


def is_subject(doc: Doc, toks: frozenset[int]) -> bool:
    """Whether the phrase over ``toks`` is the subject of a clause."""
    return any(doc[i].dep_ in _SUBJECTS and doc[i].head.i not in toks for i in toks)


def phrase_heads(doc: Doc, toks: frozenset[int]) -> frozenset[int]:
    """The head words of a phrase and of its conjuncts and appositions, with their
    compound names.

    In "US President Donald Trump" the head is "Trump" (with "Donald"), not "US"; in
    "Germany and Italy" both countries are heads; in "the new leader, Mikhail Gorbachev"
    both "leader" and "Gorbachev" are.
    """
    roots = [doc[i] for i in toks if doc[i].head.i not in toks or doc[i].head.i == i]
    heads = [w for r in roots for w in (r, *r.conjuncts) if w.i in toks]
    heads += [c for w in heads for c in w.children if c.dep_ == "appos" and c.i in toks]
    out: set[int] = set()
    for w in heads:
        out.add(w.i)
        out |= {c.i for c in w.children if c.dep_ == "compound" and c.pos_ == "PROPN"}
    return frozenset(out)
