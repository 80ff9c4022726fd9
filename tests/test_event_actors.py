"""Tests of event participants: state organs by date, demonyms, roles and references."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflict_atlas.events.generic import (
    GenericLexiconError,
    StateOrgans,
    load_generic_lexicon,
    narrative_countries,
)
from conflict_atlas.ingest import ingest_text
from conflict_atlas.models import EntityMention, Event, EventArgument, Place, Section
from conflict_atlas.resolve.registry import ActorRegistry
from test_events import GOLD, Pipeline


@pytest.fixture(scope="module")
def organs() -> StateOrgans:
    return StateOrgans(ActorRegistry.load())


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


# --- the registry side: regimes and their organs by date --------------------------------
@pytest.mark.parametrize(
    ("date", "regime"),
    [
        ("1975", "Republic of Afghanistan"),
        ("1988-04-14", "Democratic Republic of Afghanistan"),
        ("1992", "Democratic Republic of Afghanistan"),  # the first day of the year
        ("1998", "Islamic Emirate of Afghanistan"),  # rival governments: the latest
        ("2016", "Islamic Republic of Afghanistan"),
        ("2021-08", "Islamic Republic of Afghanistan"),
    ],
)
def test_regime_in_force_on_a_date(organs: StateOrgans, date: str, regime: str) -> None:
    found = organs.regime("Afghanistan", date)
    assert found is not None and found.name == regime


def test_no_regime_without_a_date_or_a_registry_regime(organs: StateOrgans) -> None:
    assert organs.regime("Afghanistan", None) is None
    assert organs.regime("Pakistan", "2001") is None


@pytest.mark.parametrize(
    ("role", "date", "name"),
    [
        ("government", "1988", "Democratic Republic of Afghanistan"),
        ("forces", "2021-07", "Afghan National Security Forces"),
        ("army", "2021-07", "Afghan National Army"),
        ("police", "2021-07", "Afghan National Police"),
        # a regime without forces of its own in the registry: the country's forces
        ("forces", "1988", "Afghan Armed Forces"),
        ("army", "1988", "Afghan Armed Forces"),
        # no police of that regime: the regime itself
        ("police", "1988", "Democratic Republic of Afghanistan"),
    ],
)
def test_organ_of_a_country(organs: StateOrgans, role: str, date: str, name: str) -> None:
    found = organs.organ("Afghanistan", role, date)
    assert found is not None and found.name == name


def test_organ_of_a_country_the_registry_does_not_know(organs: StateOrgans) -> None:
    assert organs.organ("Somaliland", "air_force", "2017") == EventArgument(
        None, "Somaliland", "state"
    )


def test_malformed_generic_words_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "words.yaml"
    bad.write_text("roles:\n  police: {heads: [police], fallback: nobody}\n", encoding="utf-8")
    with pytest.raises(GenericLexiconError, match="unknown fallback"):
        load_generic_lexicon(bad)


def test_narrative_countries_fall_back_to_the_parent_section() -> None:
    place = Place("p", "Aleppo", "city", 36.2, 37.2, None, "Syria", "city")
    sections = [
        Section(0, 1, "Wars", None, 0, 100, 0, 4),
        Section(1, 2, "Syria", 0, 5, 50, 5, 10),
        Section(2, 3, "Aftermath", 1, 50, 100, 50, 60),
    ]
    mention = EntityMention("d", "s", 20, 26, "Aleppo", "place", "p", "exact")
    by_section, overall = narrative_countries(sections, [mention], {place.id: "Syria"})
    assert by_section == {0: "Syria", 1: "Syria", 2: "Syria"}
    assert overall == "Syria"


@pytest.mark.parametrize(
    ("abroad", "home", "expected"),
    [
        (3, 2, "Rwanda"),  # talks in Arusha, Tanzania, in a section on Rwanda
        (3, 0, "Tanzania"),  # a section about another country
        (5, 2, "Tanzania"),  # named more than twice as often as the text's own country
    ],
)
def test_a_section_stays_about_the_texts_country_while_it_names_it(
    abroad: int, home: int, expected: str
) -> None:
    sections = [
        Section(0, 1, "1990", None, 0, 100, 0, 4),
        Section(1, 2, "1992", None, 100, 200, 100, 104),
    ]
    homes = {"kigali": "Rwanda", "arusha": "Tanzania"}
    mentions = [EntityMention("d", "s", 10, 16, "Kigali", "place", "kigali", "exact")] * 5
    mentions += [EntityMention("d", "s", 150, 156, "Arusha", "place", "arusha", "exact")] * abroad
    mentions += [EntityMention("d", "s", 160, 166, "Kigali", "place", "kigali", "exact")] * home
    by_section, overall = narrative_countries(sections, mentions, homes)
    assert overall == "Rwanda"
    assert by_section[1] == expected


# --- the text side ------------------------------------------------------------------------
def _event(pipe: Pipeline, text: str, trigger: str) -> Event:
    """The last event of ``text`` whose trigger is ``trigger``."""
    events = [e for e in pipe.document(ingest_text(text, name="t.txt")) if e.trigger == trigger]
    assert events, f"no event triggered by {trigger!r} in {text!r}"
    return events[-1]


def _actors(pipe: Pipeline, text: str, trigger: str) -> tuple[str, ...]:
    return tuple(a.name for a in _event(pipe, text, trigger).actors)


def _targets(pipe: Pipeline, text: str, trigger: str) -> tuple[str, ...]:
    return tuple(a.name for a in _event(pipe, text, trigger).targets)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # generic organs resolve to the regime (or its forces) of the event's date
        (
            "In 2016, the government signed a peace deal with Hekmatyar's Hezb-e Islami.",
            "signed",
            ("Islamic Republic of Afghanistan", "Hezb-e Islami Gulbuddin"),
        ),
        (
            "In 1988 the town of Kunduz was retaken by the government.",
            "retaken",
            ("Democratic Republic of Afghanistan",),
        ),
        (
            "On 7 July 2021, pro-government forces defeated a Taliban attempt to capture "
            "Qala e Naw.",
            "defeated",
            ("Afghan National Security Forces",),
        ),
        (
            "On 8 August 2021, local militias and the police retook the districts of Sayghan "
            "and Kahmard from the Taliban.",
            "retook",
            ("Afghan National Police",),
        ),
        # a demonym qualifying the agent's head, when the phrase names nothing else
        (
            "On 9 March 2022 a Russian airstrike hit a maternity hospital in Mariupol.",
            "airstrike",
            ("Russia",),
        ),
        (
            "In July 1995, Bosnian Serb forces captured Srebrenica.",
            "captured",
            ("Bosnian Serb forces",),
        ),
        # a date before the phrase names no owner; "federal" troops are the state's
        (
            "In 2015 the Houthis held Aden in Yemen. On 14 July 2015 pro-government forces "
            "retook the city of Aden.",
            "retook",
            ("Yemen",),
        ),
        (
            "In 1995 Chechen fighters held Grozny in Russia. On 22 July 1995 the city was "
            "besieged by federal troops.",
            "besieged",
            ("Russia",),
        ),
        (
            "In 1988 the governments of Afghanistan and Pakistan signed the Geneva Accords.",
            "signed",
            ("Democratic Republic of Afghanistan", "Pakistan"),
        ),
        # a country's armed forces named generically are the army of the date's regime ...
        (
            "In July 2021, around 1,500 Afghan soldiers deserted into Tajikistan.",
            "deserted",
            ("Afghan National Army",),
        ),
        # ... when that regime has one in the registry
        (
            "In March 1989 the Afghan Army beat back the Mujahidin at Jalalabad.",
            "beat",
            ("Afghan Armed Forces",),
        ),
        # a name that only says whose administration it is is not a second actor
        (
            "In 2020, the US Trump Administration struck a deal with the Taliban.",
            "struck",
            ("United States", "Taliban"),
        ),
        # "they" reported by a ministry is that ministry's government
        (
            "On 12 July 2021, Afghanistan's foreign ministry announced that they had killed "
            "a Taliban commander.",
            "killed",
            ("Islamic Republic of Afghanistan",),
        ),
        # demonyms of nominal events: the state
        (
            "In 2021 the Taliban took Zaranj, their first capture since the 2001 American "
            "invasion.",
            "2001 American invasion",
            ("United States",),
        ),
        (
            "In 2001 the refusal prompted the American-led invasion of Afghanistan.",
            "invasion",
            ("United States",),
        ),
        # a place in an event's name is where, not who
        ("The Peshawar Accord was signed in April 1992.", "signed", ()),
        # a relative pronoun is its antecedent
        (
            "In 1978, Nur Muhammad Taraki, who became the new chairman, adopted a program of "
            "land reform.",
            "became",
            ("Nur Muhammad Taraki",),
        ),
        # a pronoun is the subject named before it in the same sentence
        (
            "In July 1973 Mohammed Zahir Shah went into exile. In July 1973 Mohammed Daoud "
            "Khan abolished the monarchy, and he became the first President of Afghanistan.",
            "became",
            ("Mohammed Daoud Khan",),
        ),
        # the object of "accused ... of" does what the gerund says
        (
            "In 1990, Hekmatyar's supporters accused Massoud of having killed these commanders.",
            "killed",
            ("Ahmad Shah Massoud",),
        ),
        # an active participle says what the noun it describes did
        (
            "The new Soviet leader Mikhail Gorbachev, taking charge in 1985, announced a "
            "withdrawal in 1987.",
            "taking",
            ("Mikhail Gorbachev",),
        ),
        # a passive verb joined to another shares its "by" phrase
        (
            "In 1996 Najibullah was captured by the Taliban and was executed.",
            "executed",
            ("Taliban",),
        ),
        # a unit named after its country is the unit, as written
        (
            "In 2011 he was killed by U.S. SEAL Team Six in Abbottabad.",
            "killed",
            ("SEAL Team Six",),
        ),
        # receiving: who gives acts
        (
            "In 1985 the Afghan mujahideen received support from Pakistan and Saudi Arabia.",
            "received",
            ("Pakistan", "Saudi Arabia"),
        ),
        # helpers act with the agent
        (
            "In 1992 Hezb-e Islami Gulbuddin invaded Kabul with the help of the Khalqists.",
            "invaded",
            ("Hezb-e Islami Gulbuddin", "Khalq"),
        ),
        # both sides of talks are actors
        (
            "In 2020, the first talks between the Taliban and the Afghan government were held "
            "in Qatar.",
            "held",
            ("Taliban", "Islamic Republic of Afghanistan"),
        ),
        # counted references: the persons named just before
        (
            "In 2019 both Ghani and his rival Abdullah Abdullah claimed victory, and in 2020 a "
            "power-sharing deal between the two men was signed.",
            "signed",
            ("Ashraf Ghani", "Abdullah Abdullah"),
        ),
        # what is founded acts when no founder is named
        (
            "In 1980 the Islamic Union for the Liberation of Afghanistan was formed.",
            "formed",
            ("Ittehad-e Islami",),
        ),
        # the "of" phrase of an event nobody does to anyone is who acts
        ("In 1980 the exodus of Afghans to Pakistan began.", "exodus", ("Afghans",)),
        # opponents of X are not X
        ("In October 1978, opponents of the PDPA started a revolt.", "revolt", ()),
        # a demonym says where an election is held, not who holds it
        ("The 2019 Afghan presidential election was held in September 2019.", "election", ()),
    ],
)
def test_actors(pipe: Pipeline, text: str, trigger: str, expected: tuple[str, ...]) -> None:
    assert _actors(pipe, text, trigger) == expected


@pytest.mark.slow
def test_a_side_the_text_never_identified_is_the_non_state_actor_last_told(
    pipe: Pipeline,
) -> None:
    """Without the parse the resolver names no side; with it, "the rebels" is a side of
    its own unless the narrative has a non-state actor for it (as here)."""
    text = (
        "On 20 July 2021 the Taliban attacked Kandahar. On 22 July 2021 the city was "
        "besieged by the rebels."
    )
    assert _actors(pipe, text, "besieged") == ("Taliban",)


@pytest.mark.slow
def test_generic_nouns_never_stand_for_a_state(pipe: Pipeline) -> None:
    text = (
        "On 20 July 2021 the Taliban attacked Kandahar. On 21 July 2021 US forces struck "
        "targets near the city. On 22 July 2021 the city was besieged by the rebels."
    )
    assert _actors(pipe, text, "besieged") == ("Taliban",)


@pytest.mark.slow
def test_a_generic_subject_is_remembered_for_pronouns(pipe: Pipeline) -> None:
    text = (
        "By August 2020, the government in Kabul agreed to free the captives. "
        "In August 2020 it released the prisoners."
    )
    assert _actors(pipe, text, "released") == ("Islamic Republic of Afghanistan",)


@pytest.mark.slow
def test_counted_organisations_of_the_sentence_before(pipe: Pipeline) -> None:
    text = (
        "Groups such as Jamiat-e Islami and Hezb-e Islami existed as militias. "
        "The two organizations took part in the 1975 Panjshir Valley uprising."
    )
    expected = ("Jamiat-e Islami", "Hezb-e Islami Gulbuddin")
    assert _actors(pipe, text, "uprising") == expected


@pytest.mark.slow
def test_towns_taken_for_names_are_not_actors(pipe: Pipeline) -> None:
    text = "In 1988 the cities of Kunduz, Qalat, and Maidan Shahr fell to the Mujahidin."
    event = _event(pipe, text, "fell")
    assert [a.name for a in event.actors] == ["Afghan mujahideen"]
    assert event.targets == ()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the side something is taken from is a target
        (
            "In July 2021, the Taliban captured 64 districts from the Afghan government.",
            "captured",
            ("Islamic Republic of Afghanistan",),
        ),
        (
            "On 3 July 2021, 39 Afghan soldiers surrendered to the Taliban.",
            "surrendered",
            ("Taliban",),
        ),
        # the owner of what is taken is a target
        (
            "In July 2021 the Taliban captured nine border posts belonging to the Afghan Army.",
            "captured",
            ("Afghan National Army",),
        ),
        # a country entered is where the event goes; a country invaded is a target
        ("On 3 July 2021, Afghan soldiers crossed the border and entered Iran.", "entered", ()),
        ("On 25 June 1950, North Korean forces invaded South Korea.", "invaded", ("South Korea",)),
        # targets are the patient's head, not names in clauses hung on it
        (
            "In 1980 Karmal declared an amnesty for those imprisoned under Taraki and Amin.",
            "declared",
            (),
        ),
        # a generic noun refers back to the last non-state actor; "it" is a thing
        (
            "In February 2020 the Taliban attacked Kunduz. In March 2020 the US conducted "
            "airstrikes against the group.",
            "airstrikes",
            ("Taliban",),
        ),
        (
            "In 2016 the Taliban rejected the deal. In 2016 several sectors of Afghan society "
            "protested against it.",
            "protested",
            (),
        ),
    ],
)
def test_targets(pipe: Pipeline, text: str, trigger: str, expected: tuple[str, ...]) -> None:
    assert _targets(pipe, text, trigger) == expected


@pytest.mark.slow
def test_government_of_the_section_country(pipe: Pipeline) -> None:
    _, events = pipe.file(GOLD / "texts" / "other_wars.txt")
    bombed = [e for e in events if e.date_start == "2017-04-04"]
    assert [a.name for e in bombed for a in e.actors] == ["Syria"]
