"""Relations from events and from the actor registry, and merging relations into a network.

Direction: symmetric kinds (``fought``, ``allied_with``) are stored once, from the actor
whose name sorts first (case-folded; the id breaks ties) to the other, so the same pair
always has the same relation id. Time: ``start``/``end`` bound the period the sources
attest the relation, at the precision they give ("1994", "2021-08-15"); ``end`` is None
when a single date (or none) is known.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from conflict_atlas.events.merge import interval
from conflict_atlas.events.ontology import load_ontology
from conflict_atlas.models import Actor, Event, EventArgument, EventSource, Relation, relation_id
from conflict_atlas.resolve.relations_patterns import event_settings

KINDS = (
    "leader_of",
    "member_of",
    "part_of",
    "allied_with",
    "fought",
    "supported",
    "split_from",
    "succeeded",
)
SYMMETRIC = frozenset({"fought", "allied_with"})
ORIGINS = ("registry", "text", "events")

Endpoint = tuple[str, str]  # (actor id, name)
_NOT_TEXT = re.compile(r"\[[^\]]*\]|[^0-9a-z[]+|\[")


def make_relation(
    source: Endpoint,
    kind: str,
    target: Endpoint,
    *,
    start: str | None = None,
    end: str | None = None,
    origin: str,
    weight: int = 1,
    evidence: Sequence[EventSource] = (),
) -> Relation:
    """A relation with its stable id; symmetric kinds are put in canonical direction."""
    if kind in SYMMETRIC and _order(target) < _order(source):
        source, target = target, source
    return Relation(
        id=relation_id(source[0], kind, target[0]),
        source_id=source[0],
        source=source[1],
        kind=kind,
        target_id=target[0],
        target=target[1],
        start=start,
        end=end,
        origin=origin,
        weight=weight,
        evidence=tuple(evidence),
    )


def _order(end: Endpoint) -> tuple[str, str]:
    return (end[1].casefold(), end[0])


def canonical(relation: Relation) -> Relation:
    """``relation`` in canonical direction (symmetric kinds only), with its id recomputed."""
    return make_relation(
        (relation.source_id, relation.source),
        relation.kind,
        (relation.target_id, relation.target),
        start=relation.start,
        end=relation.end,
        origin=relation.origin,
        weight=relation.weight,
        evidence=relation.evidence,
    )


# --- time --------------------------------------------------------------------------------


def widen(spans: Iterable[tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The earliest and latest of several ``(start, end)`` dates, each kept as written.

    >>> widen([("1994", None), ("1996-05", None)])
    ('1994', '1996-05')
    >>> widen([("2001", None)])
    ('2001', None)
    """
    pairs = list(spans)
    points = [d for pair in pairs for d in pair if d]
    if not points:
        return None, None
    first = min(points, key=lambda d: (_bounds(d)[0], -len(d)))
    last = max(points, key=lambda d: (_bounds(d)[1], len(d)))
    explicit_end = any(end for _, end in pairs)
    if _bounds(last)[1] <= _bounds(first)[1] and not explicit_end:
        return first, None
    return first, last


def _bounds(iso: str) -> tuple[str, str]:
    bounds = interval(iso, None)
    return bounds if bounds is not None else (iso, iso)


# --- events ------------------------------------------------------------------------------


def relations_from_events(
    events: Sequence[Event], *, max_evidence: int | None = None
) -> list[Relation]:
    """``fought`` between the actors and targets of violent events, ``supported`` from aid.

    The event types come from the event ontology (``data/events/ontology.yaml``): fought
    from every type marked ``violent`` except one-sided violence (UCDP type 3, e.g. a
    massacre of civilians), supported (actor → target) from every type whose PLOVER code
    is AID. Dated from the first to the last event, ``weight`` is the number of events,
    and ``evidence`` keeps the first source of at most ``max_evidence`` events (default
    from the pattern file: 5): the earliest ones and the latest.
    """
    settings = event_settings()  # no template compiled: only the ``events`` section
    cap = settings.max_evidence if max_evidence is None else max_evidence
    groups: dict[tuple[str, str, str], dict[str, Event]] = defaultdict(dict)
    names: dict[str, str] = {}
    for event in events:
        kind = _event_kind(event)
        if kind is None:
            continue
        for source, target in _pairs(event, settings.skip_kinds):
            rel = make_relation(source, kind, target, origin="events")
            names.update({rel.source_id: rel.source, rel.target_id: rel.target})
            groups[(rel.source_id, kind, rel.target_id)][event.id] = event
    return [
        _from_events((s, names[s]), kind, (t, names[t]), list(found.values()), cap)
        for (s, kind, t), found in groups.items()
    ]


