"""Resolve pronoun and generic agents ("he", "they", "the group") to the actor last told.

A narrative keeps talking about the actor it has just named as a subject: in "Daoud Khan
became president. He dismissed PDPA members", "He" is Daoud Khan. This module keeps the
last person, the last organised actor and the last non-state organised actor that were
subjects, and answers for agents that are only a pronoun or a generic noun phrase. A
generic noun such as "the rebels" or "the group" never stands for a state or its forces.
A counted phrase ("the two men", "the two organizations") stands for that many persons
or organisations named just before, in the same sentence or the one before it; "the
parties" and "both sides" for the sides of the last talks or fighting. "They" that fight
is the last armed actor told, "it" after a sentence about a thing is that thing, and the
last court named is who "it" that sentences is. :class:`Salience` also carries the
document's story (:mod:`~conflict_atlas.events.story`) and who fought whom
(:mod:`~conflict_atlas.events.fronts`). It never resolves across documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from conflict_atlas.events.fronts import Fronts
from conflict_atlas.events.story import ARMED_KINDS, Story
from conflict_atlas.models import EventArgument
from conflict_atlas.resolve import lexicon

_PERSON_WORDS = frozenset({"he", "she", "him", "her", "his"})
_GROUP_WORDS = frozenset({"they", "it", "them", "its", "their"})
_SUBJECTS = ("nsubj", "nsubjpass")
#: Words of a court's name: the last court named is who sentences ("it sentenced X").
_COURT_WORDS = frozenset({"court", "tribunal", "chambers"})
_STATE_KINDS = frozenset({"state", "state_forces"})
#: Nouns of a group's men: "units of the JNA", "members of the RPF" act for the group.
_MEMBERS = lexicon.FORCE_HEADS | lexicon.GROUP_HEADS | {"members", "elements", "detachments"}


@dataclass(frozen=True, slots=True)
class CountedWords:
    """Words of counted references: numbers, nouns for persons or organisations, and
    nouns for the two sides of a war or of talks ("the parties", "both sides")."""

    numbers: Mapping[str, int] = field(default_factory=dict)
    persons: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()


@dataclass(slots=True)
class Salience:
    """The last person, organised actor and non-state actor named as a subject, and the
    actors the last sentence named."""

    last: dict[str, EventArgument] = field(default_factory=dict)
    recent: list[EventArgument] = field(default_factory=list)
    pending: list[EventArgument] = field(default_factory=list)
    fronts: Fronts = field(default_factory=Fronts)
    story: Story = field(default_factory=Story)
    thing: bool = False
    court: EventArgument | None = None

    def subject(self, args: Iterable[EventArgument]) -> None:
        """Note subjects of the current sentence that no name gives ("the government",
        resolved by the events stage); :meth:`told` remembers them after the named ones."""
        self.pending.extend(args)

    def told(
        self,
        subjects: Iterable[EventArgument],
        *,
        mentioned: Iterable[EventArgument] = (),
        thing: bool = False,
    ) -> None:
        """Remember the actors a sentence names as subjects and all it names (text order);
        ``thing``: its main subject is a thing, no actor ("the jet was hit")."""
        for arg in [*subjects, *self.pending]:
            self.last[_slot(arg.kind)] = arg
            if arg.kind not in _STATE_KINDS and arg.kind != "person":
                self.last["nonstate"] = arg
            if arg.kind in ARMED_KINDS:
                self.last["armed"] = arg
        self.thing = thing
        self.recent = list(mentioned)
        self.pending = []
        courts = [a for a in self.recent if _COURT_WORDS & set(a.name.lower().split())]
        self.court = courts[-1] if courts else self.court
        self.story.next_sentence()

    def sides(self) -> tuple[EventArgument, ...]:
        """The two sides "the parties" or "both sides" are: those of the last talks told,
        else the last two sides the text told fighting each other."""
        talks = self.story.last("talks")
        return talks if len(talks) > 1 else self.fronts.last

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
        if len(content) == 1 and content[0].lower_ in words.sides:
            return self.sides()  # "the parties signed", "both sides agreed"
        if number and len(content) == 1:  # "the three formed a coalition government"
            nouns, noun = [], ""
        elif not number or len(nouns) != 1 or len(content) > 4:
            return ()
        else:
            noun = nouns[0].lower_
        if not noun:
            fits = [a for a in earlier if a.kind not in ("person", None)]
            before = [a for a in self.recent if a.kind not in ("person", None)]
        elif noun in words.persons:
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
        armed: bool = False,
    ) -> EventArgument | None:
        """The actor an agent phrase of only a pronoun or a generic noun stands for.

        ``generic`` are head nouns that refer back to an organised actor ("group",
        "movement", "insurgents"). ``earlier`` are the subjects the same sentence named
        before the phrase: "Khan abolished the monarchy, and he became president". With
        ``armed`` (the agent of fighting) "they" and "it" are the last armed actor told,
        not an organisation that only spoke ("the WHO said ...; by February they had
        captured the port"). "It" after a sentence about a thing ("the jet was hit by two
        missiles. It crashed ...") is that thing, no actor.
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
        if armed and slot == "group":
            slot = "armed"
        here = [a for a in (*earlier, *self.pending) if _fits(a, slot)]
        if here:
            return here[-1]
        if word == "it" and self.thing:
            return None
        return self.last.get(slot)


def _fits(arg: EventArgument, slot: str) -> bool:
    if slot == "person":
        return arg.kind == "person"
    if slot == "armed":
        return arg.kind in ARMED_KINDS
    if slot == "nonstate":
        return arg.kind not in _STATE_KINDS and arg.kind != "person"
    return arg.kind != "person"


def _slot(kind: str | None) -> str:
    return "person" if kind == "person" else "group"


def is_subject(doc: Doc, toks: frozenset[int]) -> bool:
    """Whether the phrase over ``toks`` is the subject of a clause (or a conjunct of one),
    in apposition to one ("the businessman Fikret Abdić had proclaimed") or owns a common
    noun that is ("Ukraine's general staff confirmed", "units of the JNA set out")."""
    for i in toks:
        word = doc[i]
        if word.head.i in toks and word.head.i != i:
            continue
        while word.dep_ == "conj" and word.head.i != word.i:
            word = word.head  # "the JNA and Serb paramilitaries"
        if word.dep_ in _SUBJECTS:
            return True
        if word.dep_ in ("appos", "poss") and word.head.dep_ in _SUBJECTS:
            return word.dep_ == "appos" or word.head.pos_ == "NOUN"
        owner = word.head.head if word.dep_ == "pobj" and word.head.lower_ == "of" else None
        if owner is not None and owner.dep_ in _SUBJECTS and owner.lower_ in _MEMBERS:
            return True  # "Units of the JNA set out"
    return False


def phrase_heads(doc: Doc, toks: frozenset[int]) -> frozenset[int]:
    """The head words of a phrase and of its conjuncts and appositions, with their
    compound names.

    In "US President Donald Trump" the head is "Trump" (with "Donald"), not "US"; in
    "Germany and Italy" both countries are heads; in "the new leader, Mikhail Gorbachev"
    both "leader" and "Gorbachev" are; coordinated modifiers own the head together
    ("Ukrainian and Russian delegations").
    """
    roots = [doc[i] for i in toks if doc[i].head.i not in toks or doc[i].head.i == i]
    heads = [w for r in roots for w in (r, *r.conjuncts) if w.i in toks]
    heads += [c for w in heads for c in w.children if c.dep_ == "appos" and c.i in toks]
    out: set[int] = set()
    for w in heads:
        out.add(w.i)
        out |= {c.i for c in w.children if c.dep_ == "compound" and c.pos_ == "PROPN"}
        for c in w.children:  # "Ukrainian and Russian delegations": both own the head
            if c.dep_ in ("amod", "compound") and c.conjuncts and c.i in toks:
                out |= {c.i} | {x.i for x in c.conjuncts if x.i in toks}
    return frozenset(out)
