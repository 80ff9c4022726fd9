"""Actors of any conflict: registry scope, state forces, sides, things, one actor per person.

Sentences are about wars the bundled registry was not written for; the document's
setting (where and when it is set) is given as the analyzer gives it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conflict_atlas.models import Actor, Setting
from conflict_atlas.resolve.actors import ActorResolver
from conflict_atlas.resolve.identity import name_words, person_merges
from conflict_atlas.resolve.registry import ActorRegistry, RegistryError, Scope
from conflict_atlas.resolve.things import is_designation, thing_kind
from test_actors import make_document

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
WORDNET = Path("/usr/share/wordnet")
YEMEN = Setting(("Yemen", "Saudi Arabia"), 2014, 2018)
BOSNIA = Setting(("Bosnia and Herzegovina", "Croatia", "Serbia"), 1992, 1995)
AFGHANISTAN = Setting(("Afghanistan", "Pakistan"), 1979, 1989)


def resolve(
    resolver: ActorResolver,
    text: str,
    setting: Setting | None = None,
    places: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[list[tuple[str, Actor]], list[Actor]]:
    """Mentions (text, actor) and actors of ``text`` (lines are sentences), fully parsed."""
    doc, sentences = make_document(text)
    docs = resolver.parse(doc, sentences)
    mentions, actors = resolver(doc, sentences, docs=docs, setting=setting, place_spans=places)
    by_id = {a.id: a for a in actors}
    return [(m.text, by_id[m.entity_id or ""]) for m in mentions], actors


def names(mentions: list[tuple[str, Actor]]) -> list[tuple[str, str]]:
    return [(text, actor.name) for text, actor in mentions]


# --- registry scope ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "setting", "fits"),
    [
        (Scope(frozenset({"afghanistan"}), 1973, None), None, True),
        (Scope(frozenset({"afghanistan"}), 1973, None), AFGHANISTAN, True),
        (Scope(frozenset({"afghanistan"}), 1973, None), YEMEN, False),
        (
            Scope(frozenset({"afghanistan"}), 1973, None),
            Setting(("Afghanistan",), 1919, 1929),
            False,
        ),
        (Scope(frozenset({"afghanistan"}), 1973, None), Setting((), 2001, 2010), True),
        (Scope(frozenset(), 1918, 1991), Setting(("Ukraine",), 2022, 2022), False),
        (Scope(frozenset(), 1918, 1991), Setting(("Hungary",), 1956, 1956), True),
        (Scope(), YEMEN, True),
    ],
)
def test_a_scope_fits_the_documents_set_in_its_countries_and_years(
    scope: Scope, setting: Setting | None, fits: bool
) -> None:
    assert scope.fits(setting) is fits


@pytest.mark.parametrize(
    ("name", "setting", "expected"),
    [
        ("Saleh", AFGHANISTAN, "Amrullah Saleh"),
        ("Saleh", YEMEN, None),
        ("Afghan mujahideen", AFGHANISTAN, "Afghan mujahideen"),
        ("mujahideen", BOSNIA, None),
        ("Pasdaran", YEMEN, None),
        ("Moscow", AFGHANISTAN, "Soviet Union"),
        ("Moscow", Setting(("Ukraine", "Russia"), 2022, 2022), None),
        ("NATO", BOSNIA, "NATO"),
        ("Red Army", Setting(("Hungary",), 1956, 1956), "Soviet Armed Forces"),
        ("Ukraine", YEMEN, "Ukraine"),
    ],
)
def test_registry_names_hold_only_where_their_file_says(
    registry: ActorRegistry, name: str, setting: Setting, expected: str | None
) -> None:
    match = registry.lookup(name, setting=setting)
    assert (registry.actor(match.actor_id).name if match else None) == expected


def test_file_and_entry_scopes_are_read(tmp_path: Path) -> None:
    path = tmp_path / "yemen.yaml"
    path.write_text(
        "countries: [Yemen]\nperiod: [2004, null]\nactors:\n"
        "- {name: Ansar Allah, kind: armed_group, aliases: [Houthis]}\n"
        "- {name: World Food Programme, kind: international_org, countries: any, period: any}\n",
        encoding="utf-8",
    )
    only = ActorRegistry.load([path], include_default=False)
    houthis = only.by_name["Ansar Allah"]
    assert only.entries[houthis].scope == Scope(frozenset({"yemen"}), 2004, None)
    assert only.lookup("Houthis", setting=YEMEN) is not None
    assert only.lookup("Houthis", setting=BOSNIA) is None
    assert only.lookup("World Food Programme", setting=BOSNIA) is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("countries: Yemen\nactors: []\n", "'countries'"),
        ("period: [2004]\nactors: []\n", "'period'"),
        ("period: [soon, null]\nactors: []\n", "year"),
    ],
)
def test_a_bad_scope_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as info:
        ActorRegistry.load([path], include_default=False)
    assert "bad.yaml" in str(info.value)


def test_another_countrys_registry_name_leaves_the_name_to_the_text(
    resolver: ActorResolver,
) -> None:
    """In Yemen "Saleh" is not the Afghan vice-president: the full name the NER finds
    next to the registry's surname is one person, and the surname is then his."""
    mentions, _ = resolve(
        resolver,
        "Hadi had replaced President Ali Abdullah Saleh in 2012.\nSaleh backed the Houthis.",
        YEMEN,
    )
    saleh = [a for text, a in mentions if "Saleh" in text]
    assert {a.name for a in saleh} == {"Ali Abdullah Saleh"} and len(saleh) == 2


