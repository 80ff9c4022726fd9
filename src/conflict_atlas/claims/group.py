"""Group claims about the same thing and rank the groups by how strongly they disagree.

Claims share a group when they have the same property, unit and subject (the subject's
entity id, or its spelling-tolerant name key) and refer to the same time:

- a subject that is an event or a document's conflict fixes its own period, so claims
  on it compare unless both state times that cannot be the same ("by 2014" and "1978-2013"
  can: running totals compare by their end, within one unit of the coarser precision);
- a subject that is only a party ("Taliban" deaths) compares only when both claims state
  the same time ("in May" vs "in May");
- dates of an event that can happen again to the same subject (a town captured twice)
  are one event only when they meet or are adjacent (9 and 10 July, 1974 and 1975).

Only groups of two or more claims are returned: a lone claim is not compared with
anything (it stays in the claim list). Strength 0 groups are corroboration.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from rapidfuzz import fuzz

from conflict_atlas.claims.text import fold, name_key
from conflict_atlas.claims.values import (
    Verdict,
    compare,
    date_gap,
    first_day,
    last_day,
    precision_of,
)
from conflict_atlas.claims.values import units_apart as _units
from conflict_atlas.claims.vocab import Vocabulary, load_vocabulary
from conflict_atlas.models import Claim, ClaimGroup, content_id

_RANK = {"day": 0, "month": 1, "year": 2}
_SAME_NAME = 92  # rapidfuzz ratio above which two spellings of a person's name are one


def group_claims(
    claims: Sequence[Claim], *, vocabulary: Vocabulary | None = None
) -> list[ClaimGroup]:
    """Groups of claims about the same subject and property, strongest contradiction first.

    >>> groups = group_claims(claims)                          # doctest: +SKIP
    >>> [g for g in groups if g.strength > 0][0].reason        # doctest: +SKIP
    '1,405,111–2,084,468 and 1,405,111–2,584,468 ...'
    """
    vocab = vocabulary or load_vocabulary()
    buckets: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in sorted(claims, key=_position):
        buckets.setdefault(_key(claim), []).append(claim)
    merged = _merge_spellings(buckets, vocab)
    groups = [
        _group(cluster)
        for members in merged
        for cluster in _clusters(members, vocab)
        if len(cluster) > 1
    ]
    return sorted(groups, key=lambda g: (-g.strength, g.property, g.subject, g.id))


def _position(claim: Claim) -> tuple[str, int, str]:
    return claim.source.doc, claim.source.start, claim.id


def subject_key(claim: Claim) -> str:
    """The subject as grouping sees it: the entity id, else the name key of the label."""
    return claim.subject_id or name_key(claim.subject)


def _key(claim: Claim) -> tuple[str, str, str]:
    return claim.property, claim.unit or "", subject_key(claim)


def _merge_spellings(
    buckets: dict[tuple[str, str, str], list[Claim]], vocab: Vocabulary
) -> list[list[Claim]]:
    """Join buckets of one person spelled two ways ("Minapal"/"Menapal")."""
    merged: list[list[Claim]] = []
    for key, members in buckets.items():
        target = next(
            (
                group
                for group in merged
                if _key(group[0])[:2] == key[:2]
                and _by_name(vocab, key[0])
                and fuzz.ratio(fold(group[0].subject), fold(members[0].subject)) >= _SAME_NAME
            ),
            None,
        )
        if target is None:
            merged.append(list(members))
        else:
            target.extend(members)
    return merged


def _by_name(vocab: Vocabulary, prop: str) -> bool:
    rule = vocab.date_events.get(prop.removesuffix("_date"))
    return rule is not None and rule.subject == "target"


def _clusters(members: list[Claim], vocab: Vocabulary) -> list[list[Claim]]:
    first = members[0]
    if vocab.is_date_property(first.property):
        if vocab.repeatable(first.property):
            return _occurrences(members)
        return [members]
    if first.subject_id is not None:
        timed: dict[str, list[Claim]] = {}
        for claim in members:
            if claim.time is not None:
                timed.setdefault(claim.time, []).append(claim)
        return list(timed.values())
    return _complete(members)


def _occurrences(members: list[Claim]) -> list[list[Claim]]:
    """Dates of a repeatable event split into occurrences, finest dates first.

    Every two dates of an occurrence meet or are adjacent. A coarse date ("2021") joins
    every occurrence it fits, so it is compared with each ("2021-08-15", "2021-08-10").
    """
    order = sorted(members, key=lambda c: (_RANK[precision_of(c.date_start or "")], _position(c)))
    clusters: list[list[Claim]] = []
    for claim in order:
        homes = [c for c in clusters if all(date_gap(claim, m) <= 1 for m in c)]
        if not homes:
            clusters.append([claim])
        for home in homes if precision_of(claim.date_start or "") != "day" else homes[:1]:
            home.append(claim)
    return [sorted(c, key=_position) for c in clusters]


def _complete(members: list[Claim]) -> list[list[Claim]]:
    """Clusters in which every two claims may refer to the same time."""
    clusters: list[list[Claim]] = []
    for claim in members:
        home = next((c for c in clusters if all(same_time(claim.time, m.time) for m in c)), None)
        if home is None:
            clusters.append([claim])
        else:
            home.append(claim)
    return clusters


def _parse_time(label: str) -> tuple[bool, str, str]:
    """(running total?, first, last) of a time label such as "by 2014" or "1978/2013"."""
    cumulative = label.startswith("by ")
    body = label.removeprefix("by ")
    first, _, last = body.partition("/")
    return cumulative, first, last or first


def same_time(a: str | None, b: str | None) -> bool:
    """True when two claim times may refer to the same period (None fits anything)."""
    if a is None or b is None:
        return True
    total_a, first_a, last_a = _parse_time(a)
    total_b, first_b, last_b = _parse_time(b)
    if not (total_a or total_b):
        return first_day(first_a) <= last_day(last_b) and first_day(first_b) <= last_day(last_a)
    precision = "year" if 4 in (len(last_a), len(last_b)) else "month"
    if 10 == len(last_a) == len(last_b):
        precision = "day"
    return _units(last_a, last_b, precision) <= 1


def _group(members: list[Claim]) -> ClaimGroup:
    cluster = sorted(members, key=_position)
    verdict = _strongest(cluster)
    first = cluster[0]
    labels = [c.subject for c in cluster]
    subject = max(labels, key=labels.count)
    return ClaimGroup(
        id=content_id("claim_group", first.property, subject_key(first), *(c.id for c in cluster)),
        subject=subject,
        property=first.property,
        strength=verdict.strength,
        claims=tuple(cluster),
        reason=verdict.reason or f"{len(cluster)} claims agree",
    )


def _strongest(cluster: list[Claim]) -> Verdict:
    best = Verdict(0.0, "")
    for a, b in combinations(cluster, 2):
        verdict = compare(a, b)
        if verdict.strength > best.strength:
            best = verdict
    if best.strength == 0.0:
        values = sorted({c.value for c in cluster})
        best = Verdict(0.0, f"{len(cluster)} claims agree on {' / '.join(values)}")
    return best
