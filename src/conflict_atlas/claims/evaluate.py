"""Score contradiction groups against hand-annotated disagreements.

The gold file has one disagreement a line::

    {"subject": "...", "property": "...",
     "evidence": [{"doc": "001_....txt", "text": "<exact text of a sentence or field>"},
                  {"doc": "...", "text": "..."}],
     "note": "..."}

A disagreement is *found* when one contradiction group (strength > 0) has a claim whose
source overlaps each evidence span. Of the contradiction groups reported, a group is
*spurious* by the automatic rule when its claims all normalise to the same value or do
not share one subject; *unmatched* groups match no gold line (an upper bound on spurious
groups when the gold file lists every real disagreement).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from conflict_atlas.claims.group import subject_key
from conflict_atlas.errors import InputError
from conflict_atlas.models import Claim, ClaimGroup


@dataclass(frozen=True, slots=True)
class Evidence:
    """One side of an annotated disagreement: a document and the exact text."""

    doc: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldDisagreement:
    """An annotated disagreement between two (or more) spans of the corpus."""

    subject: str
    property: str
    evidence: tuple[Evidence, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Scores:
    """How contradiction groups compare with the gold disagreements."""

    gold: int
    found: int
    reported: int
    spurious: int
    unmatched: int
    missed: tuple[str, ...]
    unmatched_groups: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def spurious_share(self) -> float:
        return self.spurious / self.reported if self.reported else 0.0

    @property
    def unmatched_share(self) -> float:
        return self.unmatched / self.reported if self.reported else 0.0


def load_gold(path: str | Path) -> list[GoldDisagreement]:
    """Read a gold file of disagreements (JSON Lines); a bad line raises InputError."""
    gold: list[GoldDisagreement] = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            evidence = tuple(Evidence(str(e["doc"]), str(e["text"])) for e in record["evidence"])
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InputError(str(path), f"not a gold disagreement: {error}", line=number) from error
        if len(evidence) < 2:
            raise InputError(str(path), "a disagreement needs two evidence spans", line=number)
        gold.append(
            GoldDisagreement(
                str(record.get("subject", "")),
                str(record.get("property", "")),
                evidence,
                str(record.get("note", "")),
            )
        )
    return gold


def evaluate(
    groups: Sequence[ClaimGroup],
    gold: Sequence[GoldDisagreement],
    *,
    documents: Mapping[str, str] | None = None,
) -> Scores:
    """Recall of ``gold`` among contradiction groups, and the share of spurious groups.

    ``documents`` maps file names to their text so evidence is located by offsets;
    without it a claim matches evidence when one text contains the other.
    """
    reported = [g for g in groups if g.strength > 0]
    matched: set[str] = set()
    missed: list[str] = []
    for item in gold:
        hit = next((g for g in reported if _covers(g, item, documents)), None)
        if hit is None:
            missed.append(f"{item.subject} ({item.property})")
        else:
            matched.update(g.id for g in reported if _covers(g, item, documents))
    unmatched = [g for g in reported if g.id not in matched]
    return Scores(
        gold=len(gold),
        found=len(gold) - len(missed),
        reported=len(reported),
        spurious=sum(1 for g in reported if is_spurious(g)),
        unmatched=len(unmatched),
        missed=tuple(missed),
        unmatched_groups=tuple(f"{g.subject} ({g.property}): {g.reason}" for g in unmatched),
    )


def is_spurious(group: ClaimGroup) -> bool:
    """The automatic rule: all claims say the same value, or not about one subject."""
    values = {(c.low, c.best, c.high, c.date_start, c.date_end, c.approx) for c in group.claims}
    subjects = {subject_key(c) for c in group.claims}
    return len(values) == 1 or (len(subjects) > 1 and not _spellings_of_one_name(group.claims))


def _spellings_of_one_name(claims: Sequence[Claim]) -> bool:
    """Spelling variants of one person's name, joined on purpose, are one subject."""
    return all(c.subject_id is not None for c in claims) and len({c.property for c in claims}) == 1


def _covers(group: ClaimGroup, item: GoldDisagreement, documents: Mapping[str, str] | None) -> bool:
    return all(any(_overlaps(c, e, documents) for c in group.claims) for e in item.evidence)


def _overlaps(claim: Claim, evidence: Evidence, documents: Mapping[str, str] | None) -> bool:
    source = claim.source
    if source.doc != evidence.doc:
        return False
    text = documents.get(evidence.doc) if documents is not None else None
    if text is None:
        return evidence.text in source.text or source.text in evidence.text
    start = text.find(evidence.text)
    while start >= 0:
        if start < source.end and source.start < start + len(evidence.text):
            return True
        start = text.find(evidence.text, start + 1)
    return False
