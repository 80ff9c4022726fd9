"""Build the world gazetteer shipped as ``conflict_atlas/data/gazetteer/world.sqlite``.

Reads the offline geodata described in ``../shared/data/geo/README.md``:

- GeoNames ``cities500.txt``: every populated place of the world with population over 500
  or that is the seat of a division, with its Latin-script alternate names;
- GeoNames ``admin1CodesASCII.txt``: the first-order divisions (provinces, oblasts,
  governorates, states...), placed at Natural Earth's label point of the region when the
  names agree, else at the region's seat, else at the middle of its places;
- Natural Earth's named features: seas, straits, gulfs, mountain ranges, deserts, islands,
  peaks, lakes and rivers.

Afghanistan's populated places and provinces are not written here: ``places.tsv`` (built
by ``scripts/build_gazetteer.py`` from GeoNames, geoBoundaries and OpenFlights) has them
with district polygons and hand-checked spellings.

The output is one SQLite file (see ``conflict_atlas.resolve.world`` for how it is read):
``places`` (one row per place), ``names`` (every folded spelling of every place) and
``meta`` (sources and counts). Rows are written in a fixed order, so the same inputs give
the same rows.

Usage::

    python scripts/build_world_gazetteer.py [GEO_DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sqlite3
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from build_gazetteer import country_code, country_display_name  # the sibling script
from rapidfuzz import fuzz

from conflict_atlas.resolve.gazetteer import ALL_STOP_NAMES, exact_key
from conflict_atlas.resolve.world import CORE_POPULATION, SCHEMA

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GEO = REPO.parent / "shared" / "data" / "geo"
DEFAULT_OUT = REPO / "src" / "conflict_atlas" / "data" / "gazetteer" / "world.sqlite"
SKIP_COUNTRIES = frozenset({"AF"})  # places.tsv holds Afghanistan in more detail
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 48

# Words that name the kind of a first-order division, stripped to get its bare name
# ("Kherson Oblast" -> "Kherson", "Province of Alicante" -> "Alicante").
DIVISION_WORDS = (
    "autonomous okrug|autonomous oblast|autonomous region|autonomous republic|autonomous "
    "province|autonomous community|special administrative region|capital district|"
    "capital territory|federal district|federal territory|union territory|national capital "
    "region|metropolitan city|oblast'|oblast|oblys|voblast|province|provincia|governorate|"
    "muhafazat|muhafazah|region|regiao|state|estado|department|departamento|departement|"
    "prefecture|district|county|voivodeship|kray|krai|republic|respublika|canton|"
    "municipality|emirate|wilaya|wilayah|division|territory|parish|rayon|raion|"
    "governorate|mintaqah|vilayeti|ili|il|ostan|velayat|mohafazat|city"
)
_SUFFIX = re.compile(rf"(?:\s+|-)(?:{DIVISION_WORDS})$", re.IGNORECASE)
_PREFIX = re.compile(rf"^(?:{DIVISION_WORDS})\s+(?:of\s+|de\s+|du\s+|d'|del\s+)?", re.IGNORECASE)
_NAME_SHAPE = re.compile(r"[A-Z][A-Za-z]*(?:(?:[ \-.'/]|, )[A-Za-z(][A-Za-z)]*\.?)*")
_ABBREVIATIONS = (
    (r"\bMts\.", "Mountains"),
    (r"\bMt\.", "Mount"),
    (r"\bIs\.", "Islands"),
    (r"\bI\.", "Island"),
    (r"\bPk\.", "Peak"),
    (r"\bPen\.", "Peninsula"),
    (r"\bStr\.", "Strait"),
    (r"\bC\.", "Cape"),
    (r"\bG\.", "Gulf"),
    (r"\bL\.", "Lake"),
    (r"\bR\.", "River"),
)
NE_KINDS = {
    "marine": "sea",
    "lake": "lake",
    "river": "river",
    "elevation": "peak",
}
NE_REGION_KINDS = {
    "range/mtn": "mountains",
    "island": "island",
    "island group": "island",
    "desert": "desert",
}


@dataclass
class Row:
    """One place before it is written."""

    key: str
    name: str
    kind: str
    lat: float
    lon: float
    cc: str = ""
    admin1: str = ""
    division: str = ""  # GeoNames code of the first-order division, "UA.07"
    population: int = 0
    feature: str = ""
    main: list[str] = field(default_factory=list)  # the place's own names
    aliases: list[str] = field(default_factory=list)  # other spellings

    @property
    def core(self) -> bool:
        """Loaded at start-up: regions, capitals, large cities and named features."""
        return (
            self.kind not in ("city", "town", "village", "neighbourhood")
            or self.feature in ("PPLC", "PPLA")
            or self.population >= CORE_POPULATION
        )


def fold(text: str) -> str:
    """ASCII-fold ``text`` (diacritics and apostrophe-like marks dropped)."""
    text = re.sub(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4']", "", text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def usable(name: str) -> bool:
    """A Latin-script name as English text would write it: capitalised, not a code."""
    folded = fold(name).strip()
    if not _NAME_SHAPE.fullmatch(folded) or len(folded) < 3 or len(folded) > MAX_NAME_CHARS:
        return False
    if folded.replace(".", "").isupper() and len(folded) <= 5:
        return False  # airport and postal codes ("HRK", "KBL")
    key = exact_key(folded)
    return len(key.split()) <= MAX_NAME_WORDS and key not in ALL_STOP_NAMES


def clean(name: str) -> str:
    """Parentheses dropped, spaces folded: 'Sia Gird (Ghorbund)' -> 'Sia Gird'."""
    return re.sub(r"\s+", " ", re.sub(r"\s*\(.*?\)\s*", " ", name)).strip()


# The Arabic article written onto a name ("Al Hudaydah", "El-Hodeidah", "Ar-Raqqah"):
# English text often leaves it out, so the bare name is a spelling too.
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ad-d)[- ](?=[A-Z])", re.IGNORECASE)


def with_bare(names: Iterable[str]) -> Iterator[str]:
    """Each name, followed by its form without a leading Arabic article."""
    for name in names:
        yield name
        bare = _ARTICLE.sub("", name)
        if bare != name and len(bare) >= 4:
            yield bare


def distinct(names: Iterable[str]) -> list[str]:
    """``names`` that are usable, one per folded key, in order (with their bare forms)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in with_bare(map(clean, names)):
        key = exact_key(name)
        if key and key not in seen and usable(name):
            seen.add(key)
            out.append(name)
    return out


