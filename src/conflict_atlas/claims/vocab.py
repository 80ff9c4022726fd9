"""The claims vocabulary: properties, subject cues, attribution and date rules as data.

The bundled file is ``data/claims/properties.yaml``; :func:`load_vocabulary` reads it (or
a user's copy) into frozen records that the extract and group stages share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from conflict_atlas.errors import InputError

#: Properties whose value is a date, besides the ``<event type>_date`` ones.
DATE_PROPERTIES = frozenset({"year_formed", "start_date", "end_date"})


@dataclass(frozen=True, slots=True)
class NumericProperty:
    """A measurable property and the evidence a number needs to be about it."""

    name: str
    counts: frozenset[str | None]
    cues: tuple[str, ...] = ()
    window: int | None = 6  # words before the number a cue may stand; None: whole sentence
    after: int = 3
    nouns: tuple[str, ...] = ()
    infobox: Mapping[str, str] = field(default_factory=dict)
    party_nouns: bool = True  # may a noun ("civilians") name the party counted?


@dataclass(frozen=True, slots=True)
class DateEventRule:
    """An event type whose date is a claim: the triggers that report it and its subject."""

    type: str
    triggers: tuple[str, ...]
    subject: str  # "place" or "target"
    repeatable: bool
    also: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything the claims stage knows about the language, loaded once."""

    numeric: tuple[NumericProperty, ...]
    not_a_total: tuple[str, ...]
    total_cues: tuple[str, ...]
    event_heads: tuple[str, ...]
    event_of_heads: tuple[str, ...]
    event_named_heads: tuple[str, ...]
    event_links: tuple[str, ...]
    anaphora: tuple[str, ...]
    party_nouns: Mapping[str, tuple[str, ...]]
    suffer_verbs: tuple[str, ...]
    inflict_on: tuple[str, ...]
    group_pronouns: tuple[str, ...]
    group_kinds: tuple[str, ...]
    side_fields: tuple[str, ...]
    according: tuple[str, ...]
    attribution_verbs: tuple[str, ...]
    attribution_labels: tuple[str, ...]
    name_stops: tuple[str, ...]
    cumulative: tuple[str, ...]
    elsewhere: tuple[str, ...]
    clause_openers: tuple[str, ...]
    calendar_words: tuple[str, ...]
    date_events: Mapping[str, DateEventRule]
    repeat_prefixes: tuple[str, ...]
    repeat_words: tuple[str, ...]
    hypothetical: tuple[str, ...]
    place_kinds_excluded: tuple[str, ...]
    container_before: tuple[str, ...]
    container_after: tuple[str, ...]
    formation_cues: tuple[str, ...]
    formation_nouns: tuple[str, ...]
    formation_kinds: tuple[str, ...]
    passive_markers: tuple[str, ...]
    formation_window: int
    infobox_start: tuple[str, ...]
    start_cues: tuple[str, ...]
    ongoing: tuple[str, ...]

    def is_date_property(self, name: str) -> bool:
        """True for properties whose values are dates (``capture_date``, ``year_formed``)."""
        return name in DATE_PROPERTIES or name.endswith("_date")

    def repeatable(self, name: str) -> bool:
        """True when the dated event can happen to one subject more than once."""
        rule = self.date_events.get(name.removesuffix("_date"))
        return rule is not None and rule.repeatable


def _words(values: Any) -> tuple[str, ...]:
    return tuple(str(v).lower() for v in values or ())


def _numeric(name: str, spec: Mapping[str, Any]) -> NumericProperty:
    window = spec.get("window", 6)
    return NumericProperty(
        name=name,
        counts=frozenset(None if c is None else str(c) for c in spec.get("counts", ())),
        cues=_words(spec.get("cues")),
        window=None if window == "sentence" else int(window),
        after=int(spec.get("after", 3)),
        nouns=_words(spec.get("nouns")),
        infobox={str(k).lower(): str(v) for k, v in (spec.get("infobox") or {}).items()},
        party_nouns=bool(spec.get("party_nouns", True)),
    )


def _date_rule(kind: str, spec: Mapping[str, Any]) -> DateEventRule:
    return DateEventRule(
        type=kind,
        triggers=_words(spec.get("triggers")),
        subject=str(spec.get("subject", "place")),
        repeatable=bool(spec.get("repeatable", True)),
        also={str(k): _words(v) for k, v in (spec.get("also") or {}).items()},
    )


def parse_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    """Build a :class:`Vocabulary` from the parsed YAML mapping."""
    subjects, attribution = data["subjects"], data["attribution"]
    times, dates = data["times"], data["dates"]
    return Vocabulary(
        numeric=tuple(_numeric(str(k), v) for k, v in data["numeric"].items()),
        not_a_total=_words(data.get("not_a_total")),
        total_cues=_words(subjects["total_cues"]),
        event_heads=_words(subjects["event_heads"]),
        event_of_heads=_words(subjects["event_of_heads"]),
        event_named_heads=_words(subjects.get("event_named_heads")),
        event_links=_words(subjects["event_links"]),
        anaphora=_words(subjects["anaphora"]),
        party_nouns={str(k): _words(v) for k, v in subjects["party_nouns"].items()},
        suffer_verbs=_words(subjects["suffer_verbs"]),
        inflict_on=_words(subjects["inflict_on"]),
        group_pronouns=_words(subjects["group_pronouns"]),
        group_kinds=_words(subjects["group_kinds"]),
        side_fields=_words(subjects["side_fields"]),
        according=_words(attribution["according"]),
        attribution_verbs=_words(attribution["verbs"]),
        attribution_labels=_words(attribution["labels"]),
        name_stops=_words(attribution["name_stops"]),
        cumulative=_words(times["cumulative"]),
        elsewhere=_words(times["elsewhere"]),
        clause_openers=_words(times["clause_openers"]),
        calendar_words=_words(times["calendar_words"]),
        date_events={str(k): _date_rule(str(k), v) for k, v in dates["events"].items()},
        repeat_prefixes=_words(dates["repeat_prefixes"]),
        repeat_words=_words(dates["repeat_words"]),
        hypothetical=_words(dates["hypothetical"]),
        place_kinds_excluded=_words(dates["place_kinds_excluded"]),
        container_before=_words(dates["container_before"]),
        container_after=_words(dates["container_after"]),
        formation_cues=_words(dates["formation_cues"]),
        formation_nouns=_words(dates["formation_nouns"]),
        formation_kinds=_words(dates["formation_kinds"]),
        passive_markers=_words(dates["passive_markers"]),
        formation_window=int(dates["formation_window"]),
        infobox_start=_words(dates["infobox_start"]),
        start_cues=_words(dates["start_cues"]),
        ongoing=_words(dates["ongoing"]),
    )


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Read the claims vocabulary from ``path`` (default: the bundled properties.yaml).

    A file that cannot be read or lacks a section raises :class:`InputError` naming it.
    """
    if path is None:
        return _bundled()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return parse_vocabulary(data)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise InputError(str(path), f"not a claims vocabulary: {error}") from error


@lru_cache(maxsize=1)
def _bundled() -> Vocabulary:
    source = resources.files("conflict_atlas.data").joinpath("claims/properties.yaml")
    return parse_vocabulary(yaml.safe_load(source.read_text(encoding="utf-8")))
