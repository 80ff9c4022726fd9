"""What a careful reader adds to what an event's text names: the agent the story is
about, and the target left out.

:class:`Inference` fills an event's agent when its text names none
(:mod:`~conflict_atlas.events.story`: "Zvornik was attacked" after "units of the JNA set
out to seize the towns"; "it sentenced X" is the last court named), and its target when
the text names none: the side something was taken back from
(:mod:`~conflict_atlas.events.fronts`), the country a foreign state invades or takes
places from. It also remembers what each event names for the events after it.

Example::

    inference = Inference(participants)
    agents = inference.settle_agents(view, trigger, args, agents, scene, salience)
    targets = inference.settle_targets(view, trigger, actors, targets, scene, salience)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Token

from conflict_atlas.events.arguments import Arguments, patient_core
from conflict_atlas.events.build import dedupe_arguments
from conflict_atlas.events.coref import Salience
from conflict_atlas.events.fronts import SIDE_KINDS, state_country
from conflict_atlas.events.generic import Scene
from conflict_atlas.events.participants import Participants
from conflict_atlas.events.roles import load_roles
from conflict_atlas.events.story import FAMILIES, Where, armed
from conflict_atlas.events.triggers import Trigger
from conflict_atlas.events.view import SentenceActors, argument
from conflict_atlas.models import Actor, EventArgument
from conflict_atlas.resolve import lexicon

_OWNING_DEPS = frozenset({"compound", "nummod", "nmod", "poss", "npadvmod"})
#: Pronouns in a patient refer to someone: "killed him", "498 of its soldiers".
_PERSONAL = frozenset(
    {"he", "she", "him", "her", "his", "they", "them", "their", "it", "its", "we", "our"}
)


class Inference:
    """Fills agents and targets an event's text leaves out; see the module docstring.

    Args:
        participants: the participant rules (for the actors a phrase names and the
            registry's states).
    """

    def __init__(self, participants: Participants) -> None:
        self.participants = participants
        self.organs = participants.organs

    def settle_agents(
        self,
        view: SentenceActors,
        trigger: Trigger,
        args: Arguments,
        agents: tuple[EventArgument, ...],
        scene: Scene,
        salience: Salience,
    ) -> tuple[EventArgument, ...]:
        """The agents the text names, remembered for the events after it; else those a
        reader infers (:meth:`implicit_agents`). The sides of a clash ("a war between X
        and Y") are remembered as enemies."""
        if len(args.sides) > 1:
            sides = [self.participants.arguments(view, side, scene) for side in args.sides]
            enemies = [a for side in sides[1:] for a in side]
            self.fought(trigger.type, sides[0], enemies, salience, view.known)
        if agents:
            self.record(trigger, agents, salience, view.where)
            return agents
        return self.implicit_agents(view, trigger, args, salience, view.where)

    def settle_targets(
        self,
        view: SentenceActors,
        trigger: Trigger,
        actors: tuple[EventArgument, ...],
        targets: tuple[EventArgument, ...],
        scene: Scene,
        salience: Salience,
        *,
        patient: frozenset[int] = frozenset(),
    ) -> tuple[EventArgument, ...]:
        """The targets the text names, remembered as the actors' enemies; else those a
        reader infers (:meth:`implicit_targets`). A patient that is a country says where
        the actors went ("entered Iran"), not whom they took it from."""
        if targets:
            self.fought(trigger.type, actors, targets, salience, view.known)
            return targets
        core = patient_core(view.doc, patient)
        if any(toks & core and p.kind == "country" for toks, p in view.located):
            return ()
        return self.implicit_targets(trigger, actors, scene, salience, view.known)

    def country_of(self, arg: EventArgument, known: Mapping[str, Actor]) -> str | None:
        """The country of a state or state organ (None for other actors)."""
        return state_country(arg, known, self.organs.registry)

    def fought(
        self,
        kind: str,
        actors: Sequence[EventArgument],
        targets: Sequence[EventArgument],
        salience: Salience,
        known: Mapping[str, Actor],
    ) -> None:
        """Remember who the text says fought whom (violent events naming both sides)."""
        if kind in load_roles().fronts and actors and targets:
            salience.fronts.fought(actors, targets, lambda a: self.country_of(a, known))

    def implicit_agents(
        self,
        view: SentenceActors,
        trigger: Trigger,
        args: Arguments,
        salience: Salience,
        where: Where,
    ) -> tuple[EventArgument, ...]:
        """The actors a reader gives an event whose text names none
        (:mod:`~conflict_atlas.events.story`): the armed subjects named before it in its
        sentence, else those of the last event of its family in the paragraph."""
        if trigger.lemma in load_roles().judging:  # "was sentenced to life imprisonment"
            return (salience.court,) if salience.court is not None and not args.agent else ()
        family = FAMILIES.get(trigger.type)
        if family is None or args.agent or args.fallback or args.partners:
            return ()
        if trigger.kind != "verb" and not bare_noun(view.doc[trigger.token]):
            return ()  # "the 9/11 attacks", "a Serb counter-attack": named elsewhere or owned
        if family == "fighting":
            if not all(self._unattributed(view, group) for group in args.patients):
                return ()
            patients = frozenset(i for group in args.patients for i in group)
            here = armed(
                [a for toks, a in view.doers() if not toks & patients and max(toks) < trigger.token]
            )
            if here or not args.patients:
                return dedupe_arguments(here)  # the story lends no one to "the fighting"
        return salience.story.actors(trigger.type, where)

    def _unattributed(self, view: SentenceActors, group: frozenset[int]) -> bool:
        """Whether a patient names no actor: a place or unarmed people ("Zvornik was
        attacked", "thousands of Tutsi were killed"), not a person, a group, armed men or
        someone a pronoun refers to ("498 of its soldiers had been killed")."""
        core = patient_core(view.doc, group)
        places = view.place_tokens()
        for toks, _, actor in view.mentions:
            named = toks & core and not toks <= places and actor is not None
            if named and actor is not None and actor.kind != "civilian_group":
                return False
        words = {view.doc[i].lower_ for i in core}
        return not words & _PERSONAL and not words & lexicon.FORCE_HEADS

    def record(
        self,
        trigger: Trigger,
        actors: Sequence[EventArgument],
        salience: Salience,
        where: Where,
    ) -> None:
        """Remember the actors an event's text names, for the events after it: they are
        what "they" and "it" of the next sentences refer to first."""
        salience.story.acted(trigger.type, actors, where)
        salience.subject(actors)

    def implicit_targets(
        self,
        trigger: Trigger,
        actors: Sequence[EventArgument],
        scene: Scene,
        salience: Salience,
        known: Mapping[str, Actor],
    ) -> tuple[EventArgument, ...]:
        """Targets a reader infers when the text names none.

        Something taken back was taken from the side its actors have fought most in the
        document so far ("Ukrainian forces retook Izium" after "Russian forces attacked
        Ukraine": Russia); a foreign state invades or takes places from the country the
        story is set in ("the 1979 Soviet invasion" of a story about Afghanistan, "Russian
        forces seized the Chernobyl plant" in a story about Ukraine).
        """
        if not actors:
            return ()
        roles = load_roles()
        if trigger.lemma in roles.retaking:
            found = salience.fronts.opponent(actors, lambda a: self.country_of(a, known))
            return (found,) if found is not None and found not in actors else ()
        if trigger.type in roles.foreign_targets and scene.country:
            homes = [self.country_of(a, known) for a in actors if a.kind in SIDE_KINDS]
            if homes and all(home and home != scene.country for home in homes):
                country = self.organs.countries.get(scene.country)
                if country is not None:
                    return (argument(country),)
                return (EventArgument(None, scene.country, "state"),)
        return ()


def bare_noun(noun: Token) -> bool:
    """A noun event told without a name, an owner or a number: "the fighting", "formal
    peace negotiations", not "the 9/11 attacks" or "a Fifth Corps offensive"."""
    if noun.ent_type_ and noun.ent_type_ not in ("", "NORP"):
        return False
    return not any(
        c.dep_ in _OWNING_DEPS and not (c.dep_ == "compound" and c.is_lower and c.pos_ == "NOUN")
        for c in noun.children
    )
