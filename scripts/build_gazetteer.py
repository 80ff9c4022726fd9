"""Build the place gazetteer shipped in ``conflict_atlas/data/gazetteer/``.

Reads the offline geodata described in ``../shared/data/geo/README.md`` (GeoNames,
geoBoundaries, Natural Earth, OpenFlights) and writes one compact TSV, ``places.tsv``,
plus ``ATTRIBUTION.md``: Afghanistan in detail (provinces and districts with polygon
centroids, populated places, airports, crossings) and the countries of the world. The
rest of the world is in ``world.sqlite``, built by ``scripts/build_world_gazetteer.py``.
The output is deterministic: same inputs, same bytes.

Usage::

    python scripts/build_gazetteer.py [GEO_DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from conflict_atlas.resolve.gazetteer import COLUMNS, GENERIC_NAMES, STOP_NAMES

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GEO = REPO.parent / "shared" / "data" / "geo"
DEFAULT_OUT = REPO / "src" / "conflict_atlas" / "data" / "gazetteer"

Ring = list[tuple[float, float]]

# UCDP-style precision implied by a kind when the row does not say otherwise.
DEFAULT_PRECISION = {
    "city": "city",
    "town": "city",
    "village": "city",
    "airport": "exact",
    "district": "district",
    "province": "admin1",
    "country": "country",
    "region": "region",
    "valley": "region",
    "pass": "exact",
    "border_crossing": "exact",
    "facility": "exact",
}

# English spellings of the 34 provinces, keyed by GeoNames admin1 code.
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "AF.01": ("Badakshan",),
    "AF.02": ("Badghes", "Badghiz"),
    "AF.05": ("Bamiyan", "Bamian"),
    "AF.41": ("Daikundi", "Dai Kundi", "Daykondi", "Day Kundi"),
    "AF.07": ("Fariab", "Faryaab"),
    "AF.09": ("Ghowr", "Ghur", "Ghore"),
    "AF.10": ("Hilmand",),
    "AF.11": ("Hirat", "Harat"),
    "AF.31": ("Jawzjan", "Jozjan", "Jouzjan"),
    "AF.23": ("Qandahar", "Kandehar"),
    "AF.37": ("Khowst", "Khost", "Khust"),
    "AF.34": ("Konar", "Kunar"),
    "AF.24": ("Kondoz", "Qunduz", "Konduz"),
    "AF.17": ("Lowgar", "Logar"),
    "AF.18": ("Ningarhar", "Nangrahar", "Nangahar"),
    "AF.19": ("Nimruz", "Nimroz", "Nimrouz"),
    "AF.38": ("Nurestan", "Nooristan"),
    "AF.36": ("Paktiya", "Paktya", "Paktia"),
    "AF.42": ("Panjsher", "Panjshayr", "Panjshir"),
    "AF.40": ("Parvan", "Parwan"),
    "AF.33": ("Sar-i Pul", "Sar-i-Pul", "Sari Pul", "Sar-e Pul", "Sar-e-Pol", "Saripul"),
    "AF.39": ("Oruzgan", "Urozgan", "Orozgan", "Uruzgan"),
    "AF.27": ("Vardak", "Maidan Wardak", "Maydan Wardak", "Wardag", "Maidan-Wardak"),
    "AF.28": ("Zabol", "Zabul"),
}

# District spellings used in English sources but absent from both datasets.
DISTRICT_ALIASES: dict[str, tuple[str, ...]] = {
    "AF.40.305": ("Ghorband", "Ghorbund", "Sia Gird"),
    "AF.11.2005": ("Karakh", "Karokh"),
    "AF.31.1702": ("Du Koh",),
    "AF.26.1216": ("Khwaja Bahauddin", "Khwaja Bahaudin"),
    "AF.32.1504": ("Dara-i-Suf", "Dara-e Suf", "Darah-ye Suf"),
    "AF.11.2006": ("Kushk-i-Rabat Sangi", "Kushk-e Robat-e Sangi"),
}

# Display names that read better in English than the GeoNames primary name.
DISPLAY_NAMES: dict[str, str] = {
    "1142404": "Islam Qala",
    "1145904": "Chaghcharan",
    "1349513": "Bagram",
    "1133616": "Mazar-i-Sharif",
    "1456960": "Maidan Shar",
    "1133574": "Mihtarlam",
}

# English spellings of populated places missing from GeoNames' alternate names.
PLACE_ALIASES: dict[str, tuple[str, ...]] = {
    "1133574": ("Mihtarlam", "Mehtarlam", "Mihtar Lam"),
    "1456960": ("Maidan Shar", "Maidan Shahr", "Maydan Shahr", "Maidanshahr"),
    "1145904": ("Chaghcharan", "Chakhcharan", "Chagcharan", "Firozkoh"),
    "1127768": ("Aybak", "Aibak"),
    "1133616": ("Mazar", "Mazar-i-Sharif", "Mazar-e-Sharif"),
    "1129867": ("Qala e Naw", "Qala-i-Naw", "Qala-e-Naw", "Qalai Naw"),
    "1130131": ("Qalati Ghilji", "Qalat-i-Ghilji", "Qalat-e Ghilzai"),
    "1122747": ("Tarin Kowt", "Tarin Kot", "Tirinkot"),
    "8534261": ("Sharana",),
    "1125444": ("Sheberghan", "Shiberghan", "Shebergan"),
    "1142170": ("Faizabad", "Feyzabad"),
    "1130490": ("Puli Khumri", "Pul-i-Khumri", "Pol-e Khomri"),
    "1130497": ("Puli Alam", "Pul-i-Alam"),
}

# Leading words GeoNames uses for district seats ("district office of ...").
SEAT_PREFIXES = re.compile(
    r"^(?:w[uo]l[eu][sd]wali|w[uo]luswali|oluswali|olusvali|vulusvali|markaz|hukumat|"
    r"alaqahdari|alaqadari|woleswali|uluswali|wuleswali)(?:[- ]?(?:e|i|ye|-ye|-e|-i))?[- ]+",
)

# Aliases that are ordinary words, demonyms or personal names in English text.
STOP_ALIASES = (
    frozenset(
        [
            "afghan",
            "afghani",
            "afghans",
            "soviet",
            "taliban",
            "mujahideen",
            "islam",
            "islamic",
            "khan",
            "shah",
            "mir",
            "amir",
            "ali",
            "center",
            "centre",
            "bazar",
            "bazaar",
            "markaz",
            "qala",
            "kala",
            "dam",
            "camp",
            "base",
            "pass",
            "mount",
            "sharif",
            "general",
            "station",
            "kot",
            "kowt",
            "bala",
            "payin",
            "pain",
            "now",
            "naw",
            "kohna",
            "kuhna",
            "dasht",
            "government",
            "army",
            "police",
            "party",
            "emirate",
            "front",
            "council",
        ]
    )
    | GENERIC_NAMES
    | STOP_NAMES
)  # month and day names, shared with the resolver


@dataclass
class Row:
    """One gazetteer entry before it is written."""

    key: str
    name: str
    kind: str
    lat: float
    lon: float
    admin1: str = ""
    admin2: str = ""
    country: str = "Afghanistan"
    cc: str = "AF"
    population: int = 0
    feature: str = ""
    precision: str = ""
    source: str = ""
    aliases: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        names = _unique([self.name, *self.aliases])
        return [
            self.key,
            self.name,
            self.kind,
            f"{self.lat:.5f}",
            f"{self.lon:.5f}",
            self.admin1,
            self.admin2,
            self.country,
            self.cc,
            str(self.population),
            self.feature,
            self.precision or DEFAULT_PRECISION[self.kind],
            self.source,
            "|".join(n for n in names if n != self.name),
        ]


def fold(text: str) -> str:
    """ASCII-fold ``text`` (drop diacritics and apostrophe-like marks)."""
    text = re.sub(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4']", "", text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def good_alias(name: str) -> bool:
    """Keep Latin-script, capitalised names that are not ordinary English words."""
    ascii_name = fold(name)
    if not re.fullmatch(r"[A-Za-z][A-Za-z .\-()]*", ascii_name) or not ascii_name[0].isupper():
        return False
    return len(ascii_name) > 2 and ascii_name.lower() not in STOP_ALIASES


def strip_seat_prefix(name: str) -> str:
    """'Woluswali-ye Bagram' -> 'Bagram'; other names unchanged."""
    folded = fold(name)
    match = SEAT_PREFIXES.match(folded.lower())
    return folded[match.end() :].strip() if match else name


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        name = re.sub(r"\s+", " ", name).strip()
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def name_variants(name: str) -> list[str]:
    """A name plus its parts: 'Sia Gird ( Ghorbund)' -> [..., 'Sia Gird', 'Ghorbund']."""
    out = [name, strip_seat_prefix(name)]
    match = re.match(r"^(.*?)\s*\(\s*(.*?)\s*\)\s*$", name)
    if match:
        out += [match.group(1), match.group(2)]
    out += [n[: -len(" District")] for n in out if n.endswith(" District")]
    return [n for n in _unique(out) if good_alias(n)]


# --- geometry (plain Python) ---------------------------------------------------------


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid (lon, lat) of a closed ring by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def polygons(geometry: dict[str, object]) -> list[list[Ring]]:
    """The polygons of a Polygon or MultiPolygon geometry as lists of rings."""
    coords: Any = geometry["coordinates"]
    raw = [coords] if geometry["type"] == "Polygon" else coords
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in poly] for poly in raw]


def centroid(geometry: dict[str, object], *, largest_only: bool = False) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of the outer rings (largest polygon if asked)."""
    parts = [ring_area_centroid(poly[0]) for poly in polygons(geometry)]
    if largest_only:
        parts = [max(parts, key=lambda p: abs(p[0]))]
    total = sum(abs(a) for a, _, _ in parts)
    lon = sum(abs(a) * x for a, x, _ in parts) / total
    lat = sum(abs(a) * y for a, _, y in parts) / total
    return lat, lon


