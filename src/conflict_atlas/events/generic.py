"""Resolve generic references to a state's organs and demonym agents to registry actors.

A text says "the government", "security forces", "the police" or "government aircraft"
without naming the state. The state is the one the event happens in (its location's
country, else the document's setting), or the one a demonym or an "of" phrase names
("the Afghan government", "the governments of Afghanistan and Pakistan"). Which actor
answers depends on the date: the registry lists a country's successive regimes as states
``part_of`` the country with dated affiliations, so "the government" of a country on a
date is the regime whose ``part_of`` interval covers that date. Forces are the
state_forces actors that are ``part_of`` that regime (directly or through other forces)
and whose name carries the role's words ("police" for the police), else the country's
own forces. The words are data (``data/events/generic_actors.yaml``); the states, regimes
and forces come from the actor registry.

Example::

    organs = StateOrgans(ActorRegistry.load())
    organs.organ("Afghanistan", "government", "1988")  # Democratic Republic of Afghanistan
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from conflict_atlas.errors import AtlasError
from conflict_atlas.events.coref import CountedWords
from conflict_atlas.models import Actor, EntityMention, EventArgument, Section
from conflict_atlas.resolve.lexicon import SIDES
from conflict_atlas.resolve.registry import ActorRegistry

_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "nummod", "punct"})
_MAX_CHAIN = 6
_TIME_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})


class GenericLexiconError(AtlasError):
    """The generic-actor word list is malformed."""


@dataclass(frozen=True, slots=True)
class Role:
    """An organ of a state: the words its forces' names carry, and the role tried next."""

    name: str
    names: tuple[str, ...] = ()
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class GenericLexicon:
    """Head words of each role, and the words that make a head a state organ."""

    roles: Mapping[str, Role]
    heads: Mapping[str, str]
    bare: frozenset[str]
    modifiers: frozenset[str]
    ignore: frozenset[str]
    counted: CountedWords = field(default_factory=CountedWords)

    def role_of(self, token: Token) -> str | None:
        """The role a head word names: "police" -> police, "air force" -> air_force."""
        compounds = [c.lower_ for c in token.children if c.dep_ == "compound"]
        for word in (*(f"{c} {token.lower_}" for c in compounds), token.lower_):
            if word in self.heads:
                return self.heads[word]
        return self.heads.get(token.lemma_.lower())


@dataclass(frozen=True, slots=True)
class Scene:
    """Where and when an event happens: the country's name and the date's ISO start."""

    country: str | None
    date: str | None


def load_generic_lexicon(path: str | Path | None = None) -> GenericLexicon:
    """Read the generic-actor words (by default the bundled ``generic_actors.yaml``)."""
    try:
        if path is None:
            res = resources.files("conflict_atlas.data").joinpath("events", "generic_actors.yaml")
            text = res.read_text("utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GenericLexiconError(f"cannot read generic actor words {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("roles"), dict):
        raise GenericLexiconError("generic actor words need a 'roles' mapping")
    roles: dict[str, Role] = {}
    heads: dict[str, str] = {}
    for name, spec in data["roles"].items():
        spec = _mapping(spec, f"role {name}")
        roles[name] = Role(name, _words(spec.get("names")), spec.get("fallback"))
        heads.update(dict.fromkeys(_words(spec.get("heads")), name))
    for role in roles.values():
        if role.fallback is not None and role.fallback not in roles:
            raise GenericLexiconError(f"role {role.name}: unknown fallback {role.fallback!r}")
    counted = _mapping(data.get("counted") or {}, "counted")
    numbers = _mapping(counted.get("numbers") or {}, "counted numbers")
    return GenericLexicon(
        roles,
        heads,
        frozenset(_words(data.get("bare"))),
        frozenset(_words(data.get("state_modifiers"))),
        frozenset(_words(data.get("ignore"))),
        CountedWords(
            {str(k).lower(): int(v) for k, v in numbers.items()},
            frozenset(_words(counted.get("persons"))),
            frozenset(_words(counted.get("groups"))),
            frozenset(_words(counted.get("sides"))),
        ),
    )


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GenericLexiconError(f"{where}: expected a mapping")
    return value


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(v).lower() for v in value or ())