def settlement_kind(feature: str, population: int) -> str:
    """city / town / village / neighbourhood by GeoNames feature code and population."""
    if feature == "PPLX":
        return "neighbourhood"
    if feature in ("PPLC", "PPLA") or population >= 50_000:
        return "city"
    return "town" if feature == "PPLA2" or population >= 5_000 else "village"


def read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- countries ---------------------------------------------------------------------------


def _country_features(geo: Path) -> list[dict[str, str]]:
    path = geo / "world" / "ne_50m_admin0_countries.geojson"
    return [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


def country_names(geo: Path) -> dict[str, str]:
    """ISO alpha-2 code -> country name, as ``places.tsv`` writes it ("BA" -> "Bosnia
    and Herzegovina")."""
    names: dict[str, str] = {}
    for props in _country_features(geo):
        if code := country_code(props):
            names.setdefault(code, country_display_name(props))
    return names


# --- populated places --------------------------------------------------------------------


def place_row(cols: Sequence[str], admin1: dict[str, str]) -> Row:
    """The row of one ``cities500.txt`` line (19 GeoNames columns)."""
    gid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
    population = int(cols[14] or 0)
    main = distinct([name, ascii_name])
    return Row(
        key=f"geonames:{gid}",
        name=clean(name) or ascii_name,
        kind=settlement_kind(cols[7], population),
        lat=float(cols[4]),
        lon=float(cols[5]),
        cc=cols[8],
        admin1=admin1.get(f"{cols[8]}.{cols[10]}", ""),
        division=f"{cols[8]}.{cols[10]}",
        population=population,
        feature=cols[7],
        main=main,
        aliases=[a for a in distinct(alternates.split(",")) if a not in main],
    )


def place_rows(geo: Path, admin1: dict[str, str]) -> list[Row]:
    path = geo / "geonames" / "world" / "cities500.txt"
    return [place_row(c, admin1) for c in read_tsv(path) if c[8] not in SKIP_COUNTRIES]


# --- first-order divisions ------------------------------------------------------------------


def bare_division_name(name: str) -> str:
    """'Kherson Oblast' -> 'Kherson'; 'Province of Alicante' -> 'Alicante'."""
    stripped = _PREFIX.sub("", _SUFFIX.sub("", name.strip())).strip(" -,")
    return stripped or name


def division_names(geo: Path) -> dict[str, str]:
    """``CC.code`` -> display name of every first-order division (GeoNames)."""
    path = geo / "geonames" / "world" / "admin1CodesASCII.txt"
    return {cols[0]: clean(cols[1]) for cols in read_tsv(path)}


@dataclass
class Label:
    """A Natural Earth admin1 label point."""

    name: str
    alt: str
    country: str
    lat: float
    lon: float


def ne_labels(geo: Path) -> dict[str, list[Label]]:
    """Admin1 label points by country name."""
    out: dict[str, list[Label]] = defaultdict(list)
    with (geo / "world" / "ne_10m_named_features.csv").open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            if rec["kind"] == "admin1_label":
                label = Label(
                    rec["name"],
                    rec["name_alt"],
                    rec["context"],
                    float(rec["lat"]),
                    float(rec["lon"]),
                )
                out[rec["context"]].append(label)
    return out


def _similarity(a: str, b: str) -> float:
    return float(fuzz.ratio(exact_key(bare_division_name(a)), exact_key(bare_division_name(b))))


def division_rows(
    geo: Path, names: dict[str, str], countries: dict[str, str], places: Sequence[Row]
) -> list[Row]:
    """First-order divisions with a point and their English and local spellings."""
    labels = ne_labels(geo)
    seats: dict[str, Row] = {}
    members: dict[str, list[Row]] = defaultdict(list)
    for row in places:
        members[row.division].append(row)
        if row.feature == "PPLA":
            seats.setdefault(row.division, row)
    rows: list[Row] = []
    used: set[int] = set()
    for code, name in sorted(names.items()):
        cc = code.split(".")[0]
        if cc in SKIP_COUNTRIES:
            continue
        pool = labels.get(countries.get(cc, ""), [])
        label = _best_label(name, pool, used)
        point = _division_point(label, seats.get(code), members.get(code, []))
        if point is None:
            continue
        spellings = [name, bare_division_name(name)]
        if label is not None:
            spellings += [label.name, bare_division_name(label.name), label.alt]
        main = distinct(spellings)
        rows.append(
            Row(
                key=f"adm1:{code}",
                name=label.name if label is not None and usable(label.name) else name,
                kind="province",
                lat=point[0],
                lon=point[1],
                cc=cc,
                admin1=name,
                division=code,
                feature="ADM1",
                main=main,
            )
        )
    return rows


def _best_label(name: str, pool: Sequence[Label], used: set[int]) -> Label | None:
    scored = [
        (max(_similarity(name, p.name), _similarity(name, p.alt) if p.alt else 0.0), i, p)
        for i, p in enumerate(pool)
        if id(p) not in used
    ]
    if not scored:
        return None
    score, _, label = max(scored, key=lambda s: (s[0], -s[1]))
    if score < 85:
        return None
    used.add(id(label))
    return label


def _division_point(
    label: Label | None, seat: Row | None, members: Sequence[Row]
) -> tuple[float, float] | None:
    if label is not None:
        return label.lat, label.lon
    if seat is not None:
        return seat.lat, seat.lon
    if members:
        return statistics.median(r.lat for r in members), statistics.median(r.lon for r in members)
    return None


# --- natural features ------------------------------------------------------------------------


def feature_name(name: str) -> str:
    """'ELLESMERE  ISLAND' -> 'Ellesmere Island'; 'Loma Mts.' -> 'Loma Mountains'."""
    name = re.sub(r"\s+", " ", name).strip()
    if name.isupper():
        name = " ".join(w.capitalize() if len(w) > 2 else w.lower() for w in name.split())
        name = name[:1].upper() + name[1:]
    for pattern, word in _ABBREVIATIONS:
        name = re.sub(pattern, word, name)
    return name


def feature_rows(geo: Path, countries: Iterable[str]) -> list[Row]:
    """Named physical features of Natural Earth, one row per kind and name.

    A feature named like a country ("INDIA", a peninsula) is left out: the name means
    the country.
    """
    taken = {exact_key(c) for c in countries}
    merged: dict[tuple[str, str], Row] = {}
    with (geo / "world" / "ne_10m_named_features.csv").open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            kind = _feature_kind(rec)
            if kind is None:
                continue
            name = feature_name(rec["name"])
            if not usable(name) or exact_key(name) in taken:
                continue
            spellings = [name, feature_name(rec["name_alt"])] if rec["name_alt"] else [name]
            if kind == "river":  # a bare river name is too often a town or a word
                bare = list(spellings)
                spellings = [f"{s} River" for s in bare] + [f"River {s}" for s in bare]
            ident = (kind, exact_key(name))
            old = merged.get(ident)
            if old is not None:
                old.main = distinct([*old.main, *spellings])
                continue
            merged[ident] = Row(
                key=f"ne:{kind}:{exact_key(name).replace(' ', '-')}",
                name=name,
                kind=kind,
                lat=float(rec["lat"]),
                lon=float(rec["lon"]),
                feature=f"NE {rec['featurecla']}",
                main=distinct(spellings),
            )
    return list(merged.values())


def _feature_kind(rec: dict[str, str]) -> str | None:
    if rec["kind"] in NE_KINDS:
        return NE_KINDS[rec["kind"]]
    if rec["kind"] in ("region", "region_point"):
        return NE_REGION_KINDS.get(rec["featurecla"].lower(), "region")
    return None


# --- output --------------------------------------------------------------------------------


def build(geo: Path) -> tuple[list[Row], dict[str, str], dict[str, str]]:
    """Every row (core places first, then country by country), the country names and the
    names of first-order divisions by code."""
    countries = country_names(geo)
    admin1 = division_names(geo)
    places = place_rows(geo, admin1)
    names = [n for f in _country_features(geo) for n in (f["NAME"], f["NAME_LONG"], f["ADMIN"])]
    rows = [*places, *division_rows(geo, admin1, countries, places), *feature_rows(geo, names)]
    rows.sort(key=lambda r: (not r.core, r.cc, r.key))
    return rows, countries, admin1


def write(
    rows: Sequence[Row],
    countries: dict[str, str],
    divisions: dict[str, str],
    out: Path,
    geo: Path,
) -> None:
    """Write the SQLite file (a temporary file renamed into place)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript(SCHEMA)
    db.executemany("insert into countries values (?, ?, ?, ?, ?, ?)", _countries(rows, countries))
    db.executemany("insert into divisions values (?, ?)", sorted(divisions.items()))
    db.executemany("insert into places values (?,?,?,?,?,?,?,?,?,?,?,?)", _places(rows))
    db.executemany("insert or ignore into names values (?, ?, ?)", _names(rows))
    db.executemany("insert into core_names values (?, ?)", _core_names(rows))
    db.executemany("insert into meta values (?, ?)", _meta(rows, geo))
    db.commit()
    db.execute("vacuum")
    db.close()
    tmp.replace(out)


def _countries(rows: Sequence[Row], countries: dict[str, str]) -> list[tuple[object, ...]]:
    """Each country with the ranges of ids of its non-core and of its core places."""
    ranges: dict[tuple[str, bool], list[int]] = {}
    for i, row in enumerate(rows, 1):
        if row.cc:
            ranges.setdefault((row.cc, row.core), [i, i])[1] = i
    codes = sorted(set(countries) | {cc for cc, _ in ranges})
    none = (None, None)
    return [
        (cc, countries.get(cc, cc), *ranges.get((cc, False), none), *ranges.get((cc, True), none))
        for cc in codes
    ]


def _places(rows: Sequence[Row]) -> Iterator[tuple[object, ...]]:
    for i, r in enumerate(rows, 1):
        gid = int(r.key.split(":")[1]) if r.key.startswith("geonames:") else None
        ref = None if gid is not None else r.key
        division = r.division.split(".", 1)[1] if r.division else ""
        lat5, lon5 = round(r.lat * 1e5), round(r.lon * 1e5)
        yield (
            i,
            gid,
            ref,
            r.name,
            r.kind,
            lat5,
            lon5,
            r.cc,
            division,
            r.population,
            r.feature,
            int(r.core),
        )


def _names(rows: Sequence[Row]) -> Iterator[tuple[int, str, int]]:
    for i, row in enumerate(rows, 1):
        for name in row.main:
            yield i, exact_key(name), 1
        for name in row.aliases:
            yield i, exact_key(name), 0


def _core_names(rows: Sequence[Row]) -> Iterator[tuple[int, str]]:
    """Each core place's keys in one tab-joined text (own names first)."""
    for i, row in enumerate(rows, 1):
        keys = [k for k in dict.fromkeys(exact_key(n) for n in (*row.main, *row.aliases)) if k]
        if row.core and keys:
            yield i, "\t".join(keys)


def _meta(rows: Sequence[Row], geo: Path) -> list[tuple[str, str]]:
    sources = {
        "cities500.txt": geo / "geonames" / "world" / "cities500.txt",
        "admin1CodesASCII.txt": geo / "geonames" / "world" / "admin1CodesASCII.txt",
        "ne_10m_named_features.csv": geo / "world" / "ne_10m_named_features.csv",
        "ne_50m_admin0_countries.geojson": geo / "world" / "ne_50m_admin0_countries.geojson",
    }
    meta = [(f"sha256:{name}", sha256(path)) for name, path in sources.items()]
    meta.append(("rows", str(len(rows))))
    meta.append(("core", str(sum(r.core for r in rows))))
    meta.append(("attribution", "Contains data from GeoNames (CC BY 4.0) and Natural Earth."))
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geo", nargs="?", type=Path, default=DEFAULT_GEO, help="geodata directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output SQLite file")
    args = parser.parse_args(argv)
    rows, countries, divisions = build(args.geo)
    write(rows, countries, divisions, args.out, args.geo)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {len(rows)} places to {args.out} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