def point_in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > lat) != (y1 > lat) and lon < (x1 - x0) * (lat - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def contains(geometry: dict[str, object], lat: float, lon: float) -> bool:
    for poly in polygons(geometry):
        if point_in_ring(lon, lat, poly[0]) and not any(
            point_in_ring(lon, lat, h) for h in poly[1:]
        ):
            return True
    return False


# --- readers -------------------------------------------------------------------------


def read_features(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        features: list[dict[str, object]] = json.load(handle)["features"]
    return features


def read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


# --- sections of the gazetteer ---------------------------------------------------------


def province_rows(
    geo: Path,
) -> tuple[list[Row], dict[str, str], list[tuple[str, dict[str, object]]]]:
    """Provinces with polygon centroids; also code->name and (name, geometry) for lookups."""
    rows: list[Row] = []
    names: dict[str, str] = {}
    shapes: list[tuple[str, dict[str, object]]] = []
    for feature in read_features(geo / "boundaries" / "afg_adm1_provinces.geojson"):
        props: dict[str, str] = feature["properties"]  # type: ignore[assignment]
        geometry: dict[str, object] = feature["geometry"]  # type: ignore[assignment]
        code, name = props["geonames_admin1"], props["name"]
        lat, lon = centroid(geometry)
        aliases = name_variants(props["geonames_name"]) + list(PROVINCE_ALIASES.get(code, ()))
        rows.append(
            Row(
                f"adm1:{code}",
                name,
                "province",
                lat,
                lon,
                admin1=name,
                feature="ADM1",
                source=f"geoBoundaries polygon centroid; geonames:{props['geonames_id']}",
                aliases=aliases,
            )
        )
        names[code] = name
        shapes.append((name, geometry))
    return rows, names, shapes


def district_rows(geo: Path) -> tuple[list[Row], dict[str, dict[str, object]]]:
    """Districts (wuleswali) with polygon centroids; also admin2 code -> geometry."""
    rows: list[Row] = []
    shapes: dict[str, dict[str, object]] = {}
    for feature in read_features(geo / "boundaries" / "afg_adm2_districts.geojson"):
        props: dict[str, str] = feature["properties"]  # type: ignore[assignment]
        geometry: dict[str, object] = feature["geometry"]  # type: ignore[assignment]
        code = props["geonames_admin2"]
        lat, lon = centroid(geometry)
        aliases = name_variants(props["name"]) + name_variants(props["geonames_name"])
        aliases += list(DISTRICT_ALIASES.get(code, ()))
        rows.append(
            Row(
                f"adm2:{code}",
                district_display(props["name"]),
                "district",
                lat,
                lon,
                admin1=props["adm1_name"],
                admin2=props["name"],
                feature="ADM2",
                source=f"geoBoundaries polygon centroid; geonames:{props['geonames_id']}",
                aliases=aliases,
            )
        )
        shapes[code] = geometry
    return rows, shapes


def district_display(name: str) -> str:
    """'Sia Gird ( Ghorbund)' -> 'Sia Gird'; 'Qala-I- Naw' -> 'Qala-i-Naw'."""
    name = re.sub(r"\s*\(.*$", "", name).strip()
    name = re.sub(r"\s*-\s*", "-", name)
    return re.sub(r"-([A-Z])-", lambda m: f"-{m.group(1).lower()}-", name)


def settlement_kind(feature: str, population: int) -> str:
    if feature in ("PPLC", "PPLA") or population >= 50_000:
        return "city"
    return "town" if feature == "PPLA2" or population >= 5_000 else "village"


def place_rows(geo: Path, provinces: dict[str, str], districts: dict[str, Row]) -> list[Row]:
    """Populated places of AF_cities500 with all Latin-script alternate names."""
    rows: list[Row] = []
    for cols in read_tsv(geo / "geonames" / "AF_cities500.txt"):
        gid, name, ascii_name, alternates = cols[0], cols[1], cols[2], cols[3]
        admin1 = provinces.get(f"AF.{cols[10]}", "")
        district = districts.get(f"adm2:AF.{cols[10]}.{cols[11]}")
        aliases = [*name_variants(name), *name_variants(ascii_name), *PLACE_ALIASES.get(gid, ())]
        for alternate in alternates.split(","):
            aliases += name_variants(alternate)
        display = DISPLAY_NAMES.get(gid) or strip_seat_prefix(ascii_name)
        population = int(cols[14] or 0)
        rows.append(
            Row(
                f"geonames:{gid}",
                display,
                settlement_kind(cols[7], population),
                float(cols[4]),
                float(cols[5]),
                admin1=admin1,
                admin2=district.admin2 if district else "",
                population=population,
                feature=cols[7],
                source=f"GeoNames {gid}",
                aliases=aliases,
            )
        )
    return rows


AIRPORT_ALIASES: dict[str, tuple[str, ...]] = {
    "OAIX": ("Bagram Airfield", "Bagram Air Base", "Bagram Airbase", "Bagram air base"),
    "OAKN": (
        "Kandahar Airfield",
        "Kandahar Air Field",
        "Kandahar International Airport",
        "Kandahar Air Base",
    ),
    "OAKB": (
        "Kabul Airport",
        "Kabul International Airport",
        "Hamid Karzai Airport",
        "Karzai International Airport",
    ),
    "OASD": ("Shindand Air Base", "Shindand Airbase", "Shindand Airfield"),
    "OAZI": ("Camp Bastion", "Bastion Airfield", "Camp Shorabak", "Camp Leatherneck"),
    "OAHR": ("Herat International Airport",),
    "OAMS": ("Mazar-i-Sharif Airport", "Mazar-i-Sharif International Airport"),
    "OAJL": ("Jalalabad Airfield",),
    "OAUZ": ("Kunduz Airport", "Kunduz Airfield"),
}


def airport_rows(geo: Path, province_at: ProvinceLocator) -> list[Row]:
    rows: list[Row] = []
    with (geo / "airports" / "openflights_airports_AF.csv").open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            lat, lon = float(rec["latitude"]), float(rec["longitude"])
            icao = rec["icao"] or rec["openflights_id"]
            aliases = [rec["name"], *AIRPORT_ALIASES.get(icao, ())]
            if (
                rec["city"]
                and rec["name"].startswith(rec["city"])
                and "Air" not in rec["name"][len(rec["city"]) :]
            ):
                aliases.append(f"{rec['city']} Airport")
            aliases.append(f"{rec['city']} Airport")
            aliases.append(f"{rec['city']} International Airport")
            rows.append(
                Row(
                    f"airport:{icao}",
                    rec["name"],
                    "airport",
                    lat,
                    lon,
                    admin1=province_at(lat, lon),
                    population=0,
                    feature=rec["type"],
                    source=f"OpenFlights {rec['openflights_id']} ({icao})",
                    aliases=[a for a in aliases if a and good_alias(a)],
                )
            )
    return rows


class ProvinceLocator:
    """Point-in-polygon lookup of the Afghan province containing a point."""

    def __init__(self, shapes: Sequence[tuple[str, dict[str, object]]]) -> None:
        self.shapes = shapes

    def __call__(self, lat: float, lon: float) -> str:
        return next((name for name, geom in self.shapes if contains(geom, lat, lon)), "")


# Features the open data lacks (see the geo README, "What could not be obtained").
# ``where`` names the stand-in whose coordinates are used: a district or province polygon
# centroid (adm2:/adm1:), a GeoNames point (geonames:), or "approx:LAT,LON" for a
# hand-entered approximate centre outside Afghanistan. Columns:
# key, name, kind, where, precision, aliases
HAND_FEATURES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "panjshir-valley",
        "Panjshir Valley",
        "valley",
        "adm1:AF.42",
        "region",
        "Panjsher Valley|Panjshir valley|Panjshayr Valley|Panjshir Gorge",
    ),
    (
        "salang-pass",
        "Salang Pass",
        "pass",
        "adm2:AF.40.303",
        "district",
        "Salang pass|Salang Tunnel|Kotal-e Salang|Salang Highway",
    ),
    (
        "torkham",
        "Torkham",
        "border_crossing",
        "adm2:AF.18.814",
        "district",
        "Torkham border crossing|Torkham Gate|Torkham border",
    ),
    (
        "islam-qala",
        "Islam Qala",
        "border_crossing",
        "geonames:1142404",
        "exact",
        "Islam Qala border crossing|Islam Qal'ah|Eslam Qaleh",
    ),
    (
        "spin-boldak-chaman",
        "Spin Boldak–Chaman border crossing",
        "border_crossing",
        "geonames:1123906",
        "exact",
        "Chaman border crossing|Wesh-Chaman|Friendship Gate",
    ),
    (
        "hairatan",
        "Hairatan",
        "border_crossing",
        "adm2:AF.30.1613",
        "district",
        "Hayratan|Hairatan port|Hairatan border crossing",
    ),
    (
        "sher-khan-bandar",
        "Sher Khan Bandar",
        "border_crossing",
        "adm2:AF.24.1402",
        "district",
        "Shir Khan Bandar|Sherkhan Bandar|Shir Khan|Sher Khan Port",
    ),
    (
        "torghundi",
        "Torghundi",
        "border_crossing",
        "adm2:AF.11.2006",
        "district",
        "Turghundi|Towraghondi|Torghondi|Tor Ghundi",
    ),
    ("aqina", "Aqina", "border_crossing", "adm2:AF.07.1810", "district", "Aqina port|Aqinah"),
    (
        "ghulam-khan",
        "Ghulam Khan",
        "border_crossing",
        "adm2:AF.37.3211",
        "district",
        "Ghulam Khan border crossing",
    ),
    (
        "abu-nasr-farahi",
        "Abu Nasr Farahi",
        "border_crossing",
        "adm1:AF.06",
        "province",
        "Abu Nasr Farahi border crossing|Mahirud",
    ),
    ("wakhjir-pass", "Wakhjir Pass", "pass", "adm2:AF.01.1106", "district", "Wakhjir|Wakhjir pass"),
    (
        "dahla-dam",
        "Dahla Dam",
        "facility",
        "adm2:AF.23.2403",
        "district",
        "Arghandab Dam|Dahla dam",
    ),
    (
        "kajaki-dam",
        "Kajaki Dam",
        "facility",
        "adm2:AF.10.2303",
        "district",
        "Kajakai Dam|Kajaki dam",
    ),
    (
        "salma-dam",
        "Salma Dam",
        "facility",
        "adm2:AF.11.2015",
        "district",
        "Afghan-India Friendship Dam|Chishti Dam",
    ),
    ("shomali-plain", "Shomali Plain", "region", "adm1:AF.40", "province", "Shomali plain|Shomali"),
    (
        "wakhan-corridor",
        "Wakhan Corridor",
        "region",
        "adm2:AF.01.1106",
        "district",
        "Wakhan corridor",
    ),
    ("tora-bora", "Tora Bora", "region", "adm2:AF.18.807", "district", "Tora Bora mountains"),
    (
        "shah-i-kot-valley",
        "Shah-i-Kot Valley",
        "valley",
        "adm2:AF.36.702",
        "district",
        "Shahi-Kot Valley|Shahikot Valley|Shah-i-Kot",
    ),
    (
        "korengal-valley",
        "Korengal Valley",
        "valley",
        "adm2:AF.34.1010",
        "district",
        "Korangal Valley",
    ),
    ("khyber-pass", "Khyber Pass", "pass", "approx:34.08,71.17", "near", "Khyber pass"),
    (
        "waziristan",
        "Waziristan",
        "region",
        "approx:32.70,69.90",
        "region",
        "North Waziristan|South Waziristan",
    ),
    (
        "fata",
        "Federally Administered Tribal Areas",
        "region",
        "approx:33.00,70.50",
        "region",
        "FATA|Tribal Areas|tribal areas",
    ),
    (
        "nwfp",
        "Khyber Pakhtunkhwa",
        "region",
        "approx:34.50,72.00",
        "region",
        "North-West Frontier Province|North West Frontier Province|NWFP|Khyber-Pakhtunkhwa",
    ),
    (
        "balochistan-pk",
        "Balochistan",
        "region",
        "approx:28.50,65.50",
        "region",
        "Baluchistan|Balochistan Province",
    ),
    (
        "xinjiang",
        "Xinjiang",
        "region",
        "approx:41.10,85.20",
        "region",
        "Xinjiang region|Xinjiang Uyghur Autonomous Region",
    ),
    (
        "surxondaryo",
        "Surxondaryo Region",
        "region",
        "approx:37.90,67.50",
        "region",
        "Surxondaryo|Surkhandarya|Surkhandarya Region",
    ),
    ("hazarajat", "Hazarajat", "region", "adm1:AF.05", "region", "Hazaristan"),
    ("loya-paktia", "Loya Paktia", "region", "adm1:AF.36", "region", "Greater Paktia"),
    ("central-asia", "Central Asia", "region", "approx:41.00,64.00", "region", ""),
    ("south-asia", "South Asia", "region", "approx:23.00,78.00", "region", ""),
    ("middle-east", "Middle East", "region", "approx:29.00,45.00", "region", "Near East"),
    ("levant", "Levant", "region", "approx:33.50,36.30", "region", ""),
    ("kashmir", "Kashmir", "region", "approx:34.50,75.50", "region", "Jammu and Kashmir"),
    ("europe", "Europe", "region", "approx:50.00,10.00", "region", ""),
    ("africa", "Africa", "region", "approx:2.00,20.00", "region", ""),
    ("persian-gulf", "Persian Gulf", "region", "approx:26.90,51.50", "region", "Arabian Gulf"),
    (
        "al-udeid",
        "Al Udeid Air Base",
        "airport",
        "approx:25.117,51.315",
        "exact",
        "Al-Udeid Air Base",
    ),
)

