"""The actor registry: actors of a conflict as YAML data, and an index of their names.

Every ``*.yaml`` file of ``conflict_atlas/data/actors/`` is loaded (files whose name
starts with ``_`` are not registries), plus any file or directory a user passes; see
``data/actors/SCHEMA.md`` for the format. Lookups go from exact alias, to the
normalized key, to the vowel-blind skeleton, to fuzzy matching (rapidfuzz).

A registry file (or one of its entries) may say which countries and period it belongs
to (a :class:`Scope`); given the :class:`~conflict_atlas.models.Setting` of a document,
lookups only return actors under a name whose scope fits that document, so the Afghan
registry does not claim another war's "mujahedin" or "Saleh". Every state of the world
list has armed forces: a state whose entries name no ``forces`` gets derived ones,
"<state> Armed Forces", part of the state.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from conflict_atlas.errors import AtlasError
from conflict_atlas.models import Actor, Affiliation, Setting, actor_id
from conflict_atlas.resolve.normalize import name_key, skeleton
from conflict_atlas.resolve.yaml_data import safe_load

KINDS = frozenset(
    {
        "state",
        "state_forces",
        "armed_group",
        "political_party",
        "militia",
        "person",
        "international_org",
        "civilian_group",
    }
)
FUZZY_THRESHOLD = 90.0
#: How many of a document's countries (most mentioned first) a scope is checked against.
SETTING_COUNTRIES = 3
#: The name of the forces derived for a state whose registry entries name none.
DERIVED_FORCES = "{state} Armed Forces"
_MIN_FUZZY_LEN = 8
_MIN_SKELETON_LEN = 5


def _skeleton_ok(skel: str) -> bool:
    """Vowel-blind keys are trusted only when every word keeps two consonants or more."""
    parts = skel.split()
    return (
        bool(parts)
        and all(len(p) >= 2 for p in parts)
        and len(skel.replace(" ", "")) >= _MIN_SKELETON_LEN
    )


class RegistryError(AtlasError):
    """A registry file is missing or does not follow data/actors/SCHEMA.md."""


@dataclass(frozen=True, slots=True)
class Scope:
    """Where and when registry names hold: countries (empty: any) and a span of years.

    A scope fits a document when one of the document's first ``SETTING_COUNTRIES``
    countries is among ``countries`` and its years overlap ``start``..``end``; what the
    setting does not tell (no setting, no countries, no years) never excludes.
    """

    countries: frozenset[str] = frozenset()
    start: int | None = None
    end: int | None = None

    @property
    def anywhere(self) -> bool:
        return not self.countries and self.start is None and self.end is None

    def fits(self, setting: Setting | None) -> bool:
        """Whether names of this scope apply to a document set as ``setting``."""
        if setting is None or self.anywhere:
            return True
        where = {name_key(c) for c in setting.countries[:SETTING_COUNTRIES]}
        if self.countries and where and not where & self.countries:
            return False
        first, last = setting.first_year, setting.last_year
        if self.end is not None and first is not None and first > self.end:
            return False
        return not (self.start is not None and last is not None and last < self.start)


ANYWHERE = Scope()


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """An actor plus the registry-only hints used while resolving."""

    actor: Actor
    demonyms: tuple[str, ...] = ()
    forces: str | None = None
    prominence: int = 0
    scope: Scope = ANYWHERE
    deployed: Scope | None = None  # peace operations: where and when they served


@dataclass(frozen=True, slots=True)
class Match:
    """A registry lookup result: the actor id, how it was found and how sure."""

    actor_id: str
    method: str
    score: float = 1.0


def default_registry_dir() -> Path:
    """The directory of the registries shipped with the package."""
    return Path(str(resources.files("conflict_atlas") / "data" / "actors"))


def _year(value: Any, where: str) -> int | None:
    if value is None:
        return None
    text = str(value)
    if not text[:4].isdigit():
        raise RegistryError(f"{where}: a period bound must be a year or null, not {value!r}")
    return int(text[:4])


def _scope(raw: Mapping[str, Any], where: str, default: Scope = ANYWHERE) -> Scope:
    """The scope ``raw`` declares (``countries``, ``period``), else ``default``.

    ``countries: any`` and ``period: any`` lift the file's scope for one entry.
    """
    countries, start, end = default.countries, default.start, default.end
    if "countries" in raw:
        value = raw["countries"]
        if value in (None, "any"):
            countries = frozenset()
        elif isinstance(value, list):
            countries = frozenset(name_key(str(c)) for c in value)
        else:
            raise RegistryError(f"{where}: 'countries' must be a list of names or 'any'")
    if "period" in raw:
        value = raw["period"]
        if value in (None, "any"):
            start = end = None
        elif isinstance(value, list) and len(value) == 2:
            start, end = _year(value[0], where), _year(value[1], where)
        else:
            raise RegistryError(f"{where}: 'period' must be [start, end] years or 'any'")
    return Scope(countries, start, end)


def _entry(raw: Mapping[str, Any], where: str, scope: Scope = ANYWHERE) -> RegistryEntry:
    name, kind = raw.get("name"), raw.get("kind")
    if not isinstance(name, str) or kind not in KINDS:
        raise RegistryError(f"{where}: each actor needs a name and a kind in {sorted(KINDS)}")
    affiliations = tuple(
        Affiliation(
            relation=str(a["relation"]),
            target=str(a["target"]),
            start=None if a.get("start") is None else str(a["start"]),
            end=None if a.get("end") is None else str(a["end"]),
        )
        for a in raw.get("affiliations") or ()
    )
    actor = Actor(
        id=actor_id(name, str(kind)),
        name=name,
        kind=str(kind),
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        country=raw.get("country"),
        affiliations=affiliations,
        source="registry",
    )
    return RegistryEntry(
        actor=actor,
        demonyms=tuple(str(d) for d in raw.get("demonyms") or ()),
        forces=raw.get("forces"),
        prominence=int(raw.get("prominence", 0)),
        scope=_scope(raw, where, scope),
        deployed=_deployed(raw.get("deployed"), where),
    )


def _deployed(raw: Any, where: str) -> Scope | None:
    """Where and when a peace operation served (``deployed: {countries, period}``)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw.get("countries"):
        raise RegistryError(f"{where}: 'deployed' needs a list of countries and a period")
    return _scope(raw, f"{where} deployed")


