"""The actor registry: actors of a conflict as YAML data, and an index of their names.

Every ``*.yaml`` file of ``conflict_atlas/data/actors/`` is loaded (files whose name
starts with ``_`` are not registries), plus any file or directory a user passes; see
``data/actors/SCHEMA.md`` for the format. Lookups go from exact alias, to the
normalized key, to the vowel-blind skeleton, to fuzzy matching (rapidfuzz).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from conflict_atlas.errors import AtlasError
from conflict_atlas.models import Actor, Affiliation, actor_id
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
class RegistryEntry:
    """An actor plus the registry-only hints used while resolving."""

    actor: Actor
    demonyms: tuple[str, ...] = ()
    forces: str | None = None
    prominence: int = 0


@dataclass(frozen=True, slots=True)
class Match:
    """A registry lookup result: the actor id, how it was found and how sure."""

    actor_id: str
    method: str
    score: float = 1.0


def default_registry_dir() -> Path:
    """The directory of the registries shipped with the package."""
    return Path(str(resources.files("conflict_atlas") / "data" / "actors"))


def _entry(raw: Mapping[str, Any], where: str) -> RegistryEntry:
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
    )


def read_registry_file(path: Path) -> list[RegistryEntry]:
    """Parse one registry YAML file."""
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read actor registry ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise RegistryError(f"{path}: expected a mapping with an 'actors' list")
    return [_entry(raw, f"{path} actor #{i}") for i, raw in enumerate(data["actors"])]


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

    Example:
        >>> registry = ActorRegistry.load()
        >>> registry.lookup("Hizb-i Islami Gulbuddin").method
        'normalized'
    """

    def __init__(self, entries: Iterable[RegistryEntry] = ()) -> None:
        self.entries: dict[str, RegistryEntry] = {}
        for entry in entries:
            self._add(entry)
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
        self.entries[actor.id] = RegistryEntry(
            actor,
            tuple(dict.fromkeys(old.demonyms + entry.demonyms)),
            old.forces or entry.forces,
            max(old.prominence, entry.prominence),
        )

    def _build_indexes(self) -> None:
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, set[str]] = defaultdict(set)
        self.skeletons: dict[str, set[str]] = defaultdict(set)
        self.surnames: dict[str, set[str]] = defaultdict(set)
        self.demonyms: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
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

    def _pick(self, ids: set[str], method: str, score: float = 1.0) -> Match | None:
        if len(ids) == 1:
            return Match(next(iter(ids)), method, score)
        return None

    def lookup(self, text: str, *, fuzzy: bool = True) -> Match | None:
        """Resolve a name to one actor, or None when unknown or ambiguous."""
        if found := self._pick(self.exact.get(text, set()), "exact"):
            return found
        key = name_key(text)
        if not key:
            return None
        if found := self._pick(self.keys.get(key, set()), "normalized"):
            return found
        skel = skeleton(text)
        if _skeleton_ok(skel) and (
            found := self._pick(self.skeletons.get(skel, set()), "normalized", 0.95)
        ):
            return found
        return self._fuzzy(key) if fuzzy else None

    def _fuzzy(self, key: str) -> Match | None:
        if len(key) < _MIN_FUZZY_LEN or not self._fuzzy_keys:
            return None
        best = process.extractOne(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
        )
        if best is None:
            return None
        return self._pick(self.keys[best[0]], "fuzzy", round(best[1] / 100, 3))

    def surname(self, word: str) -> set[str]:
        """Ids of registry persons whose name ends with ``word``."""
        return set(self.surnames.get(name_key(word), set()))

    def demonym(self, word: str) -> str | None:
        """The id of the state whose demonym ``word`` is ("Soviet", "Pakistanis")."""
        return self.demonyms.get(name_key(word))

    def leader_targets(self, aid: str) -> list[str]:
        """Ids of the actors ``aid`` leads, then those it belongs to, in registry order."""
        affs = self.entries[aid].actor.affiliations
        ordered = [a for a in affs if a.relation == "leader_of"]
        ordered += [a for a in affs if a.relation == "member_of"]
        return [self.by_name[a.target] for a in ordered if a.target in self.by_name]
