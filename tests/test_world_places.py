"""The world gazetteer (GeoNames cities500, first-order regions, Natural Earth features)
and place resolution in texts about wars outside Afghanistan.

The sentences are written for these tests (not taken from any evaluation text): each
checks one mechanism a user would notice on a map.
"""

from __future__ import annotations

import sqlite3
import sys
from functools import cache
from pathlib import Path

import pytest

from conflict_atlas.ingest import ingest_text
from conflict_atlas.models import Place
from conflict_atlas.resolve.actors import ActorResolver
from conflict_atlas.resolve.gazetteer import Gazetteer, default_gazetteer
from conflict_atlas.resolve.places import PlaceResolver, where_prec
from conflict_atlas.resolve.world import WorldGazetteer, WorldGazetteerError, default_world
from conflict_atlas.segment import segment

REPO = Path(__file__).parent.parent
GEO = REPO.parent / "shared" / "data" / "geo"


def test_world_gazetteer_holds_every_populated_place() -> None:
    world = default_world()
    assert len(world) > 199_000
    codes = world.countries()
    assert codes["UA"] == "Ukraine" and codes["BA"] == "Bosnia and Herzegovina"
    assert codes["US"] == "United States" and codes["FR"] == "France"


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("Kharkiv", "Ukraine", "city"),
        ("Kharkov", "Ukraine", "city"),  # alternate spellings of GeoNames
        ("Charkiw", "Ukraine", "city"),
        ("Aleppo", "Syria", "city"),
        ("Hodeidah", "Yemen", "city"),  # "El-Hodeidah" without its article
        ("Mogadishu", "Somalia", "city"),
    ],
)
def test_core_places_are_known_to_every_build(name: str, country: str, kind: str) -> None:
    found = [(e.country, e.kind) for e in default_gazetteer().lookup(name)]
    assert (country, kind) in found, found


def test_minor_places_come_with_their_country() -> None:
    gaz = Gazetteer()
    assert not [e for e in gaz.lookup("Bucha") if e.cc == "UA"]  # a town: not core
    gaz.load_country("UA")
    towns = gaz.lookup("Bucha", countries=("UA",))
    assert [(e.country, e.admin1) for e in towns] == [("Ukraine", "Kyiv")]
    assert not [e for e in gaz.lookup("Bucha") if e.cc == "UA"]  # only when asked for


def test_lookup_world_finds_any_place_by_name() -> None:
    found = default_gazetteer().lookup_world("Srebrenica")
    assert [(e.country, e.precision) for e in found] == [("Bosnia and Herzegovina", "city")]


@pytest.mark.parametrize(
    ("name", "country"),
    [("Kherson Oblast", "Ukraine"), ("Idlib", "Syria"), ("Tigray", "Ethiopia")],
)
def test_first_order_regions_have_admin1_precision(name: str, country: str) -> None:
    regions = [e for e in default_gazetteer().lookup(name) if e.kind == "province"]
    assert regions and regions[0].country == country
    assert regions[0].precision == "admin1" and where_prec("admin1") == 4


def test_named_features_need_their_kind_word() -> None:
    gaz = default_gazetteer()
    assert [e.kind for e in gaz.lookup("Dnieper River")] == ["river"]
    assert not [e for e in gaz.lookup("French") if e.kind == "river"]
    assert [e.kind for e in gaz.lookup("Red Sea") if e.kind == "sea"] == ["sea"]


@pytest.mark.parametrize("word", ["Capital", "Northern", "Central", "Independence"])
def test_generic_words_are_not_place_names(word: str) -> None:
    assert default_gazetteer().lookup(word) == []
    assert default_gazetteer().lookup_world(word) == []


def test_a_missing_world_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorldGazetteerError, match="not found"):
        WorldGazetteer(tmp_path / "none.sqlite")
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    with pytest.raises(WorldGazetteerError, match="not a world gazetteer"):
        WorldGazetteer(bad)


@pytest.mark.skipif(not GEO.is_dir(), reason=f"the GeoNames sources are not at {GEO}")
def test_world_rows_agree_with_the_script_and_the_source() -> None:
    """Every 997th GeoNames line, turned into a row by the build script, is in the file."""
    sys.path.insert(0, str(REPO / "scripts"))
    import build_world_gazetteer as script  # type: ignore[import-not-found]

    admin1 = script.division_names(GEO)
    db = sqlite3.connect(REPO / "src" / "conflict_atlas" / "data" / "gazetteer" / "world.sqlite")
    checked = 0
    source = GEO / "geonames" / "world" / "cities500.txt"
    for n, cols in enumerate(script.read_tsv(source)):
        if n % 997 or cols[8] in script.SKIP_COUNTRIES:
            continue
        row = script.place_row(cols, admin1)
        stored = db.execute(
            "select name, kind, lat5, lon5, cc, population from places where geonameid = ?",
            (int(cols[0]),),
        ).fetchone()
        assert stored == (
            row.name,
            row.kind,
            round(row.lat * 1e5),
            round(row.lon * 1e5),
            row.cc,
            row.population,
        ), cols[:3]
        checked += 1
    assert checked > 150


