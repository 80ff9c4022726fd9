"""Actor registry and resolution, on real sentences of the bundled corpus."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
import yaml
from spacy.tokens import Doc

from conflict_atlas.models import Actor, Document, Layout, Sentence, UnitKind, actor_id
from conflict_atlas.pipeline import collector_paused
from conflict_atlas.resolve import relations_patterns
from conflict_atlas.resolve.actors import (
    ActorResolver,
    merge_actors,
    resolve_actors,
    sentence_texts,
)
from conflict_atlas.resolve.normalize import initials, name_key, skeleton
from conflict_atlas.resolve.registry import ActorRegistry, RegistryError
from conflict_atlas.resolve.relations import relations_from_events
from conflict_atlas.resolve.yaml_data import SAFE_LOADER, safe_load

FIXTURE = Path(__file__).parent / "fixtures" / "mentions" / "actors.jsonl"
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.85


def make_document(text: str, doc_id: str = "d") -> tuple[Document, list[Sentence]]:
    """A document whose lines are its sentences."""
    doc = Document(id=doc_id, name=doc_id, source=doc_id, layout=Layout.PLAIN, title="", text=text)
    sentences, start = [], 0
    for i, line in enumerate(text.split("\n")):
        end = start + len(line)
        sentences.append(
            Sentence(f"{doc_id}-{i}", doc_id, i, start, end, line, UnitKind.SENTENCE, None, None)
        )
        start = end + 1
    return doc, sentences


def resolved(resolver: ActorResolver, text: str) -> list[tuple[str, str]]:
    doc, sentences = make_document(text)
    mentions, actors = resolver(doc, sentences)
    names = {a.id: a.name for a in actors}
    return [(m.text, names[m.entity_id or ""]) for m in mentions]


# --- normalization -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hezb-e Islami", "Hezb-i Islami"),
        ("Jamiat-e Islami", "the Jamiat-i Islami"),
        ("Shura-ye Nazar", "Shura-e Nazar"),
        ("Mojaddedi’s", "Mojaddedi"),
        ("Ghōr", "Ghor"),
    ],
)
def test_name_key_folds_transliteration_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hizb-i Islami", "Hezbi Islami"),
        ("Ittehad-e Islami", "Ittihad-i Islami"),
        ("Mohammad", "Muhammad"),
    ],
)
def test_skeleton_is_vowel_blind(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


def test_initials_skip_connectors() -> None:
    assert initials("People's Democratic Party of Afghanistan") == "PDPA"


# --- registry ------------------------------------------------------------------------


def test_registry_covers_the_corpus_actors(registry: ActorRegistry) -> None:
    for name in ["Taliban", "Hezb-e Islami Gulbuddin", "Ahmad Shah Massoud", "Ahmad Massoud"]:
        assert name in registry.by_name
    kinds = {a.kind for a in registry.actors}
    assert {"state", "state_forces", "armed_group", "political_party", "person"} <= kinds


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        ("Hezb-i Islami", "Hezb-e Islami Gulbuddin", "exact"),
        ("Hizb-e Islami Gulbudin", "Hezb-e Islami Gulbuddin", "normalized"),
        ("Jamiat-e-Islami", "Jamiat-e Islami", "exact"),
        ("Jamiyat-i Islami", "Jamiat-e Islami", "normalized"),
        ("Burhanuddin Rabani", "Burhanuddin Rabbani", "normalized"),
        (
            "People’s Democratik Party of Afghanistan",
            "People's Democratic Party of Afghanistan",
            "fuzzy",
        ),
    ],
)
def test_registry_lookup(registry: ActorRegistry, text: str, expected: str, method: str) -> None:
    match = registry.lookup(text)
    assert match is not None
    assert (registry.actor(match.actor_id).name, match.method) == (expected, method)


def test_ambiguous_surname_is_not_an_alias(registry: ActorRegistry) -> None:
    assert registry.lookup("Massoud") is None
    assert len(registry.surname("Massoud")) == 3


def test_user_registry_adds_a_conflict(tmp_path: Path) -> None:
    (tmp_path / "bosnia.yaml").write_text(
        "actors:\n- name: Army of Republika Srpska\n  kind: state_forces\n  aliases: [VRS]\n",
        encoding="utf-8",
    )
    registry = ActorRegistry.load([tmp_path])
    assert "Taliban" in registry.by_name
    match = registry.lookup("VRS")
    assert match is not None and match.actor_id == actor_id(
        "Army of Republika Srpska", "state_forces"
    )
    only = ActorRegistry.load([tmp_path], include_default=False)
    assert len(only) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [("actors:\n- name: X\n  kind: wizard\n", "kind"), ("- just a list\n", "'actors' list")],
)
def test_bad_registry_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as info:
        ActorRegistry.load([path], include_default=False)
    assert "bad.yaml" in str(info.value)


# --- resolution in text --------------------------------------------------------------


def test_offsets_point_into_raw_text_with_citation_markers(resolver: ActorResolver) -> None:
    text = "Filler.\n[13] Shah was overthrown by his cousin Mohammed Daoud Khan[14] in July 1973"
    doc, sentences = make_document(text)
    mentions, _ = resolver(doc, sentences)
    assert [m.text for m in mentions] == ["Shah", "Mohammed Daoud Khan"]
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Al-Qaeda would-be assassins were captured by Massoud's forces",
            [("Al-Qaeda", "al-Qaeda"), ("Massoud's forces", "Shura-e Nazar")],
        ),
        (
            "the other Pakistani nationals fighting in Afghanistan were regular Pakistani soldiers",
            [
                ("Pakistani nationals", "Pakistani nationals"),
                ("Pakistani soldiers", "Pakistan Armed Forces"),
            ],
        ),
        (
            "The total withdrawal of all Soviet troops from Afghanistan was completed in 1989",
            [("Soviet troops", "Soviet Armed Forces")],
        ),
        (
            "the then-ruling People's Democratic Party of Afghanistan (PDPA) led to violence\n"
            "The PDPA split.",
            [
                (
                    "People's Democratic Party of Afghanistan",
                    "People's Democratic Party of Afghanistan",
                ),
                ("PDPA", "People's Democratic Party of Afghanistan"),
                ("PDPA", "People's Democratic Party of Afghanistan"),
            ],
        ),
    ],
)
def test_hard_cases(resolver: ActorResolver, text: str, expected: list[tuple[str, str]]) -> None:
    assert resolved(resolver, text) == expected


def test_father_and_son_with_one_surname_stay_apart(resolver: ActorResolver) -> None:
    text = (
        "Ahmad Shah Massoud created the Shura-e Nazar in 1984.\n"
        "Massoud fought on.\n"
        "In 2021 he joined forces with Ahmad Massoud, son of Ahmad Shah Massoud.\n"
        "He was recognized as president by Massoud."
    )
    got = [name for t, name in resolved(resolver, text) if "Massoud" in t]
    assert got == [
        "Ahmad Shah Massoud",
        "Ahmad Shah Massoud",
        "Ahmad Massoud",
        "Ahmad Shah Massoud",
        "Ahmad Massoud",
    ]


def test_unknown_actors_become_text_entities_with_kind() -> None:
    resolver = ActorResolver(ActorRegistry([]))
    doc, sentences = make_document(
        "The Liberation Tigers of Tamil Eelam (LTTE) fought the Sri Lankan Army.\n"
        "The LTTE leader Velupillai Prabhakaran was killed in 2009."
    )
    mentions, actors = resolver(doc, sentences)
    by_name = {a.name: a for a in actors}
    ltte = by_name["Liberation Tigers of Tamil Eelam"]
    assert ltte.source == "text" and "LTTE" in ltte.aliases
    assert by_name["Sri Lankan Army"].kind == "state_forces"
    assert by_name["Velupillai Prabhakaran"].kind == "person"
    assert sum(m.entity_id == ltte.id for m in mentions) == 3


def test_merge_actors_unites_aliases() -> None:
    a = Actor("x", "LTTE group", "armed_group", ("LTTE",), source="text")
    b = Actor("x", "LTTE group", "armed_group", ("Tamil Tigers",), source="text")
    c = Actor("y", "Other", "person", source="text")
    merged = merge_actors([[a, c], [b]])
    assert [m.id for m in merged] == ["x", "y"]
    assert merged[0].aliases == ("LTTE", "Tamil Tigers")


def test_function_form_matches_class_form(resolver: ActorResolver) -> None:
    doc, sentences = make_document("Hekmatyar's party rejected the Peshawar Accord.")
    got, _ = resolve_actors(doc, sentences, registry=resolver.registry, nlp=resolver.nlp)
    assert [(m.text, m.method) for m in got] == [("Hekmatyar's party", "possessive")]


# --- labelled set --------------------------------------------------------------------


def _hit(x: tuple[int, int, str], y: tuple[int, int, str]) -> bool:
    return x[0] < y[1] and y[0] < x[1] and x[2] == y[2]


def score(resolver: ActorResolver) -> tuple[float, float, int]:
    """Precision and recall of (span overlap, canonical name) over the labelled set."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc, sentences = make_document(record["text"], record["id"])
        mentions, actors = resolver(doc, sentences)
        names = {a.id: a.name for a in actors}
        pred = [(m.start, m.end, names[m.entity_id or ""]) for m in mentions]
        gold = [(g["start"], g["start"] + len(g["text"]), g["actor"]) for g in record["mentions"]]
        tp_pred += sum(any(_hit(p, g) for g in gold) for p in pred)
        tp_gold += sum(any(_hit(p, g) for p in pred) for g in gold)
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)
    return tp_pred / n_pred, tp_gold / n_gold, n_gold


