"""The actor network as GraphML and GEXF (via networkx), ready for Gephi.

Nodes are actors (label, kind, country, how many events they take part in, and the first
and last day of those events); edges are relations (``Atlas.relations()`` dicts: leader_of,
member_of, part_of, allied_with, fought, supported, split_from, succeeded), one edge per
relation, so two actors may be joined by several edges of different kinds. Attributes
holding None are left out: neither format has a null value.

GEXF edges also carry ``start``/``end`` as full dates (the first day of ``start``, the
last day of ``end``), which makes the graph dynamic: Gephi's timeline then shows each
relation only while it holds. An open end (null) leaves the edge open that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from conflict_atlas.export.common import Record, event_interval, first_day, last_day, span_ref


@dataclass(frozen=True, slots=True)
class Involvement:
    """How often an actor takes part in the exported events, and when."""

    events: int
    first: date | None
    last: date | None


def involvement(events: Iterable[Record]) -> dict[str, Involvement]:
    """Per actor id: the number of events it is an actor or target in, first and last day."""
    seen: dict[str, Involvement] = {}
    for event in events:
        interval = event_interval(event)
        ids = {a["id"] for a in (*event["actors"], *event["targets"]) if a.get("id")}
        for actor in ids:
            old = seen.get(actor, Involvement(0, None, None))
            first, last = old.first, old.last
            if interval is not None:
                first = min(first or interval.first, interval.first)
                last = max(last or interval.last, interval.last)
            seen[actor] = Involvement(old.events + 1, first, last)
    return seen


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _node_data(actor: Record, stats: Involvement | None) -> dict[str, Any]:
    return _clean(
        {
            "label": actor["name"],
            "kind": actor.get("kind"),
            "country": actor.get("country"),
            "mentions": actor.get("mentions"),
            "events": stats.events if stats else 0,
            "first_event": stats.first.isoformat() if stats and stats.first else None,
            "last_event": stats.last.isoformat() if stats and stats.last else None,
        }
    )


def _edge_data(relation: Record) -> dict[str, Any]:
    evidence = relation.get("evidence") or []
    return _clean(
        {
            "label": relation["kind"],
            "kind": relation["kind"],
            "origin": relation.get("origin"),
            "weight": relation.get("weight", 1),
            "date_start": relation.get("start"),
            "date_end": relation.get("end"),
            "evidence": len(evidence),
            "source": span_ref(evidence[0]) if evidence else None,
            "source_text": evidence[0]["text"] if evidence else None,
        }
    )


def overlaps(relation: Record, date_from: str | None, date_to: str | None) -> bool:
    """Whether a relation's dates overlap the range (undated ends are open)."""
    start, end = first_day(relation.get("start")), last_day(relation.get("end"))
    low, high = first_day(date_from), last_day(date_to)
    after_from = low is None or end is None or end >= low
    before_to = high is None or start is None or start <= high
    return after_from and before_to


def actor_network(
    actors: Sequence[Record],
    relations: Sequence[Record],
    events: Sequence[Record] = (),
    *,
    only_event_actors: bool = False,
) -> nx.MultiDiGraph:
    """The directed actor multigraph: actors in an event or a relation, relations as edges.

    With ``only_event_actors`` the nodes are the actors of ``events`` only, and a relation
    is kept when both its ends are among them (an export filtered by event options).
    """
    stats = involvement(events)
    by_id = {str(a["id"]): a for a in actors}
    ends = {str(r[side]["id"]): r[side] for r in relations for side in ("source", "target")}
    wanted = set(stats) if only_event_actors else set(stats) | set(ends)
    graph = nx.MultiDiGraph(name="Conflict Atlas actor network")
    for actor_id in sorted(wanted):
        actor = by_id.get(actor_id) or ends.get(actor_id)
        if actor is not None:
            graph.add_node(actor_id, **_node_data(actor, stats.get(actor_id)))
    for relation in relations:
        source, target = str(relation["source"]["id"]), str(relation["target"]["id"])
        if source in graph and target in graph:
            graph.add_edge(source, target, key=str(relation["id"]), **_edge_data(relation))
    return graph


def dynamic(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose edges carry GEXF ``start``/``end`` full dates and ids."""
    timed = graph.copy()
    for _, _, key, data in timed.edges(keys=True, data=True):
        data.update(
            _clean(
                {
                    "id": key,
                    "start": _iso(first_day(data.get("date_start"))),
                    "end": _iso(last_day(data.get("date_end"))),
                }
            )
        )
    return timed


def write_graphml(path: Path, graph: nx.MultiDiGraph) -> int:
    """Write ``graph`` as GraphML (edge ids are relation ids); returns the edge count."""
    nx.write_graphml(graph, path, encoding="utf-8", prettyprint=True)
    return int(graph.number_of_edges())


def write_gexf(path: Path, graph: nx.MultiDiGraph) -> int:
    """Write ``graph`` as dynamic GEXF 1.2 for Gephi; returns the edge count."""
    nx.write_gexf(dynamic(graph), path, encoding="utf-8", prettyprint=True)
    return int(graph.number_of_edges())
