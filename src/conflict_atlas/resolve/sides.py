"""Sides a text names by a common noun: "the rebels", "coalition aircraft", "militiamen".

A side word (:data:`conflict_atlas.resolve.lexicon.SIDES`) names an actor of the
document. Who it is, the text may say: "the Rwandan Patriotic Front (RPF), a rebel army"
(apposition), "the RPF was a rebel army" (attribute), "local militias known as the
Southern Resistance" (a naming clause), "the Interahamwe militia" or "Taliban insurgents"
(a name modifying it). The resolver binds the side to that actor; a side the text never
identifies is an actor of its own ("rebels", "coalition").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from conflict_atlas.resolve import lexicon

_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_NOUNS = frozenset({"NOUN", "PROPN"})

Owner = Callable[[int], str | None]
#: Makes the actor of a side: (side, name as written, kind, adjective) -> actor id.
MakeActor = Callable[[str, str, str, str | None], str]
_NAME_ENTS = frozenset({"", "NORP", "ORG", "PERSON", "GPE", "ACTOR"})


@dataclass(slots=True)
class DocumentSides:
    """The sides of one document: their own actors and who the text said they are.

    ``own``: side -> its actor in the document ("rebels"); ``now``: side -> the actor it
    stands for at this point of the text; ``bindings``: side -> every actor it stood for.
    """

    own: dict[str, str] = field(default_factory=dict)
    now: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_key: dict[str, str] = field(default_factory=dict)

    def find(
        self, doc: Doc, owners: Mapping[int, str], taken: set[int], make: MakeActor
    ) -> list[tuple[int, str]]:
        """The side words of a sentence as (token, actor id), bound to the actor the text
        says they are, else the side's own actor. ``owners`` maps tokens to the actors
        that can be sides named there (not persons or states), ``taken`` are tokens of
        any actor found."""
        if not doc.has_annotation("DEP"):
            return []  # without the parse a side cannot be told from a description
        owner: Owner = owners.get
        out = []
        for token in doc:
            side = side_of(doc, token)
            if side is None:
                continue
            name, kind = side
            bound = owner(token.i) if token.i in taken else defined_as(token, owner)
            if bound is not None:
                self.now[name] = bound
                self.bindings[name].add(bound)
                continue
            if token.i in taken or owned(token, taken) or not refers(doc, token):
                continue  # "Dostum's militiamen", "Belgian peacekeepers": his, its
            out.append((token.i, self.now.get(name) or self._own(doc, token, name, kind, make)))
        return out

    def _own(self, doc: Doc, token: Token, name: str, kind: str, make: MakeActor) -> str:
        """The document's actor for a side; a name before the word makes it that
        people's or country's side ("Serb paramilitaries", "Syrian rebels")."""
        before = doc[token.i - 1] if token.i > 0 else None
        adjective = None
        if (
            before is not None
            and before.is_title
            and before.ent_type_ in _NAME_ENTS  # not "In early November coalition-backed"
            and (before.ent_type_ or before.pos_ == "PROPN")
        ):
            adjective = before.text
        key = name if adjective is None else f"{adjective.lower()}:{name}"
        if key not in self.by_key:
            written = name if adjective is None else f"{adjective} {token.lower_}"
            self.by_key[key] = make(name, written, kind, adjective)
            if adjective is None:
                self.own[name] = self.by_key[key]
        return self.by_key[key]


def side_of(doc: Doc, token: Token) -> tuple[str, str] | None:
    """The side (name, actor kind) the word ``token`` names, or None.

    Not a side: a capitalised word inside a name ("Coalition for the Defence of the
    Republic"), or a modifier of a noun of government ("a coalition government").
    """
    side = lexicon.SIDES.get(token.lower_)
    if side is None or (token.i > 0 and not token.is_lower):
        return None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and after.lower_ in lexicon.SIDE_STOP_HEADS:
        return None
    if token.dep_ in _MODIFIER_DEPS and token.head.lower_ in lexicon.SIDE_STOP_HEADS:
        return None
    return side


def refers(doc: Doc, token: Token) -> bool:
    """Whether a side word refers to a side rather than introduces or describes a group:
    not "a coalition", "various militias", "existed as militias", "a coalition of
    militias" (such a phrase may still say who a side is, see :func:`defined_as`)."""
    if token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i:
        return True  # "a coalition airstrike": the article is the airstrike's
    before = doc[token.i - 1].lower_ if token.i > 0 else ""
    if before in lexicon.NOT_REFERRING or any(_describes(c) for c in token.children):
        return False
    prep = token.head if token.dep_ == "pobj" else None
    if prep is not None and prep.lower_ == "as":
        return False  # "existed as militias": what someone was, not who
    return not (prep is not None and prep.lower_ == "of" and _collective(prep.head))


def _collective(noun: Token) -> bool:
    return noun.lower_ in lexicon.SIDES or noun.lower_ in lexicon.GROUP_HEADS


def _describes(child: Token) -> bool:
    """A word that makes a side phrase introduce a group rather than refer to one: "a
    coalition", "various militias", "local militias", "a coalition of the resistance"."""
    if child.dep_ == "prep":
        return child.lower_ == "of"
    return child.dep_ in ("det", "amod", "nummod") and child.lower_ in lexicon.NOT_REFERRING


def defined_as(token: Token, owner: Owner) -> str | None:
    """The actor the text says the side word ``token`` stands for, if it says so.

    ``owner`` gives the actor id named at a token of the sentence (None where none is).
    """
    noun = token
    if token.dep_ in ("amod", "compound") and token.head.pos_ in _NOUNS:
        noun = token.head  # "a rebel army": the army is the side
    for child in noun.children:
        if child.dep_ in _MODIFIER_DEPS and child.i < token.i and (aid := owner(child.i)):
            return aid
    if noun.dep_ == "appos" and (aid := owner(_apposed_to(noun).i)):
        return aid
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subjects = [c for c in noun.head.children if c.dep_ == "nsubj"]
        if subjects and (aid := owner(subjects[0].i)):
            return aid
    return _named(noun, owner)


def _apposed_to(noun: Token) -> Token:
    """The noun an apposition describes: the last of coordinated nouns before it ("the
    FAR and the RPF, a rebel army": the RPF), which the parse often hangs on the first."""
    before = [c for c in noun.head.conjuncts if c.i < noun.i]
    return max(before, key=lambda c: c.i) if before else noun.head


def owned(token: Token, taken: set[int]) -> bool:
    """Whether a name says whose the side word is ("Dostum's militiamen")."""
    return any(c.dep_ in _MODIFIER_DEPS and c.i in taken for c in token.children)


def _named(noun: Token, owner: Owner) -> str | None:
    """ "militias known as the Southern Resistance": the name of the naming clause."""
    for clause in noun.children:
        if clause.dep_ != "acl" or clause.lemma_.lower() not in lexicon.NAMING_VERBS:
            continue
        for prep in clause.children:
            if prep.lower_ != "as":
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and (aid := owner(obj.i)):
                    return aid
    return None
