"""Role words by event type, read from ``data/events/arguments.yaml``.

Which prepositions name the partners and the opponents of each event type, which verbs
found, receive, lead, hold, kill, retake or judge, which event types take a country,
unarmed victims or a foreign state's enemy as target: words of general English that
:mod:`~conflict_atlas.events.arguments`, :mod:`~conflict_atlas.events.participants` and
:mod:`~conflict_atlas.events.inference` read. Nothing in the file is specific to one
conflict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any

import yaml

from conflict_atlas.events.ontology import LexiconError

_BY_TYPE = frozenset({"partners", "opponents"})


@dataclass(frozen=True, slots=True)
class Roles:
    """Role words by event type (each field is a key of ``data/events/arguments.yaml``,
    documented there)."""

    partners: Mapping[str, tuple[str, ...]]
    opponents: Mapping[str, tuple[str, ...]]
    founding: frozenset[str]
    leading: frozenset[str]
    receiving: frozenset[str]
    assistance: frozenset[str]
    country_targets: frozenset[str]
    demonym_is_place: frozenset[str]
    opposing: frozenset[str]
    intransitive: frozenset[str]
    possession: frozenset[str]
    fronts: frozenset[str]
    retaking: frozenset[str]
    civilian_targets: frozenset[str]
    killing: frozenset[str]
    holding: frozenset[str]
    judging: frozenset[str]
    foreign_targets: frozenset[str]


@cache
def load_roles() -> Roles:
    """The bundled role words, read once."""
    try:
        text = resources.files("conflict_atlas.data").joinpath("events", "arguments.yaml")
        data = yaml.safe_load(text.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot read data/events/arguments.yaml: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError("data/events/arguments.yaml must be a mapping")
    values: dict[str, Any] = {
        f.name: _by_type(data.get(f.name)) if f.name in _BY_TYPE else _words(data.get(f.name))
        for f in fields(Roles)
    }
    return Roles(**values)


def _words(value: Any) -> frozenset[str]:
    return frozenset(str(w).lower() for w in value or ())


def _by_type(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        return {}
    return {str(k): tuple(str(w).lower() for w in v or ()) for k, v in value.items()}