HAND_COUNTRY = {
    "approx:34.08,71.17": "Pakistan",
    "approx:32.70,69.90": "Pakistan",
    "approx:33.00,70.50": "Pakistan",
    "approx:34.50,72.00": "Pakistan",
    "approx:28.50,65.50": "Pakistan",
    "approx:41.10,85.20": "China",
    "approx:37.90,67.50": "Uzbekistan",
    "approx:34.50,75.50": "",
    "approx:41.00,64.00": "",
    "approx:23.00,78.00": "",
    "approx:29.00,45.00": "",
    "approx:33.50,36.30": "",
    "approx:50.00,10.00": "",
    "approx:2.00,20.00": "",
    "approx:26.90,51.50": "",
    "approx:25.117,51.315": "Qatar",
}


HAND_CC = {"Pakistan": "PK", "China": "CN", "Uzbekistan": "UZ", "Qatar": "QA", "": ""}


def hand_rows(index: dict[str, Row]) -> list[Row]:
    rows: list[Row] = []
    for key, name, kind, where, precision, names in HAND_FEATURES:
        if where.startswith("approx:"):
            lat, lon = (float(v) for v in where[7:].split(","))
            country, admin1, source = HAND_COUNTRY[where], "", "hand: approximate centre (editor)"
            cc = HAND_CC[country]
        else:
            base = index[where]
            lat, lon, country, admin1, cc = base.lat, base.lon, base.country, base.admin1, base.cc
            source = f"hand: coordinates of stand-in {where} ({base.name}"
            source += ", polygon centroid)" if where.startswith("adm") else ", GeoNames point)"
        rows.append(
            Row(
                f"hand:{key}",
                name,
                kind,
                lat,
                lon,
                admin1=admin1,
                country=country,
                cc=cc,
                feature="HAND",
                precision=precision,
                source=source,
                aliases=names.split("|"),
            )
        )
    return rows


