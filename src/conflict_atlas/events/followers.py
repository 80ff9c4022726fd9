"""Whose armed men an agent phrase names: "forces under Mladić", "troops led by X",
"Kagame's fighters", "his remaining fighters", "its troops".

Armed men named by who commands or owns them act for two actors: the person and the
group the text says he leads ("the VRS under General Ratko Mladić" earlier), or the state
or group a pronoun stands for ("Ukraine's general staff confirmed that its troops had
withdrawn": Ukraine). Who leads whom comes from the actor stage
(:mod:`conflict_atlas.resolve.leaders`, as ``leader_of`` affiliations) and the registry.
Who backs or leads them from outside is said by "UAE-backed forces", "the NATO-led
Implementation Force", "troops backed by X" (:func:`backers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from spacy.tokens import Doc, Token

from conflict_atlas.events.build import dedupe_arguments
from conflict_atlas.events.coref import Salience
from conflict_atlas.events.fronts import state_country
from conflict_atlas.events.generic import Scene, StateOrgans
from conflict_atlas.events.view import SentenceActors, argument
from conflict_atlas.models import Actor, EventArgument
from conflict_atlas.resolve import lexicon
from conflict_atlas.resolve.registry import ActorRegistry

#: Heads of armed men (and of followers) that belong to someone.
MEN_HEADS = (
    lexicon.FORCE_HEADS
    | lexicon.FOLLOWER_HEADS
    | frozenset({"fighters", "men", "gunmen", "militiamen", "commanders", "followers"})
)
_LEAD_VERBS = frozenset({"lead", "head", "command"})
#: Participles of leading or backing an agent: "UAE-backed forces", "NATO-led".
_BACKING = frozenset({"lead", "back", "support", "sponsor", "arm", "fund", "assist", "equip"})
#: Posts whose group a name before them says: "the UNPROFOR commander", "the RPF chairman".
_POSTS = frozenset({"commander", "leader", "chief", "chairman", "head", "spokesman", "envoy"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})

#: The actor a token of the sentence names (None where it names none).
NamedAt = Callable[[int], Actor | None]


def followed(
    view: SentenceActors,
    heads: frozenset[int],
    found: Sequence[EventArgument],
    scene: Scene,
    salience: Salience,
    *,
    organs: StateOrgans,
    generic: frozenset[str],
) -> tuple[EventArgument, ...]:
    """The actors of armed men named by who leads or owns them: "forces under Mladić"
    (Mladić and the VRS he leads), "the Fifth Corps under Atif Dudaković", "Kagame
    withdrew his remaining fighters" (the RPF he leads), "its troops" (the state's forces).

    ``heads`` are the agent phrase's heads, ``found`` the actors it names; ``generic``
    the nouns that refer back to an organised actor. Empty: the phrase says no owner.
    """
    doc = view.doc
    persons = commanders(doc, heads, view.named_at)
    if not found and not persons:
        pronoun = owning_pronoun(doc, heads)
        subjects = view.subjects(before=min(heads, default=0))
        who = (
            salience.resolve(doc, frozenset({pronoun.i}), generic, earlier=subjects)
            if pronoun is not None
            else None
        )
        if who is None:
            return ()
        owner = _record(who, view, organs.registry)
        if owner is None or owner.kind != "person":
            if who.kind != "state":
                return (who,)
            country = state_country(who, view.known, organs.registry) or who.name
            forces = organs.organ(country, "forces", scene.date)
            return (forces,) if forces is not None else (who,)
        persons = [owner]
    if not persons:
        return ()
    known = _ByName(view, organs.registry)
    groups = [g for p in persons for g in led_groups(p, known)]
    return dedupe_arguments([*found, *map(argument, groups), *map(argument, persons)])


def _record(arg: EventArgument, view: SentenceActors, registry: ActorRegistry) -> Actor | None:
    """The actor record behind an argument (the document's, else the registry's)."""
    if arg.id is None:
        return None
    actor = view.known.get(arg.id)
    if actor is None and arg.id in registry:
        actor = registry.actor(arg.id)
    return actor


class _ByName(Mapping[str, Actor]):
    """Actors by canonical name: the document's, then the registry's."""

    def __init__(self, view: SentenceActors, registry: ActorRegistry) -> None:
        self._doc = {a.name: a for a in view.known.values()}
        self._registry = registry

    def __getitem__(self, name: str) -> Actor:
        if name in self._doc:
            return self._doc[name]
        aid = self._registry.by_name.get(name)
        if aid is None:
            raise KeyError(name)
        return self._registry.actor(aid)

    def __iter__(self) -> Iterator[str]:
        return iter(self._doc)

    def __len__(self) -> int:
        return len(self._doc)


def commanders(doc: Doc, heads: frozenset[int], named_at: NamedAt) -> list[Actor]:
    """The persons an agent's heads are placed under: "forces under (the command of) X",
    "paramilitaries led by X", "monitors under the retired general X"."""
    out: list[Actor] = []
    for i in sorted(heads):
        word = doc[i]
        if word.lower_ not in MEN_HEADS and word.lemma_.lower() not in MEN_HEADS:
            continue
        for name in _commanding(word):
            actor = named_at(name.i)
            if actor is not None and actor.kind == "person" and actor not in out:
                out.append(actor)
    return out


def _commanding(word: Token) -> Iterator[Token]:
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ == "under":
            for obj in (g for g in child.children if g.dep_ == "pobj"):
                yield obj
                for of in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
                    yield from (g for g in of.children if g.dep_ == "pobj")
        if child.dep_ == "acl" and child.lemma_.lower() in _LEAD_VERBS and restrictive(child):
            for agent in (c for c in child.children if c.dep_ == "agent"):
                yield from (g for g in agent.children if g.dep_ == "pobj")


def backers(doc: Doc, heads: frozenset[int]) -> frozenset[int]:
    """Who leads or backs an agent, by the words the agent's heads carry: "UAE-backed
    forces", "the NATO-led Implementation Force", "Yemeni troops backed by the United Arab
    Emirates", "the UNPROFOR commander" (the operation he commands), "the RPF chairman"."""
    out: set[int] = set()
    for i in heads:
        word = doc[i]
        if word.dep_ == "appos" and word.head.i in heads:
            continue  # "the Taliban, a militia group supported by X,": what it is in general
        for child in word.children:
            lemma = child.lemma_.lower()
            if child.dep_ == "amod" and lemma in _BACKING:
                out |= {t.i for g in child.children if _proper(g) for t in g.subtree}
            elif child.dep_ == "acl" and lemma in _BACKING and restrictive(child):
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    out |= {t.i for g in agent.children if g.dep_ == "pobj" for t in g.subtree}
            elif word.lemma_.lower() in _POSTS and child.dep_ in ("compound", "poss"):
                out |= {t.i for t in child.subtree}
    return frozenset(out)


