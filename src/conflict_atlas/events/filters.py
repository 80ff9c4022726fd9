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
    return token.head.lemma_.lower() not in _LIFT_OK


def _under(chain: list[Token], words: frozenset[str]) -> bool:
    return any(t.lemma_.lower() in words or t.lower_ in words for t in chain[1:])


def _hypothetical(chain: list[Token], lexicon: Lexicon) -> bool:
    cues = lexicon.cues("hypothetical")
    return any(c.dep_ == "mark" and c.lower_ in cues for t in chain for c in t.children)


def _present_background(token: Token) -> bool:
    return token.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in token.children)


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
    if any(_modal(t, lexicon) for t in chain[:2]):
        return Verdict(False, reason="modal")
    if trigger.kind == "verb" and _infinitive_purpose(token):
        return Verdict(False, reason="purpose")
    if _under(chain, lexicon.cues("future")):
        return Verdict(False, reason="future")
    if _hypothetical(chain, lexicon):
        return Verdict(False, reason="hypothetical")
    if _under(chain, lexicon.cues("opinion")):
        return Verdict(False, reason="opinion")
    if _under(chain, lexicon.cues("habitual")):
        return Verdict(False, reason="habitual")
    if trigger.kind == "verb" and not telegraphic and _present_background(token):
        return Verdict(False, reason="background")
    if trigger.kind != "verb" and _reference(token, lexicon):
        return Verdict(False, reason="reference")
    return Verdict(True, claim=_is_claim(doc, chain, lexicon))
