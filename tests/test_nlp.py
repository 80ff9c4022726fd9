"""The shared spaCy pipeline: loaded once, rules before NER, offsets kept."""

from __future__ import annotations

import pytest
from spacy.language import Language

from conflict_atlas.errors import AtlasError
from conflict_atlas.nlp import (
    ACTOR_LABEL,
    ModelNotFoundError,
    add_entity_ruler,
    blank_citations,
    load_nlp,
    phrase_patterns,
    pipe_texts,
    place_patterns,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_model_is_loaded_once(nlp: Language) -> None:
    assert load_nlp() is nlp
    assert "ner" in nlp.pipe_names


def test_missing_model_is_our_error() -> None:
    with pytest.raises(ModelNotFoundError, match="not installed") as info:
        load_nlp("no_such_model_xyz")
    assert isinstance(info.value, AtlasError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kabul fell.[12] Then[3][4] more", "Kabul fell." + " " * 5 + "Then" + " " * 7 + "more"),
        ("no markers here", "no markers here"),
        ("[citation needed] x", "                  x"),
    ],
)
def test_blank_citations_keeps_length(text: str, expected: str) -> None:
    assert blank_citations(text) == expected
    assert len(blank_citations(text)) == len(text)


def test_entity_ruler_runs_before_ner_and_can_be_refilled(nlp: Language) -> None:
    name = "test_ruler"
    try:
        add_entity_ruler(nlp, phrase_patterns([("Hezb-e Islami", "hig")]), name=name)
        assert nlp.pipe_names.index(name) < nlp.pipe_names.index("ner")
        add_entity_ruler(
            nlp,
            phrase_patterns([("Sazman-i Nasr", "nasr")]) + place_patterns(["Spin Boldak"]),
            name=name,
        )
        doc = next(pipe_texts(nlp, ["Sazman-i Nasr and Hezb-e Islami met in Spin Boldak."]))
        ents = {(e.text, e.label_, e.ent_id_) for e in doc.ents}
        assert ("Sazman-i Nasr", ACTOR_LABEL, "nasr") in ents
        assert ("Spin Boldak", "PLACE", "Spin Boldak") in ents
        assert not any(e.ent_id_ == "hig" for e in doc.ents)  # old patterns are gone
    finally:
        nlp.remove_pipe(name)


def test_pipe_texts_disables_components_only_for_the_call(nlp: Language) -> None:
    docs = list(pipe_texts(nlp, ["The Taliban captured Kabul.", "Ghani fled."], batch_size=1))
    assert [d.text for d in docs] == ["The Taliban captured Kabul.", "Ghani fled."]
    assert not docs[0].has_annotation("DEP")  # parser was off
    assert "parser" in nlp.pipe_names and "parser" not in nlp.disabled