def test_labelled_set_precision_and_recall(resolver: ActorResolver) -> None:
    precision, recall, n_gold = score(resolver)
    assert n_gold >= 100
    assert precision >= PRECISION_FLOOR, f"precision {precision:.3f}"
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f}"


# --- build speed -----------------------------------------------------------------------


def test_one_parse_stream_gives_each_documents_parse(resolver: ActorResolver) -> None:
    first = make_document("Ahmad Shah Massoud led Jamiat-e Islami.\nThe Taliban took Herat.", "a")
    second = make_document("Soviet troops withdrew in 1989.", "b")
    streamed = list(
        resolver.parse_texts(
            text for doc, sentences in (first, second) for text in sentence_texts(doc, sentences)
        )
    )
    separate = [*resolver.parse(*first), *resolver.parse(*second)]

    def annotations(docs: list[Doc]) -> list[list[tuple[str, str, str, str]]]:
        return [[(t.text, t.dep_, t.lemma_, t.ent_type_) for t in d] for d in docs]

    assert annotations(streamed) == annotations(separate)


def test_registry_yaml_is_read_by_the_c_parser_when_available() -> None:
    assert SAFE_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = "actors:\n- name: 'no'\n  aliases: [yes, 1994, on]\n"
    assert safe_load(text) == yaml.safe_load(text)


def test_relations_from_events_compile_no_template(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("a template was compiled")

    relations_patterns._load.cache_clear()
    monkeypatch.setattr(relations_patterns._Compiler, "compile", refuse)
    assert relations_from_events([]) == []
    assert relations_patterns.event_settings().max_evidence >= 1


def test_build_pauses_the_collector_and_restores_it() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