def _padded(iso: str, *, end: bool = False) -> str:
    """A full ``YYYY-MM-DD`` for a partial date: its first day, or with ``end`` its last."""
    parts = iso.split("-")
    if len(parts) == 1:
        parts.append("12" if end else "01")
    if len(parts) == 2:
        parts.append("31" if end else "01")
    return "-".join(parts[:3])


@dataclass(frozen=True, slots=True)
class _Regime:
    actor: Actor
    start: str
    end: str


class StateOrgans:
    """The registry's countries with their dated regimes and forces, indexed once.

    Args:
        registry: the actor registry (states, their ``part_of`` regimes, state forces).
        lexicon: the generic words; by default the bundled ``generic_actors.yaml``.
    """

    def __init__(self, registry: ActorRegistry, lexicon: GenericLexicon | None = None) -> None:
        self.registry = registry
        self.lexicon = lexicon or load_generic_lexicon()
        by_name = {e.actor.name: e for e in registry.entries.values()}
        # forces the registry derives for every state are what demonyms name ("Yemeni
        # troops"); a generic "government forces" stays the government unless the
        # registry knows that state's forces
        derived = set(registry.derived.values())
        self.countries: dict[str, Actor] = {}
        self.regimes: dict[str, list[_Regime]] = {}
        self.forces: dict[str, Actor] = {}
        for entry in registry.entries.values():
            actor = entry.actor
            if actor.kind != "state":
                continue
            if actor.country == actor.name:
                self.countries[actor.name] = actor
                forces = by_name.get(entry.forces or "")
                if forces is not None and forces.actor.id not in derived:
                    self.forces[actor.name] = forces.actor
            for aff in actor.affiliations:
                if aff.relation == "part_of" and aff.start is not None:
                    end = _padded(aff.end, end=True) if aff.end else "9999-12-31"
                    regime = _Regime(actor, _padded(aff.start), end)
                    self.regimes.setdefault(aff.target, []).append(regime)
        own = [
            e
            for e in registry.entries.values()
            if e.actor.kind == "state_forces" and e.actor.id not in derived
        ]
        self.chains = {e.actor.name: self._chain(e.actor, by_name) for e in own}
        self._forces_by_name = {e.actor.name: e.actor for e in own}

    @staticmethod
    def _chain(actor: Actor, by_name: Mapping[str, Any]) -> tuple[str, ...]:
        """The names ``actor`` is part of, nearest first (forces, then regime, state)."""
        out: list[str] = []
        current = actor
        while len(out) < _MAX_CHAIN:
            target = next((a.target for a in current.affiliations if a.relation == "part_of"), None)
            if target is None or target in out or target not in by_name:
                break
            out.append(target)
            current = by_name[target].actor
        return tuple(out)

    # --- the registry side -----------------------------------------------------------
    def regime(self, country: str, date: str | None) -> Actor | None:
        """The state that governed ``country`` on the first day of ``date`` (ISO, partial).

        When two overlap (a rival government), the one established last wins.
        """
        if not date:
            return None
        day = _padded(date)
        current = [r for r in self.regimes.get(country, ()) if r.start <= day <= r.end]
        return max(current, key=lambda r: r.start).actor if current else None

    def organ(self, country: str, role: str, date: str | None) -> EventArgument | None:
        """The actor playing ``role`` ("government", "police", ...) for ``country`` at ``date``.

        Falls back along the roles' ``fallback`` ("the police" of a regime without a
        police force in the registry is the regime), and for a country the registry does
        not know to the country itself as a state.
        """
        regime = self.regime(country, date)
        seen: set[str] = set()
        name: str | None = role
        while name is not None and name not in seen and name in self.lexicon.roles:
            seen.add(name)
            spec = self.lexicon.roles[name]
            if not spec.names:
                return self._government(country, regime)
            forces = self._forces_for(country, regime, spec.names)
            if forces is not None:
                return _argument(forces)
            name = spec.fallback
        return None

    def _government(self, country: str, regime: Actor | None) -> EventArgument:
        state = regime or self.countries.get(country)
        return _argument(state) if state is not None else EventArgument(None, country, "state")

    def _forces_for(self, country: str, regime: Actor | None, names: Sequence[str]) -> Actor | None:
        """State forces of ``regime`` whose name has one of ``names``, nearest first; else
        forces of the country that belong to none of its regimes."""
        regimes = {r.actor.name for r in self.regimes.get(country, ())}
        own = self.forces.get(country)
        ranked: list[tuple[int, int, Actor]] = []
        for fname, chain in self.chains.items():
            actor = self._forces_by_name[fname]
            if not any(n in fname.lower() for n in names):
                continue
            if regime is not None and regime.name in chain:
                ranked.append((0, chain.index(regime.name), actor))
            elif actor.country == country and not regimes & set(chain):
                ranked.append((1, 0 if actor == own else len(chain) + 1, actor))
        return min(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None

    def country_of(self, text: str) -> str | None:
        """The country a demonym, a state's name or its leader's name refers to ("Afghan",
        "Pakistan", "Trump")."""
        aid = self.registry.demonym(text)
        if aid is None:
            match = self.registry.lookup(text, fuzzy=False)
            aid = match.actor_id if match is not None else None
        if aid is None or aid not in self.registry:
            return None
        actor = self.registry.actor(aid)
        if actor.kind == "person":  # "the Trump administration": the state he leads
            led = (a.target for a in actor.affiliations if a.relation == "leader_of")
            state = next((self.countries[t] for t in led if t in self.countries), None)
            return state.name if state is not None else None
        return (actor.country or actor.name) if actor.kind == "state" else None

    def demonym(self, word: str) -> EventArgument | None:
        """The state a demonym names ("American" -> United States), else None."""
        aid = self.registry.demonym(word)
        if aid is None or aid not in self.registry:
            return None
        actor = self.registry.actor(aid)
        return _argument(actor) if actor.kind == "state" else None

    # --- the text side ---------------------------------------------------------------
    def phrase(
        self, doc: Doc, head: Token, scene: Scene, countries: Mapping[int, str]
    ) -> tuple[EventArgument, ...]:
        """The actors a generic phrase headed by ``head`` refers to (empty: not generic).

        ``countries`` maps token ids of the sentence to the country a name there denotes
        (place mentions of countries, mentions of states), for "the government of X".
        """
        role = self.lexicon.role_of(head)
        if role is None:
            return ()
        named = self._named_countries(doc, head, countries)
        if named is None:
            return ()
        if not named and not self._stands_alone(head):
            return ()
        targets = named or ([scene.country] if scene.country else [])
        found = (self.organ(c, role, scene.date) for c in dict.fromkeys(targets))
        return tuple(a for a in found if a is not None)

    def _named_countries(
        self, doc: Doc, head: Token, countries: Mapping[int, str]
    ) -> list[str] | None:
        """Countries the phrase names by a demonym, a possessive or "of X"; None when it
        names another actor ("Taliban forces", "North Korean forces", "Massoud's forces")."""
        found: list[str] = []
        for child in head.children:
            if child.dep_ == "poss":
                country = countries.get(child.i) or self.country_of(child.text)
                if country is None:
                    return None
                found.append(country)
            elif child.dep_ == "prep" and child.lower_ == "of":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                for obj in (o for g in objects for o in (g, *g.conjuncts)):
                    country = countries.get(obj.i) or self.country_of(obj.text)
                    if country is None:
                        return None
                    found.append(country)
            elif child.dep_ in _MODIFIER_DEPS and child.i < head.i:
                word = child.lower_
                if word in self.lexicon.modifiers or word in self.lexicon.ignore:
                    continue
                if word in SIDES:
                    return None  # "a rebel army", "coalition forces": a side, not a state's
                if child.ent_type_ in _TIME_ENTS:
                    continue  # "On 14 July 2015 pro-government forces": a date, not an owner
                country = countries.get(child.i) or self.country_of(child.text)
                if country is not None:
                    found.append(country)  # and "Norwegian" of "Danish and Norwegian"
                    more = (countries.get(c.i) or self.country_of(c.text) for c in child.conjuncts)
                    found.extend(c for c in more if c is not None)
                elif child.text[:1].isupper() and (
                    child.pos_ == "PROPN" or child.ent_type_ in ("NORP", "ORG", "GPE")
                ):
                    return None
        return found

    def _stands_alone(self, head: Token) -> bool:
        """Whether the head names a state organ without a country: "the police" alone, or
        with a state modifier ("government forces", "pro-government forces")."""
        words = {t.lower_ for t in head.subtree if t.i < head.i}
        if words & self.lexicon.modifiers or any("government" in w for w in words):
            return True
        return head.lower_ in self.lexicon.bare

    def refine(
        self, arg: EventArgument, head: Token, scene: Scene, *, written: str
    ) -> EventArgument:
        """A named country-wide actor made precise by the date.

        "the Afghan government" resolves to the state Afghanistan; on a date the
        registry knows its regime ("Islamic Republic of Afghanistan"). "Afghan soldiers"
        resolve to the country's armed forces; when the regime of the date has its own
        army they are that army. An actor ``written`` under its own name is kept.
        """
        role = self.lexicon.role_of(head)
        if role is None or arg.id is None or arg.id not in self.registry:
            return arg
        if written.lower().removeprefix("the ").strip() == arg.name.lower():
            return arg
        actor = self.registry.actor(arg.id)
        country = actor.country or actor.name
        if (
            actor.kind == "state"
            and actor.name in self.countries
            and not self.lexicon.roles[role].names
        ):
            regime = self.regime(actor.name, scene.date)
            return _argument(regime) if regime is not None else arg
        if actor.kind == "state_forces" and self.forces.get(country) == actor:
            regime = self.regime(country, scene.date)
            better = self._regime_forces(regime, role)
            return _argument(better) if better is not None else arg
        return arg

    def _regime_forces(self, regime: Actor | None, role: str) -> Actor | None:
        """The forces of ``regime`` playing ``role`` (or its fallbacks), if any."""
        name: str | None = role
        seen: set[str] = set()
        while regime is not None and name is not None and name not in seen:
            seen.add(name)
            spec = self.lexicon.roles.get(name)
            if spec is None or not spec.names:
                return None
            ranked = [
                (chain.index(regime.name), self._forces_by_name[f])
                for f, chain in self.chains.items()
                if regime.name in chain and any(n in f.lower() for n in spec.names)
            ]
            if ranked:
                return min(ranked, key=lambda r: r[0])[1]
            name = spec.fallback
        return None


def _argument(actor: Actor) -> EventArgument:
    return EventArgument(actor.id, actor.name, actor.kind)


def narrative_countries(
    sections: Sequence[Section],
    mentions: Iterable[EntityMention],
    homes: Mapping[str, str],
) -> tuple[dict[int, str], str | None]:
    """The country each section is about (by section index) and the one the whole text
    is about: the country its places lie in and its actors belong to most often (a
    section stays about the text's country while it names it at least half as often as
    its own most named one). ``homes`` maps entity ids to their country.

    A section without such mentions takes the country of the nearest section above it.
    """
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    for m in mentions:
        home = homes.get(m.entity_id or "")
        if not home:
            continue
        overall[home] += 1
        for s in sections:
            if s.start <= m.start < s.end:
                counts[s.index][home] += 1
    by_index = {s.index: s for s in sections}
    main = overall.most_common(1)[0][0] if overall else None
    out: dict[int, str] = {}
    for s in sections:
        section: Section | None = s
        while section is not None and not counts[section.index]:
            section = by_index.get(section.parent) if section.parent is not None else None
        if section is not None:
            out[s.index] = _section_country(counts[section.index], main)
    return out, main


def _section_country(counts: Counter[str], main: str | None) -> str:
    """The country a section is about: its own most named, unless the document's country
    is named there nearly as often ("talks in Arusha, Tanzania" in a section on Rwanda)."""
    top, n = counts.most_common(1)[0]
    if main is not None and top != main and n <= 2 * counts.get(main, 0):
        return main
    return top
