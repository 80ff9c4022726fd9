"""The command line, called through its real entry point."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FIXTURE_CORPUS, FIXTURES
from typer.testing import CliRunner

import conflict_atlas
import conflict_atlas.corpus
from conflict_atlas.cli import app
from conflict_atlas.store import interval_end, interval_start

runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "scan.txt",
        "latin1": tmp_path / "latin1.txt",
        "huge": tmp_path / "huge.txt",
        "jsonl": tmp_path / "feed.jsonl",
    }
    files["empty"].write_text("  \n", encoding="utf-8")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    files["latin1"].write_bytes("Le siège de Sarajevo.".encode("latin-1"))
    files["huge"].write_text("The war went on. " * 200, encoding="utf-8")
    files["jsonl"].write_text(
        json.dumps({"id": "ok", "text": "Troops entered Grozny in 1994."}) + "\n{broken\n",
        encoding="utf-8",
    )
    return files


def test_bad_inputs_get_one_line_errors_and_the_rest_is_stored(
    tmp_path: Path, bad_inputs: dict[str, Path]
) -> None:
    db = tmp_path / "kb.db"
    good = FIXTURE_CORPUS / "sudan_plain.txt"
    missing = tmp_path / "missing.txt"
    code, stdout, stderr = invoke(
        "build", good, missing, *bad_inputs.values(), "--db", db, "--max-file-size", "2KB"
    )
    assert code == 1
    assert "Traceback" not in stdout + stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    expected = {
        f"{missing}: no such file or directory",
        f"{bad_inputs['empty']}: empty file",
        f"{bad_inputs['binary']}: binary file (contains NUL bytes), not text",
        f"{bad_inputs['latin1']}:1: not valid UTF-8 (byte 0xe8 at offset 5)",
        f"{bad_inputs['huge']}: file is 3,400 bytes, over the 2,048-byte limit",
        f"{bad_inputs['jsonl']}:2: malformed JSON "
        "(Expecting property name enclosed in double quotes, column 2)",
    }
    assert {e.removeprefix("error: ") for e in errors} == expected
    with conflict_atlas.open(db) as atlas:
        assert [d.name for d in atlas.documents()] == ["feed.jsonl#ok", "sudan_plain.txt"]


def test_strict_stops_at_the_first_problem(tmp_path: Path, bad_inputs: dict[str, Path]) -> None:
    db = tmp_path / "kb.db"
    code, _, stderr = invoke(
        "build", FIXTURE_CORPUS / "sudan_plain.txt", bad_inputs["empty"], "--db", db, "--strict"
    )
    assert code == 1
    assert stderr.strip() == f"error: {bad_inputs['empty']}: empty file"
    assert not db.exists()


def test_all_inputs_bad_keeps_existing_db(tmp_path: Path, bad_inputs: dict[str, Path]) -> None:
    db = tmp_path / "kb.db"
    assert invoke("build", FIXTURE_CORPUS / "sudan_plain.txt", "--db", db)[0] == 0
    before = db.read_bytes()
    code, _, stderr = invoke("build", bad_inputs["binary"], "--db", db)
    assert code == 1
    assert "left unchanged" in stderr
    assert db.read_bytes() == before


def test_build_summary_docs_show_search(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    code, stdout, _ = invoke("build", FIXTURE_CORPUS, "--db", db)
    assert code == 0
    assert "bosnia_wiki.txt" in stdout and "sentence_lines" in stdout
    assert "7 documents" in stdout

    code, stdout, _ = invoke("docs", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert code == 0 and len(rows) == 7
    bosnia = next(r for r in rows if r["doc"] == "bosnia_wiki.txt")
    assert (bosnia["sections"], bosnia["infobox_fields"], bosnia["table_rows"]) == ("4", "7", "3")

    code, stdout, _ = invoke("show", "bosnia", "--db", db)
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].startswith("Siege of Sarajevo")
    assert "  Early fighting — 3 sentences" in lines
    assert "Infobox: 7 fields" in lines

    code, stdout, _ = invoke("search", "Markale market", "--db", db, "--format", "jsonl", "-n", "5")
    hits = [json.loads(line) for line in stdout.splitlines()]
    assert code == 0 and len(hits) == 2
    assert set(hits[0]) == {"doc", "section", "start", "end", "score", "snippet", "text"}
    assert hits[0]["section"] == "Shelling"


def test_missing_db_is_a_clear_error(tmp_path: Path) -> None:
    code, _, stderr = invoke("docs", "--db", tmp_path / "none.db")
    assert code == 1
    assert "does not exist; build it first" in stderr


@pytest.mark.parametrize(
    "command",
    ["build", "docs", "show", "search", "dates", "actors", "places", "events", "timeline", "eval"],
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, stdout, _ = invoke(command, "--help")
    assert code == 0
    assert "Example: conflict-atlas" in " ".join(stdout.split())


def test_console_script_runs_the_bundled_corpus(tmp_path: Path) -> None:
    """`conflict-atlas build` with no paths builds the five bundled articles."""
    db = tmp_path / "atlas.db"
    done = subprocess.run(
        [sys.executable, "-m", "conflict_atlas", "build", "--db", str(db), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    with conflict_atlas.open(db) as atlas:
        assert len(atlas.documents()) == 5


def test_dates_command_prints_the_contract(tmp_path: Path) -> None:
    code, stdout, _ = invoke("dates", FIXTURE_CORPUS / "chechnya_pipe.txt")
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert code == 0
    assert all(
        list(r)
        == [
            "doc",
            "start",
            "end",
            "text",
            "value",
            "precision",
            "date_start",
            "date_end",
            "mod",
            "anchor",
        ]
        for r in rows
    )
    grozny = next(r for r in rows if r["text"] == "31 December 1994")
    assert (grozny["value"], grozny["precision"], grozny["anchor"]) == (
        "1994-12-31",
        "day",
        "explicit",
    )
    text = (FIXTURE_CORPUS / "chechnya_pipe.txt").read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_dates_reference_date_anchors_news(tmp_path: Path) -> None:
    news = tmp_path / "report.txt"
    news.write_text("Rebels shelled the town yesterday. Talks resumed on 3 May.", encoding="utf-8")
    code, stdout, _ = invoke("dates", news, "--reference-date", "2015-05-10")
    rows = {r["text"]: r for r in map(json.loads, stdout.splitlines())}
    assert code == 0
    assert rows["yesterday"]["date_start"] == "2015-05-09"
    assert rows["3 May"]["value"] == "2015-05-03"
    bad = invoke("dates", news, "--reference-date", "May 2015")
    assert bad[0] == 2


def test_actors_and_places_commands(corpus_db: Path) -> None:
    code, stdout, _ = invoke("actors", "--db", corpus_db, "--format", "jsonl")
    actors = {a["name"]: a for a in map(json.loads, stdout.splitlines())}
    assert code == 0
    taliban = actors["Taliban"]
    assert set(taliban) == {"id", "name", "kind", "country", "aliases", "mentions"}
    assert taliban["kind"] == "armed_group" and taliban["mentions"] > 100
    code, stdout, _ = invoke("actors", "--db", corpus_db, "--kind", "person", "--format", "jsonl")
    assert {json.loads(line)["kind"] for line in stdout.splitlines()} == {"person"}

    code, stdout, _ = invoke("places", "--db", corpus_db, "--format", "jsonl")
    places = {(p["name"], p["kind"]): p for p in map(json.loads, stdout.splitlines())}
    assert code == 0
    kabul = places["Kabul", "city"]
    assert set(kabul) == {
        "id",
        "name",
        "kind",
        "lat",
        "lon",
        "admin1",
        "country",
        "precision",
        "aliases",
        "mentions",
    }
    assert abs(kabul["lat"] - 34.53) < 0.1 and abs(kabul["lon"] - 69.17) < 0.1
    assert kabul["country"] == "Afghanistan"
    assert places["Kabul", "city"]["mentions"] > places["Kabul", "province"]["mentions"]


EVENT_KEYS = [
    "id",
    "type",
    "summary",
    "date_start",
    "date_end",
    "date_precision",
    "actors",
    "targets",
    "location",
    "fatalities",
    "acled",
    "plover",
    "ucdp_type",
    "sources",
]


def test_events_jsonl_contract_and_sources(corpus_db: Path) -> None:
    code, stdout, _ = invoke("events", "--db", corpus_db, "--format", "jsonl")
    events = [json.loads(line) for line in stdout.splitlines()]
    assert code == 0 and len(events) > 300
    with conflict_atlas.open(corpus_db) as atlas:
        texts = atlas.texts()
    for event in events:
        assert list(event) == EVENT_KEYS
        assert event["date_precision"] in {None, "day", "month", "season", "year", "decade"}
        for source in event["sources"]:
            raw = texts[source["doc"]][source["start"] : source["end"]]
            assert raw == source["text"]  # evidence is the exact slice, markers included
    merged = [e for e in events if {s["doc"][:3] for s in e["sources"]} >= {"000", "001"}]
    assert merged, "the two revisions of the same article share events"


def test_events_filters(corpus_db: Path) -> None:
    def run(*args: str) -> list[dict[str, object]]:
        code, stdout, _ = invoke("events", "--db", corpus_db, "--format", "jsonl", *args)
        assert code == 0
        return [json.loads(line) for line in stdout.splitlines()]

    captures = run("--type", "capture", "--from", "2021-08-01", "--to", "2021-08-31")
    assert captures and all(e["type"] == "capture" for e in captures)
    for event in captures:  # the event is known to lie within August 2021
        start = interval_start(event["date_start"])
        end = interval_end(event["date_end"] or event["date_start"])
        assert "2021-08-01" <= start <= end <= "2021-08-31"
    assert not [e for e in captures if e["date_precision"] == "year"]
    dead = run("--min-fatalities", "100")
    assert dead
    for event in dead:
        counts = event["fatalities"] or {}
        assert (counts.get("best") or counts.get("low") or counts.get("high") or 0) >= 100
    taliban = run("--actor", "Taliban", "--doc", "002")
    with conflict_atlas.open(corpus_db) as atlas:  # --actor matches names and aliases
        names = {a["id"]: " ".join([a["name"], *a["aliases"]]) for a in atlas.actors()}
    assert taliban and all(
        any("taliban" in names.get(a["id"], a["name"]).lower() for a in e["actors"] + e["targets"])
        for e in taliban
    )
    assert invoke("events", "--db", corpus_db, "--from", "August 2021")[0] == 2


def test_timeline_is_chronological(corpus_db: Path) -> None:
    code, stdout, _ = invoke("timeline", "--db", corpus_db, "--place", "Kabul")
    years = [line.strip() for line in stdout.splitlines() if re.fullmatch(r"\d{4}", line.strip())]
    assert code == 0 and len(years) > 3
    assert years == sorted(years)


def test_eval_scores_against_gold(tmp_path: Path) -> None:
    gold = FIXTURES / "gold"
    db = tmp_path / "kb.db"
    corpus = Path(conflict_atlas.corpus.corpus_dir())
    assert invoke("build", corpus, gold / "texts", "--db", db, "--quiet")[0] == 0
    code, stdout, _ = invoke("eval", "--gold", gold, "--db", db, "--format", "json")
    scores = json.loads(stdout)
    assert code == 0
    assert scores["gold"] == sum(
        1
        for file in gold.glob("*.events.jsonl")
        for line in file.read_text(encoding="utf-8").splitlines()
        if line.strip() and "scope" not in json.loads(line)
    )
    assert scores["recall"] >= 0.65 and scores["precision"] >= 0.9
    assert scores["date_accuracy"] >= 0.75 and scores["headline_recall"] >= 0.75
    code, _, stderr = invoke("eval", "--gold", gold, "--db", db.with_name("none.db"))
    assert code == 1 and "does not exist" in stderr


def test_export_writes_a_file_a_reader_opens(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    code, _, stderr = invoke("export", "--db", corpus_db, "--format", "geojson", "--out", out)
    assert code == 0 and "wrote" in stderr
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features)
    out.write_text("keep me", encoding="utf-8")
    code, _, stderr = invoke("export", "--db", corpus_db, "--format", "xlsx", "--out", out)
    assert code == 1 and "unknown export format 'xlsx'" in stderr
    assert out.read_text(encoding="utf-8") == "keep me"


def test_claims_contradictions_follow_the_contract(corpus_db: Path) -> None:
    code, stdout, _ = invoke("claims", "--db", corpus_db, "--contradictions", "--format", "jsonl")
    groups = [json.loads(line) for line in stdout.splitlines()]
    assert code == 0 and groups
    with conflict_atlas.open(corpus_db) as atlas:
        texts = atlas.texts()
    strengths = [g["strength"] for g in groups]
    assert strengths == sorted(strengths, reverse=True) and all(s > 0 for s in strengths)
    for group in groups:
        assert {"subject", "property", "strength", "claims"} <= set(group)
        assert len({c["value"] for c in group["claims"]}) >= 2  # a disagreement needs two
        for claim in group["claims"]:
            assert {"value", "low", "high", "unit", "sources"} <= set(claim)
            for src in claim["sources"]:
                assert texts[src["doc"]][src["start"] : src["end"]] == src["text"]
    code, stdout, _ = invoke("claims", "--db", corpus_db, "--subject", "Kandahar")
    assert code == 0 and "Kandahar" in stdout


def test_actor_profile_and_network(corpus_db: Path) -> None:
    code, stdout, _ = invoke("actor", "the Taliban", "--db", corpus_db, "--format", "jsonl")
    profile = json.loads(stdout)
    assert code == 0 and profile["name"] == "Taliban" and profile["kind"] == "armed_group"
    dates = [e["date_start"] for e in profile["events"] if e["date_start"]]
    assert len(dates) > 20 and dates == sorted(dates, key=lambda d: d[:4])
    assert all(e["role"] in ("actor", "target", "actor,target") for e in profile["events"])
    assert any(r["kind"] == "fought" for r in profile["relations"])
    code, _, stderr = invoke("actor", "Talibn", "--db", corpus_db)
    assert code == 1 and "no actor named 'Talibn'" in stderr and "Taliban" not in stderr
    code, stdout, _ = invoke("actors", "--network", "--db", corpus_db, "--format", "jsonl")
    relations = [json.loads(line) for line in stdout.splitlines()]
    assert code == 0 and {r["kind"] for r in relations} >= {"leader_of", "fought", "supported"}
    assert all(r["source"]["id"] != r["target"]["id"] for r in relations)


PLACES_HEADER = (
    "key\tname\tkind\tlat\tlon\tadmin1\tadmin2\tcountry\tcc\tpopulation\tfeature\tprecision"
    "\tsource\taliases\n"
)
FAR_VILLAGE = (
    "The war in Rwanda began in 1990. Fighting reached Kigali in April.\n\n"
    "Militiamen attacked the village of Ngororerogo in May.\n"
)


@pytest.mark.slow
def test_unresolved_places_are_listed_and_a_places_file_resolves_them(tmp_path: Path) -> None:
    text = tmp_path / "rwanda.txt"
    text.write_text(FAR_VILLAGE, encoding="utf-8")
    db = tmp_path / "kb.db"
    assert invoke("build", text, "--db", db, "-q")[0] == 0
    code, out, _ = invoke("places", "--unresolved", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["name"] for r in rows] == ["Ngororerogo"]
    assert rows[0]["mentions"] == 1 and "Militiamen attacked" in rows[0]["sentence"]
    extra = tmp_path / "mine.tsv"
    row = "mine:1\tNgororerogo\tvillage\t-1.7\t29.5\t\t\tRwanda\tRW\t0\tPPL\tcity\tnotes\t\n"
    extra.write_text(PLACES_HEADER + row, encoding="utf-8")
    assert invoke("build", text, "--db", db, "-q", "--places", extra)[0] == 0
    assert invoke("places", "--unresolved", "--db", db, "--format", "jsonl")[1] == ""
    listed = invoke("places", "--db", db, "--format", "jsonl")[1]
    places = [json.loads(line) for line in listed.splitlines()]
    assert [(p["lat"], p["lon"]) for p in places if p["name"] == "Ngororerogo"] == [(-1.7, 29.5)]


def test_a_bad_places_file_is_one_line_naming_it(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Rebels entered Kigali in 1994.\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("key\tname\n", encoding="utf-8")
    code, _, err = invoke("build", text, "--db", tmp_path / "kb.db", "-q", "--places", bad)
    assert code == 1 and f"{bad}: missing column(s) kind" in err
    assert "Traceback" not in err and not (tmp_path / "kb.db").exists()
    rows = tmp_path / "rows.tsv"
    rows.write_text(PLACES_HEADER + "k\tX\tvillage\tnorth\t1\t\t\t\t\t0\t\tcity\t\t\n", "utf-8")
    code, _, err = invoke("build", text, "--db", tmp_path / "kb.db", "-q", "--places", rows)
    assert code == 1 and f"{rows}:2: bad place row" in err
