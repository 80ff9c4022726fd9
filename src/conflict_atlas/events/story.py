"""Who the story is about: the actor of an event whose text names none.

A narrative drops the agent once it is clear: "Units of the JNA and Serb paramilitaries
set out to seize the towns of the Drina valley: Zvornik was attacked on 8 April, and
Višegrad and Foča fell later that month"; "the government and the RPF agreed a new
ceasefire in Arusha, and formal peace negotiations opened there in August". A careful
reader takes the agent from the clause before in the same sentence, else from the last
event of the same family (fighting, talks) the paragraph told, a sentence or two back.

Only events that name no one else are filled: a passive or intransitive verb whose
subject is a place or unarmed victims ("Zvornik was attacked", "thousands of Tutsi were
killed"), or a noun with no owner ("the fighting resumed", "the negotiations opened").
A person or an organised actor undergoing an unattributed killing is left alone
("Rwigyema was killed the following day": by whom, the text does not say).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from conflict_atlas.models import EventArgument

#: How many sentences back the last event of a family still lends its actors.
REACH = 2
#: Event families whose actors carry over, by event type.
FAMILIES = {
    "attack": "fighting",
    "battle": "fighting",
    "massacre": "fighting",
    "capture": "fighting",
    "invasion": "fighting",
    "agreement": "talks",
    "negotiation": "talks",
}
#: Actor kinds that can be the agent of fighting (not persons, peoples or organisations
#: that only speak: "the WHO said ..." does not make the WHO a fighter).
ARMED_KINDS = frozenset({"state", "state_forces", "armed_group", "militia"})

Where = tuple[int | None, int | None]


@dataclass(slots=True)
class Story:
    """The events the current paragraph has told, by family: (sentence number, where,
    actors) of the last one."""

    told: int = 0
    acts: dict[str, tuple[int, Where, tuple[EventArgument, ...]]] = field(default_factory=dict)

    def acted(self, kind: str, actors: Sequence[EventArgument], where: Where) -> None:
        """Remember the actors of an event of type ``kind`` told at ``where``."""
        family = FAMILIES.get(kind)
        usable = _usable(family, actors)
        if family is not None and usable:
            self.acts[family] = (self.told, where, usable)

    def next_sentence(self) -> None:
        self.told += 1

    def actors(self, kind: str, where: Where) -> tuple[EventArgument, ...]:
        """The actors of the last event of ``kind``'s family told in the same paragraph
        (``where``: section and paragraph) at most :data:`REACH` sentences back."""
        family = FAMILIES.get(kind)
        last = self.acts.get(family) if family is not None else None
        if last is None:
            return ()
        told, place, actors = last
        if place != where or self.told - told > REACH:
            return ()
        return actors

    def last(self, family: str) -> tuple[EventArgument, ...]:
        """The actors of the last event of ``family`` told anywhere before."""
        found = self.acts.get(family)
        return found[2] if found is not None else ()


def _usable(family: str | None, actors: Sequence[EventArgument]) -> tuple[EventArgument, ...]:
    if family == "fighting":
        return tuple(a for a in actors if a.kind in ARMED_KINDS)
    return tuple(actors)


def armed(actors: Sequence[EventArgument]) -> tuple[EventArgument, ...]:
    """The actors of ``actors`` that can fight."""
    return tuple(a for a in actors if a.kind in ARMED_KINDS)