# Name variants of countries used in English news and encyclopedia text.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("United States", "United States of America", "US", "U.S.", "USA", "U.S.A.", "America"),
    "GBR": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "RUS": ("Russia", "Russian Federation"),
    "CHN": ("China", "People's Republic of China", "PRC"),
    "IRN": ("Iran", "Islamic Republic of Iran"),
    "PAK": ("Pakistan", "Islamic Republic of Pakistan"),
    "ARE": ("United Arab Emirates", "UAE", "U.A.E."),
    "SAU": ("Saudi Arabia", "Kingdom of Saudi Arabia"),
    "KOR": ("South Korea",),
    "PRK": ("North Korea",),
    "CZE": ("Czech Republic", "Czechia"),
    "IND": ("India",),
    "TUR": ("Turkey", "Türkiye"),
    "NLD": ("Netherlands", "Holland"),
    # former and other common names of the same territory
    "COD": ("Zaire", "DR Congo", "DRC", "Congo-Kinshasa"),
    "COG": ("Republic of Congo", "Congo-Brazzaville"),
    "MMR": ("Burma",),
    "LKA": ("Ceylon",),
    "ZWE": ("Rhodesia",),
    "THA": ("Siam",),
    "KHM": ("Kampuchea",),
    "BEN": ("Dahomey",),
    "BFA": ("Upper Volta",),
    "SWZ": ("Swaziland", "Eswatini"),
    "MKD": ("Macedonia", "North Macedonia"),
    "CIV": ("Ivory Coast", "Côte d'Ivoire"),
    "TLS": ("East Timor", "Timor-Leste"),
    "CPV": ("Cape Verde",),
    "BIH": ("Bosnia", "Bosnia-Herzegovina"),
}
HISTORICAL = (
    ("SUN", "Soviet Union", "RUS", "USSR|U.S.S.R.|Union of Soviet Socialist Republics"),
    ("CSK", "Czechoslovakia", "CZE", ""),
    ("DDR", "East Germany", "DEU", "German Democratic Republic"),
    ("YUG", "Yugoslavia", "SRB", ""),
    ("VDR", "North Vietnam", "VNM", "Democratic Republic of Vietnam"),
    ("RVN", "South Vietnam", "VNM", "Republic of Vietnam"),
)


