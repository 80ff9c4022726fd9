"""Who leads which group, as the text says it.

"the Army of Republika Srpska (VRS) under General Ratko Mladić", "paramilitaries led by
Milan Lukić", "Paul Kagame returned to take command of the RPF", "the RPF chairman,
Alexis Kanyarengwe", "Aidarous al-Zubaidi, the leader of the Southern Transitional
Council": the person leads the group from there on in the document. The events stage then
reads "forces under Mladić" and "Kagame's fighters" as the person and the group he leads;
the actor stage reads a person's possessive ("Hekmatyar's party", "Abdić's supporters")
with :class:`Possessives`.

These are rules of English over the dependency parse; the names come from the actor
mentions the resolver found in the sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

from spacy.tokens import Doc, Token

from conflict_atlas.models import Actor, Affiliation
from conflict_atlas.resolve import lexicon
from conflict_atlas.resolve.clues import head_after
from conflict_atlas.resolve.docstate import DocState, Found, text_actor
from conflict_atlas.resolve.registry import ActorRegistry

#: Kinds of actor a person can lead in a document (not states: "the president of X").
LED_KINDS = frozenset(
    {"armed_group", "militia", "state_forces", "political_party", "international_org"}
)
#: Participles of leading: "paramilitaries led by Milan Lukić".
_LEAD_VERBS = frozenset({"lead", "head", "command"})
#: Nouns of the post of a leader: "the RPF chairman, X", "X, the leader of the STC".
_LEADER_NOUNS = frozenset(
    {"leader", "head", "commander", "chief", "chairman", "founder", "command", "leadership"}
)
#: Verbs of taking the lead: "took command of the RPF", "assumed the leadership of".
_TAKE_VERBS = frozenset({"take", "assume", "gain", "seize"})

Kind = Callable[[str], str]


def leaders(doc: Doc, owners: Mapping[int, str], kind: Kind) -> Iterator[tuple[str, str]]:
    """(person id, group id) pairs one sentence says: the person leads the group.

    ``owners`` maps the tokens of the sentence's actor mentions to their actor ids and
    ``kind`` gives an actor's kind.
    """
    for token in doc:
        person = owners.get(token.i)
        if person is None or kind(person) != "person":
            continue
        if token.head.i != token.i and owners.get(token.head.i) == person:
            continue  # one look per name: at its root
        for word in _groups_of(token):
            group = owners.get(word.i)
            if group is not None and group != person and kind(group) in LED_KINDS:
                yield person, group


def with_leaders(actors: Mapping[str, Actor], leads: Mapping[str, str]) -> dict[str, Actor]:
    """The leaders among ``actors`` (by id) with a ``leader_of`` affiliation to the group
    ``leads`` says they lead (person id -> group id), when they lack it."""
    out: dict[str, Actor] = {}
    for person, group in leads.items():
        led, leader = actors.get(group), actors.get(person)
        if led is None or leader is None:
            continue
        affiliation = Affiliation("leader_of", led.name, None, None)
        if affiliation not in leader.affiliations:
            out[person] = replace(leader, affiliations=(affiliation, *leader.affiliations))
    return out


class Possessives:
    """A person's possessive as the group he leads or his followers (a mixin of the actor
    resolver)."""

    registry: ActorRegistry

    def _extend(self, doc: Doc, found: Found, state: DocState) -> Found:
        """Possessive: "Hekmatyar's party" is the party he leads; "Saleh loyalists" and
        "Abdić's supporters" are his followers, one group of this document."""
        if self._kind(found.actor_id, state) != "person" or found.end >= len(doc):
            return found
        at = found.end + 1 if doc[found.end].text in {"'s", "’s", "'"} else found.end
        head_at, head = head_after(doc, at)
        targets = (
            self.registry.leader_targets(found.actor_id) if found.actor_id in self.registry else []
        )
        if found.actor_id in state.leads:  # "Kagame's fighters" after "Kagame ... the RPF"
            targets = [state.leads[found.actor_id], *targets]
        if at > found.end and targets and head:
            if head in lexicon.STATE_HEADS:
                pick = [t for t in targets if self._kind(t, state) == "state"]
            elif head in lexicon.FORCE_HEADS or head in lexicon.GROUP_HEADS:
                pick = [t for t in targets if self._kind(t, state) != "state"]
            else:
                pick = []
            if pick:
                return Found(found.start, head_at + 1, pick[0], "possessive", 0.9)
        if head_at == at and head in lexicon.FOLLOWER_HEADS and not targets:
            surname = self._name(found.actor_id, state).split()[-1]
            aid = text_actor(state, f"{surname} {head}", "militia")
            return Found(found.start, head_at + 1, aid, "possessive", 0.8)
        return found

    def _kind(self, aid: str, state: DocState) -> str:
        if aid in self.registry:
            return self.registry.actor(aid).kind
        return state.new[aid].kind if aid in state.new else ""

    def _name(self, aid: str, state: DocState) -> str:
        if aid in self.registry:
            return self.registry.actor(aid).name
        return state.new[aid].name if aid in state.new else ""


def _groups_of(person: Token) -> Iterator[Token]:
    """The words that may name the group the person at ``person`` (a name's root) leads."""
    head = person.head
    if person.dep_ == "pobj" and head.lower_ == "under":
        yield head.head  # "the VRS under General Ratko Mladić"
        if head.head.pos_ == "VERB":  # "created the VRS under General Ratko Mladić"
            yield from (c for c in head.head.children if c.dep_ == "dobj")
        if head.head.lower_ == "of" and head.head.head.lower_ == "command":
            yield head.head.head.head  # "forces under the command of X" (rare order)
    if person.dep_ == "pobj" and head.dep_ == "agent":
        verb = head.head
        if verb.lemma_.lower() in _LEAD_VERBS and verb.dep_ == "acl":
            yield verb.head  # "paramilitaries led by Milan Lukić"
    if person.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "command":
        command = head.head  # "forces under the command of General X"
        if command.head.lower_ == "under":
            yield command.head.head
    for noun in _posts(person):
        yield from _post_group(noun)
    if person.dep_ == "nsubj":
        yield from _taken(person.head)


def _posts(person: Token) -> Iterator[Token]:
    """Nouns in apposition naming the person's post: "X, the leader of ...", "the RPF
    chairman, X"."""
    for child in person.children:
        if child.dep_ == "appos" and child.lemma_.lower() in _LEADER_NOUNS:
            yield child
    if person.dep_ == "appos" and person.head.lemma_.lower() in _LEADER_NOUNS:
        yield person.head


def _post_group(noun: Token) -> Iterator[Token]:
    """The group of a post: "the leader of the STC", "the RPF chairman"."""
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "nmod", "amod") and child.i < noun.i:
            yield child
        if child.dep_ == "prep" and child.lower_ == "of":
            yield from (g for g in child.children if g.dep_ == "pobj")


def _taken(verb: Token) -> Iterator[Token]:
    """ "X returned to take command of the RPF", "X took command of the RPF"."""
    for clause in (verb, *(c for c in verb.children if c.dep_ in ("xcomp", "advcl"))):
        if clause.lemma_.lower() not in _TAKE_VERBS:
            continue
        for obj in clause.children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in _LEADER_NOUNS:
                yield from _post_group(obj)
