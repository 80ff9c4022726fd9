"""One actor per referent across a document: the merges made once it has all been read.

A name met before the text says in full who it is ("Assad ... Bashar al-Assad"), a
state's forces met under a generic phrase before the text names them ("Croatian forces
... the Croatian Army"), armed men of a group named by its adjective before the group
("Houthi fighters ... the Houthis"), or a side before the text says who it is ("the
rebels ... the RPF, a rebel army") are each one actor with what they turn out to be.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from conflict_atlas.resolve.lexicon import NAME_PARTICLES, TITLES
from conflict_atlas.resolve.normalize import name_key


def name_words(name: str) -> tuple[str, ...]:
    """The words of a personal name that identify it: folded, without particles and
    titles ("President Bashar al-Assad" gives ``("bashar", "assad")``)."""
    return tuple(w for w in name_key(name).split() if w not in NAME_PARTICLES | TITLES)


def person_merges(persons: Iterable[tuple[str, str, bool]]) -> dict[str, str]:
    """Merges of persons named differently: ``(id, name, from_text)`` in order of first
    mention. A one-word name goes to the only longer name ending with it; names equal
    but for particles and titles go to the first. Registry persons are never merged
    away."""
    people = list(persons)
    full: dict[tuple[str, ...], str] = {}
    by_surname: dict[str, set[str]] = defaultdict(set)
    merges: dict[str, str] = {}
    for aid, name, from_text in people:
        words = name_words(name)
        if len(words) < 2:
            continue
        if words in full and from_text and full[words] != aid:
            merges[aid] = full[words]
            continue
        full.setdefault(words, aid)
        by_surname[words[-1]].add(aid)
    for aid, name, from_text in people:
        words = name_words(name)
        if from_text and len(words) == 1 and len(owners := by_surname[words[0]] - {aid}) == 1:
            merges[aid] = next(iter(owners))
    return merges


def plural_merges(groups: Mapping[str, str], plurals: Mapping[str, str]) -> dict[str, str]:
    """Armed men named by a group's adjective ("Houthi fighters": ``groups`` maps their id
    to the adjective's key) go to the group named by its plural ("the Houthis":
    ``plurals`` maps the singular key to the group's id)."""
    return {aid: plurals[key] for aid, key in groups.items() if plurals.get(key, aid) != aid}


def side_merges(sides: Mapping[str, str], bindings: Mapping[str, set[str]]) -> dict[str, str]:
    """A side's own actor goes to the one actor the text says the side is (if only one)."""
    merges = {}
    for side, aid in sides.items():
        bound = bindings.get(side, set()) - {aid}
        if len(bound) == 1:
            merges[aid] = next(iter(bound))
    return merges


def resolved(merges: Mapping[str, str], aid: str) -> str:
    """Where ``aid`` ends after following ``merges`` (cycles stop where they close)."""
    seen = {aid}
    while aid in merges and merges[aid] not in seen:
        aid = merges[aid]
        seen.add(aid)
    return aid
