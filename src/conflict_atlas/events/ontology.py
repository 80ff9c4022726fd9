"""The event ontology and trigger lexicon, loaded from data files a user can extend.

``load_lexicon(paths)`` reads the bundled ``data/events/triggers.yaml`` and then each
extra YAML file in ``paths`` (later entries override earlier ones). ``load_ontology()``
reads ``data/events/ontology.yaml``: per type the ACLED event_type/sub_event_type and
the PLOVER type, and the rule for the UCDP type_of_violence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from conflict_atlas.errors import AtlasError
from conflict_atlas.models import EventArgument

EVENT_TYPES: tuple[str, ...] = (
    "coup",
    "invasion",
    "battle",
    "attack",
    "massacre",
    "assassination",
    "capture",
    "withdrawal",
    "surrender",
    "defection",
    "agreement",
    "negotiation",
    "government_change",
    "declaration",
    "election",
    "protest",
    "aid",
    "displacement",
    "other",
)


class LexiconError(AtlasError):
    """An event lexicon or ontology file is malformed."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One trigger word: its event type and the child words it needs (if any).

    ``retype`` gives another type when a particular needed word is found ("formed a
    government" is a government change, "formed a coalition" an agreement).
    """

    type: str
    needs: frozenset[str] = frozenset()
    retype: Mapping[str, str] = field(default_factory=dict)

    def type_for(self, word: str | None) -> str:
        """The event type when ``word`` is the needed word found (None: none needed)."""
        return self.retype.get(word or "", self.type)


@dataclass(frozen=True, slots=True)
class NamePattern:
    pattern: re.Pattern[str]
    type: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Verbal, nominal and named triggers plus the cue words of the filters."""

    verbs: Mapping[str, Entry]
    nouns: Mapping[str, Entry]
    names: tuple[NamePattern, ...]
    filters: Mapping[str, frozenset[str]]
    objects_not_events: frozenset[str] = frozenset()
    thresholds: Mapping[str, float] = field(default_factory=dict)
    irregular: Mapping[str, str] = field(default_factory=dict)

    def cues(self, name: str) -> frozenset[str]:
        """The cue words of filter ``name`` (empty when the lexicon has none)."""
        return self.filters.get(name, frozenset())

    def threshold(self, name: str, default: float) -> float:
        """The number ``name`` of the lexicon's ``thresholds`` section, else ``default``."""
        return self.thresholds.get(name, default)


@dataclass(frozen=True, slots=True)
class TypeInfo:
    acled: tuple[str, str]
    plover: str
    violent: bool = False
    one_sided: bool = False
    state_acled: tuple[str, str] | None = None
    civilian_acled: tuple[str, str] | None = None
    verb: str = ""  # past tense for summaries of events without a verb ("captured")


@dataclass(frozen=True, slots=True)
class Ontology:
    """Type mappings to ACLED/PLOVER/UCDP."""

    types: Mapping[str, TypeInfo]
    acled_by_trigger: Mapping[str, tuple[str, str]]
    state_kinds: frozenset[str] = field(default_factory=frozenset)
    organised_kinds: frozenset[str] = field(default_factory=frozenset)
    civilian_kinds: frozenset[str] = field(default_factory=frozenset)

    def info(self, event_type: str) -> TypeInfo:
        return self.types.get(event_type) or self.types["other"]

    def acled(
        self,
        event_type: str,
        trigger: str,
        actors: Sequence[EventArgument],
        targets: Sequence[EventArgument] = (),
    ) -> tuple[str, str]:
        """ACLED (event_type, sub_event_type) for an event of ``event_type``.

        ``trigger`` is the trigger's lemma. A state actor selects ``state_acled``, targets
        that are all civilians select ``civilian_acled``, then the trigger refines attacks
        and battles (``acled_by_trigger``), else the type's default.
        """
        info = self.info(event_type)
        if info.state_acled and any(a.kind in self.state_kinds for a in actors):
            return info.state_acled
        kinds = {t.kind for t in targets}
        if info.civilian_acled and kinds and kinds <= self.civilian_kinds:
            return info.civilian_acled
        if event_type in ("attack", "battle") and trigger.lower() in self.acled_by_trigger:
            return self.acled_by_trigger[trigger.lower()]
        return info.acled

    def ucdp_type(
        self, event_type: str, actors: Sequence[EventArgument], targets: Sequence[EventArgument]
    ) -> int | None:
        """UCDP type_of_violence: 1 state-based, 2 non-state, 3 one-sided.

        None when the type is not violent or when no side is known to be an organised
        actor (a state, its forces, an armed group...): GED codes no event without one.
        """
        info = self.info(event_type)
        if not info.violent:
            return None
        kinds = {a.kind for a in actors}
        target_kinds = {t.kind for t in targets}
        if not (kinds | target_kinds) & self.organised_kinds:
            return None  # no side is known to be an organised actor: UCDP would not code it
        civilian_target = bool(target_kinds) and target_kinds <= self.civilian_kinds
        if info.one_sided or (civilian_target and kinds & self.organised_kinds):
            return 3
        if (kinds | target_kinds) & self.state_kinds:
            return 1
        if kinds & self.organised_kinds and target_kinds & self.organised_kinds:
            return 2
        return 1


def _read_yaml(path: Path | None, name: str) -> dict[str, Any]:
    try:
        if path is None:
            text = (
                resources.files("conflict_atlas.data").joinpath("events", name).read_text("utf-8")
            )
        else:
            text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot read event lexicon {path or name}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"event lexicon {path or name} must be a mapping")
    return data