def restrictive(clause: Token) -> bool:
    """Whether a participle clause tells which men act ("paramilitaries led by X", "troops
    backed by Y") rather than adds background between commas ("the Taliban, supported by
    Pakistan's ISI, had seized Kabul")."""
    return clause.i == 0 or clause.doc[clause.i - 1].text not in (",", "(", "–", "—")


def _proper(token: Token) -> bool:
    return token.dep_ in ("npadvmod", "compound", "amod", "nmod") and (
        token.pos_ == "PROPN" or token.text[:1].isupper()
    )


def owning_pronoun(doc: Doc, heads: frozenset[int]) -> Token | None:
    """The possessive pronoun owning an agent's armed men: "his remaining fighters",
    "their fighters", "its troops" (None when there is none)."""
    for i in sorted(heads):
        word = doc[i]
        if word.lower_ not in MEN_HEADS:
            continue
        for child in word.children:
            if child.dep_ == "poss" and child.lower_ in _POSSESSIVE_PRONOUNS:
                return child
    return None


def led_groups(person: Actor, known: Mapping[str, Actor]) -> list[Actor]:
    """The groups ``person`` leads, by their ``leader_of`` affiliations, among the actors
    ``known`` by name (the document's and the registry's)."""
    out = []
    for aff in person.affiliations:
        group = known.get(aff.target) if aff.relation == "leader_of" else None
        if group is not None and group.kind not in ("state", "person"):
            out.append(group)
    return out