# --- state forces ----------------------------------------------------------------------


def test_every_state_has_one_forces_actor_part_of_it(registry: ActorRegistry) -> None:
    states = [e.actor for e in registry.entries.values() if e.actor.kind == "state"]
    for state in (s for s in states if s.country == s.name):
        forces = registry.forces_of(state.id)
        assert forces is not None, state.name
        assert registry.actor(forces).kind == "state_forces"
    syria = registry.actor(registry.forces_of(registry.by_name["Syria"]) or "")
    assert (syria.name, syria.affiliations[0].target) == ("Syria Armed Forces", "Syria")
    soviet = registry.forces_of(registry.by_name["Soviet Union"])
    assert registry.actor(soviet or "").name == "Soviet Armed Forces"


@pytest.mark.parametrize(
    ("text", "setting", "expected"),
    [
        (
            "Syrian forces shelled the town.\nSyrian troops entered it on 3 May.",
            None,
            [("Syrian forces", "Syria Armed Forces"), ("Syrian troops", "Syria Armed Forces")],
        ),
        (
            "Russian troops crossed the border.\nRussian forces took the airport.",
            Setting(("Ukraine", "Russia"), 2022, 2022),
            [("Russian troops", "Russia Armed Forces"), ("Russian forces", "Russia Armed Forces")],
        ),
        ("The Soviet army withdrew in 1989.", None, [("Soviet army", "Soviet Armed Forces")]),
        (
            "American warships destroyed three radar sites.",
            YEMEN,
            [("American warships", "United States Armed Forces")],
        ),
        (
            "The Croatian Army launched Operation Storm.\nCroatian forces took the town.",
            BOSNIA,
            [("Croatian Army", "Croatian Army"), ("Croatian forces", "Croatian Army")],
        ),
    ],
)
def test_force_phrases_of_a_state_are_its_forces(
    resolver: ActorResolver,
    text: str,
    setting: Setting | None,
    expected: list[tuple[str, str]],
) -> None:
    mentions, _ = resolve(resolver, text, setting)
    assert names(mentions) == expected


def test_forces_the_text_names_are_part_of_their_state(resolver: ActorResolver) -> None:
    _, actors = resolve(resolver, "The Croatian Army launched Operation Storm.", BOSNIA)
    army = next(a for a in actors if a.name == "Croatian Army")
    assert (army.kind, army.country, army.affiliations[0].target) == (
        "state_forces",
        "Croatia",
        "Croatia",
    )


# --- sides named by the text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The war was fought between the Rwandan Armed Forces (FAR) and the Rwandan "
            "Patriotic Front (RPF), a rebel army formed by refugees.\n"
            "By the end of October the FAR had driven the rebels back.",
            ("rebels", "Rwandan Patriotic Front"),
        ),
        (
            "They were opposed by local militias known as the Southern Resistance.\n"
            "The militias held the port.",
            ("militias", "Southern Resistance"),
        ),
        (
            "The youth wing of the party was turned into the Interahamwe militia.\n"
            "Within the hour, soldiers and militiamen had set up roadblocks.",
            ("militiamen", "Interahamwe militia"),
        ),
        ("In 2016 coalition aircraft struck a funeral hall.", ("coalition", "coalition")),
        ("On 29 June the rebels took the airport.", ("rebels", "rebels")),
    ],
)
def test_sides_named_by_a_noun_are_actors(
    resolver: ActorResolver, text: str, expected: tuple[str, str]
) -> None:
    mentions, _ = resolve(resolver, text)
    assert expected in names(mentions)


@pytest.mark.parametrize(
    "text",
    [
        "In April a coalition government including the opposition was formed.",
        "Various rebel groups fought each other.",
        "The organisations had existed as militias before the war.",
    ],
)
def test_side_words_that_name_no_side(resolver: ActorResolver, text: str) -> None:
    mentions, _ = resolve(resolver, text)
    assert mentions == []


def test_a_side_is_an_actor_of_its_document_only(resolver: ActorResolver) -> None:
    first, _ = resolve(resolver, "The rebels took the town.")
    doc, sentences = make_document("The rebels took the town.", doc_id="other")
    _, actors = resolver(doc, sentences, docs=resolver.parse(doc, sentences))
    assert first[0][1].name == actors[0].name == "rebels"
    assert first[0][1].id != actors[0].id


