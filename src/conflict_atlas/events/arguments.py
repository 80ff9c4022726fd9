"""Attach arguments to a trigger with the dependency parse.

Agent: the subject of an active verb, the ``by`` phrase of a passive one, the object of
"to" in "fell to X", a possessive or proper modifier of a nominal trigger ("the Soviet
invasion", "the Taliban's capture"), the antecedent of a relative pronoun ("Taraki, who
became chairman"). Patient: the object, the passive subject, the subject of "fell", the
``of`` phrase of a nominal trigger. Coordinated patients ("captured Aybak and
Sheberghan") are returned as separate groups, one event each.

Two more roles depend on the event type. Partners: both sides of an agreement, a
negotiation or a clash are its actors ("signed a deal with X", "talks between X and Y").
Opponents: the side an event is taken from or given up to is a target ("retook the
district from X", "surrendered to X", "defected to X"). The prepositions of each, and the
words that found an organisation (whose patient is what is founded, not a target), are
data: ``data/events/arguments.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from conflict_atlas.events.roles import load_roles
from conflict_atlas.events.triggers import Trigger
from conflict_atlas.nlp import doc_text
from conflict_atlas.resolve.lexicon import PLACE_HEADS

_SUBJECT_DEPS = ("nsubj",)
_PASSIVE_SUBJECT = ("nsubjpass",)
_INHERIT_DEPS = ("conj", "xcomp", "advcl", "acl", "relcl", "pcomp", "acomp")
_FALL_VERBS = frozenset({"fall"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_REPORTED = frozenset({"they", "it", "we"})
# "accused X of killing", "blamed X for attacking": the object does what the gerund says.
_CONTROL_PREPS = frozenset({"of", "for"})
_CLAUSE_DEPS = ("relcl", "acl", "advcl")
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_CORE_PREPS = frozenset({"of", "on", "against"})
_NAME_DEPS = ("compound", "amod", "poss", "nmod", "npadvmod", "nummod", "det", "case", "punct")


@dataclass(frozen=True, slots=True)
class Arguments:
    """Token sets of the agent, of each coordinated patient, of the partners of an
    agreement and of the opponents an event is taken from or given up to; ``founding``
    when the patients are what the event founds; ``fallback`` is the agent to use when
    ``agent`` names no actor (the subject of the verb a nominal trigger depends on);
    ``sides`` are the opposing sides of a clash, each its own phrase ("a war between X
    and Y", "X fought with Y"); ``casualties`` who the event killed, when a killing verb
    says so beside it ("a shell struck the market, killing 68 people")."""

    agent: frozenset[int]
    patients: tuple[frozenset[int], ...]
    partners: frozenset[int] = frozenset()
    opponents: frozenset[int] = frozenset()
    founding: bool = False
    fallback: frozenset[int] = frozenset()
    sides: tuple[frozenset[int], ...] = ()
    casualties: frozenset[int] = frozenset()


def _subtree(token: Token, *, stop_conj: bool = False, stop_clause: bool = False) -> frozenset[int]:
    """Token ids of ``token``'s phrase; with ``stop_conj`` the conjuncts are left out, with
    ``stop_clause`` the clauses that describe it ("Taraki, who became chairman")."""
    if not stop_conj and not stop_clause:
        return frozenset(t.i for t in token.subtree)
    left_out = (("conj", "cc") if stop_conj else ()) + (_CLAUSE_DEPS if stop_clause else ())
    out = {token.i}
    for child in token.children:
        if child.dep_ not in left_out:
            out |= {t.i for t in child.subtree}
    return frozenset(out)


def _antecedent(token: Token) -> Token:
    """What a relative or reporting pronoun stands for.

    "who" in "Taraki, who became ..." is Taraki; "they" in "the ministry announced that
    they had killed ..." is the ministry (the subject of the verb that reports it).
    """
    clause = token.head
    if token.lower_ in _RELATIVE and clause.dep_ == "relcl":
        noun = clause.head  # "the PDPA, Afghanistan's communist party, which ...": the PDPA
        return noun.head if noun.dep_ == "appos" and noun.head.pos_ != "PRON" else noun
    if token.lower_ in _REPORTED and token.dep_ in _SUBJECT_DEPS and clause.dep_ == "ccomp":
        speakers = _children(clause.head, _SUBJECT_DEPS)
        if speakers and speakers[0].pos_ != "PRON":
            return speakers[0]
    return token


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
    """Subject shared with the verb this one is coordinated with or depends on; the noun
    an active participle describes ("Gorbachev, taking charge in 1985")."""
    seen = 0
    while token.dep_ in _INHERIT_DEPS and seen < 3:
        if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ == "VBD"):
            return [token.head]  # a past tense is no participle: "HVO units killed ..."
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in ("NOUN", "PROPN"):
            place = token.head.ent_type_ in _PLACE_ENTS or token.head.lower_ in PLACE_HEADS
            if place:  # "captured the city of Khost, ending a siege": who captured
                verb = next((a for a in token.head.ancestors if a.pos_ == "VERB"), None)
                return [] if verb is None else _verb_agents(verb)
            nouns = [n for n in (token.head, *token.head.conjuncts) if n.i < token.i]
            return [max(nouns, key=lambda n: n.i)]  # the noun next to the participle
        token = token.head
        if token.dep_ == "prep":  # "insisted on negotiating": the verb above the preposition
            prep, token = token, token.head
            controller = _children(token, ("dobj",)) if prep.lower_ in _CONTROL_PREPS else []
            if controller:  # "accused Massoud of having killed": Massoud killed
                return controller
        seen += 1
        found = _children(token, _SUBJECT_DEPS)
        if found:
            return found
    return []


def _verb_agents(verb: Token) -> list[Token]:
    """Who does what ``verb`` says: its subject, its passive agent, or the subject it
    shares with the verb it depends on."""
    if _passive(verb):
        return _passive_agents(verb)
    return _children(verb, _SUBJECT_DEPS) or _inherited_subject(verb)


def _passive_agents(token: Token) -> list[Token]:
    """The ``by`` phrase of a passive verb, or of the passive verb it is joined to ("was
    deposed, as he was killed ... by X" when the parse hangs "by X" on the first verb)."""
    agents = _prep_objects(token, ("by",))
    if not agents and token.dep_ in ("conj", "advcl") and _passive(token.head):
        agents = _prep_objects(token.head, ("by",))
    return agents


def _verb_arguments(token: Token, lemma: str) -> Arguments:
    if lemma in _FALL_VERBS:
        agents = _prep_objects(token, ("to",))
        patients = _children(token, _SUBJECT_DEPS) or _inherited_subject(token)
    elif lemma in load_roles().receiving and not _passive(token):
        gifts = [token, *_children(token, ("dobj",))]  # "received support from X": X gives
        agents = [g for head in gifts for g in _prep_objects(head, ("from",))]
        patients = _children(token, _SUBJECT_DEPS) or _inherited_subject(token)
    elif _passive(token):
        agents = _passive_agents(token)
        patients = _children(token, _PASSIVE_SUBJECT)
    else:
        agents = _children(token, _SUBJECT_DEPS) or _inherited_subject(token)
        patients = _children(token, ("dobj", "attr")) or _prep_objects(
            token, ("on", "against", "with", "into")
        )
    return _pack(agents, patients)


def _proper_modifier(token: Token) -> bool:
    """ "Soviet", "American", "Taliban": a name or proper adjective, not "several"."""
    return token.pos_ == "PROPN" or (token.pos_ == "ADJ" and token.text[:1].isupper())


def _noun_arguments(token: Token, *, intransitive: bool = False) -> Arguments:
    """Arguments of a nominal trigger. For an ``intransitive`` event ("the withdrawal of
    Soviet troops", "the exodus of Afghans") the "of" phrase is who acts, not a patient."""
    agents = _children(token, ("poss",)) + [
        c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and _proper_modifier(c)
    ]
    leading = load_roles().leading  # "the American-led invasion": who leads it acts
    agents += [
        g
        for c in token.children
        if c.dep_ == "amod" and c.lemma_.lower() in leading
        for g in c.children
        if g.dep_ in ("npadvmod", "compound", "amod", "nmod") and _proper_modifier(g)
    ]
    agents += _prep_objects(token, ("by",))
    patients = _prep_objects(token, ("of", "on", "against", "in", "to"))
    if intransitive:
        movers = _prep_objects(token, ("of",))
        patients = [p for p in patients if p not in movers]
        agents = agents or movers
    subjects = _verb_subject(token)
    args = _pack(agents or subjects, patients)
    if not agents:
        return args
    return Arguments(args.agent, args.patients, fallback=_pack(subjects, []).agent)


def _verb_subject(token: Token) -> list[Token]:
    """Who does what a nominal trigger names, from the verb it depends on: "the US
    conducted airstrikes", "took part in the uprisings", "captured Khost, ending a siege"."""
    if token.dep_ in ("dobj", "nsubjpass"):
        verb = token.head
        return _children(verb, _SUBJECT_DEPS) or (
            _inherited_subject(verb) if token.dep_ == "dobj" else []
        )
    if token.dep_ == "pobj" and token.head.lower_ == "in":
        verb = token.head.head
        return _children(verb, _SUBJECT_DEPS) if verb.pos_ == "VERB" else []
    return []


def _agent_phrase(token: Token) -> frozenset[int]:
    """The phrase of an agent word, without the clauses that describe it and, for a noun
    of opposition, without what it opposes ("opponents of the reforms")."""
    out = _subtree(token, stop_clause=True)
    if token.lemma_.lower() in load_roles().opposing:
        for obj in _prep_objects(token, ("of",)):
            out -= {t.i for t in obj.subtree}
    return out


def _pack(agents: list[Token], patients: list[Token]) -> Arguments:
    agent: frozenset[int] = frozenset()
    for a in agents:
        agent |= _agent_phrase(_antecedent(a))
    groups: list[frozenset[int]] = []
    for p in patients:
        noun = _antecedent(p)  # the relative clause around "which" is not the noun's
        items = _listed(noun)
        if len(items) > 1:  # "the cities of Kunduz and Sar-e Pol": one event per city
            groups.extend(_subtree(i, stop_conj=True) for i in items)
            continue
        groups.extend(
            _subtree(c, stop_conj=True, stop_clause=noun is not p) for c in _conjuncts(noun)
        )
    return Arguments(agent, tuple(groups))


def _listed(noun: Token) -> list[Token]:
    """The items a common noun lists: "the districts of A and B", "towns, such as A, B and
    C", "cities including A and B" (empty when it lists none)."""
    if noun.pos_ != "NOUN":
        return []
    for child in noun.children:
        if child.dep_ != "prep" or child.lower_ not in ("of", "as", "including"):
            continue
        if child.lower_ == "as" and not any(c.lower_ == "such" for c in child.children):
            continue
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if objects and objects[0].conjuncts:
            return _conjuncts(objects[0])
    return []


def _helpers(token: Token, agents: Sequence[Token]) -> frozenset[int]:
    """Who helps the agent: "with Soviet support", "with the help of X", "in cooperation
    with X", said of the event or of its agent; who acts beside it: "alongside X",
    "together with X", "along with X"."""
    assistance = load_roles().assistance
    out: frozenset[int] = frozenset()
    verb = [token.head] if token.pos_ != "VERB" and token.dep_ in ("dobj", "nsubjpass") else []
    for head in (token, *verb, *agents):
        for obj in _beside(head):
            out |= _subtree(obj, stop_clause=True)
        for aid in _prep_objects(head, ("with", "in")):
            nouns = [aid, *aid.conjuncts]
            if not any(n.lemma_.lower() in assistance for n in nouns):
                continue
            for noun in nouns:
                givers = [
                    c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                ]
                givers += _prep_objects(noun, ("of", "from", "with"))
                for giver in givers:
                    if giver.dep_ == "pobj" or _proper_modifier(giver):
                        out |= _subtree(giver, stop_clause=True)
    return out


def _beside(head: Token) -> list[Token]:
    """Who acts beside: "alongside X", "together with X", "along with X"."""
    out = _prep_objects(head, ("alongside",))
    for prep in head.children:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ == "with" and any(c.lower_ in ("together", "along") for c in prep.children):
            out += [g for g in prep.children if g.dep_ == "pobj"]
        elif prep.lower_ == "along":
            out += _prep_objects(prep, ("with",))
    return out


def _side(token: Token, preps: Sequence[str]) -> frozenset[int]:
    """The objects of ``preps`` under the trigger, or under the noun its verb takes ("signed
    a deal with X", "talks between X and Y were held"), with their conjuncts."""
    nouns = _children(token, ("dobj", "nsubjpass")) if token.pos_ == "VERB" else []
    heads = [token, *nouns]
    out: frozenset[int] = frozenset()
    for head in heads:
        for obj in _prep_objects(head, preps):
            out |= _subtree(obj, stop_clause=True)
    return out


def find_arguments(doc: Doc, trigger: Trigger) -> Arguments:
    """The agent, patients and opponents of ``trigger`` as token-id sets."""
    token = doc[trigger.token]
    if trigger.kind == "verb":
        args = _verb_arguments(token, trigger.lemma)
    else:
        intransitive = trigger.type in load_roles().intransitive
        args = _noun_arguments(token, intransitive=intransitive)
    roles = load_roles()
    agents = [doc[i] for i in args.agent if doc[i].head.i not in args.agent]
    partners = _side(token, roles.partners.get(trigger.type, ()))
    opponents = _side(token, roles.opponents.get(trigger.type, ()))
    sides = _opposed(token, args.agent) if trigger.type in roles.fronts else ()
    if sides and trigger.type in roles.partners:  # "clashes between X and Y": Y is fought
        enemies = frozenset(i for side in sides[1:] for i in side)
        partners, opponents = partners - enemies, opponents | enemies
    killed = trigger.type in roles.civilian_targets
    return Arguments(
        args.agent,
        args.patients,
        partners | _helpers(token, agents),
        opponents,
        trigger.lemma.lower() in roles.founding or token.lemma_.lower() in roles.founding,
        args.fallback,
        sides,
        _casualties(token, roles.killing) if killed else frozenset(),
    )


def _casualties(token: Token, killing: frozenset[str]) -> frozenset[int]:
    """The objects of a killing verb telling what the event did: "struck the market,
    killing 68 people", "a shell attack on the market killed 43 people"."""
    verbs = [c for c in token.children if c.dep_ in ("advcl", "xcomp", "conj")]
    if token.dep_ in ("nsubj", "nsubjpass"):
        verbs.append(token.head)
    out: frozenset[int] = frozenset()
    for verb in verbs:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in killing:
            for obj in _children(verb, ("dobj",)):
                out |= _subtree(obj, stop_clause=True)
    return out


def _opposed(token: Token, agent: frozenset[int]) -> tuple[frozenset[int], ...]:
    """The opposing sides of a clash: each item of "between X and Y", or the agent and
    the "with"/"against" phrase ("fighting with Ukrainian forces")."""
    nouns = _children(token, ("dobj", "nsubjpass")) if token.pos_ == "VERB" else []
    for head in (token, *nouns):
        for obj in _prep_objects(head, ("between",)):
            items = _conjuncts(obj)
            if len(items) > 1:
                return tuple(_subtree(i, stop_conj=True, stop_clause=True) for i in items)
        others = _prep_objects(head, ("with", "against"))
        if agent and others:
            return (agent, frozenset(i for o in others for i in _subtree(o, stop_clause=True)))
    return ()


def patient_core(doc: Doc, group: frozenset[int]) -> frozenset[int]:
    """The words of a patient phrase that can name who undergoes the event: its heads,
    their conjuncts, appositions and name modifiers, the "of", "on" and "against" phrases
    they head ("two of his followers", "attacks on government forces") and their owner
    ("posts belonging to the army"), not the clauses and phrases hung on them ("an
    amnesty for those imprisoned under Taraki")."""
    roots = [doc[i] for i in group if doc[i].head.i not in group or doc[i].head.i == i]
    out: set[int] = set()
    todo = [w for r in roots for w in (r, *r.conjuncts) if w.i in group]
    while todo:
        word = todo.pop()
        if word.i in out:
            continue
        out.add(word.i)
        for child in word.children:
            if child.i not in group:
                continue
            if child.dep_ in _NAME_DEPS:
                out |= {t.i for t in child.subtree if t.i in group}
            elif child.dep_ in ("appos", "conj"):
                todo.append(child)
            elif child.dep_ == "prep" and child.lower_ in _CORE_PREPS:
                todo.extend(g for g in child.children if g.dep_ == "pobj" and g.i in group)
            elif child.dep_ == "acl" and child.lemma_.lower() in load_roles().possession:
                todo.extend(_prep_objects(child, ("to",)))  # "posts belonging to the army"
    return frozenset(out)


def holders(doc: Doc, group: frozenset[int]) -> frozenset[int]:
    """Who holds the place a patient names: "the Serb-held Krajina region", "the last
    town held by the interim government", "Srebrenica, which was defended by ARBiH
    units" (the side an attack or a capture is against)."""
    holding = load_roles().holding
    out: set[int] = set()
    for i in group:
        word = doc[i]
        if word.lemma_.lower() not in holding or word.dep_ not in ("amod", "acl", "relcl"):
            continue
        for child in word.children:
            if child.dep_ in ("npadvmod", "compound", "nmod") and child.i < word.i:
                out |= {t.i for t in child.subtree}
        for agent in _prep_objects(word, ("by",)):
            out |= _subtree(agent, stop_clause=True)
    return frozenset(out)


def tokens_of(doc: Doc, start: int, end: int) -> frozenset[int]:
    """Token ids overlapping the character range ``[start, end)`` of ``doc``."""
    span = doc.char_span(max(start, 0), min(end, len(doc_text(doc))), alignment_mode="expand")
    if span is None:  # an empty range, or one in the spaces between tokens
        return frozenset(t.i for t in doc if t.idx < end and start < t.idx + len(t))
    return frozenset(range(span.start, span.end))
