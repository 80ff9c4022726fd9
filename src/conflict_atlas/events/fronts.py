"""Who fights whom in a document: the side an event's unnamed target is on.

A narrative names the other side of a war once and then leaves it out: after "Russian
forces attacked Ukraine", "Russian forces seized the Chernobyl plant" was taken from
Ukraine; after "the FAR drove the rebels back", "the RPF seized Ruhengeri" was taken from
the FAR. A careful reader (and UCDP, ACLED) codes that side as the target. This module
remembers the opposing sides the events of a document have named so far, as the text
tells them, and answers for a violent event whose text names no target.

Sides are compared by the country of a state and of its organs ("Russia Armed Forces"
and "Russia" are one side), by the actor for everyone else. The opponent is the one
this side met most often, the latest first on a tie; an actor the event already names
(an ally, the actor itself) is never its opponent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from conflict_atlas.models import Actor, EventArgument
from conflict_atlas.resolve.registry import ActorRegistry

#: Kinds of actor that are sides of a war (not persons, not civilians).
SIDE_KINDS = frozenset({"state", "state_forces", "armed_group", "militia"})
_STATE_KINDS = frozenset({"state", "state_forces"})

#: The country of a state or state organ by actor id (None: not a state's).
CountryOf = Callable[[EventArgument], str | None]


@dataclass(slots=True)
class Fronts:
    """The opposing sides one document has named so far.

    ``faced`` maps a side's key to the opponents it met, each with the number of the
    encounter (text order); ``allies`` maps a side's key to the sides it acted with;
    ``last`` is the last pair of enemies told.
    """

    faced: dict[str, list[tuple[int, EventArgument]]] = field(default_factory=dict)
    allies: dict[str, set[str]] = field(default_factory=dict)
    told: int = 0
    last: tuple[EventArgument, ...] = ()

    def fought(
        self,
        actors: Sequence[EventArgument],
        targets: Sequence[EventArgument],
        country_of: CountryOf,
    ) -> None:
        """Remember that ``actors`` acted together against ``targets``."""
        sides = [a for a in actors if a.kind in SIDE_KINDS]
        others = [t for t in targets if t.kind in SIDE_KINDS]
        keys = {side_key(a, country_of) for a in sides}
        for key in keys:
            self.allies.setdefault(key, set()).update(keys - {key})
        for actor in sides:
            for target in others:
                mine, theirs = side_key(actor, country_of), side_key(target, country_of)
                if mine != theirs:
                    self.told += 1
                    self.last = (actor, target)
                    self.faced.setdefault(mine, []).append((self.told, target))
                    self.faced.setdefault(theirs, []).append((self.told, actor))

    def opponent(
        self, actors: Sequence[EventArgument], country_of: CountryOf
    ) -> EventArgument | None:
        """The side ``actors`` met most often so far (the latest on a tie), or None."""
        keys = {side_key(a, country_of) for a in actors if a.kind in SIDE_KINDS}
        friends = keys | {k for key in keys for k in self.allies.get(key, ())}
        scores: dict[str, tuple[int, int]] = {}
        best: dict[str, EventArgument] = {}
        for seq, target in sorted(
            (m for key in keys for m in self.faced.get(key, ())), key=lambda m: m[0]
        ):
            key = side_key(target, country_of)
            if key not in friends:
                scores[key] = (scores.get(key, (0, 0))[0] + 1, seq)
                best[key] = target
        if not scores:
            return None
        return best[max(scores, key=lambda k: scores[k])]


def side_key(arg: EventArgument, country_of: CountryOf) -> str:
    """Which side an actor is on: a state's country for a state and its organs, else
    the actor itself."""
    if arg.kind in _STATE_KINDS:
        country = country_of(arg)
        if country:
            return f"country:{country}"
    return arg.id or arg.name


def state_country(
    arg: EventArgument, known: Mapping[str, Actor], registry: ActorRegistry
) -> str | None:
    """The country of a state or state organ (None for other actors): its actor record's,
    the document's (``known`` by id) or the registry's."""
    if arg.kind not in _STATE_KINDS:
        return None
    actor = known.get(arg.id or "")
    if actor is None and arg.id is not None and arg.id in registry:
        actor = registry.actor(arg.id)
    if actor is None:
        return arg.name if arg.kind == "state" else None
    return actor.country or (actor.name if actor.kind == "state" else None)