# --- things are never actors ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A Tochka-U missile struck the railway station.",
        "Rebels shot down a Black Hawk helicopter over the city.",
        "An Exocet missile hit HMS Sheffield on 4 May.",
        "Radio Rwanda broadcast a false warning.",
        "On 1 October the rebels hit the vessel HSV-2 Swift.",
        "American F-16 fighters shot down four J-21 Jastreb aircraft.",
    ],
)
def test_weapons_vehicles_ships_and_media_are_not_actors(
    resolver: ActorResolver, text: str
) -> None:
    _, actors = resolve(resolver, text)
    text_actors = [a.name for a in actors if a.source == "text" and a.name != "rebels"]
    assert text_actors == []


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("missile", "weapon"),
        ("missiles", "weapon"),
        ("helicopter", "aircraft"),
        ("destroyer", "ambiguous"),
        ("frigate", "vessel"),
        ("tank", "vehicle"),
        ("newspaper", "media"),
        ("fighter", "ambiguous"),
        ("army", None),
        ("rebels", None),
    ],
)
def test_thing_nouns_come_from_wordnet_classes(word: str, kind: str | None) -> None:
    assert thing_kind(word) == kind


@pytest.mark.parametrize(
    ("text", "expected"), [("F-16", True), ("Su-25", True), ("T-72", True), ("NATO", False)]
)
def test_model_designations(text: str, expected: bool) -> None:
    assert is_designation(text) is expected


@pytest.mark.skipif(not (WORDNET / "data.noun").is_file(), reason="WordNet not installed")
def test_thing_nouns_file_is_what_the_script_makes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_thing_nouns", SCRIPTS / "build_thing_nouns.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.OUT.read_text(encoding="utf-8") == script.build(WORDNET)


# --- places and persons ------------------------------------------------------------------


def test_text_the_place_stage_resolved_is_no_actor(resolver: ActorResolver) -> None:
    text = "Bakhmut was shelled on 3 May."
    mentions, _ = resolve(resolver, text, places=frozenset({(0, 7)}))
    assert mentions == []


@pytest.mark.parametrize(
    "text",
    [
        "Bashar al-Assad spoke on 3 May.\nAssad denied it.\nAl-Assad left.\n"
        "President Assad returned.",
        "Assad spoke on 3 May.\nBashar al-Assad denied it.",
        "Vladimir Putin announced the operation.\nPutin said it would go on.",
    ],
)
def test_one_person_is_one_actor_across_a_document(resolver: ActorResolver, text: str) -> None:
    mentions, actors = resolve(resolver, text)
    assert len({a.id for _, a in mentions}) == 1
    assert [a.kind for a in actors] == ["person"]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("President Bashar al-Assad", ("bashar", "assad")),
        ("Osama bin Laden", ("osama", "laden")),
        ("Charles de Gaulle", ("charles", "gaulle")),
    ],
)
def test_name_words_leave_out_particles_and_titles(name: str, words: tuple[str, ...]) -> None:
    assert name_words(name) == words


def test_person_merges_keep_ambiguous_surnames_apart() -> None:
    merges = person_merges(
        [
            ("a", "Ahmad Shah Massoud", False),
            ("b", "Ahmad Massoud", False),
            ("c", "Massoud", True),
            ("d", "Bashar Assad", True),
            ("e", "Bashar al-Assad", True),
        ]
    )
    assert merges == {"e": "d"}


def test_armed_men_named_by_a_groups_adjective_are_the_group(resolver: ActorResolver) -> None:
    text = (
        "Houthi fighters took control of Sanaa.\nThe Houthis then moved south.\n"
        "A Houthi missile struck the base."
    )
    sanaa = text.index("Sanaa")
    mentions, actors = resolve(resolver, text, YEMEN, frozenset({(sanaa, sanaa + 5)}))
    assert {a.name for _, a in mentions} == {"Houthis"}
    assert [a.kind for a in actors] == ["armed_group"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Houthi movement, formally known as Ansar Allah, fought the army.\n"
            "Ansar Allah took the capital.",
            [("Ansar Allah", "Houthi movement")],
        ),
        (
            "French and Malian troops recaptured the town on 26 January.",
            [("French", "France Armed Forces"), ("Malian troops", "Mali Armed Forces")],
        ),
    ],
)
def test_names_the_text_gives_each_other(
    resolver: ActorResolver, text: str, expected: list[tuple[str, str]]
) -> None:
    mentions, _ = resolve(resolver, text)
    for pair in expected:
        assert pair in names(mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Deaths rose sharply in the spring.",
        "Moderate politicians and Hutu extremists disagreed.",
        "Refugees crossed the Rusumo bridge into Tanzania.",
    ],
)
def test_capitalised_words_that_name_no_one(resolver: ActorResolver, text: str) -> None:
    _, actors = resolve(resolver, text)
    assert [a.name for a in actors if a.kind == "person"] == []


def test_fighters_of_a_named_group_are_that_group(resolver: ActorResolver) -> None:
    mentions, _ = resolve(
        resolver,
        "Tuareg fighters of the National Movement for the Liberation of Azawad attacked "
        "army posts.",
    )
    assert "Tuareg forces" not in {a.name for _, a in mentions}


def test_a_group_named_by_its_adjective_is_the_group_alone(resolver: ActorResolver) -> None:
    mentions, _ = resolve(
        resolver,
        "The youth wing of the party was being turned into the Interahamwe militia.\n"
        "The Presidential Guard and the Interahamwe began hunting down politicians.",
    )
    assert ("Interahamwe", "Interahamwe militia") in names(mentions)
