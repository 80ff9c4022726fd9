"""Tests of event dating: what a sentence's dates give its events, and what the story lends
to sentences without a date (narrative inheritance), on small texts about several wars
run through the real pipeline."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conflict_atlas.events import merge_events
from conflict_atlas.events.dating import EventDate, attached_date, sequenced, usable
from conflict_atlas.events.narrative import NarrativeDate, named_event
from conflict_atlas.extract.dates import DateTagger
from conflict_atlas.ingest import ingest_text
from conflict_atlas.models import Event, EventArgument, Layout
from conflict_atlas.nlp import load_nlp
from conflict_atlas.segment import segment
from test_events import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def dated(events: list[Event], words: str) -> set[str | None]:
    """Dates of the events told in the sentence containing ``words``."""
    return {e.date_start for e in events if any(words in s.text for s in e.sources)}


def dates_of(events: list[Event], kind: str, words: str) -> set[str | None]:
    return {
        e.date_start for e in events if e.type == kind and any(words in s.text for s in e.sources)
    }


# --- narrative inheritance -------------------------------------------------------------------
def test_a_new_paragraph_on_another_subject_does_not_inherit(pipe: Pipeline) -> None:
    events = pipe.events(
        "In 2016, the government signed a peace deal with the rebels.\n\n"
        "Tensions between the two countries worsened as the president accused Pakistan "
        "of harboring militants.\n"
    )
    assert dates_of(events, "declaration", "accused Pakistan") == {None}


def test_a_new_paragraph_on_the_same_subject_keeps_the_month(pipe: Pipeline) -> None:
    events = pipe.events(
        "On 25 June 1950, North Korean forces invaded South Korea.\n\n"
        "North Korean forces captured Seoul.\n"
    )
    assert dates_of(events, "capture", "captured Seoul") == {"1950-06"}


def test_within_a_paragraph_the_day_carries_on(pipe: Pipeline) -> None:
    events = pipe.events(
        "On 6 August 2021, the Taliban captured Zaranj. Social media posts showed fighters "
        "in the city. A UN envoy spoke of a deadlier phase. Many residents stayed home. "
        "The governments of Britain and the United States warned their citizens to leave "
        "Afghanistan.\n"
    )
    assert dates_of(events, "declaration", "warned their citizens") == {"2021-08-06"}


def test_a_section_heading_breaks_the_story_unless_it_is_dated(pipe: Pipeline) -> None:
    events = pipe.events(
        "= War =\n\n== Siege ==\n\nIn 1990 the rebels besieged Khost.\n\n"
        "== Aftermath ==\n\nThe rebels captured Gardez.\n\n"
        "== Conquest of Khost (1991) ==\n\nThe rebels captured Khost.\n",
        layout=Layout.WIKI,
    )
    assert dates_of(events, "capture", "captured Gardez") == {None}
    assert dates_of(events, "capture", "captured Khost") == {"1991"}


def test_one_sentence_per_line_lends_the_day_to_the_next_line_only(pipe: Pipeline) -> None:
    lines = [
        "On 27 April 1978 the army revolted and killed the president",
        "The army took control of the capital",
        "The council declared a new republic",
    ]
    document = ingest_text("\n".join(lines) + "\n", name="t.txt", layout=Layout.SENTENCE_LINES)
    events = pipe.document(document, segment(document))
    assert dates_of(events, "capture", "took control") == {"1978-04-27"}
    assert dates_of(events, "declaration", "declared a new republic") == {"1978-04"}


def test_a_vague_step_forward_leaves_the_time_unknown(pipe: Pipeline) -> None:
    events = pipe.events(
        "In May 1980, six rebel groups formed an alliance in Peshawar. However, it did not "
        "last, as two groups later seceded from it. These two set up a rival union.\n"
    )
    assert dated(events, "seceded") == {None}
    assert dated(events, "rival union") == {None}


def test_a_short_step_forward_keeps_the_month(pipe: Pipeline) -> None:
    events = pipe.events(
        "On 6 August 2021, the Taliban captured Zaranj. A few days later, the Taliban "
        "captured Kunduz.\n"
    )
    assert dates_of(events, "capture", "captured Kunduz") == {"2021-08"}


def test_a_flashback_in_a_relative_clause_does_not_move_the_story(pipe: Pipeline) -> None:
    events = pipe.events(
        "In July 1973, Khan overthrew the king in a coup. He was supported by a party, "
        "which was founded in 1965. Khan abolished the monarchy and declared the Republic of "
        "Afghanistan.\n"
    )
    assert dated(events, "abolished the monarchy") == {"1973-07"}


def test_a_reported_prediction_does_not_move_the_story(pipe: Pipeline) -> None:
    events = pipe.events(
        "In July 2021, intelligence agencies warned that the government would collapse "
        "6–12 months after the withdrawal. The president stated that he would not delay "
        "the withdrawal.\n"
    )
    assert dates_of(events, "declaration", "would not delay") == {"2021-07"}


# --- dates within the sentence -----------------------------------------------------------------
def test_participles_and_infinitives_share_their_head_clause_time(pipe: Pipeline) -> None:
    war = pipe.events(
        "In March 1992 the president resigned. This triggered a civil war, "
        "starting on 25 April 1992, between five militias.\n"
    )
    assert dates_of(war, "battle", "triggered a civil war") == {"1992-04-25"}
    city = pipe.events(
        "In 1988 the rebels regrouped. The army beat back the rebels' attempts "
        "to take the city of Jalalabad in March 1989.\n"
    )
    assert dates_of(city, "battle", "beat back") == {"1989-03"}


def test_a_when_clause_takes_the_date_it_hangs_on(pipe: Pipeline) -> None:
    events = pipe.events(
        "In 1973 the king was deposed. Fighting did not erupt until after 1978, when a "
        "revolution violently overthrew the government.\n"
    )
    assert dates_of(events, "coup", "overthrew the government") == {"1978"}


def test_coordinated_years_start_with_the_first(pipe: Pipeline) -> None:
    events = pipe.events(
        "In both 1990 and 1991 the commander staged spring offensives, capturing several cities.\n"
    )
    assert dates_of(events, "capture", "capturing several cities") == {"1990"}


def test_a_date_naming_another_event_dates_that_event_only(pipe: Pipeline) -> None:
    events = pipe.events(
        "In spite of a UN resolution condemning the 1979 Soviet invasion, the Soviet troops "
        "stayed until early 1989.\n"
    )
    assert dates_of(events, "invasion", "1979 Soviet invasion") == {"1979"}
    assert dates_of(events, "declaration", "condemning") == {None}


def test_a_semicolon_separates_clauses_that_do_not_share_dates(pipe: Pipeline) -> None:
    events = pipe.events(
        "A cleric formed the Revolutionary Islamic Movement; he was known for attacking "
        "a leftist politician in parliament in 1966.\n"
    )
    assert dates_of(events, "other", "formed the Revolutionary") == {None}


@pytest.mark.parametrize(
    ("text", "kind", "words", "expected"),
    [
        (
            "The war ended on 27 April 1992, the day after the proclamation of the "
            "Peshawar Accords.",
            "agreement",
            "Peshawar Accords",
            "1992-04-26",
        ),
        (
            "Biden said US troops would leave by 11 September 2021, the 20-year anniversary "
            "of the 9/11 attacks.",
            "attack",
            "9/11 attacks",
            "2001-09-11",
        ),
        (  # an offset clause: the troops entered three days before 14 November
            "President Volodymyr Zelensky visited Kherson on 14 November 2022, three days "
            "after Ukrainian troops entered the southern city.",
            "capture",
            "entered the southern city",
            "2022-11-11",
        ),
        (
            "Russian forces have taken full control of Sievierodonetsk, the governor said on "
            "25 June 2022, a day after he announced that Ukrainian troops had been ordered to "
            "pull out of the ruined city.",
            "declaration",
            "he announced",
            "2022-06-24",
        ),
    ],
)
def test_an_offset_from_an_apposed_date_dates_its_event(
    pipe: Pipeline, text: str, kind: str, words: str, expected: str
) -> None:
    assert dates_of(pipe.events(text + "\n"), kind, words) == {expected}


def test_an_event_set_after_its_clause_takes_no_date_from_it() -> None:
    nlp = load_nlp()
    text = "After several years of negotiations, the two sides signed a deal in 2020."
    doc = nlp(text)
    tagged = DateTagger().scan_text(text)
    mentions = [(m.start, m) for m in tagged if usable(m)]
    talks = next(t for t in doc if t.lower_ == "negotiations")
    signed = next(t for t in doc if t.lower_ == "signed")
    assert sequenced(talks) and not sequenced(signed)
    assert attached_date(doc, talks.i, mentions) is None
    found = attached_date(doc, signed.i, mentions)
    assert found is not None and found.text == "2020"


# --- named events and name-dates -----------------------------------------------------------
def test_a_named_event_keeps_the_date_the_text_gave_it() -> None:
    nlp = load_nlp()
    doc = nlp("The attacks rose after the signing of the Doha Agreement.")
    signing = next(t for t in doc if t.lower_ == "signing")
    agreement = next(t for t in doc if t.text == "Agreement")
    name = named_event(doc, signing.i, [(agreement.i, "Doha Agreement")])
    assert name == "Doha Agreement"
    story = NarrativeDate()
    year = EventDate("2020", None, "year")
    story.remember("the Doha Agreement", year)
    assert story.recall(name) == year
    assert story.recall("Doha Peace Agreements") == year
    assert story.recall("Geneva Accords") is None


def test_a_name_date_without_a_year_does_not_take_the_story_year() -> None:
    text = (
        "In 1996, the Taliban captured Kabul. Following the September 11 attacks, an "
        "American-led invasion deposed the Taliban."
    )
    document = ingest_text(text, name="t.txt", layout=Layout.PLAIN)
    mentions = DateTagger()(document, segment(document))
    name = next(m for m in mentions if m.text == "September 11")
    assert (name.value, name.date_start) == ("XXXX-09-11", None)


def test_a_name_date_takes_its_sentence_year_or_a_day_by_day_story() -> None:
    tagger = DateTagger()
    (name, year) = tagger.scan_text(
        "After the September 11 attacks were carried out by al-Qaeda in 2001, troops came."
    )
    assert (name.value, year.value) == ("2001-09-11", "2001")
    text = (
        "On 6 August 2021, the Taliban claimed the 5 August assassination of the director. "
        "On the same day, the Taliban captured Zaranj."
    )
    document = ingest_text(text, name="t.txt", layout=Layout.PLAIN)
    by_text = {m.text: m for m in tagger(document, segment(document))}
    assert by_text["the 5 August"].value == "2021-08-05"
    assert by_text["the same day"].value == "2021-08-06"  # the name did not move the story


# --- merging -----------------------------------------------------------------------------------
def test_a_month_report_joins_one_day_not_two(pipe: Pipeline) -> None:
    five = pipe.events("On 5 August 2021, the Taliban captured Zaranj.\n")
    month = pipe.events("In August 2021, the Taliban captured Zaranj.\n")
    six = pipe.events("On 6 August 2021, the Taliban captured Zaranj.\n")
    merged = merge_events(_from(five, "a") + _from(month, "b") + _from(six, "c"))
    assert sorted(e.date_start or "" for e in merged) == ["2021-08-05", "2021-08-06"]


def _from(events: list[Event], doc: str) -> list[Event]:
    return [replace(e, sources=tuple(replace(s, doc=doc) for s in e.sources)) for e in events]


def test_an_unnamed_report_joins_the_group_more_reports_agree_on(pipe: Pipeline) -> None:
    taliban = pipe.events("On 15 August 2021, the Taliban captured Kabul.\n")
    rebels = [replace(e, actors=(EventArgument(None, "Rebels"),)) for e in taliban]
    unnamed = pipe.events("On 15 August 2021, Kabul was captured.\n")
    events = [
        *_from(rebels, "a"),
        *_from(unnamed, "b"),
        *_from(taliban, "c"),
        *_from(taliban, "d"),
    ]
    merged = merge_events(events)
    joined = next(e for e in merged if any(s.doc == "b" for s in e.sources))
    assert [a.name for a in joined.actors] == ["Taliban"]


def test_a_name_date_dates_the_verb_that_carries_its_event(pipe: Pipeline) -> None:
    events = pipe.events(
        "The September 11 attacks were carried out by al-Qaeda against the United States in 2001.\n"
    )
    assert dates_of(events, "attack", "carried out") == {"2001-09-11"}


def test_a_relative_clause_takes_the_date_of_its_antecedent(pipe: Pipeline) -> None:
    events = pipe.events(
        "In 2011 bin Laden was killed. The fighting continued, ultimately ending with the "
        "2021 Taliban offensive, which led to the re-establishment of the Islamic Emirate.\n"
    )
    assert dates_of(events, "government_change", "re-establishment") == {"2021"}


# --- narrative time in any layout: chronicles, digressions, dated sections --------------------
GENOCIDE = (
    "Rwandan Civil War\n\n1994\n\n"
    "On the evening of 6 April 1994 the jet carrying Habyarimana was shot down as it came "
    "in to land at Kigali airport.\n\n"
    "Responsibility for the attack has never been established in court. A ballistic report "
    "commissioned by French judges in 2012 placed the firing position near the Kanombe "
    "military camp.\n\n"
    "Within the hour, soldiers and militiamen had set up roadblocks across Kigali. The "
    "Presidential Guard and the Interahamwe began hunting down opposition politicians.\n"
)


@pytest.mark.parametrize(
    ("text", "layout", "kind", "words", "expected"),
    [
        (  # a chronicle goes on in its next paragraph (to the month), past a digression
            GENOCIDE,
            None,
            "other",
            "set up roadblocks",
            "1994-04",
        ),
        (  # "On 19 April Sindikubwabo travelled": an adverbial date, not part of a name
            "1994\n\nOn 19 April Sindikubwabo travelled to Butare and urged its people to "
            'get to "work"; the massacres there began the next day.\n',
            None,
            "declaration",
            "urged its people",
            "1994-04-19",
        ),
        (  # a clause after a semicolon without a date goes on at the sentence's time
            "On 5 April 1992 tens of thousands of people marched for peace in Sarajevo; two "
            "women, Suada Dilberović and Olga Sučić, were shot dead on the Vrbanja Bridge.\n",
            None,
            "attack",
            "shot dead",
            "1992-04-05",
        ),
        (  # a when-clause happens at the time of its main clause
            "Three people were killed when a Russian airstrike hit a maternity hospital in "
            "Mariupol on 9 March 2022, the regional governor said on 10 March.\n",
            None,
            "attack",
            "were killed",
            "2022-03-09",
        ),
        (  # "the 22 May hospital" names a building; it dates no fighting
            "In early November 2018 coalition-backed troops pushed into the eastern districts "
            "of Hodeidah, fighting around the 22 May hospital.\n",
            None,
            "battle",
            "fighting around",
            "2018-11",
        ),
        (  # a subsection takes the date of the dated section above it
            "# Yemen's War\n\n## 2014: The fall of Sanaa\n\nThe Houthis pushed south.\n\n"
            "## 2015: Collapse and intervention\n\n### The battle of Aden\n\n"
            "Houthi fighters captured Aden International Airport.\n",
            Layout.MARKDOWN,
            "capture",
            "captured Aden",
            "2015",
        ),
    ],
)
def test_narrative_time_of_chronicles_and_sections(
    pipe: Pipeline, text: str, layout: Layout | None, kind: str, words: str, expected: str
) -> None:
    assert dates_of(pipe.events(text, layout=layout), kind, words) == {expected}
