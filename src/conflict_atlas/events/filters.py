"""Decide whether a trigger reports something that happened, and whether it is a claim.

Skipped: negations ("did not attack"), modals and futures ("would attack", "planned to
capture", "will withdraw"), hypotheticals ("if the Taliban captured Kabul"), opinions
("analysts believe the city could fall"), purposes ("to prevent a spillover"), events
prevented ("kept the city from falling"), habits ("a reputation for attacking"),
background in the present tense ("the city lies along the highway") and nominal
references to events told elsewhere ("after the fall of Kabul").
Reported speech and "according to" mark the event as a claim (kept).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from conflict_atlas.events.ontology import Lexicon
from conflict_atlas.events.triggers import Trigger

_CLAUSE_DEPS = ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj")
_LIFT_OK = frozenset({"begin", "start", "continue", "manage", "succeed", "go", "proceed", "be"})


@dataclass(frozen=True, slots=True)
class Verdict:
    keep: bool
    claim: bool = False
    reason: str = ""


def _clause_chain(token: Token, limit: int = 4) -> list[Token]:
    """The trigger and the clause heads above it (through complement/adverbial links)."""
    chain = [token]
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj":  # "discussed withdrawals"
        token = token.head
        chain.append(token)
    while len(chain) <= limit and token.dep_ in _CLAUSE_DEPS and token.head is not token:
        token = token.head
        chain.append(token)
    return chain


def _negated(token: Token, lexicon: Lexicon) -> bool:
    cues = lexicon.cues("negation")
    return any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in cues)
        for c in token.children
    )


def _modal(token: Token, lexicon: Lexicon) -> bool:
    modal = lexicon.cues("modal") | {"will", "'ll", "wo"}
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in modal for c in token.children)


def _infinitive_purpose(token: Token) -> bool:
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    return token.head.lemma_.lower() not in _LIFT_OK and not _ordinal_relative(token)


def _ordinal_relative(token: Token) -> bool:
    """ "the ninth provincial capital to be captured": a count of what happened."""
    head = token.head
    return token.dep_ in ("acl", "relcl") and any(
        c.ent_type_ == "ORDINAL" or c.lower_ in ("first", "last", "latest") for c in head.children
    )


def _future_in_past(token: Token) -> bool:
    """Narrative "would" with a time after it ("would be overthrown 4 years later")."""
    return any(c.lower_ == "would" for c in token.children) and any(
        t.lower_ == "later" for t in token.subtree
    )


def _prevented(token: Token, lexicon: Lexicon) -> bool:
    """An event kept from happening: "kept the city from falling", "barred them from
    entering" (the verb heads a "from" phrase of a ``prevention`` verb)."""
    prep = token.head
    if token.dep_ not in ("pcomp", "pobj") or prep.lower_ != "from":
        return False
    return prep.head.lemma_.lower() in lexicon.cues("prevention")


def _under(
    chain: list[Token], words: frozenset[str], *, spare: frozenset[str] = frozenset()
) -> bool:
    """Whether a clause head above the trigger is one of ``words``.

    A coordinated verb does not share its neighbour's meaning ("the uprisings failed and
    the groups fled"); an event named as the object of ``spare`` verbs happened ("ordered
    the deployment of troops").
    """
    for below, head in itertools.pairwise(chain):
        word = head.lemma_.lower()
        if below.dep_ == "conj" and below.pos_ in ("VERB", "AUX"):
            continue
        if below.dep_ == "dobj" and (word in spare or head.lower_ in spare):
            continue
        if word in words or head.lower_ in words:
            return True
    return False


def _hypothetical(chain: list[Token], lexicon: Lexicon) -> bool:
    cues = lexicon.cues("hypothetical")
    return any(c.dep_ == "mark" and c.lower_ in cues for t in chain for c in t.children)


def _present_background(token: Token, lemma: str = "") -> bool:
    """A present-tense verb without auxiliary ("the city lies along the highway").

    ``lemma`` is the trigger's dictionary form: a form the tagger took for a present but
    that is not one ("retook", lemma "retake") is a past tense.
    """
    if token.tag_ not in ("VBZ", "VBP") or any(c.dep_ == "aux" for c in token.children):
        return False
    word = token.lower_
    return not lemma or word in (lemma, lemma + "s", lemma + "es", lemma[:-1] + "ies")


def _governing_verb(token: Token) -> Token | None:
    """The verb a nominal trigger is the subject of ("clashes persist")."""
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        return token.head
    return None


def _habit(chain: list[Token], lexicon: Lexicon) -> bool:
    """A frequency adverb ("so often", "frequently") makes a habit, not one event."""
    cues = lexicon.cues("background")
    return any(c.dep_ == "advmod" and c.lower_ in cues for t in chain[:2] for c in t.children)


