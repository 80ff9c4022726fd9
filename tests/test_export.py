"""Exports: each file read back by a real reader, key fields round-tripped, codes checked.

Fast tests use event records copied from a build of the bundled corpus (real sentences);
the slow tests export the whole knowledge base (``corpus_db``) in every format.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow.parquet as pq
import pytest

import conflict_atlas
from conflict_atlas.export import FORMATS, ExportError, codebook, export, export_format
from conflict_atlas.export.common import ActorIndex, atomic_output, check_writable, event_interval
from conflict_atlas.export.geo import event_feature, write_geojson
from conflict_atlas.export.network import actor_network, overlaps, write_gexf, write_graphml
from conflict_atlas.export.tables import (
    ACLED_COLUMNS,
    GED_COLUMNS,
    PARQUET_SCHEMA,
    acled_row,
    ucdp_row,
    ucdp_rows,
    write_parquet,
)
from conflict_atlas.export.timeline import event_slide, timeline_date
from conflict_atlas.query import Atlas

DOC = "002_88b9748bfadf5faa.txt"
TALIBAN = {"id": "31a326323ada3139", "name": "Taliban"}
ARMY = {"id": "ebeab94dba4d2c71", "name": "Afghan Armed Forces"}
SPECIAL = {"id": "64ca7f0b8d1289f8", "name": "Afghan Special Forces"}
KHALID = {"id": "857a204017cdfa68", "name": "Khalid"}
ACTORS = [
    {**TALIBAN, "kind": "armed_group", "country": "Afghanistan"},
    {**ARMY, "kind": "state_forces", "country": "Afghanistan"},
    {**SPECIAL, "kind": "state_forces", "country": "Afghanistan"},
    {**KHALID, "kind": "person"},
]


def _event(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "date_end": None,
        "targets": [],
        "plover": "ASSAULT",
        "location": None,
        "fatalities": None,
    }
    return {**base, **fields}


# Copied from a build of the bundled corpus (ids, offsets and sentences are real).
EXECUTION = _event(
    id="643eee5d6f4685c3",
    type="massacre",
    summary="Taliban executed 22 surrendering Afghan Army commandoes",
    date_start="2021-06-16",
    date_precision="day",
    actors=[TALIBAN],
    targets=[ARMY, SPECIAL],
    location={
        "name": "Dowlatabad",
        "admin1": "Balkh",
        "country": "Afghanistan",
        "lat": 36.98821,
        "lon": 66.82069,
        "precision": "city",
    },
    fatalities={"low": 22, "best": 22, "high": 22},
    acled={"event_type": "Violence against civilians", "sub_event_type": "Attack"},
    ucdp_type=3,
    sources=[
        {
            "doc": DOC,
            "start": 9058,
            "end": 9162,
            "text": "On 16 June, Taliban fighters executed 22 surrendering Afghan Army "
            "commandoes in the town of Dawlat Abad.",
        },
        {
            "doc": DOC,
            "start": 39659,
            "end": 39792,
            "text": "On 16 June, in Dawlat Abad, 22 unarmed Afghan Special Forces commandos "
            "were executed while attempting to surrender to Taliban forces.",
        },
    ],
)
OPERATION = _event(
    id="3205c79863c171be",
    type="attack",
    summary="Afghan Armed Forces launched an operation on the outskirts of Pul-e-Khumri",
    date_start="2021-06-22",
    date_precision="day",
    actors=[ARMY],
    targets=[TALIBAN, KHALID],
    location={
        "name": "Pul-e Khumri",
        "admin1": "Baghlan",
        "country": "Afghanistan",
        "lat": 35.94458,
        "lon": 68.71512,
        "precision": "city",
    },
    fatalities={"low": 17, "best": 17, "high": 17},
    acled={
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED",
    },
    ucdp_type=1,
    sources=[
        {
            "doc": DOC,
            "start": 10014,
            "end": 10258,
            "text": "On the same day, there was heavy fighting in Baghlan Province when Afghan "
            "forces launched an operation on the outskirts of Pul-e-Khumri, the provincial "
            "capital, killing 17 Taliban fighters, including Qari Khalid, a Taliban "
            "divisional commander.",
        }
    ],
)
MAZAR = _event(
    id="4104174e5a810b62",
    type="massacre",
    summary="Taliban executed about 4,000 civilians",
    date_start="1998",
    date_precision="year",
    actors=[TALIBAN],
    location={
        "name": "Mazar-i-Sharif",
        "admin1": "Balkh",
        "country": "Afghanistan",
        "lat": 36.70904,
        "lon": 67.11087,
        "precision": "city",
    },
    fatalities={"low": 4000, "best": 4000, "high": 4000},
    acled={"event_type": "Violence against civilians", "sub_event_type": "Attack"},
    ucdp_type=3,
    sources=[
        {
            "doc": "000_ffc5f83b9d0d7831.txt",
            "start": 27428,
            "end": 27546,
            "text": "Upon taking Mazar-i-Sharif in 1998, about 4,000 civilians were executed "
            "by the Taliban and many more reported tortured",
        }
    ],
)
UNDATED = _event(
    id="u1",
    type="election",
    summary="elections",
    date_start=None,
    date_precision=None,
    actors=[],
    acled={"event_type": "Strategic developments", "sub_event_type": "Other"},
    plover="OTHER",
    ucdp_type=None,
    sources=[{"doc": DOC, "start": 1, "end": 10, "text": "elections <held> & won"}],
)


# -- codebook tables ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "ged", "acled"),
    [
        ("exact", 1, 1),
        ("city", 1, 1),
        ("near", 2, 2),
        ("district", 3, 2),
        ("province", 4, 3),
        ("region", 5, 3),
        ("country", 6, 3),
        (None, None, None),
        ("somewhere", None, None),
    ],
)
def test_location_precision_codes(
    precision: str | None, ged: int | None, acled: int | None
) -> None:
    assert codebook.where_prec(precision) == ged
    assert codebook.geo_precision(precision) == acled


@pytest.mark.parametrize(
    ("start", "end", "precision", "first", "last", "ged", "acled"),
    [
        ("2021-08-15", None, "day", "2021-08-15", "2021-08-15", 1, 1),
        ("2021-08-01", "2021-08-02", "day", "2021-08-01", "2021-08-02", 2, 2),
        ("1991-03-14", "1991-03-20", "day", "1991-03-14", "1991-03-20", 3, 2),
        ("1991-03-14", "1991-03-31", "day", "1991-03-14", "1991-03-31", 4, 3),
        ("2020-02", None, "month", "2020-02-01", "2020-02-29", 4, 3),
        ("2021-08-15", None, "month", "2021-08-15", "2021-08-15", 4, 3),
        ("1978", "1978", "season", "1978-01-01", "1978-12-31", 5, 3),
        ("1992", None, "year", "1992-01-01", "1992-12-31", 5, 3),
        ("1928", "1929", "year", "1928-01-01", "1929-12-31", 5, 3),
        ("1980", None, "decade", "1980-01-01", "1989-12-31", 5, 3),
        ("1980", "1989", "decade", "1980-01-01", "1989-12-31", 5, 3),
        (None, None, None, None, None, None, None),
    ],
)
def test_date_precision_codes(
    start: str | None,
    end: str | None,
    precision: str | None,
    first: str | None,
    last: str | None,
    ged: int | None,
    acled: int | None,
) -> None:
    interval = event_interval({"date_start": start, "date_end": end, "date_precision": precision})
    assert (interval and interval.first.isoformat()) == first
    assert (interval and interval.last.isoformat()) == last
    assert codebook.date_prec(interval, precision) == ged
    assert codebook.time_precision(interval, precision) == acled


@pytest.mark.parametrize(
    ("kind", "actor_country", "event_type", "initiator", "expected"),
    [
        ("state_forces", "Afghanistan", "Battles", True, 1),
        ("state", "Afghanistan", "Battles", False, 1),
        ("state_forces", "United States", "Battles", True, 8),
        ("state", "Soviet Union", "Explosions/Remote violence", False, 8),
        ("state_forces", None, "Battles", True, None),
        ("armed_group", None, "Battles", True, 2),
        ("militia", None, "Battles", False, 3),
        ("political_party", None, "Battles", True, 3),
        ("political_party", None, "Protests", True, 6),
        ("civilian_group", None, "Protests", True, 6),
        ("civilian_group", None, "Riots", True, 5),
        ("civilian_group", None, "Violence against civilians", False, 7),
        ("civilian_group", None, "Protests", False, 7),
        ("international_org", None, "Battles", True, 8),
        ("person", "Afghanistan", "Battles", True, None),
        (None, None, "Battles", True, None),
    ],
)
def test_acled_inter_codes(
    kind: str | None, actor_country: str | None, event_type: str, initiator: bool, expected: int
) -> None:
    code = codebook.inter_code(
        kind,
        actor_country=actor_country,
        event_country="Afghanistan",
        event_type=event_type,
        initiator=initiator,
    )
    assert code == expected


@pytest.mark.parametrize(
    ("inter1", "inter2", "has_actor2", "expected"),
    [(1, 2, True, 12), (2, 1, True, 12), (8, 7, True, 78), (3, 3, True, 33), (2, None, False, 20),
     (2, None, True, None), (None, 7, True, None)],
)  # fmt: skip
def test_acled_interaction(
    inter1: int | None, inter2: int | None, has_actor2: bool, expected: int | None
) -> None:
    assert codebook.interaction(inter1, inter2, has_actor2=has_actor2) == expected


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        ("Violence against civilians", "Attack", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Agreement", "Strategic developments"),
        ("Something else", "Other", None),
    ],
)
def test_acled_disorder_type(event_type: str, sub_event_type: str, expected: str | None) -> None:
    assert codebook.disorder_type(event_type, sub_event_type) == expected


@pytest.mark.parametrize(
    ("lat", "lon", "gid"),
    [(34.53, 69.17, 179779), (-90.0, -180.0, 1), (-89.9, 179.9, 720), (89.9, 179.9, 259200),
     (90.0, 180.0, 259200), (None, 69.17, None)],
)  # fmt: skip
def test_priogrid_cell(lat: float | None, lon: float | None, gid: int | None) -> None:
    assert codebook.priogrid_gid(lat, lon) == gid


def test_interval_is_a_real_calendar_span() -> None:
    interval = event_interval(
        {"date_start": "2020-02", "date_end": None, "date_precision": "month"}
    )
    assert interval is not None
    assert (interval.first, interval.last, interval.days) == (
        date(2020, 2, 1),
        date(2020, 2, 29),
        29,
    )


# -- rows ---------------------------------------------------------------------------------------


def test_ged_row_of_a_real_event() -> None:
    row = ucdp_row(EXECUTION, ActorIndex(ACTORS), {DOC: "2021 Taliban offensive"})
    assert list(row) == list(GED_COLUMNS)
    expected = {
        "id": "643eee5d6f4685c3",
        "year": 2021,
        "type_of_violence": 3,
        "side_a": "Taliban",
        # Our one-sided event names soldiers as targets: we keep the names, not "Civilians".
        "side_b": "Afghan Armed Forces; Afghan Special Forces",
        "dyad_name": "Taliban - Afghan Armed Forces; Afghan Special Forces",
        "number_of_sources": 1,
        "source_article": f"{DOC}:9058-9162; {DOC}:39659-39792",
        "source_headline": "2021 Taliban offensive",
        "where_prec": 1,
        "where_coordinates": "Dowlatabad",
        "adm_1": "Balkh",
        "latitude": 36.98821,
        "longitude": 66.82069,
        "geom_wkt": "POINT (66.82069 36.98821)",
        "priogrid_gid": 182654,
        "country": "Afghanistan",
        "date_prec": 1,
        "date_start": "2021-06-16",
        "date_end": "2021-06-16",
        "deaths_unknown": 22,
        "best": 22,
        "high": 22,
        "low": 22,
    }
    assert {k: v for k, v in row.items() if v is not None} == expected


def test_ged_sides_put_the_state_on_side_a_and_civilians_on_side_b() -> None:
    actors = ActorIndex(ACTORS)
    taliban_first = {**OPERATION, "actors": [TALIBAN], "targets": [ARMY]}
    swapped = ucdp_row(taliban_first, actors)
    assert (swapped["side_a"], swapped["side_b"]) == ("Afghan Armed Forces", "Taliban")
    one_sided = ucdp_row(MAZAR, actors)
    assert (one_sided["side_a"], one_sided["side_b"]) == ("Taliban", "Civilians")
    assert (one_sided["date_start"], one_sided["date_end"], one_sided["date_prec"]) == (
        "1998-01-01",
        "1998-12-31",
        5,
    )
    assert [r["id"] for r in ucdp_rows([MAZAR, UNDATED, OPERATION], actors)] == [
        MAZAR["id"],
        OPERATION["id"],
    ]


def test_acled_row_of_a_real_event() -> None:
    row = acled_row(OPERATION, ActorIndex(ACTORS))
    assert list(row) == list(ACLED_COLUMNS)
    expected = {
        "event_id_cnty": "3205c79863c171be",
        "event_date": "2021-06-22",
        "year": 2021,
        "time_precision": 1,
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED",
        "actor1": "Afghan Armed Forces",
        "inter1": 1,
        "actor2": "Taliban",
        "assoc_actor_2": "Khalid",
        "inter2": 2,
        "interaction": 12,
        "country": "Afghanistan",
        "admin1": "Baghlan",
        "location": "Pul-e Khumri",
        "latitude": 35.94458,
        "longitude": 68.71512,
        "geo_precision": 1,
        "source": f"{DOC}:10014-10258",
        "notes": OPERATION["sources"][0]["text"],
        "fatalities": 17,
    }
    assert {k: v for k, v in row.items() if v is not None} == expected


def test_acled_codes_stay_empty_when_we_cannot_know_them() -> None:
    no_countries = ActorIndex([{k: v for k, v in a.items() if k != "country"} for a in ACTORS])
    row = acled_row(OPERATION, no_countries)
    assert (row["inter1"], row["inter2"], row["interaction"]) == (None, 2, None)
    hedged = {**MAZAR, "fatalities": {"low": None, "best": None, "high": 100}}
    row = acled_row(hedged, ActorIndex(ACTORS))
    assert (row["fatalities"], row["interaction"], row["actor2"]) == (None, 20, None)
    assert (row["event_date"], row["time_precision"]) == ("1998-01-01", 3)
    civilians = {**MAZAR, "targets": [{"id": "c1", "name": "Hazara civilians"}]}
    row = acled_row(civilians, ActorIndex([*ACTORS, {"id": "c1", "kind": "civilian_group"}]))
    assert (row["interaction"], row["civilian_targeting"]) == (27, "Civilian targeting")


# -- timeline and map -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("1979-12-27", "day", {"year": "1979", "month": "12", "day": "27"}),
        ("2021-08-06", "month", {"year": "2021", "month": "8"}),
        ("2021-08", "month", {"year": "2021", "month": "8"}),
        ("1988", "season", {"year": "1988"}),
        ("1992-04-28", "year", {"year": "1992"}),
        ("1980", "decade", {"year": "1980", "display_date": "1980s"}),
        ("1984", "decade", {"year": "1984", "display_date": "1980s"}),
        (None, None, None),
    ],
)
def test_timeline_dates_keep_only_known_parts(
    value: str | None, precision: str | None, expected: dict[str, str] | None
) -> None:
    assert timeline_date(value, precision) == expected


def test_timeline_slide_quotes_the_source_sentence() -> None:
    slide = event_slide({**EXECUTION, "date_end": "2021-06-17"})
    assert slide is not None
    assert slide["unique_id"] == EXECUTION["id"]
    assert slide["end_date"] == {"year": "2021", "month": "6", "day": "17"}
    assert slide["group"] == "Massacre"
    assert f"<p>{EXECUTION['sources'][0]['text']}</p>" in slide["text"]["text"]
    assert f"{DOC}, characters 9058–9162 (and 1 more source)" in slide["text"]["text"]
    assert event_slide(UNDATED) is None
    escaped = event_slide({**UNDATED, "date_start": "2004", "date_precision": "year"})
    assert escaped is not None
    assert "elections &lt;held&gt; &amp; won" in escaped["text"]["text"]


def test_geojson_point_is_longitude_first(tmp_path: Path) -> None:
    feature = event_feature(OPERATION)
    assert feature is not None
    assert feature["geometry"] == {"type": "Point", "coordinates": [68.71512, 35.94458]}
    assert event_feature(UNDATED) is None
    path = tmp_path / "events.geojson"
    assert write_geojson(path, [OPERATION, UNDATED, MAZAR]) == 2
    collection = json.loads(path.read_text(encoding="utf-8"))
    props = collection["features"][1]["properties"]
    assert (props["id"], props["fatalities_best"], props["actors"]) == (
        MAZAR["id"],
        4000,
        "Taliban",
    )
    assert (props["source_doc"], props["source_start"], props["source_end"]) == (
        "000_ffc5f83b9d0d7831.txt",
        27428,
        27546,
    )


def test_parquet_schema_holds_even_with_no_events(tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert write_parquet(path, []) == 0
    assert pq.read_table(path).schema.equals(PARQUET_SCHEMA)


# -- network ------------------------------------------------------------------------------------

RELATIONS: list[dict[str, Any]] = [
    {
        "id": "rel-fought",
        "source": TALIBAN,
        "kind": "fought",
        "target": ARMY,
        "start": "2021-05",
        "end": "2021-08-15",
        "origin": "events",
        "weight": 2,
        "evidence": [OPERATION["sources"][0]],
    },
    {
        "id": "rel-succeeded",
        "source": TALIBAN,
        "kind": "succeeded",
        "target": ARMY,
        "start": "2021-08-15",
        "end": None,
        "origin": "text",
        "weight": 1,
        "evidence": [],
    },
    {
        "id": "rel-part",
        "source": SPECIAL,
        "kind": "part_of",
        "target": ARMY,
        "start": None,
        "end": None,
        "origin": "registry",
        "weight": 1,
        "evidence": [],
    },
    {
        "id": "rel-leader",
        "source": KHALID,
        "kind": "member_of",
        "target": TALIBAN,
        "start": "2019",
        "end": None,
        "origin": "text",
        "weight": 1,
        "evidence": [],
    },
]


def test_network_round_trips_through_graphml_and_gexf(tmp_path: Path) -> None:
    graph = actor_network(ACTORS, RELATIONS, [EXECUTION, OPERATION, MAZAR])
    assert write_graphml(tmp_path / "a.graphml", graph) == 4
    assert write_gexf(tmp_path / "a.gexf", graph) == 4
    graphml = nx.read_graphml(tmp_path / "a.graphml", force_multigraph=True)
    for back in (graphml, nx.read_gexf(tmp_path / "a.gexf")):
        assert back.is_multigraph() and back.is_directed()
        assert back.number_of_edges(TALIBAN["id"], ARMY["id"]) == 2
        assert back.edges[TALIBAN["id"], ARMY["id"], "rel-succeeded"]["kind"] == "succeeded"
        assert back.nodes[TALIBAN["id"]]["label"] == "Taliban"
        assert back.nodes[TALIBAN["id"]]["kind"] == "armed_group"
        assert back.nodes[TALIBAN["id"]]["events"] == 3
        assert back.nodes[TALIBAN["id"]]["first_event"] == "1998-01-01"
        assert back.nodes[ARMY["id"]]["last_event"] == "2021-06-22"
        fought = back.edges[TALIBAN["id"], ARMY["id"], "rel-fought"]
        assert (fought["kind"], fought["date_start"], fought["date_end"]) == (
            "fought",
            "2021-05",
            "2021-08-15",
        )
        assert (fought["weight"], fought["evidence"], fought["source"]) == (
            2,
            1,
            f"{DOC}:10014-10258",
        )
        assert "date_start" not in back.edges[SPECIAL["id"], ARMY["id"], "rel-part"]
    gexf = nx.read_gexf(tmp_path / "a.gexf")
    assert gexf.graph["mode"] == "dynamic"
    fought = gexf.edges[TALIBAN["id"], ARMY["id"], "rel-fought"]
    assert (fought["start"], fought["end"]) == ("2021-05-01", "2021-08-15")
    assert gexf.edges[KHALID["id"], TALIBAN["id"], "rel-leader"]["start"] == "2019-01-01"
    assert "end" not in gexf.edges[KHALID["id"], TALIBAN["id"], "rel-leader"]


def test_filtered_network_keeps_only_event_actors() -> None:
    graph = actor_network(ACTORS, RELATIONS, [MAZAR], only_event_actors=True)
    assert list(graph.nodes) == [TALIBAN["id"]]
    assert graph.number_of_edges() == 0
    graph = actor_network(ACTORS, RELATIONS, [OPERATION], only_event_actors=True)
    assert set(graph.nodes) == {TALIBAN["id"], ARMY["id"], KHALID["id"]}
    assert {k for _, _, k in graph.edges(keys=True)} == {
        "rel-fought",
        "rel-succeeded",
        "rel-leader",
    }


@pytest.mark.parametrize(
    ("start", "end", "date_from", "date_to", "expected"),
    [
        ("2021-05", "2021-08-15", "2021-08", None, True),
        ("2021-05", "2021-08-15", "2021-09", None, False),
        ("2021-05", "2021-08-15", None, "2021-04", False),
        ("2021-05", None, "2030", None, True),
        (None, None, "1990", "1991", True),
        ("1992", "1996", "1996", "1996", True),
    ],
)
def test_relation_dates_overlap_a_range(
    start: str | None, end: str | None, date_from: str | None, date_to: str | None, expected: bool
) -> None:
    assert overlaps({"start": start, "end": end}, date_from, date_to) is expected


# -- formats and failures -------------------------------------------------------------------------


def test_every_format_is_described_and_unknown_ones_are_refused() -> None:
    assert set(FORMATS) == {
        "ucdp-csv", "acled-csv", "jsonl", "parquet", "geojson", "graphml", "gexf", "timelinejs",
    }  # fmt: skip
    assert all(len(text) > 40 for text in FORMATS.values())
    assert export_format(" GEXF ") is export_format("gexf")
    with pytest.raises(ExportError, match=r"unknown export format 'xlsx'; choose one of: ucdp-csv"):
        export_format("xlsx")


def test_unwritable_paths_are_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep", encoding="utf-8")
    cases = {
        tmp_path / "missing" / "out.csv": "does not exist",
        tmp_path: "is a directory",
        a_file / "out.csv": "does not exist",
    }
    for out, message in cases.items():
        with pytest.raises(ExportError, match=message):
            check_writable(out)
    assert a_file.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="not writable"):
            check_writable(folder / "out.csv")
    finally:
        folder.chmod(0o700)


def _write_half_and_fail(out: Path) -> None:
    with atomic_output(out) as tmp:
        tmp.write_text("half a fi", encoding="utf-8")
        raise RuntimeError("disk trouble")


def test_failed_export_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    out.write_text("the user's data\n", encoding="utf-8")
    out.chmod(0o640)
    with pytest.raises(RuntimeError, match="disk trouble"):
        _write_half_and_fail(out)
    assert out.read_text(encoding="utf-8") == "the user's data\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]
    with atomic_output(out) as tmp:
        tmp.write_text("new\n", encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "new\n"
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


# -- the whole knowledge base, every format (slow) ----------------------------------------------

SPAN = re.compile(r"(?P<doc>[^;:]+):(?P<start>\d+)-(?P<end>\d+)")


@pytest.fixture(scope="module")
def atlas(corpus_db: Path) -> Any:
    with conflict_atlas.open(corpus_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def exported(atlas: Atlas, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    files = {}
    for fmt in ("ucdp-csv", "acled-csv", "jsonl", "parquet", "geojson", "timelinejs"):
        files[fmt] = folder / f"events.{fmt}"
        export(atlas, fmt, files[fmt])
    return files


def _spans(cell: str) -> list[tuple[str, int, int]]:
    return [(m["doc"].strip(), int(m["start"]), int(m["end"])) for m in SPAN.finditer(cell)]


def _source_spans(event: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(s["doc"], s["start"], s["end"]) for s in event["sources"]]


def _number(cell: str) -> float | None:
    return float(cell) if cell else None


@pytest.mark.slow
def test_ucdp_csv_round_trips(atlas: Atlas, exported: dict[str, Path]) -> None:
    events = {e["id"]: e for e in atlas.events()}
    texts = atlas.texts()
    with exported["ucdp-csv"].open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == GED_COLUMNS
    assert [r["id"] for r in rows] == [e for e, v in events.items() if v["ucdp_type"] is not None]
    for row in rows:
        event = events[row["id"]]
        loc, dead = event["location"] or {}, event["fatalities"] or {}
        interval = event_interval(event)
        assert int(row["type_of_violence"]) == event["ucdp_type"]
        assert row["date_start"] == (interval.first.isoformat() if interval else "")
        assert row["date_end"] == (interval.last.isoformat() if interval else "")
        assert (_number(row["latitude"]), _number(row["longitude"])) == (
            loc.get("lat"),
            loc.get("lon"),
        )
        assert [_number(row[k]) for k in ("low", "best", "high")] == [
            dead.get(k) for k in ("low", "best", "high")
        ]
        assert _spans(row["source_article"]) == _source_spans(event)
        for (doc, start, end), source in zip(
            _spans(row["source_article"]), event["sources"], strict=True
        ):
            assert texts[doc][start:end] == source["text"]
        names = {a["name"] for a in event["actors"] + event["targets"]}
        sides = {n for side in ("side_a", "side_b") for n in row[side].split("; ") if n}
        assert sides - {"Civilians"} <= names
    assert any(r["side_b"] == "Civilians" for r in rows)
    assert all(r[k] == "" for r in rows for k in ("relid", "conflict_name", "deaths_a", "gwnoa"))


@pytest.mark.slow
def test_acled_csv_round_trips(atlas: Atlas, exported: dict[str, Path]) -> None:
    events = atlas.events()
    with exported["acled-csv"].open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    assert [r["event_id_cnty"] for r in rows] == [e["id"] for e in events]
    for row, event in zip(rows, events, strict=True):
        assert row["notes"] == event["sources"][0]["text"]
        assert _spans(row["source"]) == _source_spans(event)
        assert row["actor1"] == (event["actors"][0]["name"] if event["actors"] else "")
        assert row["actor2"] == (event["targets"][0]["name"] if event["targets"] else "")
        assert row["event_date"][:4] == (event["date_start"] or "")[:4]
        dead = event["fatalities"] or {}
        conservative = dead.get("low") if dead.get("low") is not None else dead.get("best")
        assert _number(row["fatalities"]) == conservative
        if row["interaction"]:
            codes = sorted(int(row[k]) for k in ("inter1", "inter2") if row[k])
            assert int(row["interaction"]) == int("".join(map(str, codes)).ljust(2, "0"))
        assert row["time_precision"] in {"1", "2", "3", ""}
        assert row["geo_precision"] in {"1", "2", "3", ""}


@pytest.mark.slow
def test_jsonl_parquet_geojson_and_timeline_round_trip(
    atlas: Atlas, exported: dict[str, Path]
) -> None:
    events = atlas.events()
    lines = exported["jsonl"].read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == events

    table = pq.read_table(exported["parquet"])
    assert table.schema.names == PARQUET_SCHEMA.names
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    for row, event in zip(rows, events, strict=True):
        assert row["sources"] == event["sources"]
        assert [a["name"] for a in row["actors"]] == [a["name"] for a in event["actors"]]
        assert row["date_start"] == event["date_start"]
        assert row["fatalities_best"] == (event["fatalities"] or {}).get("best")
        interval = event_interval(event)
        assert row["interval_start"] == (interval.first if interval else None)

    features = json.loads(exported["geojson"].read_text(encoding="utf-8"))["features"]
    located = [e for e in events if (e["location"] or {}).get("lat") is not None]
    assert [f["id"] for f in features] == [e["id"] for e in located]
    for feature, event in zip(features, located, strict=True):
        loc, props = event["location"], feature["properties"]
        assert feature["geometry"]["coordinates"] == [loc["lon"], loc["lat"]]
        source = event["sources"][0]
        written = [props[f"source_{k}"] for k in ("doc", "start", "end", "text")]
        assert written == [source[k] for k in ("doc", "start", "end", "text")]

    timeline = json.loads(exported["timelinejs"].read_text(encoding="utf-8"))
    dated = [e for e in events if e["date_start"]]
    assert [s["unique_id"] for s in timeline["events"]] == [e["id"] for e in dated]
    parts = {"day": 3, "month": 2, "season": 1, "year": 1, "decade": 1}
    for slide, event in zip(timeline["events"], dated, strict=True):
        shown = [k for k in ("year", "month", "day") if k in slide["start_date"]]
        expected = min(parts.get(event["date_precision"], 3), len(event["date_start"].split("-")))
        assert len(shown) == expected
        assert int(slide["start_date"]["year"]) == int(event["date_start"][:4])
        assert html.escape(event["sources"][0]["text"]) in slide["text"]["text"]


@pytest.mark.slow
def test_filters_and_errors_on_the_knowledge_base(atlas: Atlas, tmp_path: Path) -> None:
    out = tmp_path / "recent.csv"
    written = export(atlas, "acled-csv", out, date_from="2021-08", type="capture")
    assert written == len(atlas.events(date_from="2021-08", type="capture")) > 0
    with out.open(encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == written
    before = out.read_bytes()
    with pytest.raises(ExportError, match="unknown export format"):
        export(atlas, "shapefile", out)
    with pytest.raises(ExportError, match="does not exist"):
        export(atlas, "jsonl", tmp_path / "no" / "such" / "folder.jsonl")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recent.csv"]


@pytest.mark.slow
def test_network_of_real_events(atlas: Atlas, tmp_path: Path) -> None:
    events = atlas.events()
    actors = atlas.actors()
    by_name = {a["name"]: a for a in actors}
    taliban, army = by_name["Taliban"], by_name["Afghan Armed Forces"]
    relations = [copy.deepcopy(RELATIONS[0])]
    relations[0]["source"] = {"id": taliban["id"], "name": "Taliban"}
    relations[0]["target"] = {"id": army["id"], "name": army["name"]}
    graph = actor_network(actors, relations, events)
    write_gexf(tmp_path / "net.gexf", graph)
    back = nx.read_gexf(tmp_path / "net.gexf")
    taking_part = [
        e for e in events if taliban["id"] in {a["id"] for a in e["actors"] + e["targets"]}
    ]
    assert back.nodes[taliban["id"]]["events"] == len(taking_part) > 10
    assert back.nodes[taliban["id"]]["mentions"] == taliban["mentions"]
    edge = back.edges[taliban["id"], army["id"]]  # one edge: networkx reads a plain DiGraph
    assert (edge["id"], edge["start"], edge["end"]) == ("rel-fought", "2021-05-01", "2021-08-15")
    involved = {a["id"] for e in events for a in e["actors"] + e["targets"] if a["id"]}
    assert set(back.nodes) == involved | {army["id"]}


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(Atlas, "relations"), reason="Atlas.relations() not there yet")
def test_network_export_from_the_knowledge_base(atlas: Atlas, tmp_path: Path) -> None:
    relations = atlas.relations()  # type: ignore[attr-defined]
    assert export(atlas, "graphml", tmp_path / "actors.graphml") == len(relations)
    graph = nx.read_graphml(tmp_path / "actors.graphml", force_multigraph=True)
    assert {k for _, _, k in graph.edges(keys=True)} == {r["id"] for r in relations}
    recent = export(atlas, "gexf", tmp_path / "recent.gexf", date_from="2021")
    assert recent == nx.read_gexf(tmp_path / "recent.gexf").number_of_edges() <= len(relations)
