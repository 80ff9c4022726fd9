"""The shared spaCy pipeline: loaded once, rules before NER, offsets kept."""

from __future__ import annotations

import importlib.util

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from conflict_atlas.errors import AtlasError
from conflict_atlas.nlp import (
    ACTOR_DISABLE,
    ACTOR_LABEL,
    MODEL_NAMES,
    LazyEntityRuler,
    ModelNotFoundError,
    add_entity_ruler,
    blank_citations,
    load_nlp,
    phrase_patterns,
    pipe_texts,
    place_patterns,
)
from conflict_atlas.nlp_fast import AttributeRuleIndex, WordList


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


# --- the lazy entity ruler -------------------------------------------------------------

RULER_PATTERNS = [
    *phrase_patterns([("Hezb-e Islami", "hig"), ("Moscow", "ussr"), ("Tehran", "iran")]),
    *phrase_patterns([("Soviet Union", "ussr"), ("U.S.", "usa")]),
    *place_patterns(["Moscow", "Spin Boldak", "Mazar-i-Sharif", "Kabul"]),
]
RULER_TEXTS = [
    "Hezb-e Islami fighters left Moscow for Spin Boldak.",
    "Delegates from Tehran and the Soviet Union met in Mazar-i-Sharif.",
    "The U.S. embassy in Kabul closed; Moscow and Tehran protested.",
    "Nothing here names a pattern at all.",
    "Spin  Boldak and Hezb-e  Islami, written with two spaces.",
    "",
]


def _entities(nlp: Language, name: str, texts: list[str]) -> list[list[tuple[str, str, str]]]:
    others = [p for p in nlp.pipe_names if p.startswith(("test_", "actor_ruler")) and p != name]
    docs = pipe_texts(nlp, texts, disable=[*ACTOR_DISABLE, *others])
    return [[(e.text, e.label_, e.ent_id_) for e in doc.ents] for doc in docs]


def test_lazy_ruler_finds_what_the_stock_ruler_finds(nlp: Language) -> None:
    try:
        add_entity_ruler(nlp, RULER_PATTERNS, name="test_lazy")
        stock = nlp.add_pipe(
            "entity_ruler", name="test_stock", before="ner", config={"overwrite_ents": True}
        )
        with nlp.select_pipes(enable=[]):
            stock.add_patterns(RULER_PATTERNS)  # type: ignore[attr-defined]
        lazy = _entities(nlp, "test_lazy", RULER_TEXTS)
        assert lazy == _entities(nlp, "test_stock", RULER_TEXTS)
        assert ("Soviet Union", ACTOR_LABEL, "ussr") in lazy[1]
        assert ("Spin Boldak", "PLACE", "Spin Boldak") in lazy[0]
    finally:
        for name in ("test_lazy", "test_stock"):
            if name in nlp.pipe_names:
                nlp.remove_pipe(name)


def test_lazy_ruler_tokenises_only_the_patterns_a_text_holds(nlp: Language) -> None:
    try:
        add_entity_ruler(nlp, RULER_PATTERNS, name="test_lazy")
        ruler = nlp.get_pipe("test_lazy")
        assert isinstance(ruler, LazyEntityRuler)
        assert len(ruler) == len(RULER_PATTERNS) and not ruler.phrase_patterns
        list(pipe_texts(nlp, ["Hezb-e Islami fighters left Moscow."]))
        compiled = {p.text for docs in ruler.phrase_patterns.values() for p in docs}
        assert compiled == {"Hezb-e Islami", "Moscow"}  # both Moscow patterns, nothing else
        assert len(ruler) == len(RULER_PATTERNS)
        assert {p["pattern"] for p in ruler.patterns} == {p["pattern"] for p in RULER_PATTERNS}
        assert set(ruler.labels) == {ACTOR_LABEL, "PLACE"}
    finally:
        nlp.remove_pipe("test_lazy")


def test_lazy_ruler_remove_reaches_waiting_patterns(nlp: Language) -> None:
    try:
        add_entity_ruler(nlp, RULER_PATTERNS, name="test_lazy")
        ruler = nlp.get_pipe("test_lazy")
        ruler.remove("iran")  # type: ignore[attr-defined]
        texts = ["Tehran and Moscow."]
        assert all(e[2] != "iran" for doc in _entities(nlp, "test_lazy", texts) for e in doc)
    finally:
        nlp.remove_pipe("test_lazy")


# --- faster stock components (conflict_atlas.nlp_fast) ---------------------------------

FAST_TEXTS = [
    "The Taliban captured Kabul on 15 August 2021 after the government collapsed.",
    "There were reports that y'all ain't gonna get got, he said; let's c'm on.",
    "Nothin' was left of the villages, and the fighters were regrouping in the hills.",
    "Soviet troops withdrew in 1989.  Double  spaces\tand tabs stay tokens.",
    "",
]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(next(n for n in MODEL_NAMES if importlib.util.find_spec(n)))


def _annotations(nlp: Language, texts: list[str]) -> list[list[tuple[str, ...]]]:
    rulers = [p for p in nlp.pipe_names if p.startswith(("test_", "actor_ruler"))]
    return [
        [(t.tag_, t.pos_, str(t.morph), t.dep_, str(t.head.i), t.lemma_, t.ent_type_) for t in doc]
        for doc in nlp.pipe(texts, disable=rulers)
    ]


def test_faster_components_give_the_stock_annotations(nlp: Language, stock: Language) -> None:
    assert _annotations(nlp, FAST_TEXTS) == _annotations(stock, FAST_TEXTS)


def test_lemma_index_lists_answer_in_from_a_set(nlp: Language) -> None:
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    nouns = next(words for words in table.values() if len(words) > 50_000)
    assert isinstance(nouns, WordList) and isinstance(nouns, list)
    assert nouns[0] in nouns and "no such lemma xyz" not in nouns


def test_attribute_rule_index_matches_like_the_ruler(nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    index = AttributeRuleIndex(ruler)
    assert len(index.rest) == 0  # every en_core_web_sm rule is indexed
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(nlp.pipe(FAST_TEXTS))
    for doc in docs:
        assert index.match(doc) == AttributeRuler.match(ruler, doc)
    assert any(end - start == 2 for doc in docs for *_, start, end in index.match(doc))


def test_attribute_rule_index_falls_back_when_rules_change(nlp: Language) -> None:
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "kabul"}]], {"LEMMA": "Kabul"})
    index = AttributeRuleIndex(ruler)
    doc = nlp.make_doc("kabul and herat")
    assert index.match(doc) == AttributeRuler.match(ruler, doc)
    ruler.add([[{"LOWER": "herat"}]], {"LEMMA": "Herat"})
    assert [m[2] for m in index.match(doc)] == [0, 2]  # the new rule is seen
