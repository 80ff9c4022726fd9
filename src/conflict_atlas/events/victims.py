"""Unarmed victims as the target of an attack: "killed 300 Tutsi", "civilians were killed".

A killing of people the text does not name as an organised actor still has a target:
the people killed, as UCDP codes one-sided violence against "Civilians (Rwanda)". The
victims are the patient's people noun ("civilians", "people", "villagers", the ``victims``
words of the trigger lexicon) or a people's name ("300 Tutsi", "thousands of Bosniaks",
"non-Serbs"). Whose civilians they are is said by the people's name itself, a people's
adjective before the noun ("Bosniak civilians") or after it ("civilians, most of them
Bosniaks"), else by the country the story is set in ("Ukrainian civilians"); else they
are just "civilians". Prisoners and refugees keep their noun ("Ukrainian prisoners").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token

from conflict_atlas.models import EventArgument

#: Nouns of people in general: their group is "civilians". Other victim nouns keep their
#: own word ("women", "villagers", "men and boys", "prisoners").
_GENERAL = frozenset(
    [
        "people",
        "person",
        "persons",
        "civilian",
        "civilians",
        "resident",
        "residents",
        "inhabitant",
        "inhabitants",
        "family",
        "families",
        "population",
    ]
)
_SAME = {"captive": "prisoners", "captives": "prisoners", "prisoner": "prisoners"}
_PEOPLE_ENTS = frozenset({"NORP"})
_PLACE_ENTS = frozenset({"GPE", "LOC"})
_NOT_PEOPLE_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "EVENT", "WORK_OF_ART", "LAW", "FAC"})
#: The adjective a people or a country's citizens are called by ("Tutsi", "Ukrainian").
Adjective = Callable[[str], str | None]


def victims(
    doc: Doc,
    core: Iterable[int],
    words: frozenset[str],
    adjective: Adjective,
    country: str | None,
) -> EventArgument | None:
    """The civilian group the patient words ``core`` name, or None when they name none.

    ``words`` are the victim nouns; ``adjective`` gives the adjective of a people's or
    country's name ("Bosniaks" -> "Bosniak", "Ukraine" -> "Ukrainian", None when it is
    neither); ``country`` is where the story is set.
    """
    tokens = [doc[i] for i in sorted(core)]
    noun = next((t for t in tokens if _victim_noun(t, words)), None)
    people = next((t for t in tokens if _people_name(t, adjective)), None)
    if noun is not None:
        head, qualifier = noun, _qualifier(noun, adjective)
    elif people is not None:
        head, qualifier = people, _people_adjective(people, adjective)
    else:
        return None
    if qualifier is None and country is not None:
        qualifier = adjective(country)
    group = _noun(head, words)
    name = f"{qualifier} {group}" if qualifier else group
    return EventArgument(None, name, "civilian_group")


def _noun(head: Token, words: frozenset[str]) -> str:
    """The noun of the group's name: "civilians" for people in general, else the text's
    own nouns ("women", "men and boys", "villagers")."""
    if head.lower_ in _GENERAL or not _victim_noun(head, words):
        return "civilians"
    nouns = [w for w in (head, *head.conjuncts) if _victim_noun(w, words)]
    plural = [_SAME.get(w.lower_, w.lower_ if w.tag_ == "NNS" else w.lemma_ + "s") for w in nouns]
    return " and ".join(dict.fromkeys(plural))


def _victim_noun(token: Token, words: frozenset[str]) -> bool:
    return token.pos_ == "NOUN" and (token.lower_ in words or token.lemma_.lower() in words)


def _people_name(token: Token, adjective: Adjective) -> bool:
    """ "Tutsi", "Bosniaks", "non-Serbs": a people's name as a noun."""
    if token.dep_ in ("amod", "compound") or token.pos_ not in ("PROPN", "NOUN"):
        return False
    if token.ent_type_ in _NOT_PEOPLE_ENTS:
        return False  # "the September 11 attacks"
    if adjective(token.text) is not None:
        return True
    return _counted(token) and _people_adjective(token, adjective) is not None


def _counted(token: Token) -> bool:
    """A name counted like people: "300 Tutsi", "thousands of Tutsi", "many Bosniaks"
    (a number before a name does not make a person or a place of it)."""
    if token.ent_type_ in _PEOPLE_ENTS or token.pos_ == "NOUN":
        return True
    if any(c.dep_ == "nummod" for c in token.children):
        return True
    prep = token.head if token.dep_ == "pobj" else None
    return prep is not None and prep.lower_ == "of" and prep.head.ent_type_ == "CARDINAL"


def _people_adjective(token: Token, adjective: Adjective) -> str | None:
    """The adjective of the people ``token`` names: a demonym the registry knows
    ("Ukrainians" -> "Ukrainian"), else a capitalised people's name ("Bosniaks" ->
    "Bosniak", "Tutsi", "non-Serbs" -> "non-Serb")."""
    known = adjective(token.text)
    if known is not None:
        return known
    text = token.text
    if not (text[:1].isupper() or text.startswith("non-")) or not text.replace("-", "").isalpha():
        return None
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text


def _named_people(word: Token) -> bool:
    """Whether a capitalised modifier names a people ("Bosniak civilians", "Serb
    villagers"), not a date, a place or an event ("the 9/11 victims", "Sarajevo residents")."""
    if word.ent_type_ in _PEOPLE_ENTS:
        return True
    return (
        word.text[:1].isupper()
        and word.pos_ in ("PROPN", "ADJ")
        and word.ent_type_ not in _NOT_PEOPLE_ENTS | _PLACE_ENTS
    )


def _qualifier(head: Token, adjective: Adjective) -> str | None:
    """Whose the victims are: "Bosniak civilians", "civilians, most of them Bosniaks"."""
    for child in head.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i < head.i:
            found = _people_adjective(child, adjective) if _named_people(child) else None
            if found:
                return found
    for child in head.children:
        if child.dep_ == "appos":
            for word in child.subtree:
                if word.ent_type_ in _PEOPLE_ENTS or adjective(word.text) is not None:
                    found = _people_adjective(word, adjective)
                    if found:
                        return found
    return None
