"""Tests of what a careful reader adds to an event's participants: the agent the story is
about, whose men "forces under X" are, the side left out, unarmed victims, international
organisations and the peace operation "peacekeepers" are, and the registry and actor-stage
knowledge behind them (world organisations, peace operations, who leads whom)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflict_atlas.events.fronts import Fronts
from conflict_atlas.events.story import REACH, Story
from conflict_atlas.ingest import ingest_text
from conflict_atlas.models import Event, EventArgument, Setting
from conflict_atlas.resolve.registry import ActorRegistry, RegistryError
from test_events import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def _event(pipe: Pipeline, text: str, trigger: str) -> Event:
    """The last event of ``text`` whose trigger is ``trigger``."""
    events = [e for e in pipe.document(ingest_text(text, name="t.txt")) if e.trigger == trigger]
    assert events, f"no event triggered by {trigger!r} in {text!r}"
    return events[-1]


def _names(args: tuple[EventArgument, ...]) -> tuple[str, ...]:
    return tuple(a.name for a in args)


# --- agents -------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a passive without "by": the armed subject of the clause before it
        (
            "On 7 April 1992 the Bosnian Serb leadership declared the independence of its own "
            "republic. Units of the Yugoslav People's Army (JNA) and Serb paramilitaries then "
            "set out to seize the towns of the Drina valley in eastern Bosnia: Zvornik was "
            "attacked on 8 April.",
            "attacked",
            ("Yugoslav People's Army", "Serb paramilitaries"),
        ),
        # ... but not a person killed by someone the text does not name
        (
            "The Rwandan Patriotic Front invaded Rwanda on 1 October 1990. Fred Rwigyema was "
            "killed the following day.",
            "killed",
            (),
        ),
        # talks after an agreement: the same parties (the story of the paragraph)
        (
            "The Rwandan Patriotic Front (RPF) invaded Rwanda from Uganda in October 1990 and "
            "fought the Rwandan army near Gabiro in northern Rwanda. Three months later, in "
            "July 1992, the government and the RPF agreed a new ceasefire in Arusha, Tanzania, "
            "and formal peace negotiations opened there in August.",
            "negotiations",
            ("Rwanda", "Rwandan Patriotic Front"),
        ),
        # "forces under X": the person and the group the text says he leads
        (
            "On 12 May 1992 the Bosnian Serb assembly created the Army of Republika Srpska "
            "(VRS) under General Ratko Mladić. On 6 July 1995 forces under Mladić attacked "
            "Srebrenica.",
            "attacked",
            ("Army of Republika Srpska", "Ratko Mladić"),
        ),
        (
            "In Višegrad, paramilitaries led by Milan Lukić killed dozens of Bosniak civilians "
            "in June 1992.",
            "killed",
            ("militias", "Milan Lukić"),
        ),
        # the commander of an operation named by his post
        (
            "In March 1993 the UNPROFOR commander in Bosnia, the French General Philippe "
            "Morillon, entered Srebrenica.",
            "entered",
            ("UNPROFOR", "Philippe Morillon"),
        ),
        # a possessive pronoun before armed men: whose they are
        (
            "In 2014 the Houthis advanced south from Saada. On 8 July 2014 their fighters "
            "overran the town of Amran.",
            "overran",
            ("Houthis",),
        ),
        (
            "On 3 July 2022 Ukrainian officials said that the Ukrainian general staff had "
            "confirmed that its troops had withdrawn from Lysychansk.",
            "withdrawn",
            ("Ukraine",),
        ),
        # who backs the men, said in the phrase that names them ...
        (
            "In 1995 troops backed by the United Arab Emirates captured the port of Mokha in "
            "Yemen.",
            "captured",
            ("United Arab Emirates",),
        ),
        # ... not in background between commas
        (
            "By 1996, the Taliban, supported by Pakistan's Inter-Services Intelligence, had "
            "seized Kabul.",
            "seized",
            ("Taliban",),
        ),
        # "it" and "the court" that sentence: the last court named
        (
            "The International Criminal Tribunal for Rwanda opened in 1995. In 1998 it "
            "sentenced Jean Kambanda to life imprisonment.",
            "sentenced",
            ("International Criminal Tribunal for Rwanda",),
        ),
        (
            "The ICTR was established in 1994. In 1998 the court sentenced Jean Kambanda to "
            "life imprisonment.",
            "sentenced",
            ("International Criminal Tribunal for Rwanda",),
        ),
        (
            "The ICTY indicted Ratko Mladić in 1995. He was arrested in Serbia on 26 May 2011 "
            "and sentenced to life imprisonment on 22 November 2017.",
            "sentenced",
            ("International Criminal Tribunal for the former Yugoslavia",),
        ),
        # "the three": that many organisations named just before
        (
            "In November 1990 voters backed the Party of Democratic Action, the Serb "
            "Democratic Party and the Croatian Democratic Union. The three formed a coalition "
            "government in December 1990.",
            "formed",
            ("Party of Democratic Action", "Serb Democratic Party", "Croatian Democratic Union"),
        ),
        # "they" that fight is the last armed actor, not an organisation that spoke
        (
            "The Houthis attacked Aden in March 2015. The World Health Organization reported "
            "a cholera outbreak in December 2017. In February 2018 they captured the port of "
            "Mokha.",
            "captured",
            ("Houthis",),
        ),
        # ... and "they" after a clause whose agent is told first in the same sentence
        (
            "In January 2017 UAE-backed forces launched an offensive along the Red Sea coast "
            "of Yemen, and by February they had captured the port of Mokha.",
            "captured",
            ("United Arab Emirates",),
        ),
        # "it" after a sentence about a thing is that thing
        (
            "On 6 April 1994 the plane carrying President Habyarimana was hit by two missiles "
            "near Kigali. It crashed in the grounds of the presidential residence, killing all "
            "twelve people on board.",
            "killing",
            (),
        ),
        # coordinated demonyms own the head together
        (
            "On 3 March 2022 Ukrainian and Russian delegations met for talks in Belarus.",
            "met",
            ("Ukraine", "Russia"),
        ),
        # bare "soldiers" are the army of the country the story is set in
        (
            "The following day, 7 April 1994, soldiers killed the Rwandan prime minister, "
            "Agathe Uwilingiyimana, in Kigali.",
            "killed",
            ("Rwanda",),
        ),
        # who acts beside the agent
        (
            "Together with the Fifth Corps, Croatian forces ended the siege of Bihać in August "
            "1995.",
            "siege",
            ("Croatia Armed Forces", "Fifth Corps"),
        ),
        # "UN peacekeepers": the UN operation that served where and when the story is set
        (
            "On 29 June 1992 UN peacekeepers took control of Sarajevo airport in Bosnia and "
            "Herzegovina.",
            "took",
            ("UNPROFOR",),
        ),
    ],
)
def test_agents_a_reader_gives(pipe: Pipeline, text: str, trigger: str, expected: tuple) -> None:
    assert _names(_event(pipe, text, trigger).actors) == expected


# --- targets ------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # unarmed victims: the people's name, a people's adjective, else the country's
        (
            "In March 1992 militiamen and local officials in the Bugesera region, south of "
            "Kigali, killed about 300 Tutsi.",
            "killed",
            ("Tutsi civilians",),
        ),
        (
            "On 16 April 1993 HVO units killed around 116 Bosniak civilians in the village of "
            "Ahmići.",
            "killed",
            ("Bosniak civilians",),
        ),
        (
            "On 5 February 1994 a mortar shell struck the Markale marketplace in Sarajevo, "
            "killing 68 people.",
            "struck",
            ("Bosnian civilians",),
        ),
        (
            "On 29 July 2022, 50 Ukrainian prisoners of war were killed in a blast at Olenivka.",
            "killed",
            ("Ukrainian prisoners",),
        ),
        # the holder of a place attacked
        (
            "From the summer of 2015 the Houthis shelled the government-held districts of Taiz.",
            "shelled",
            ("Yemen",),
        ),
        # a state's organs are targets of any type, not only the types that strike a country
        ("In 2015 the Houthis fought Yemeni government forces in Aden.", "fought", ("Yemen",)),
        # taken back from the side the actors fought before
        (
            "In 2021 the Taliban fought Afghan government forces in Kandahar. In August 2021 "
            "pro-government forces recaptured Karakh District.",
            "recaptured",
            ("Taliban",),
        ),
        # the second side of a clash between two is fought
        (
            "Clashes between the Taliban and the Islamic State broke out in Nangarhar in 2015.",
            "Clashes",
            ("Islamic State",),
        ),
        # a foreign state's forces take places from the country the story is set in ...
        (
            "On 24 February 2022 Russian forces seized the Chernobyl nuclear power plant in "
            "Ukraine.",
            "seized",
            ("Ukraine",),
        ),
        # ... and "Belgian peacekeepers" serve in the UN operation there and then
        (
            "On 7 April 1994 soldiers in Kigali, Rwanda, disarmed and killed ten Belgian "
            "peacekeepers.",
            "killed",
            ("UNAMIR",),
        ),
    ],
)
def test_targets_a_reader_gives(pipe: Pipeline, text: str, trigger: str, expected: tuple) -> None:
    assert _names(_event(pipe, text, trigger).targets) == expected


# --- who fought whom, and the story of a paragraph ------------------------------------------
def _country(arg: EventArgument) -> str | None:
    return {"Ukraine": "Ukraine", "Ukraine Armed Forces": "Ukraine", "Russia": "Russia"}.get(
        arg.name
    )


RUSSIA = EventArgument("r", "Russia", "state")
UKRAINE = EventArgument("u", "Ukraine", "state")
UKRAINE_FORCES = EventArgument("uf", "Ukraine Armed Forces", "state_forces")
WAGNER = EventArgument("w", "Wagner Group", "armed_group")
CIVILIANS = EventArgument(None, "Ukrainian civilians", "civilian_group")


def test_fronts_give_the_side_met_most_often_and_never_an_ally() -> None:
    fronts = Fronts()
    fronts.fought([RUSSIA, WAGNER], [UKRAINE_FORCES], _country)
    fronts.fought([RUSSIA], [UKRAINE], _country)
    fronts.fought([RUSSIA], [CIVILIANS], _country)  # civilians are no side of the war
    # one side: a state and its forces; the latest of them stands for it
    assert fronts.opponent([UKRAINE_FORCES], _country) == RUSSIA
    assert fronts.opponent([WAGNER], _country) == UKRAINE_FORCES
    assert fronts.opponent([RUSSIA], _country) == UKRAINE
    assert fronts.last == (RUSSIA, UKRAINE)
    assert fronts.opponent([EventArgument("x", "Hamas", "armed_group")], _country) is None


def test_the_story_lends_actors_within_a_paragraph_and_a_few_sentences() -> None:
    story = Story()
    story.acted("capture", [RUSSIA, CIVILIANS], (1, 4))
    assert story.actors("attack", (1, 4)) == (RUSSIA,)  # the same family, armed actors only
    assert story.actors("agreement", (1, 4)) == ()  # another family
    assert story.actors("attack", (1, 5)) == ()  # another paragraph
    for _ in range(REACH + 1):
        story.next_sentence()
    assert story.actors("attack", (1, 4)) == ()  # too far back


# --- the registry: world organisations and peace operations ---------------------------------
@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("UNHCR", "UN Refugee Agency"),
        ("the UN refugee agency", "UN Refugee Agency"),
        ("MSF", "Médecins Sans Frontières"),
        ("Doctors Without Borders", "Médecins Sans Frontières"),
        ("ICTY", "International Criminal Tribunal for the former Yugoslavia"),
        ("ICTR", "International Criminal Tribunal for Rwanda"),
        ("African Union", "African Union"),
        ("ECOWAS", "Economic Community of West African States"),
        ("World Food Programme", "World Food Programme"),
        ("International Committee of the Red Cross", "International Committee of the Red Cross"),
        ("Security Council", "United Nations"),
    ],
)
def test_world_organisations_by_their_short_names(
    registry: ActorRegistry, name: str, actor: str
) -> None:
    match = registry.lookup(name, fuzzy=False)
    assert match is not None and registry.actor(match.actor_id).name == actor


@pytest.mark.parametrize(
    ("setting", "mission"),
    [
        (Setting(("Bosnia and Herzegovina", "Croatia"), 1992, 2007), "UNPROFOR"),
        (Setting(("Rwanda", "France"), 1990, 2002), "UNAMIR"),
        (Setting(("Rwanda",), 1994, 1994), "UNAMIR"),  # not the Uganda–Rwanda observers
        (
            Setting(("Mali",), 2013, 2016),
            "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        ),
        (
            Setting(("Bosnia and Herzegovina",), 1997, 2000),
            "United Nations Mission in Bosnia and Herzegovina",
        ),
    ],
)
def test_the_peace_operation_serving_where_and_when_a_text_is_set(
    registry: ActorRegistry, setting: Setting, mission: str
) -> None:
    found = registry.missions(setting, united_nations=True)
    assert found and registry.actor(found[0]).name == mission


def test_no_peace_operation_without_a_setting_or_outside_its_years(
    registry: ActorRegistry,
) -> None:
    assert registry.missions(None) == []
    assert registry.missions(Setting(("Rwanda",), 1980, 1985)) == []


def test_a_deployment_without_countries_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "ops.yaml"
    bad.write_text(
        "actors:\n- {name: A Force, kind: international_org, deployed: {period: [1990, 1995]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match="deployed"):
        ActorRegistry.load([bad], include_default=False)


# --- the actor stage: who leads whom ------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "person", "group"),
    [
        (
            "On 12 May 1992 the Bosnian Serb assembly created the Army of Republika Srpska "
            "(VRS) under General Ratko Mladić.",
            "Ratko Mladić",
            "Army of Republika Srpska",
        ),
        (
            "Paul Kagame returned from the United States in October 1990 to take command of "
            "the Rwandan Patriotic Front.",
            "Paul Kagame",
            "Rwandan Patriotic Front",
        ),
        (
            "The Arusha Accords were signed on 4 August 1993 by the Rwandan Patriotic Front "
            "chairman, Alexis Kanyarengwe.",
            "Alexis Kanyarengwe",
            "Rwandan Patriotic Front",
        ),
    ],
)
def test_the_text_says_who_leads_a_group(
    pipe: Pipeline, text: str, person: str, group: str
) -> None:
    actors = pipe.analysis(ingest_text(text, name="t.txt")).actors
    leader = next(a for a in actors if a.name == person)
    assert any(f.relation == "leader_of" and f.target == group for f in leader.affiliations)
