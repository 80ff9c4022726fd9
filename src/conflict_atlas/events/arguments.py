"""Attach arguments to a trigger with the dependency parse.

Agent: the subject of an active verb, the ``by`` phrase of a passive one, the object of
"to" in "fell to X", a possessive or modifier of a nominal trigger ("the Soviet
invasion", "the Taliban's capture"). Patient: the object, the passive subject, the
subject of "fell", the ``of`` phrase of a nominal trigger. Coordinated patients
("captured Aybak and Sheberghan") are returned as separate groups, one event each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from conflict_atlas.events.triggers import Trigger

_SUBJECT_DEPS = ("nsubj",)
_PASSIVE_SUBJECT = ("nsubjpass",)
_INHERIT_DEPS = ("conj", "xcomp", "advcl", "acl", "relcl", "pcomp", "acomp")
_FALL_VERBS = frozenset({"fall"})


@dataclass(frozen=True, slots=True)
class Arguments:
    """Token sets of the agent and of each coordinated patient."""

    agent: frozenset[int]
    patients: tuple[frozenset[int], ...]


def _subtree(token: Token, *, stop_conj: bool = False) -> frozenset[int]:
    """Token ids of ``token``'s phrase; with ``stop_conj`` the conjuncts are left out."""
    if not stop_conj:
        return frozenset(t.i for t in token.subtree)
    out = {token.i}
    for child in token.children:
        if child.dep_ not in ("conj", "cc"):
            out |= {t.i for t in child.subtree}
    return frozenset(out)


def _conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _children(token: Token, deps: Sequence[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: Sequence[str]) -> list[Token]:
    return [
        g
        for c in token.children
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def _inherited_subject(token: Token) -> list[Token]:
    """Subject shared with the verb this one is coordinated with or depends on."""
    seen = 0
    while token.dep_ in _INHERIT_DEPS and seen < 3:
        if token.dep_ == "relcl":
            return [token.head]
        token = token.head
        if token.dep_ == "prep":  # "insisted on negotiating": the verb above the preposition
            token = token.head
        seen += 1
        found = _children(token, _SUBJECT_DEPS)
        if found:
            return found
    return []


def _verb_arguments(token: Token, lemma: str) -> Arguments:
    if lemma in _FALL_VERBS:
        agents = _prep_objects(token, ("to",))
        patients = _children(token, _SUBJECT_DEPS) or _inherited_subject(token)
    elif _passive(token):
        agents = _prep_objects(token, ("by",))
        patients = _children(token, _PASSIVE_SUBJECT)
    else:
        agents = _children(token, _SUBJECT_DEPS) or _inherited_subject(token)
        patients = _children(token, ("dobj", "attr")) or _prep_objects(
            token, ("on", "against", "with", "into")
        )
    return _pack(agents, patients)


def _noun_arguments(token: Token) -> Arguments:
    agents = _children(token, ("poss",)) + [
        c
        for c in token.children
        if c.dep_ in ("amod", "compound", "nmod") and c.pos_ in ("PROPN", "ADJ")
    ]
    agents += _prep_objects(token, ("by",))
    patients = _prep_objects(token, ("of", "on", "against", "in", "to"))
    if not agents and token.dep_ in ("nsubj", "dobj", "nsubjpass"):
        agents = [] if token.dep_ == "nsubj" else _children(token.head, _SUBJECT_DEPS)
    elif not agents and token.dep_ == "pobj" and token.head.lower_ == "in":
        verb = token.head.head  # "took part in the uprisings": who took part
        agents = _children(verb, _SUBJECT_DEPS) if verb.pos_ == "VERB" else []
    return _pack(agents, patients)


def _pack(agents: list[Token], patients: list[Token]) -> Arguments:
    agent: frozenset[int] = frozenset()
    for a in agents:
        agent |= _subtree(a)
    groups: list[frozenset[int]] = []
    for p in patients:
        groups.extend(_subtree(c, stop_conj=True) for c in _conjuncts(p))
    return Arguments(agent, tuple(groups))


def find_arguments(doc: Doc, trigger: Trigger) -> Arguments:
    """The agent and patients of ``trigger`` as token-id sets."""
    token = doc[trigger.token]
    if trigger.kind == "verb":
        return _verb_arguments(token, trigger.lemma)
    return _noun_arguments(token)


def tokens_of(doc: Doc, start: int, end: int) -> frozenset[int]:
    """Token ids overlapping the character range ``[start, end)`` of ``doc``."""
    return frozenset(t.i for t in doc if t.idx < end and start < t.idx + len(t))