def _tally(chain: list[Token], lexicon: Lexicon) -> bool:
    """A cumulative count "as of" a date ("as of 12 July had seized 148 districts")."""
    cues = lexicon.cues("tally")
    for t in chain[:2]:
        for c in t.children:
            words = " ".join(w.lower_ for w in c.subtree).split()
            if c.dep_ in ("prep", "advmod") and " ".join(words[:2]) in cues:
                return True
    return False


def _state(token: Token, lexicon: Lexicon) -> bool:
    """ "continued to receive funding": an ongoing state, not an event."""
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in lexicon.cues("state")


def _modifier(token: Token) -> bool:
    """A bare participle describing a noun ("property seized during the reform")."""
    return (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and not any(c.dep_ == "agent" for c in token.children)
    )


def _is_claim(doc: Doc, chain: list[Token], lexicon: Lexicon) -> bool:
    cues = lexicon.cues("claim")
    if _under(chain, cues):
        return True
    return any(t.lower_ in ("according", "allegedly", "reportedly", "claimed") for t in doc)


def _reference(token: Token, lexicon: Lexicon) -> bool:
    """A nominal event named inside "after/before/during ..." refers to another time."""
    preps = lexicon.cues("reference_preps")
    head = token.head
    for _ in range(3):
        if head.lower_ in preps or head.lemma_.lower() in preps:
            return True
        if head.dep_ not in ("prep", "pobj", "pcomp", "amod"):
            return False
        head = head.head
    return False


def judge(doc: Doc, trigger: Trigger, lexicon: Lexicon, *, telegraphic: bool = False) -> Verdict:
    """Keep or skip ``trigger``; mark reported claims.

    ``telegraphic`` text (an infobox's "Result: Taliban declares ...") tells past events in
    the present tense, so the present-tense background rule does not apply to it.
    """
    token = doc[trigger.token]
    chain = _clause_chain(token)
    if _negated(token, lexicon):
        return Verdict(False, reason="negation")
    governing = _governing_verb(token) if trigger.kind != "verb" else None
    if governing is not None and _modal(governing, lexicon):
        return Verdict(False, reason="modal")  # "the fall of X would make it difficult"
    if any(_modal(t, lexicon) for t in chain[:2]) and not _future_in_past(token):
        return Verdict(False, reason="modal")
    if trigger.kind == "verb" and _infinitive_purpose(token):
        return Verdict(False, reason="purpose")
    if _under(chain, lexicon.cues("future"), spare=lexicon.cues("command")):
        return Verdict(False, reason="future")
    if _prevented(token, lexicon):
        return Verdict(False, reason="prevented")
    if _hypothetical(chain, lexicon):
        return Verdict(False, reason="hypothetical")
    if _under(chain, lexicon.cues("opinion")):
        return Verdict(False, reason="opinion")
    if _under(chain, lexicon.cues("habitual")) or _habit(chain, lexicon):
        return Verdict(False, reason="habitual")
    if _tally(chain, lexicon):
        return Verdict(False, reason="tally")
    if trigger.kind == "verb" and (_state(token, lexicon) or _modifier(token)):
        return Verdict(False, reason="state")
    if not telegraphic and (
        _present_background(token, trigger.lemma)
        if trigger.kind == "verb"
        else _present_background(_governing_verb(token) or token)
    ):
        return Verdict(False, reason="background")
    if trigger.kind != "verb" and _reference(token, lexicon):
        return Verdict(False, reason="reference")
    return Verdict(True, claim=_is_claim(doc, chain, lexicon))


_CORE = ("nsubj", "nsubjpass", "dobj")
_SPECIFIERS = ("poss", "amod", "compound", "nmod", "prep")


def named_in_passing(token: Token) -> bool:
    """Whether a nominal event is pinned to a named place or party, not a bare reference.

    "the fall of Kabul to the Taliban" and "the signing of the Doha Agreement" are events
    mentioned in passing; "the coup" and "the deal" only point back to one told before.
    """
    if token.pos_ != "NOUN":  # "the Northern Alliance" is a name, not an alliance
        return False
    return any(
        t.pos_ == "PROPN"
        for child in token.children
        if child.dep_ == "prep" and child.lower_ in ("of", "to", "in", "at")
        for obj in child.children
        for t in obj.subtree
    )


def told_here(token: Token) -> bool:
    """Whether an undated nominal event is told by its sentence rather than referred to.

    It is when it is the subject or object of the sentence's main verb and is specified
    ("the Soviet intervention", "the battle for Kunduz", "mass desertions were reported"),
    not a bare back-reference ("the deal proved controversial").
    """
    head = token.head
    if token.dep_ not in _CORE or head.dep_ not in ("ROOT", "conj"):
        return False
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
        return False  # "the fall of the district would make it difficult": a forecast
    return any(c.dep_ in _SPECIFIERS for c in token.children)