def _event_kind(event: Event) -> str | None:
    info = load_ontology().info(event.type)
    if info.violent and event.ucdp_type != 3:
        return "fought"
    if info.plover == "AID":
        return "supported"
    return None


def _pairs(event: Event, skip: frozenset[str]) -> Iterator[tuple[Endpoint, Endpoint]]:
    def usable(arg: EventArgument) -> bool:
        return arg.id is not None and arg.kind not in skip

    for actor in filter(usable, event.actors):
        for target in filter(usable, event.targets):
            if actor.id != target.id:
                yield (str(actor.id), actor.name), (str(target.id), target.name)


def _from_events(
    source: Endpoint, kind: str, target: Endpoint, events: list[Event], cap: int
) -> Relation:
    events.sort(key=_event_order)
    start, end = widen((e.date_start, e.date_end) for e in events)
    picked = events if len(events) <= cap else [*events[: max(cap - 1, 0)], events[-1]][:cap]
    evidence = [e.sources[0] for e in picked if e.sources]
    return make_relation(
        source,
        kind,
        target,
        start=start,
        end=end,
        origin="events",
        weight=len(events),
        evidence=evidence,
    )


def _event_order(event: Event) -> tuple[bool, str, str]:
    bounds = interval(event.date_start, event.date_end)
    return (bounds is None, bounds[0] if bounds else "", event.id)


# --- registry ----------------------------------------------------------------------------


def relations_from_registry(actors: Sequence[Actor]) -> list[Relation]:
    """The dated affiliations of ``actors`` whose target is also one of ``actors``.

    Pass the actors the corpus mentions: an affiliation to an actor no document names is
    left out, so the network only holds actors a reader can find in the text. Registry
    relations carry no evidence and ``weight`` 0 (no sentence or event behind them).
    """
    by_name: dict[str, Actor] = {}
    for actor in sorted(actors, key=lambda a: a.source != "registry"):
        by_name.setdefault(actor.name, actor)
    found = []
    for actor in actors:
        for aff in actor.affiliations:
            target = by_name.get(aff.target)
            if target is None or target.id == actor.id or aff.relation not in KINDS:
                continue
            found.append(
                make_relation(
                    (actor.id, actor.name),
                    aff.relation,
                    (target.id, target.name),
                    start=aff.start,
                    end=aff.end,
                    origin="registry",
                    weight=0,
                )
            )
    return merge_relations([found])


# --- merging -----------------------------------------------------------------------------


def merge_relations(groups: Iterable[Sequence[Relation]]) -> list[Relation]:
    """One relation per (source, kind, target): time widened, weights added, evidence united.

    ``origin`` becomes the origins involved, comma-separated in the order registry, text,
    events ("registry,text"). A sentence repeated word for word in another document (two
    revisions of an article) stays as evidence but adds nothing to ``weight``. Relations
    from an actor to itself are dropped. The result is sorted by kind, source, target.
    """
    by_id: dict[str, list[Relation]] = defaultdict(list)
    for relation in (canonical(r) for group in groups for r in group):
        if relation.source_id != relation.target_id:
            by_id[relation.id].append(relation)
    merged = [_combine(found) for found in by_id.values()]
    return sorted(merged, key=lambda r: (r.kind, r.source.casefold(), r.target.casefold(), r.id))


def _combine(relations: list[Relation]) -> Relation:
    first = relations[0]
    if len(relations) == 1:
        return first
    evidence, repeats = _evidence(relations)
    origins = {o for r in relations for o in r.origin.split(",")}
    start, end = widen((r.start, r.end) for r in relations)
    return replace(
        first,
        start=start,
        end=end,
        origin=",".join([o for o in ORIGINS if o in origins] + sorted(origins - set(ORIGINS))),
        weight=max(sum(r.weight for r in relations) - repeats, 0),
        evidence=tuple(sorted(evidence, key=lambda e: (e.doc, e.start, e.end))),
    )


def _evidence(relations: list[Relation]) -> tuple[list[EventSource], int]:
    """United evidence, and how many items repeat a statement of an earlier relation."""
    spans: set[tuple[str, int, int]] = set()
    texts: set[str] = set()
    united: list[EventSource] = []
    repeats = 0
    for relation in relations:
        own_spans, own_texts = set(), set()
        for item in relation.evidence:
            span, text = (item.doc, item.start, item.end), statement(item.text)
            if span in spans or text in texts:
                repeats += 1
            if span not in spans and span not in own_spans:
                united.append(item)
            own_spans.add(span)
            own_texts.add(text)
        spans |= own_spans
        texts |= own_texts
    return united, repeats


def statement(text: str) -> str:
    """``text`` reduced to its words, to tell the same sentence in two documents."""
    return _NOT_TEXT.sub("", text.lower())