# ISO alpha-2 codes Natural Earth leaves out (``ISO_A2`` is -99 for these units).
MISSING_ISO_A2 = {"FRA": "FR", "NOR": "NO", "KOS": "XK"}


def country_display_name(props: dict[str, str]) -> str:
    """The shortest of Natural Earth's names without an abbreviation: 'Bosnia and
    Herzegovina' (not 'Bosnia and Herz.'), 'United States', 'Russia', 'North Korea'."""
    names = [props["NAME"], props["ADMIN"], props["NAME_LONG"]]
    plain = [n for n in names if "." not in n] or names
    return min(plain, key=len)


def country_code(props: dict[str, str]) -> str:
    """ISO 3166-1 alpha-2 code of a Natural Earth unit ('' when it has none)."""
    code = props["ISO_A2"]
    return code if code not in ("-99", "") else MISSING_ISO_A2.get(props["ADM0_A3"], "")


def country_rows(geo: Path) -> list[Row]:
    rows: list[Row] = []
    by_code: dict[str, Row] = {}
    for feature in read_features(geo / "world" / "ne_50m_admin0_countries.geojson"):
        props: dict[str, str] = feature["properties"]  # type: ignore[assignment]
        code = props["ADM0_A3"]
        lat, lon = centroid(feature["geometry"], largest_only=True)  # type: ignore[arg-type]
        iso3 = props["ISO_A3_EH"] if props["ISO_A3_EH"] != "-99" else code
        name = country_display_name(props)
        aliases = [props["NAME"], props["NAME_LONG"], props["ADMIN"]]
        aliases += [*COUNTRY_ALIASES.get(code, ()), iso3]
        row = Row(
            f"country:{code}",
            name,
            "country",
            lat,
            lon,
            country=name,
            cc=country_code(props),
            feature="ADM0",
            source="Natural Earth 1:50m (largest polygon centroid)",
            aliases=[a for a in aliases if a and a != "-99" and "." not in a[:-1]],
        )
        by_code[code] = row
        rows.append(row)
    for code, name, successor, names in HISTORICAL:
        base = by_code[successor]
        rows.append(
            Row(
                f"country:{code}",
                name,
                "country",
                base.lat,
                base.lon,
                country=name,
                cc="",
                feature="HIST",
                source=f"hand: historical state, point of {base.name}",
                aliases=[a for a in names.split("|") if a],
            )
        )
    return rows


