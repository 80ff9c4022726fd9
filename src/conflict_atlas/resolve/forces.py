"""A state's armed forces named by a demonym: "Soviet troops", "Syrian forces", "the
Croatian Army", "French and Malian troops"; groups of a people ("Pakistani nationals",
"Tajik forces"); and the peace operation "UN peacekeepers" or "Belgian peacekeepers"
serve in (the one the registry says served where and when the document is set)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from conflict_atlas.models import Actor, Affiliation, actor_id
from conflict_atlas.resolve import lexicon
from conflict_atlas.resolve.clues import armed_thing, head_after
from conflict_atlas.resolve.docstate import DocState, Found, text_actor
from conflict_atlas.resolve.registry import ActorRegistry


class StateForces:
    """Resolves demonym phrases to a state's forces (a mixin of the actor resolver)."""

    registry: ActorRegistry

    def mission(self, state: DocState, *, united_nations: bool = False) -> str | None:
        """The peace operation "peacekeepers" are: the last the document named, else the
        one serving where and when it is set (registry ``deployed``, see
        :meth:`~conflict_atlas.resolve.registry.ActorRegistry.missions`)."""
        serving = self.registry.missions(state.setting, united_nations=united_nations)
        named = [a for a in reversed(state.used) if a in serving]
        if named:
            return named[0]
        return serving[0] if serving else None

    def _is_un(self, aid: str) -> bool:
        return aid in self.registry and self.registry.actor(aid).name == "United Nations"

    def _demonym_found(self, doc: Doc, span: Span, sid: str, state: DocState) -> Found | None:
        found = self._demonym(doc, Found(span.start, span.end, sid, "demonym"), state)
        return found if found is not None else self._people(doc, span, sid, state)

    def _demonym(self, doc: Doc, found: Found, state: DocState) -> Found | None:
        """Demonym as actor: "Soviet troops" are the state's forces, "the Soviets" the state.

        The forces are those the registry names for the state (or derives for it: one
        actor per state's forces); a name of the forces as a whole ("the Croatian
        Army") is the forces of that state in this document.
        """
        last = doc[found.end - 1].text
        setting = state.setting
        if last.endswith("s") and last[0].isupper() and self.registry.demonym(last) is not None:
            return found
        head_at, head = head_after(doc, found.end)
        if not head and found.end < len(doc) and armed_thing(doc[found.end]):
            head_at, head = found.end, "forces"  # "American warships", "Soviet aircraft"
        coordinated = self._coordinated_head(doc, found.end) if not head else ""
        if coordinated in lexicon.FORCE_HEADS:
            return self._forces_found(found, found.end, state)  # "French and Malian troops"
        if coordinated in lexicon.STATE_HEADS:
            return Found(found.start, found.end, found.actor_id, "demonym")  # "... delegations"
        if head in lexicon.PEACEKEEPING_HEADS and (mission := self.mission(state)) is not None:
            return Found(found.start, head_at + 1, mission, "mission", 0.8)  # "Dutch peacekeepers"
        state_entry = self.registry.entries[found.actor_id]
        if state_entry.actor.kind == "civilian_group":
            return None  # "Tajik forces" are a militia of that people, see _people
        forces = self.registry.forces_of(found.actor_id, setting=setting)
        derived = forces is None or forces == self.registry.derived.get(found.actor_id)
        if head_at < 0:
            return None  # an adjective ("Soviet–Afghan War") or a people ("Pakistani nationals")
        if head in lexicon.FORCE_HEADS and derived and not doc[head_at].is_lower:
            return self._named_forces(doc, found.start, head_at + 1, found.actor_id, state)
        if head in lexicon.FORCE_HEADS and forces is not None:
            return Found(found.start, head_at + 1, forces, "demonym")
        if head in lexicon.FORCE_HEADS and state_entry.actor.kind == "state":
            name = doc[found.start : head_at + 1].text
            country = state_entry.actor.country or state_entry.actor.name
            aid = text_actor(state, name, "state_forces", country)
            return Found(found.start, head_at + 1, aid, "demonym", 0.8)
        if head in lexicon.FORCE_HEADS or head in lexicon.STATE_HEADS:
            return Found(found.start, head_at + 1, found.actor_id, "demonym")
        return None  # an adjective ("Soviet–Afghan War") or a people ("Pakistani nationals")

    def _coordinated_head(self, doc: Doc, at: int) -> str:
        """The head noun a demonym shares with the names coordinated after it: "French and
        Malian troops", "Croatian and Federation forces", "Ukrainian and Russian
        delegations" ("" when it shares none)."""
        while at + 1 < len(doc) and doc[at].lower_ in ("and", ",", "or"):
            if not doc[at + 1].text[:1].isupper():
                return ""
            at += 2
            if at < len(doc) and doc[at].lower_ in lexicon.FORCE_HEADS | lexicon.STATE_HEADS:
                return doc[at].lower_
        return ""

    def _forces_found(self, found: Found, end: int, state: DocState) -> Found | None:
        """The demonym ``found`` alone as its state's forces."""
        forces = self.registry.forces_of(found.actor_id, setting=state.setting)
        return Found(found.start, end, forces, "demonym") if forces is not None else None

    def _named_forces(
        self, doc: Doc, start: int, end: int, sid: str, state: DocState
    ) -> Found | None:
        """ "the Croatian Army", "Rwandan Armed Forces": the forces of a state as the text
        names them, which generic phrases of this document join ("Croatian forces")."""
        span = doc[start:end]
        while end < len(doc) and doc[end].lower_ in lexicon.FORCE_NAME_WORDS:
            end += 1
            span = doc[start:end]
        if any(t.lower_ not in lexicon.FORCE_NAME_WORDS for t in span[1:]):
            return None
        owner = self.registry.actor(sid)
        country = owner.country or owner.name
        aid = text_actor(state, span.text, "state_forces", country)
        part_of = Affiliation("part_of", owner.name, None, None)
        if part_of not in (actor := state.new[aid]).affiliations:
            state.new[aid] = replace(actor, affiliations=(*actor.affiliations, part_of))
        state.named_forces.setdefault(sid, aid)
        return Found(start, end, aid, "demonym", 0.9)

    def _forces_name(self, span: Span, state: DocState) -> Found | None:
        """A new name that is a state's name or demonym and words of forces only."""
        end = span.start + 1
        while end < span.end and span.doc[end].lower_ in lexicon.FORCE_NAME_WORDS:
            end += 1
        if len(span) < 2 or end != span.end:
            return None
        sid = self.registry.demonym(span[0].text, setting=state.setting)
        if sid is None:
            match = self.registry.lookup(span[0].text, fuzzy=False, setting=state.setting)
            sid = match.actor_id if match is not None else None
        if sid is None or self.registry.actor(sid).kind != "state":
            return None
        forces = self.registry.forces_of(sid, setting=state.setting)
        if forces is not None and forces != self.registry.derived.get(sid):
            return None  # the registry names this state's forces
        return self._named_forces(span.doc, span.start, span.start + 1, sid, state)

    def _people(self, doc: Doc, span: Span, state_id: str, state: DocState) -> Found | None:
        """ "Pakistani nationals", "Tajik forces": a group of that country or people."""
        head_at, head = head_after(doc, span.end)
        owner = self.registry.actor(state_id)
        armed = (
            lexicon.FORCE_HEADS | lexicon.GROUP_HEADS
            if owner.kind == "civilian_group"
            else frozenset()
        )
        if head not in lexicon.PEOPLE_HEADS and head not in armed:
            return None
        name = f"{span.text} {head}"
        kind = "civilian_group" if head in lexicon.CIVILIAN_HEADS else "militia"
        aid = actor_id(name, kind)
        country = owner.country or owner.name
        state.new.setdefault(aid, Actor(aid, name, kind, (), country, (), "text"))
        return Found(span.start, head_at + 1, aid, "demonym", 0.8)
