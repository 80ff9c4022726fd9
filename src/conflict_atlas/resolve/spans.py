"""Candidate actor spans in a spaCy ``Doc``: rule and NER entities, capitalised runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from conflict_atlas.nlp import ACTOR_LABEL, PLACE_LABEL
from conflict_atlas.resolve.lexicon import TITLES

NER_LABELS = frozenset({"ORG", "NORP", "PERSON", "GPE", ACTOR_LABEL})
_NAME_LABELS = frozenset({"ORG", "PERSON"})
_PLURAL_POSSESSIVE = frozenset({"'", "’"})
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


def _split_parens(
    doc: Doc, start: int, end: int, *, split_owner: bool = False
) -> list[tuple[int, int]]:
    """Split "Afghan National Security Forces (ANSF" at brackets into two parts, and with
    ``split_owner`` "Houthis' Supreme Political Council" at the plural possessive: the
    owner, then its organ."""
    parts: list[tuple[int, int]] = []
    begin = start
    for i in range(start, end):
        owner = doc[i].text in _PLURAL_POSSESSIVE and begin < i < end - 1 and split_owner
        if doc[i].text in "()" or owner:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, end))
    return [(a, b) for a, b in parts if b > a]


def candidates(doc: Doc, *, keep: Callable[[Span], bool] | None = None) -> list[Candidate]:
    """Entities first (rules, then NER), then capitalised runs outside any entity.

    A rule entity that ``keep`` rejects (a registry name out of the document's scope, a
    place name the place stage did not take for a place) is not one: an actor name is
    joined to a name the NER found next to it ("Ali Abdullah" + "Saleh"), or else left
    to the capitalised runs, like a rejected place name ("Hadi").
    """
    found: list[Candidate] = []
    taken = [False] * len(doc)
    dropped: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == PLACE_LABEL:
            if keep is None or keep(ent):
                taken[ent.start : ent.end] = [True] * (ent.end - ent.start)
            continue
        if ent.label_ not in NER_LABELS:
            continue
        if ent.label_ == ACTOR_LABEL and keep is not None and not keep(ent):
            dropped.append(ent)
            continue
        owned = ent.label_ != ACTOR_LABEL
        for start, end in _split_parens(doc, ent.start, ent.end, split_owner=owned):
            start, end = _trim(doc, start, end)
            if end > start:
                found.append(Candidate(start, end, ent.label_, ent.ent_id_))
        taken[ent.start : ent.end] = [True] * (ent.end - ent.start)
    for ent in dropped:
        for i, cand in enumerate(found):
            if cand.label in _NAME_LABELS and (cand.end == ent.start or cand.start == ent.end):
                found[i] = Candidate(min(cand.start, ent.start), max(cand.end, ent.end), cand.label)
                taken[ent.start : ent.end] = [True] * (ent.end - ent.start)
                break
    for start, end in capitalised_runs(doc):
        if not any(taken[start:end]):
            found.append(Candidate(start, end, "RUN"))
    return _join_names(sorted(found, key=lambda c: c.start))


def _join_names(found: list[Candidate]) -> list[Candidate]:
    """One person split in two by the NER ("Abd Rabbuh" + "Mansur Hadi") is one name."""
    out: list[Candidate] = []
    for cand in found:
        last = out[-1] if out else None
        if last is not None and last.end == cand.start and last.label == cand.label == "PERSON":
            out[-1] = Candidate(last.start, cand.end, "PERSON")
        else:
            out.append(cand)
    return out


def sub_spans(span: Span, *, min_len: int = 1) -> list[Span]:
    """Sub-spans of ``span`` longest first, left to right (for names inside noise)."""
    n = len(span)
    return [
        span[i : i + size] for size in range(n - 1, min_len - 1, -1) for i in range(0, n - size + 1)
    ]
