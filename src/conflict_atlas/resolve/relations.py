"""The actor network: dated, sourced relations between actors.

Three origins feed it, merged by :func:`merge_relations`:

- **text**: :class:`RelationExtractor` finds relations sentences state between two
  resolved actor mentions ("X, the leader of Y", "X joined Y", "X backed Y"), with the
  templates of ``data/relations/patterns.yaml``;
- **events**: :func:`relations_from_events` derives ``fought`` from battles, attacks and
  the other violent event types, and ``supported`` from aid events;
- **registry**: :func:`relations_from_registry` turns the dated affiliations of the
  actor registry into relations between actors the corpus mentions.

Kinds, directions and dating are described in ``docs/network.md``.

Example:
    >>> extractor = RelationExtractor()                                  # doctest: +SKIP
    >>> text = [extractor(a.result, actors=a.actors) for a in analyses]  # doctest: +SKIP
    >>> network = merge_relations(
    ...     [*text, relations_from_events(events), relations_from_registry(actors)]
    ... )                                                                # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from conflict_atlas.models import Relation
from conflict_atlas.resolve.relations_graph import (
    KINDS,
    SYMMETRIC,
    canonical,
    make_relation,
    merge_relations,
    relations_from_events,
    relations_from_registry,
)
from conflict_atlas.resolve.relations_patterns import RelationPatternError, load_patterns
from conflict_atlas.resolve.relations_text import RelationExtractor

__all__ = [
    "KINDS",
    "SYMMETRIC",
    "RelationExtractor",
    "RelationPatternError",
    "canonical",
    "load_patterns",
    "make_relation",
    "merge_relations",
    "relation_to_json",
    "relations_from_events",
    "relations_from_registry",
]


def relation_to_json(relation: Relation) -> dict[str, Any]:
    """The JSON record of a relation (``conflict-atlas actors --network --format jsonl``).

    Keys: id, source {id, name}, kind, target {id, name}, start, end, origin, weight,
    evidence [{doc, start, end, text}].
    """
    return {
        "id": relation.id,
        "source": {"id": relation.source_id, "name": relation.source},
        "kind": relation.kind,
        "target": {"id": relation.target_id, "name": relation.target},
        "start": relation.start,
        "end": relation.end,
        "origin": relation.origin,
        "weight": relation.weight,
        "evidence": [
            {"doc": e.doc, "start": e.start, "end": e.end, "text": e.text}
            for e in relation.evidence
        ],
    }
