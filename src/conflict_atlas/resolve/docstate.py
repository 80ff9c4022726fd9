"""What the actor resolver knows of the document it is reading: spans found, actors
made from the text, names learnt, sides and forces met so far."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from conflict_atlas.models import Actor, Setting, actor_id
from conflict_atlas.resolve import sides
from conflict_atlas.resolve.normalize import name_key


@dataclass(slots=True)
class Found:
    """A resolved span (token offsets in the sentence doc)."""

    start: int
    end: int
    actor_id: str
    method: str
    score: float = 1.0


@dataclass(slots=True)
class DocState:
    """What one document has taught the resolver so far."""

    doc_id: str = ""
    acronyms: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    new: dict[str, Actor] = field(default_factory=dict)
    new_keys: dict[str, str] = field(default_factory=dict)
    used: list[str] = field(default_factory=list)
    places: frozenset[str] = frozenset()
    named_here: set[str] = field(default_factory=set)
    setting: Setting | None = None
    place_starts: tuple[int, ...] = ()
    place_ends: tuple[int, ...] = ()
    offset: int = 0
    # state id -> forces the text names ("the Croatian Army"): generic phrases join them
    named_forces: dict[str, str] = field(default_factory=dict)
    # groups named by their plural ("the Houthis"): singular key -> id
    plurals: dict[str, str] = field(default_factory=dict)
    # armed men named by a group's adjective ("Houthi fighters"): id -> singular key
    adjectival: dict[str, str] = field(default_factory=dict)
    sides: sides.DocumentSides = field(default_factory=lambda: sides.DocumentSides())
    # person id -> id of the group the text says the person leads ("the VRS under Mladić")
    leads: dict[str, str] = field(default_factory=dict)

    def in_place(self, start: int, end: int) -> bool:
        """Whether the characters ``[start, end)`` overlap a place the place stage found."""
        i = bisect_right(self.place_starts, end - 1)
        return any(self.place_ends[j] > start for j in range(max(0, i - 8), i))


def text_actor(state: DocState, name: str, kind: str, country: str | None = None) -> str:
    """The id of the actor found in the text under ``name`` (made on first use)."""
    key = name_key(name)
    aid = state.new_keys.get(key)
    if aid is None:
        aid = actor_id(name, kind)
        state.new_keys[key] = aid
        state.new[aid] = Actor(aid, name, kind, (), country, (), "text")
    elif name not in (old := state.new[aid]).aliases and name != old.name:
        state.new[aid] = replace(old, aliases=(*old.aliases, name))
    return aid
