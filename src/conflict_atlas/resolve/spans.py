"""Candidate actor spans in a spaCy ``Doc``: rule and NER entities, capitalised runs."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from conflict_atlas.nlp import ACTOR_LABEL, PLACE_LABEL
from conflict_atlas.resolve.lexicon import TITLES

NER_LABELS = frozenset({"ORG", "NORP", "PERSON", "GPE", ACTOR_LABEL})
_CONNECTORS = frozenset({"-", "e", "i", "ye", "of", "al", "ul", "ud", "bin", "'s"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A token span ``[start, end)`` that may name an actor."""

    start: int
    end: int
    label: str  # ACTOR (rule), an NER label, or RUN (capitalised words)
    ent_id: str = ""


def _is_name_token(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles/titles and trailing connectors or possessive marks."""
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].lower_ in TITLES):
        start += 1
    while end > start and (doc[end - 1].lower_ in _CONNECTORS or doc[end - 1].is_punct):
        end -= 1
    return start, end


def capitalised_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words, joined by name connectors (of, -e, al-)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        if not _is_name_token(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            if _is_name_token(doc[j]) or (
                doc[j].lower_ in _CONNECTORS
                and j + 1 < len(doc)
                and (_is_name_token(doc[j + 1]) or doc[j + 1].lower_ in _CONNECTORS)
            ):
                j += 1
            else:
                break
        start, end = _trim(doc, i, j)
        if end > start:
            runs.append((start, end))
        i = j
    return runs


def _split_parens(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Afghan National Security Forces (ANSF" at brackets into two parts."""
    parts: list[tuple[int, int]] = []
    begin = start
    for i in range(start, end):
        if doc[i].text in "()":
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, end))
    return [(a, b) for a, b in parts if b > a]


def candidates(doc: Doc) -> list[Candidate]:
    """Entities first (rules, then NER), then capitalised runs outside any entity."""
    found: list[Candidate] = []
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ == PLACE_LABEL:
            taken[ent.start : ent.end] = [True] * (ent.end - ent.start)
            continue
        if ent.label_ not in NER_LABELS:
            continue
        for start, end in _split_parens(doc, ent.start, ent.end):
            start, end = _trim(doc, start, end)
            if end > start:
                found.append(Candidate(start, end, ent.label_, ent.ent_id_))
        taken[ent.start : ent.end] = [True] * (ent.end - ent.start)
    for start, end in capitalised_runs(doc):
        if not any(taken[start:end]):
            found.append(Candidate(start, end, "RUN"))
    return sorted(found, key=lambda c: c.start)


def sub_spans(span: Span, *, min_len: int = 1) -> list[Span]:
    """Sub-spans of ``span`` longest first, left to right (for names inside noise)."""
    n = len(span)
    return [
        span[i : i + size] for size in range(n - 1, min_len - 1, -1) for i in range(0, n - size + 1)
    ]