def read_registry_file(path: Path) -> list[RegistryEntry]:
    """Parse one registry YAML file."""
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read actor registry ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise RegistryError(f"{path}: expected a mapping with an 'actors' list")
    scope = _scope(data, str(path))
    return [_entry(raw, f"{path} actor #{i}", scope) for i, raw in enumerate(data["actors"])]


def registry_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories into their ``*.yaml`` files (sorted, ``_*`` skipped)."""
    files: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            files.extend(p for p in sorted(item.glob("*.y*ml")) if not p.name.startswith("_"))
        elif item.is_file():
            files.append(item)
        else:
            raise RegistryError(f"{item}: no such actor registry file or directory")
    return files


class ActorRegistry:
    """Actors by id, with indexes from every name form to actor ids.

    Lookups take the ``setting`` of the document at hand: a name only finds the actors
    whose registry entries giving that name are scoped to fit it (see :class:`Scope`);
    without a setting every name counts.

    Example:
        >>> registry = ActorRegistry.load()
        >>> registry.lookup("Hizb-i Islami Gulbuddin").method
        'normalized'
    """

    def __init__(self, entries: Iterable[RegistryEntry] = ()) -> None:
        self.entries: dict[str, RegistryEntry] = {}
        self._sources: dict[str, list[RegistryEntry]] = defaultdict(list)
        for entry in entries:
            self._add(entry)
        self.derived: dict[str, str] = {}
        self._derive_forces()
        self._build_indexes()

    @classmethod
    def load(
        cls, paths: Iterable[str | Path] = (), *, include_default: bool = True
    ) -> ActorRegistry:
        """Load the shipped registries (unless ``include_default`` is false) and ``paths``."""
        sources = [default_registry_dir(), *paths] if include_default else list(paths)
        entries = [e for f in registry_files(sources) for e in read_registry_file(f)]
        return cls(entries)

    def _add(self, entry: RegistryEntry) -> None:
        self._sources[entry.actor.id].append(entry)
        old = self.entries.get(entry.actor.id)
        if old is None:
            self.entries[entry.actor.id] = entry
            return
        aliases = tuple(dict.fromkeys(old.actor.aliases + entry.actor.aliases))
        affs = tuple(dict.fromkeys(old.actor.affiliations + entry.actor.affiliations))
        actor = Actor(
            id=old.actor.id,
            name=old.actor.name,
            kind=old.actor.kind,
            aliases=aliases,
            country=old.actor.country or entry.actor.country,
            affiliations=affs,
        )
        scope = ANYWHERE if ANYWHERE in (old.scope, entry.scope) else old.scope
        self.entries[actor.id] = RegistryEntry(
            actor,
            tuple(dict.fromkeys(old.demonyms + entry.demonyms)),
            old.forces or entry.forces,
            max(old.prominence, entry.prominence),
            scope,
            old.deployed or entry.deployed,
        )

    def _derive_forces(self) -> None:
        """Give every state of the world its armed forces: "<state> Armed Forces", part
        of the state, unless an entry of that name exists (``derived``: state id -> id
        of the forces made here)."""
        names = {e.actor.name for e in self.entries.values()}
        for entry in list(self.entries.values()):
            state = entry.actor
            if state.kind != "state" or state.country != state.name:
                continue
            name = DERIVED_FORCES.format(state=state.name)
            aid = actor_id(name, "state_forces")
            if name not in names:
                part_of = Affiliation("part_of", state.name, None, None)
                forces = Actor(aid, name, "state_forces", (), state.name, (part_of,))
                self._add(RegistryEntry(forces))
                self.derived[state.id] = aid
            if entry.forces is None:
                self.entries[state.id] = replace(self.entries[state.id], forces=name)

    def _build_indexes(self) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.skeletons: dict[str, set[str]] = defaultdict(set)
        self.surnames: dict[str, set[str]] = defaultdict(set)
        self.demonyms: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self._scopes: dict[tuple[str, str], set[Scope]] = defaultdict(set)
        for aid, entry in self.entries.items():
            self.by_name[entry.actor.name] = aid
            for form in self.names(aid):
                self.exact[form].add(aid)
                self.keys[name_key(form)].add(aid)
                if _skeleton_ok(skel := skeleton(form)):
                    self.skeletons[skel].add(aid)
                if entry.actor.kind == "person" and len(form.split()) > 1:
                    self.surnames[name_key(form).split()[-1]].add(aid)
            for demonym in entry.demonyms:
                self.demonyms[name_key(demonym)] = aid
        for aid, sources in self._sources.items():
            for source in sources:
                self._scopes[aid, ""].add(source.scope)
                for form in (source.actor.name, *source.actor.aliases, *source.demonyms):
                    self._scopes[aid, name_key(form)].add(source.scope)
                    self._scopes[aid, "~" + skeleton(form)].add(source.scope)
        self._fuzzy_keys = [k for k in self.keys if len(k) >= _MIN_FUZZY_LEN]

    def names(self, aid: str) -> tuple[str, ...]:
        """The canonical name and aliases of an actor."""
        actor = self.entries[aid].actor
        return (actor.name, *actor.aliases)

    def actor(self, aid: str) -> Actor:
        return self.entries[aid].actor

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, aid: object) -> bool:
        return aid in self.entries

    @property
    def actors(self) -> list[Actor]:
        return [e.actor for e in self.entries.values()]

    def fingerprint(self) -> str:
        """A short hash of every name form, to tell registries apart."""
        forms = sorted(f"{aid}:{form}" for aid in self.entries for form in self.names(aid))
        return hashlib.sha256("\n".join(forms).encode()).hexdigest()[:10]

    def fits(self, aid: str, setting: Setting | None, form: str | None = None) -> bool:
        """Whether actor ``aid`` (under the name ``form``, by default any of its names) is
        known to the registry for a document set as ``setting``."""
        if setting is None or (form is not None and self._distinctive(aid, form)):
            return True
        key = "" if form is None else form if form.startswith("~") else name_key(form)
        scopes = self._scopes.get((aid, key)) or self._scopes.get((aid, ""), {ANYWHERE})
        return any(scope.fits(setting) for scope in scopes)

    def _distinctive(self, aid: str, form: str) -> bool:
        """A name of several words that is the actor's own (or a person's full name) means
        that actor in any text: only short or generic aliases are claimed by scope."""
        if form.startswith("~") or len(form.split()) < 2:
            return False
        actor = self.entries[aid].actor
        return name_key(form) == name_key(actor.name) or actor.kind == "person"

    def _pick(
        self,
        ids: set[str],
        method: str,
        score: float = 1.0,
        *,
        form: str = "",
        setting: Setting | None = None,
    ) -> Match | None:
        if setting is not None:
            ids = {aid for aid in ids if self.fits(aid, setting, form)}
        if len(ids) == 1:
            return Match(next(iter(ids)), method, score)
        return None

    def lookup(
        self, text: str, *, fuzzy: bool = True, setting: Setting | None = None
    ) -> Match | None:
        """Resolve a name to one actor, or None when unknown or ambiguous (for a document
        set as ``setting``: see :meth:`fits`)."""
        key = name_key(text)
        exact = self.exact.get(text, set())
        if found := self._pick(exact, "exact", form=key, setting=setting):
            return found
        if not key:
            return None
        if found := self._pick(self.keys.get(key, set()), "normalized", form=key, setting=setting):
            return found
        skel = skeleton(text)
        if _skeleton_ok(skel) and (
            found := self._pick(
                self.skeletons.get(skel, set()),
                "normalized",
                0.95,
                form="~" + skel,
                setting=setting,
            )
        ):
            return found
        return self._fuzzy(key, setting) if fuzzy else None

    def _fuzzy(self, key: str, setting: Setting | None = None) -> Match | None:
        if len(key) < _MIN_FUZZY_LEN or not self._fuzzy_keys:
            return None
        best = process.extractOne(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
        )
        if best is None:
            return None
        score = round(best[1] / 100, 3)
        return self._pick(self.keys[best[0]], "fuzzy", score, form=best[0], setting=setting)

    def surname(self, word: str, *, setting: Setting | None = None) -> set[str]:
        """Ids of registry persons whose name ends with ``word``."""
        ids = self.surnames.get(name_key(word), set())
        return {aid for aid in ids if self.fits(aid, setting)}

    def demonym(self, word: str, *, setting: Setting | None = None) -> str | None:
        """The id of the state whose demonym ``word`` is ("Soviet", "Pakistanis")."""
        aid = self.demonyms.get(name_key(word))
        return aid if aid is not None and self.fits(aid, setting, word) else None

    def forces_of(self, aid: str, *, setting: Setting | None = None) -> str | None:
        """The id of the armed forces of state ``aid``: those its entry names when they
        fit ``setting``, else the forces derived for it."""
        named = self.entries[aid].forces
        fid = self.by_name.get(named) if named else None
        if fid is not None and self.fits(fid, setting):
            return fid
        return self.derived.get(aid)

    def missions(self, setting: Setting | None, *, united_nations: bool = False) -> list[str]:
        """Ids of the peace operations that served where and when a document is set: the
        one serving when its story begins first, then the one that started soonest after,
        then the longest served in its years, then one serving its main country, then the
        one serving fewest countries (with ``united_nations``: UN ones only)."""
        if setting is None or not setting.countries:
            return []
        found = []
        for aid, entry in self.entries.items():
            deployed = entry.deployed
            if deployed is None or not deployed.fits(setting):
                continue
            if united_nations and not any(
                a.relation == "part_of" and a.target == "United Nations"
                for a in entry.actor.affiliations
            ):
                continue
            home = name_key(setting.countries[0]) not in deployed.countries
            rank = (_wait(deployed, setting), -_overlap(deployed, setting), home)
            found.append((*rank, len(deployed.countries), aid))
        return [aid for *_, aid in sorted(found)]

    def leader_targets(self, aid: str) -> list[str]:
        """Ids of the actors ``aid`` leads, then those it belongs to, in registry order."""
        affs = self.entries[aid].actor.affiliations
        ordered = [a for a in affs if a.relation == "leader_of"]
        ordered += [a for a in affs if a.relation == "member_of"]
        return [self.by_name[a.target] for a in ordered if a.target in self.by_name]


def _overlap(scope: Scope, setting: Setting) -> int:
    """How many of a document's years a scope covers (unknown years: 0)."""
    first, last = setting.first_year, setting.last_year
    if first is None or last is None:
        return 0
    start = max(first, scope.start if scope.start is not None else first)
    end = min(last, scope.end if scope.end is not None else last)
    return max(0, end - start + 1)


def _wait(scope: Scope, setting: Setting) -> int:
    """Years from the start of a document's story to the start of a scope (0: already)."""
    if setting.first_year is None or scope.start is None:
        return 0
    return max(0, scope.start - setting.first_year)