# --- resolution in running text ---------------------------------------------------------


@cache
def _parser() -> ActorResolver:
    return ActorResolver()


def places_of(text: str) -> list[tuple[str, str | None, str, str | None]]:
    """(mention, place name, precision, country) of each place mention of a short text."""
    document = ingest_text(text, name="t.txt")
    sentences = segment(document)
    docs = _parser().parse(document, sentences)
    mentions, places = PlaceResolver()(document, sentences, docs=docs)
    by_id: dict[str, Place] = {p.id: p for p in places}
    out = []
    for m in mentions:
        place = by_id.get(m.entity_id or "")
        out.append(
            (
                m.text,
                place.name if place else None,
                place.precision if place else "unresolved",
                place.country if place else None,
            )
        )
    return out


UKRAINE = (
    "Russian forces crossed into Ukraine from Belarus in February. "
    "They reached the outskirts of Kyiv within days. "
)


@pytest.mark.slow
def test_towns_of_the_country_a_text_is_about() -> None:
    found = places_of(UKRAINE + "Heavy fighting took place in Bucha and Irpin.")
    assert ("Bucha", "Bucha", "city", "Ukraine") in found
    assert ("Irpin", "Irpin", "city", "Ukraine") in found


@pytest.mark.slow
def test_a_site_named_after_a_town_is_near_it() -> None:
    found = places_of(UKRAINE + "Paratroopers landed at the Hostomel airfield.")
    assert ("Hostomel airfield", "Hostomel airfield", "near", "Ukraine") in found


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "General Hamilton ordered the advance.",  # a title makes a person
        "President Jackson met the envoy in Kyiv.",
    ],
)
def test_titled_names_are_people(text: str) -> None:
    names = [m for m, *_ in places_of(UKRAINE + text)]
    assert "Hamilton" not in names and "Jackson" not in names


@pytest.mark.slow
def test_part_of_an_organisation_name_is_not_a_place() -> None:
    text = (
        "The war in Bosnia and Herzegovina began in April. "
        "The Army of Republika Srpska shelled Sarajevo from the hills."
    )
    found = places_of(text)
    assert not [f for f in found if f[0] == "Republika Srpska"]
    assert ("Sarajevo", "Sarajevo", "city", "Bosnia and Herzegovina") in found


@pytest.mark.slow
def test_a_place_the_gazetteer_lacks_is_kept_unresolved() -> None:
    text = (
        "Fighting spread across northern Rwanda in 1991. "
        "Militiamen attacked the village of Ngororerogo. They later took Gisenyi."
    )
    found = places_of(text)
    assert ("Ngororerogo", None, "unresolved", None) in found
    assert ("Gisenyi", "Gisenyi", "city", "Rwanda") in found


@pytest.mark.slow
def test_namesakes_of_another_continent_lose_to_the_texts_country() -> None:
    # Tripoli is a capital in Libya and a large city in Lebanon
    text = "The war in Libya began in Benghazi. Rebels entered Tripoli in August."
    found = places_of(text)
    assert ("Tripoli", "Tripoli", "city", "Libya") in found


@pytest.mark.slow
def test_a_place_named_inside_another_takes_its_point() -> None:
    text = (
        "Fighting spread across northern Rwanda in 1991. "
        "Officials in Ngororerogo commune, in Gisenyi prefecture, led attacks on Tutsi."
    )
    found = places_of(text)
    # Rwanda's prefectures are gone from GeoNames: Gisenyi is the town, and so the point
    assert ("Ngororerogo", "Ngororerogo", "city", "Rwanda") in found
    near = places_of("The war in Yemen went on. A missile fell near Ngororerogo, near Sanaa.")
    assert ("Ngororerogo", "Ngororerogo", "near", "Yemen") in near


@pytest.mark.slow
def test_a_surname_that_is_a_town_elsewhere_is_no_place() -> None:
    # Bush is a town in Egypt; in a text about Afghanistan it is a person's name
    text = (
        "The war in Afghanistan began in 2001. Kabul fell in November. "
        "President George W. Bush announced the campaign. Bush spoke again in December."
    )
    assert not [f for f in places_of(text) if f[0] == "Bush"]
