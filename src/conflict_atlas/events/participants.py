"""Who takes part in an event: the actors and targets its argument phrases name.

:mod:`conflict_atlas.events.arguments` finds the phrases (token sets of the parse); this
module says which actors they stand for. In order: registry actors mentioned there (made
precise by the event's date, :mod:`~conflict_atlas.events.generic`), state organs a
generic phrase refers to ("the government"), countries, demonyms ("the American
withdrawal"), counted and pronoun references (:mod:`~conflict_atlas.events.coref`), and
as a last resort the proper-noun phrase itself ("North Korean forces"). Armed men named
by who leads or backs them are read by :mod:`~conflict_atlas.events.followers` ("forces
under Mladić"), unarmed victims by :mod:`~conflict_atlas.events.victims` ("killed 300
Tutsi"); what the text leaves out is filled by :mod:`~conflict_atlas.events.inference`.

Example::

    participants = Participants(ActorRegistry.load())
    view = SentenceActors.of(doc, sentence, mentions, place_mentions, actors, places)
    participants.agents(view, agent_tokens, Scene("Afghanistan", "2016"), salience)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Token

from conflict_atlas.events.arguments import holders, patient_core
from conflict_atlas.events.build import dedupe_arguments
from conflict_atlas.events.coref import Salience, is_subject, phrase_heads
from conflict_atlas.events.followers import backers, followed
from conflict_atlas.events.fronts import SIDE_KINDS
from conflict_atlas.events.generic import Scene, StateOrgans, narrative_countries
from conflict_atlas.events.roles import load_roles
from conflict_atlas.events.story import FAMILIES
from conflict_atlas.events.victims import victims
from conflict_atlas.events.view import SentenceActors, argument
from conflict_atlas.models import (
    Actor,
    Document,
    EntityMention,
    EventArgument,
    EventLocation,
    Place,
    Sentence,
)
from conflict_atlas.nlp import doc_text
from conflict_atlas.resolve.lexicon import NOT_ACTOR_WORDS, SIDES
from conflict_atlas.resolve.registry import ActorRegistry
from conflict_atlas.resolve.things import names_a_thing

# As an object "it" is mostly a thing ("protested against it", "it was rejected").
_THING_PRONOUNS = frozenset({"it", "its"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_COURTS = frozenset({"court", "tribunal", "chambers", "judges"})
SIDE_NAMES = frozenset(name for name, _ in SIDES.values())


class Participants:
    """Resolves argument phrases to actors; indexes the registry's states once.

    Args:
        registry: the actor registry (for state organs and demonyms).
        generic_nouns: head nouns that refer back to an organised actor ("the group").
        victim_nouns: nouns of unarmed people ("civilians", "villagers"): the victims of
            an attack (:mod:`~conflict_atlas.events.victims`).
    """

    def __init__(
        self,
        registry: ActorRegistry,
        *,
        generic_nouns: frozenset[str] = frozenset(),
        victim_nouns: frozenset[str] = frozenset(),
    ) -> None:
        self.organs = StateOrgans(registry)
        self.generic_nouns = generic_nouns
        self.victim_nouns = victim_nouns
        self._told: tuple[str, dict[int, str], str | None] = ("", {}, None)

    # --- where and when ----------------------------------------------------------------
    def scene(
        self,
        document: Document,
        sentence: Sentence,
        place: Place | None,
        date: str | None,
        *,
        mentions: Sequence[Mapping[str, Sequence[EntityMention]]],
        places: Mapping[str, Place],
        actors: Mapping[str, Actor],
        setting: EventLocation | None,
        view: SentenceActors | None = None,
    ) -> Scene:
        """The country and date generic references of an event are resolved in: the
        country its section tells about, else the one the document tells about, else the
        event's place, else the country the document is set in, else the one the actors
        of the sentence (``view``) belong to.

        ``mentions`` are the document's place and actor mentions (each by sentence id) of
        the ``places`` and ``actors`` the document names. The story comes first: "the
        government" of a story told about one country stays that country's when an
        event happens abroad ("talks in Doha").
        """
        if self._told[0] != document.id:  # one document at a time, computed once
            homes = {p.id: p.country for p in places.values() if p.country}
            homes |= {a.id: a.country for a in actors.values() if a.country}
            every = (m for by_id in mentions for group in by_id.values() for m in group)
            self._told = (document.id, *narrative_countries(document.sections, every, homes))
        _, by_section, told = self._told
        country = by_section.get(sentence.section) if sentence.section is not None else None
        country = country or told
        if country is None and place is not None:
            country = place.country
        if country is None and setting is not None:
            country = setting.country
        if country is None and view is not None:
            named = Counter(a.country for _, _, a in view.mentions if a is not None and a.country)
            country = named.most_common(1)[0][0] if named else None
        return Scene(country, date)

    # --- roles ---------------------------------------------------------------------------
    def agents(
        self,
        view: SentenceActors,
        toks: frozenset[int],
        scene: Scene,
        salience: Salience,
        *,
        named: bool = False,
        kind: str = "",
        lemma: str = "",
    ) -> tuple[EventArgument, ...]:
        """The actors of an agent phrase: named or a state organ ("the government"), else a
        country, a demonym ("the American withdrawal"), who "he"/"they" is, or its name.
        A pronoun that sentences or convicts (``lemma``) is the last court named ("in 1998
        it sentenced Jean Kambanda").

        With ``named`` the phrase is inside the event's own name, whose other words name
        a place or the event ("Doha Agreement", "Saur Revolution"), not who acted. ``kind``
        is the event type: in some a demonym says where ("the Afghan election"). A
        demonym may qualify the head ("a Russian airstrike hit ...").
        """
        doc = view.doc
        if lemma in load_roles().judging and salience.court is not None and _court(doc, toks):
            return (salience.court,)  # "it sentenced X", "the tribunal convicted X"
        heads = phrase_heads(doc, toks)
        found = self._positioned(view, heads, scene) or self._positioned(
            view, patient_core(doc, toks), scene
        )
        backing = backers(doc, heads) - heads
        if backing:  # "UAE-backed forces", "the NATO-led Implementation Force"
            found += [(i, a) for i, a in self._positioned(view, backing, scene) if a.kind]
        owned = [a for _, a in found]
        led = followed(
            view, heads, owned, scene, salience, organs=self.organs, generic=self.generic_nouns
        )
        if led:
            return led
        if found and all(_unbound_side(a) for _, a in found):
            # "the rebels" the text never identified: the non-state actor last told, if any
            subjects = view.subjects(before=min(toks, default=0))
            told = salience.resolve(doc, toks, self.generic_nouns, earlier=subjects)
            found = [(min(toks), told)] if told is not None else found
        countries = [
            (min(place_toks), EventArgument(None, place.name, "state"))
            for place_toks, place in view.located
            if place_toks & heads
            and place.kind == "country"
            and not any(same_words(place.name, a.name) for _, a in found)
        ]
        unit = self._unit(view, heads, [a for _, a in found])
        if unit:
            return unit
        if found and is_subject(doc, toks) and not view.mentioned(within=toks):
            salience.subject(a for _, a in found)  # "the government agreed ...; it ruled ..."
        if found or countries:
            return dedupe_arguments([a for _, a in sorted(found + countries, key=_first)])
        demonyms = tuple(a for i in _owners(doc, heads) if (a := self.organs.demonym(doc[i].text)))
        if demonyms:
            return () if kind in load_roles().demonym_is_place else dedupe_arguments(demonyms)
        earlier = view.mentioned(before=min(toks, default=0))
        counted = salience.counted(doc, toks, earlier, self.organs.lexicon.counted)
        if counted:
            return counted
        subjects = view.subjects(before=min(toks, default=0))
        fighting = FAMILIES.get(kind) == "fighting"
        resolved = salience.resolve(doc, toks, self.generic_nouns, earlier=subjects, armed=fighting)
        if resolved or named:
            return (resolved,) if resolved else ()
        return _unresolved(doc, toks - view.place_tokens())

    def _unit(
        self, view: SentenceActors, heads: frozenset[int], found: Sequence[EventArgument]
    ) -> tuple[EventArgument, ...]:
        """A unit named after its country ("U.S. SEAL Team Six"): the unit as written,
        not the country that only qualifies its name."""
        doc = view.doc
        roots = [doc[i] for i in heads if doc[i].head.i not in heads]
        if len(roots) != 1 or not found or any(a.kind != "state" for a in found):
            return ()
        root = roots[0]
        name = frozenset(t.i for t in root.subtree if t.i <= root.i)
        named = [toks for toks, _, _ in view.mentions if toks & name]
        coordinated: list[Token] = list(root.conjuncts)  # the stubs type it as a 1-tuple
        if root.pos_ != "PROPN" or coordinated or root.i in view.place_tokens():
            return ()
        if any(root.i in toks for toks in named):
            return ()
        if self.organs.lexicon.role_of(root) is not None:
            return ()  # "the US Trump Administration" is the state itself
        return _unresolved(doc, name - {i for toks in named for i in toks})

    def arguments(
        self, view: SentenceActors, toks: frozenset[int], scene: Scene
    ) -> tuple[EventArgument, ...]:
        """Actors named in ``toks`` (made precise by the scene's date) and state organs
        referred to by a generic head there ("government forces", "the police").

        A name that only says whose organ a generic head is ("the US Trump
        administration", "Afghanistan's foreign ministry") is not a second actor.
        """
        found = self._positioned(view, toks, scene)
        return dedupe_arguments([a for _, a in sorted(found, key=_first)])

    def _positioned(
        self, view: SentenceActors, toks: frozenset[int], scene: Scene
    ) -> list[tuple[int, EventArgument]]:
        """:meth:`arguments` with the token each actor is named at."""
        doc = view.doc
        named = {i for toks_, _, _ in view.mentions for i in toks_}
        found: list[tuple[int, EventArgument]] = []
        owners: set[int] = set()
        for i in sorted(phrase_heads(doc, toks) - named):
            organs = self.organs.phrase(doc, doc[i], scene, view.countries)
            if organs and doc[i].dep_ != "compound":
                found.extend((i, a) for a in organs)
                owners |= {t.i for c in doc[i].lefts for t in c.subtree}
        places = view.place_tokens()
        for mention, m, actor in view.mentions:
            if not mention & toks or mention <= owners:
                continue
            if actor is not None and actor.source == "text" and _place_like(doc, mention, places):
                continue  # a town the name finder took for a person ("Maidan Shahr")
            if actor is not None and actor.kind == "state" and _owner_only(doc, mention, toks):
                continue
            arg = argument(actor) if actor else EventArgument(m.entity_id, m.text)
            head = _role_head(doc, mention)
            found.append((min(mention), self.organs.refine(arg, head, scene, written=m.text)))
        return found

    def partners(
        self, view: SentenceActors, toks: frozenset[int], scene: Scene, salience: Salience
    ) -> tuple[EventArgument, ...]:
        """Who acts with the agent: the actors named there, "the two men" named before,
        else the states its demonyms name ("with Soviet support")."""
        found = self.arguments(view, toks, scene)
        if found or not toks:
            return found
        doc = view.doc
        earlier = view.mentioned(before=min(toks))
        counted = salience.counted(doc, toks, earlier, self.organs.lexicon.counted)
        if counted:  # "a deal between the two men"
            return counted
        words = (doc[i].text for i in sorted(toks) if doc[i].text[:1].isupper())
        return dedupe_arguments([a for w in words if (a := self.organs.demonym(w))])

    def targets(
        self,
        view: SentenceActors,
        group: frozenset[int],
        scene: Scene,
        salience: Salience,
        kind: str,
    ) -> tuple[EventArgument, ...]:
        """Who undergoes the event: the actors the core of the patient phrase names, else
        the organised actor a generic noun refers back to ("against the group").

        A country there is a target only for the types that strike a country ("invaded
        South Korea"); for the others it is where the event goes ("entered Iran"). A
        state's organs are targets of any type ("fought Yemeni government forces").
        """
        doc = view.doc
        core = patient_core(doc, group)
        positioned = self._positioned(view, core, scene)
        found = dedupe_arguments([a for _, a in sorted(positioned, key=_first)])
        countries_named = {i for toks, p in view.located if p.kind == "country" for i in toks}
        places = {a for i, a in positioned if i in countries_named}
        if kind in load_roles().fronts:  # "captured the Serb-held region": the Serbs
            held = self.arguments(view, holders(doc, group), scene)
            found = dedupe_arguments([*found, *(a for a in held if a.kind in SIDE_KINDS)])
        if not found and core and not any(doc[i].lower_ in _THING_PRONOUNS for i in core):
            resolved = salience.resolve(doc, core, self.generic_nouns)
            found = (resolved,) if resolved is not None and resolved.kind else ()
        if not found and kind in load_roles().civilian_targets:
            people = victims(doc, core, self.victim_nouns, self.adjective, scene.country)
            found = (people,) if people is not None else ()
        if kind in load_roles().country_targets:
            heads = phrase_heads(doc, core)
            countries = [
                EventArgument(None, place.name, "state")
                for toks, place in view.located
                if toks & heads
                and place.kind == "country"
                and not any(a.name == place.name for a in found)
            ]
            return dedupe_arguments([*found, *countries])
        return tuple(a for a in found if a not in places)

    def adjective(self, word: str) -> str | None:
        """The adjective of a state or people the registry knows by ``word`` (its name or
        a demonym): "Ukraine" and "Ukrainians" -> "Ukrainian"; None for other words."""
        registry = self.organs.registry
        aid = registry.demonym(word)
        if aid is None:
            match = registry.lookup(word, fuzzy=False)
            aid = match.actor_id if match is not None else None
        entry = registry.entries.get(aid) if aid is not None else None
        if entry is None or entry.actor.kind not in ("state", "civilian_group"):
            return None
        forms = [d for d in entry.demonyms if not d.endswith("s")] or list(entry.demonyms)
        return forms[0] if forms else None


def _court(doc: Doc, toks: frozenset[int]) -> bool:
    """Whether an agent phrase only refers to a court: "it", "the court", "the tribunal"."""
    words = [doc[i] for i in sorted(toks) if doc[i].pos_ not in ("DET", "PUNCT")]
    return len(words) == 1 and (words[0].pos_ == "PRON" or words[0].lower_ in _COURTS)


def _owners(doc: Doc, heads: frozenset[int]) -> list[int]:
    """The heads of a phrase and, when it names nothing else, the proper adjective before
    them: "a Russian airstrike" (but not "Bosnian Serb forces")."""
    lefts = [c for i in heads for c in doc[i].lefts if c.dep_ in ("amod", "compound")]
    proper = [c for c in lefts if c.text[:1].isupper()]
    return sorted({*heads, *(c.i for c in proper if c.dep_ == "amod" and len(proper) == 1)})


def _unbound_side(arg: EventArgument) -> bool:
    """An actor the resolver made for a side the text never identified ("rebels")."""
    return arg.id is not None and arg.name in SIDE_NAMES


def _first(item: tuple[int, EventArgument]) -> int:
    return item[0]


def _place_like(doc: Doc, mention: frozenset[int], places: frozenset[int]) -> bool:
    """Whether a name found only by the name finder is a place: a place mention, or a
    name it tagged as a place ("Srebrenica")."""
    return mention <= places or all(doc[i].ent_type_ in _PLACE_ENTS for i in mention)


def _owner_only(doc: Doc, mention: frozenset[int], toks: frozenset[int]) -> bool:
    """Whether a name only owns a common noun of the phrase: "Afghanistan's communist
    party" is a party, not the state (state organs are resolved before this)."""
    root = next((doc[i] for i in mention if doc[i].head.i not in mention), None)
    return (
        root is not None
        and root.dep_ == "poss"
        and root.head.i in toks
        and root.head.pos_ == "NOUN"
    )


def _role_head(doc: Doc, mention: frozenset[int]) -> Token:
    """The noun a name stands for or modifies: "Afghan government" and "Afghanistan's
    ministry" are about a government, "Soviet troops" about troops."""
    outside = (doc[i] for i in sorted(mention) if doc[i].head.i not in mention)
    root = next(outside, doc[min(mention)])
    if root.dep_ in ("poss", "compound", "amod", "nmod") and root.head.i > root.i:
        return root.head
    return root


def _unresolved(doc: Doc, toks: frozenset[int]) -> tuple[EventArgument, ...]:
    """An agent the actor stage did not know, named by its proper-noun phrase.

    A short phrase with a name in it ("North Korean forces", "the Red Unit"), without a
    date or a number ("the last round of the jirga in May 1980") and not the name of an
    event, a document ("the Saur Revolution") or a thing ("HMS Sheffield").
    """
    if not toks or not any(
        doc[i].pos_ == "PROPN" or doc[i].ent_type_ in ("NORP", "ORG", "GPE") for i in toks
    ):
        return ()
    if doc[max(toks)].lower_ in NOT_ACTOR_WORDS:
        return ()  # "the Saur Revolution", but "the Collective Security Treaty Organization"
    if names_a_thing(doc, doc[min(toks) : max(toks) + 1]):
        return ()  # "the Tochka-U missile", "HMS Sheffield", "Radio Rwanda"
    numbers = (doc[i].like_num and doc[i].pos_ != "PROPN" for i in toks)  # not "Team Six"
    if len(toks) > 6 or any(doc[i].ent_type_ == "DATE" for i in toks) or any(numbers):
        return ()
    words = [doc[i] for i in sorted(toks) if not (doc[i].pos_ == "DET" and i == min(toks))]
    if not words or words[-1].i - words[0].i + 1 != len(words) or not words[0].text[:1].isupper():
        return ()  # a name is one stretch of text and starts with a capital
    text = doc_text(doc)[words[0].idx : words[-1].idx + len(words[-1])].strip(" ,")
    return (EventArgument(None, text),) if 0 < len(text) <= 60 else ()


def same_words(a: str, b: str) -> bool:
    """Whether two names share a word ("Iran" and "Islamic Republic of Iran")."""
    return bool(set(a.lower().split()) & set(b.lower().split()))