ATTRIBUTION = """# Gazetteer data: sources and licences

`places.tsv` is generated by `scripts/build_gazetteer.py` from the offline geodata in
`../shared/data/geo/` (see its README). One row per
place: stable `key`, display `name`, `kind`, `lat`/`lon` (WGS84), `admin1` (province),
`admin2` (district), `country`, `cc` (ISO 3166-1 alpha-2), `population`, GeoNames
`feature` code, UCDP-style `precision` of the coordinates, `source`, and `aliases`
(`|`-separated). Province and district coordinates are area centroids of their polygons.
Rows whose `source` starts with `hand:` were added by the editors for features missing from
the open data; their coordinates are those of the stand-in named in `source`.

`world.sqlite` is generated by `scripts/build_world_gazetteer.py` from GeoNames
`cities500.txt` and `admin1CodesASCII.txt` and Natural Earth's named features (seas,
straits, ranges, islands, peaks, lakes, rivers, admin1 label points), for every country
but Afghanistan (which `places.tsv` covers in more detail). First-order divisions are
placed at Natural Earth's label point of the region when the names agree, else at the
region's seat, else at the median of its places; their precision is `admin1`. Its
`meta` table records the sha256 of each source file.

## Attribution

- Place names: "Contains data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0."
  (Afghan populated places, province and district names in `places.tsv`; every populated
  place of the world with population over 500 or seat of a division, and first-order
  divisions, in `world.sqlite`.)
- Boundaries: "Administrative boundaries: geoBoundaries (Runfola, D. et al. 2020,
  geoBoundaries: A global database of political administrative boundaries, PLoS ONE 15(4):
  e0231866, https://doi.org/10.1371/journal.pone.0231866; www.geoboundaries.org); source:
  Afghanistan Information Management Services (AIMS) / Esri Disaster Response Program, 2014."
  (Province and district centroids are computed from these polygons.)
- Airports: "Airport data: OpenFlights (https://openflights.org/data.php), ODbL 1.0 / DbCL 1.0;
  originally from OurAirports (public domain)."
  The airport rows of `places.tsv` are a derived database of OpenFlights and are offered
  under the ODbL 1.0 (contents under the DbCL 1.0).
- World countries: Made with Natural Earth (public domain; GeoJSON conversion CC0 1.0).

## Licences

- GeoNames: Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/).
- geoBoundaries AFG ADM2 (2014, AIMS): public domain per its metadata; citation requested.
- OpenFlights: Open Database License 1.0 (https://opendatacommons.org/licenses/odbl/1-0/),
  Database Contents License 1.0.
- Natural Earth: public domain.
"""


def build(geo: Path) -> list[Row]:
    """All gazetteer rows, sorted by key."""
    provinces, province_names, province_shapes = province_rows(geo)
    districts, _ = district_rows(geo)
    district_index = {row.key: row for row in districts}
    places = place_rows(geo, province_names, district_index)
    airports = airport_rows(geo, ProvinceLocator(province_shapes))
    countries = country_rows(geo)
    index = {row.key: row for row in [*provinces, *districts, *places]}
    rows = [*provinces, *districts, *places, *airports, *hand_rows(index), *countries]
    return sorted(rows, key=lambda row: row.key)


def write(rows: Sequence[Row], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "places.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(
            handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
        writer.writerow(COLUMNS)
        writer.writerows(row.cells() for row in rows)
    (out / "ATTRIBUTION.md").write_text(ATTRIBUTION, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("geo", nargs="?", type=Path, default=DEFAULT_GEO, help="geodata directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    rows = build(args.geo)
    write(rows, args.out)
    print(f"wrote {len(rows)} places to {args.out / 'places.tsv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
