"""Resolve pronoun and generic agents ("he", "they", "the group") to the actor last told.

A narrative keeps talking about the actor it has just named as a subject: in "Daoud Khan
became president. He dismissed PDPA members", "He" is Daoud Khan. This module keeps the
last person and the last organised actor that were subjects, and answers for agents
that are only a pronoun or a generic noun phrase. It never resolves across documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from conflict_atlas.models import EventArgument

_PERSON_WORDS = frozenset({"he", "she", "him", "her", "his"})
_GROUP_WORDS = frozenset({"they", "it", "them", "its", "their"})
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(slots=True)
class Salience:
    """The last person and the last organised actor named as a subject."""

    last: dict[str, EventArgument] = field(default_factory=dict)

    def told(self, subjects: Iterable[EventArgument]) -> None:
        """Remember the actors a sentence names as subjects (in text order)."""
        for arg in subjects:
            self.last[_slot(arg.kind)] = arg

    def resolve(
        self, doc: Doc, toks: frozenset[int], generic: frozenset[str]
    ) -> EventArgument | None:
        """The actor an agent phrase of only a pronoun or a generic noun stands for.

        ``generic`` are head nouns that refer back to an organised actor ("group",
        "movement", "insurgents").
        """
        words = [doc[i] for i in sorted(toks) if doc[i].pos_ not in ("DET", "PUNCT")]
        if len(words) != 1:
            return None
        word = words[0].lower_
        if word in _PERSON_WORDS:
            return self.last.get("person")
        if word in _GROUP_WORDS or words[0].lemma_.lower() in generic:
            return self.last.get("group")
        return None


def _slot(kind: str | None) -> str:
    return "person" if kind == "person" else "group"


def is_subject(doc: Doc, toks: frozenset[int]) -> bool:
    """Whether the phrase over ``toks`` is the subject of a clause."""
    return any(doc[i].dep_ in _SUBJECTS and doc[i].head.i not in toks for i in toks)


def phrase_heads(doc: Doc, toks: frozenset[int]) -> frozenset[int]:
    """The head words of a phrase and of its conjuncts, with their compound names.

    In "US President Donald Trump" the head is "Trump" (with "Donald"), not "US"; in
    "Germany and Italy" both countries are heads.
    """
    roots = [doc[i] for i in toks if doc[i].head.i not in toks or doc[i].head.i == i]
    heads = [w for r in roots for w in (r, *r.conjuncts) if w.i in toks]
    out: set[int] = set()
    for w in heads:
        out.add(w.i)
        out |= {c.i for c in w.children if c.dep_ == "compound" and c.pos_ == "PROPN"}
    return frozenset(out)
