"""Where the story is (events/whereabouts.py): the place of an event whose sentence names
none. Sentences written for these tests; places resolved with the bundled gazetteer."""

from __future__ import annotations

import pytest

from conflict_atlas.events.whereabouts import Whereabouts
from conflict_atlas.ingest import ingest_text
from conflict_atlas.models import EventLocation
from conflict_atlas.resolve.places import resolve_places
from conflict_atlas.segment import segment


def locations(text: str) -> list[tuple[str, str] | None]:
    """(name, precision) of ``here()`` at each sentence, moving through the text."""
    document = ingest_text(text, name="t.txt")
    sentences = segment(document)
    mentions, places = resolve_places(document, sentences)
    where = Whereabouts(
        document.text, sentences, mentions, {p.id: p for p in places}, line_paragraphs=False
    )
    out: list[tuple[str, str] | None] = []
    for sentence in sentences:
        where.enter(sentence)
        found: EventLocation | None = where.here(sentence)
        out.append((found.name, found.precision) if found else None)
        where.tell(sentence, [])
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the city" names the last city told
        (
            "Rebels entered Taiz on 22 March. Government forces retook the city in August.",
            ("Taiz", "city"),
        ),
        # "the province" names the last region told, not the town after it
        (
            "Fighting spread to Idlib Governorate and the town of Saraqib. "
            "The army shelled the province for weeks.",
            ("Idlib", "admin1"),
        ),
        # no place of its own: the country the paragraph has named as a place
        (
            "Fighting spread across northern Yemen. The government declared a curfew.",
            ("Yemen", "country"),
        ),
    ],
)
def test_a_sentence_without_a_place(text: str, expected: tuple[str, str]) -> None:
    assert locations(text)[-1] == expected


def test_a_country_that_acts_is_not_where_the_story_is() -> None:
    assert locations("Saudi Arabia began bombing on 26 March.") == [None]


def test_a_country_as_a_modifier_is_not_a_setting() -> None:
    text = "Fighting went on in Donetsk. A strike hit the prison with US-supplied rockets."
    assert locations(text)[-1] == ("Ukraine", "country")


def test_a_new_section_forgets_the_places_told() -> None:
    text = "= T =\n\n== Spring ==\n\nRebels took Taiz.\n\n== Autumn ==\n\nThey lost the city.\n"
    # the town is no longer what "the city" means; the document's country still holds
    assert locations(text)[-1] == ("Yemen", "country")


SECTIONS = (
    "= Wars =\n\n== Korea ==\n\nFighting raged in South Korea and around Seoul.\n\n"
    "War came again to South Korea.\n\n"
    "== Bosnia ==\n\nThe siege went on.\n\n"
    "== Syria ==\n\nRebels fought in Syria and in Aleppo. The siege went on in Syria.\n"
)


def test_each_section_is_set_in_its_own_country() -> None:
    found = locations(SECTIONS)
    assert found[1] == ("South Korea", "country")
    # no place in the Bosnia section and no country dominating the text: no setting
    assert found[2] is None
    assert found[-1] == ("Syria", "country")


def test_a_text_about_one_country_sets_its_unplaced_sections_there() -> None:
    text = SECTIONS.split("== Syria ==")[0]
    assert locations(text)[2] == ("South Korea", "country")