def _entry(value: Any, where: str) -> Entry:
    if isinstance(value, str):
        value = {"type": value}
    if not isinstance(value, dict) or value.get("type") not in EVENT_TYPES:
        raise LexiconError(f"{where}: unknown event type in {value!r}")
    needs = value.get("needs") or ()
    retype: dict[str, str] = {}
    if isinstance(needs, dict):  # {word: type, ...}; a null type keeps the entry's type
        retype = {str(w).lower(): str(t) for w, t in needs.items() if t}
        if any(t not in EVENT_TYPES for t in retype.values()):
            raise LexiconError(f"{where}: unknown event type in {needs!r}")
    objects = value.get("objects") or {}
    if not isinstance(objects, dict) or any(t not in EVENT_TYPES for t in objects.values()):
        raise LexiconError(f"{where}: objects must map words to event types")
    retype |= {str(w).lower(): str(t) for w, t in objects.items()}
    return Entry(value["type"], frozenset(str(w).lower() for w in needs), retype)


def _merge_lexicon(data: Iterable[dict[str, Any]]) -> Lexicon:
    verbs: dict[str, Entry] = {}
    nouns: dict[str, Entry] = {}
    names: list[NamePattern] = []
    filters: dict[str, frozenset[str]] = {}
    stop: set[str] = set()
    thresholds: dict[str, float] = {}
    irregular: dict[str, str] = {}
    for part in data:
        verbs.update(
            {k.lower(): _entry(v, f"verb {k}") for k, v in (part.get("verbs") or {}).items()}
        )
        nouns.update(
            {k.lower(): _entry(v, f"noun {k}") for k, v in (part.get("nouns") or {}).items()}
        )
        for item in part.get("names") or ():
            names.append(NamePattern(re.compile(item["pattern"]), _entry(item, "name").type))
        for key, words in (part.get("filters") or {}).items():
            filters[key] = filters.get(key, frozenset()) | {str(w).lower() for w in words}
        stop.update(str(w).lower() for w in part.get("objects_not_events") or ())
        for key, value in (part.get("thresholds") or {}).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise LexiconError(f"thresholds.{key}: expected a number, got {value!r}")
            thresholds[key] = float(value)
        irregular.update(
            {str(k).lower(): str(v).lower() for k, v in (part.get("irregular") or {}).items()}
        )
    return Lexicon(verbs, nouns, tuple(names), filters, frozenset(stop), thresholds, irregular)


def load_lexicon(paths: Sequence[str | Path] = ()) -> Lexicon:
    """The bundled trigger lexicon extended by the YAML files in ``paths``."""
    return _load_lexicon(tuple(str(p) for p in paths))


@lru_cache(maxsize=8)
def _load_lexicon(paths: tuple[str, ...]) -> Lexicon:
    parts = [_read_yaml(None, "triggers.yaml"), *(_read_yaml(Path(p), p) for p in paths)]
    return _merge_lexicon(parts)


def _pair(value: Any) -> tuple[str, str]:
    return (str(value[0]), str(value[1]))


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The bundled type mappings (ACLED, PLOVER, UCDP rule)."""
    data = _read_yaml(None, "ontology.yaml")
    types = {
        name: TypeInfo(
            acled=_pair(v["acled"]),
            plover=str(v["plover"]),
            violent=bool(v.get("violent", False)),
            one_sided=bool(v.get("one_sided", False)),
            state_acled=_pair(v["state_acled"]) if v.get("state_acled") else None,
            civilian_acled=_pair(v["civilian_acled"]) if v.get("civilian_acled") else None,
            verb=str(v.get("verb", "")),
        )
        for name, v in data["types"].items()
    }
    ucdp = data.get("ucdp") or {}
    return Ontology(
        types=types,
        acled_by_trigger={k: _pair(v) for k, v in (data.get("acled_by_trigger") or {}).items()},
        state_kinds=frozenset(ucdp.get("state_kinds", ())),
        organised_kinds=frozenset(ucdp.get("organised_kinds", ())),
        civilian_kinds=frozenset(ucdp.get("civilian_kinds", ())),
    )
