"""Tests of the event typing rules: lemma guesses, massacres, flight, passing mentions."""

from __future__ import annotations

import pytest

from conflict_atlas.events.ontology import LexiconError, _merge_lexicon, load_lexicon
from conflict_atlas.events.triggers import find_triggers
from conflict_atlas.nlp import load_nlp
from test_events import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def _types(pipe: Pipeline, text: str) -> list[str]:
    return sorted(e.type for e in pipe.text(text))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the tagger leaves "relaunched" and "retook" unlemmatised and tags them present
        ("In 1989 the rebels relaunched their campaign against the army.", ["battle"]),
        ("In 1990 the rebels retook the town of Kunduz.", ["capture"]),
        # many unarmed victims: a massacre; soldiers or few victims: an attack
        ("In July 1995 Serb forces killed about 8,000 men and boys near Srebrenica.", ["massacre"]),
        ("On 22 July 2021, 100 people were killed in a mass shooting.", ["massacre"]),
        ("In 2003 the rebels killed 40 soldiers in Kunduz.", ["attack"]),
        ("In 2003 the rebels killed 12 villagers in Kunduz.", ["attack"]),
        # a leader flees: withdrawal; civilians flee: displacement
        ("On 15 August 2021 Ashraf Ghani fled the country to Tajikistan.", ["withdrawal"]),
        ("In 1980 thousands of civilians fled to Pakistan.", ["displacement"]),
        # killing a named person inside a battle sentence is still an assassination
        (
            "On 27 April 1978, army units revolted in Kabul and killed Mohammed Daoud Khan.",
            ["assassination", "battle"],
        ),
        # a ceasefire that was negotiated is an agreement
        ("In 2018 a three-day ceasefire was negotiated.", ["agreement"]),
        # condemning an invasion: the condemnation and the invasion it names
        (
            "In 1980 the assembly passed a resolution condemning the 1979 Soviet invasion.",
            ["declaration", "declaration", "invasion"],
        ),
    ],
)
def test_typing_rules(pipe: Pipeline, text: str, expected: list[str]) -> None:
    assert _types(pipe, text) == expected


@pytest.mark.slow
def test_named_event_in_passing_is_kept_bare_reference_is_not(pipe: Pipeline) -> None:
    named = "Despite the fall of Kabul to the Taliban, the rebels held the north in 1997."
    assert "capture" in _types(pipe, named)
    bare = "Despite the fall, the rebels held the north in 1997."
    assert "capture" not in _types(pipe, bare)


@pytest.mark.slow
def test_a_name_is_not_a_nominal_trigger(pipe: Pipeline) -> None:
    text = "In 1997 much of the north remained with the Northern Alliance."
    assert "agreement" not in _types(pipe, text)


@pytest.mark.slow
def test_irregular_past_under_re_prefix_finds_the_lexicon_verb() -> None:
    nlp, lexicon = load_nlp(), load_lexicon()
    doc = nlp("The rebels retook the town.")
    assert [(t.lemma, t.type) for t in find_triggers(doc, lexicon)] == [("retake", "capture")]
    doc = nlp("The party reformed the town council.")  # "reform" is no trigger
    assert find_triggers(doc, lexicon) == []


def test_thresholds_must_be_numbers() -> None:
    with pytest.raises(LexiconError, match=r"thresholds\.massacre_deaths"):
        _merge_lexicon([{"thresholds": {"massacre_deaths": "many"}}])
    assert _merge_lexicon([{"thresholds": {"x": 3}}]).threshold("x", 1) == 3
    assert load_lexicon().threshold("missing", 7) == 7


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The Doha Agreement was signed in 2020.", "Doha"),
        ("In 1992 the Peshawar Accord was signed by the parties.", "Peshawar"),
        ("In 1975 the rebels staged the Laghman uprising.", "Laghman"),
    ],
)
def test_a_place_naming_the_event_is_its_location(pipe: Pipeline, text: str, place: str) -> None:
    events = pipe.text(text)
    assert events
    assert [e.location.name if e.location else None for e in events] == [place] * len(events)


@pytest.mark.slow
def test_striking_a_deal_is_an_agreement(pipe: Pipeline) -> None:
    text = "In 2020 the United States struck a deal with the Taliban."
    assert _types(pipe, text) == ["agreement"]
    assert _types(pipe, "In 2020 the rebels struck the convoy near Kunduz.") == ["attack"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("On 8 August 2021, the Taliban captured the cities of Kunduz and Sar-e Pol.", 2),
        ("In 1988 the rebels captured several towns, such as Taloqan, Asadabad and Bamyan.", 3),
        ("The cities of Kunduz, Qalat, and Maidan Shahr fell to the rebels in 1988.", 3),
        ("In 1990 the rebels captured the town of Kunduz.", 1),
    ],
)
def test_a_listed_noun_gives_one_event_per_place(pipe: Pipeline, text: str, places: int) -> None:
    events = pipe.text(text)
    assert [e.type for e in events] == ["capture"] * places
    assert len({e.location.name for e in events if e.location}) == places


def test_acled_codes_follow_the_trigger_lemma_and_the_targets() -> None:
    from conflict_atlas.events.ontology import load_ontology
    from conflict_atlas.models import EventArgument

    onto = load_ontology()
    rebels = (EventArgument(None, "Rebels", "armed_group"),)
    army = (EventArgument(None, "Army", "state_forces"),)
    villagers = (EventArgument(None, "Villagers", "civilian_group"),)
    assert onto.acled("attack", "shell", rebels) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert onto.acled("attack", "kill", rebels, villagers) == (
        "Violence against civilians",
        "Attack",
    )
    assert onto.acled("attack", "kill", rebels, army) == ("Battles", "Armed clash")


def test_ucdp_type_needs_an_organised_side() -> None:
    from conflict_atlas.events.ontology import load_ontology
    from conflict_atlas.models import EventArgument

    onto = load_ontology()
    rebels = (EventArgument(None, "Rebels", "armed_group"),)
    army = (EventArgument(None, "Army", "state_forces"),)
    villagers = (EventArgument(None, "Villagers", "civilian_group"),)
    assert onto.ucdp_type("attack", (), ()) is None
    assert onto.ucdp_type("massacre", (), villagers) is None
    assert onto.ucdp_type("massacre", rebels, villagers) == 3
    assert onto.ucdp_type("battle", rebels, army) == 1
    assert onto.ucdp_type("battle", rebels, rebels) == 2
    assert onto.ucdp_type("agreement", rebels, army) is None


@pytest.mark.slow
def test_an_event_kept_from_happening_is_no_event(pipe: Pipeline) -> None:
    assert _types(pipe, "In 2021 the army kept the city from falling to the Taliban.") == []
    assert _types(pipe, "In 2021 the city fell to the Taliban.") == ["capture"]


@pytest.mark.slow
def test_taking_a_named_place_is_a_capture(pipe: Pipeline) -> None:
    assert _types(pipe, "In 1996 the Taliban took Kabul.") == ["capture"]
    assert _types(pipe, "In 1996 the Taliban took part in the talks.") == ["negotiation"]


@pytest.mark.slow
def test_deaths_go_to_the_killing_not_the_capture_before_it(pipe: Pipeline) -> None:
    events = pipe.text("After they captured Kunduz in 1998, about 4,000 civilians were executed.")
    dead = {e.type: e.fatalities.best if e.fatalities else None for e in events}
    assert dead == {"capture": None, "massacre": 4000}
