"""Names of things that are never actors: weapons, vehicles, aircraft, ships and media.

"the Tochka-U missile", "a Black Hawk helicopter", "HMS Sheffield", "Radio Rwanda",
"American F-16 fighters": the name finder calls them organisations or persons, the words
around them say they are things. The head nouns come from WordNet
(:func:`conflict_atlas.resolve.lexicon.thing_nouns`); ships' prefixes and model
designations ("F-16", "Su-25", "T-72") are read from the name itself.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from conflict_atlas.resolve import lexicon

#: A model designation: letters, an optional hyphen, digits ("F-16", "Mi-24", "T-72").
_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{0,3}-?\d{1,4}[A-Za-z]{0,2}$")


def thing_kind(word: str) -> str | None:
    """The class of a lower-case noun (singular or a regular plural), if it is a thing's."""
    nouns = lexicon.thing_nouns()
    for form in (word, word.removesuffix("s"), word.removesuffix("es")):
        if form in nouns:
            return nouns[form]
    return None


def is_designation(text: str) -> bool:
    """Whether a token is a model designation such as "F-16" or "HSV-2"."""
    return bool(_DESIGNATION.match(text)) and any(c.isdigit() for c in text)


def names_a_thing(doc: Doc, span: Span) -> bool:
    """Whether the name ``span`` stands for a weapon, vehicle, aircraft, ship or medium.

    It does when it starts with a ship's prefix ("USS Mason") or a medium's word ("Radio
    Rwanda"), ends in a thing's noun ("Al Jazeera Television"), is followed by one ("the
    Tochka-U missile"), or is a model designation that no group noun follows ("Su-25",
    "F-16 fighters" but not "M-19 guerrillas").
    """
    first, last = span[0].text, span[-1].lower_
    if first in lexicon.SHIP_PREFIXES or thing_kind(span[0].lower_) == "media":
        return True
    if len(span) > 1 and _thing(thing_kind(last)):
        return True
    after = doc[span.end] if span.end < len(doc) else None
    head = after.lower_ if after is not None and after.is_lower else ""
    if head and _thing(thing_kind(head)):
        return True
    if any(is_designation(t.text) for t in span):
        people = lexicon.PEOPLE_HEADS | lexicon.GROUP_HEADS | lexicon.FORCE_HEADS
        ambiguous = thing_kind(head) == "ambiguous"
        return ambiguous or (head not in people and head not in lexicon.SIDES)
    return False


def _thing(kind: str | None) -> bool:
    return kind is not None and kind != "ambiguous"
