"""The place gazetteer: names of places with coordinates, loaded once, looked up fast.

Two data files ship with the package (see ``ATTRIBUTION.md`` next to them):

- ``data/gazetteer/places.tsv`` (``scripts/build_gazetteer.py``): the countries of the
  world and Afghanistan in detail (provinces and districts from geoBoundaries polygons,
  populated places, airports, crossings); a user can pass more TSV files with the same
  columns for another conflict;
- ``data/gazetteer/world.sqlite`` (``scripts/build_world_gazetteer.py``, read by
  :mod:`conflict_atlas.resolve.world`): every populated place of the world from GeoNames
  ``cities500``, every first-order region and Natural Earth's named features.

:class:`Gazetteer` indexes in memory the TSV rows and the world's *core* places (regions,
capitals, large cities, named features). The other places of a country are indexed when
a document turns out to be about that country (:meth:`Gazetteer.load_country`) and are
looked up only for such documents (``countries=``), so a village never wins in a text
about another part of the world; :meth:`Gazetteer.lookup_world` finds any place by name
for a name the text itself marks as a place.

Two lookup keys make spelling variants meet:

``exact_key``  case, diacritics, apostrophes, hyphens and spacing folded:
               "Mazar-e Sharif" -> "mazar e sharif".
``loose_key``  also drops the Dari/Pashto connective (-e/-i/-ye, written apart or glued
               to the first word), spaces, doubled letters and common romanisation
               differences (ow/o, ay/ai, q/k, w/v): "Mazar-i-Sharif", "Mazari Sharif" and
               "Mazar-e Sharif" all give "mazarsharif"; "Tarin Kowt" and "Tarinkot" meet.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from conflict_atlas.errors import AtlasError
from conflict_atlas.models import Place, content_id
from conflict_atlas.resolve.world import (
    CORE_POPULATION,
    WorldGazetteer,
    WorldPlace,
    default_world,
)

CONNECTIVES = frozenset({"e", "i", "ye", "y", "yi", "al", "ul", "el"})
_MARKS = re.compile(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf`\u00b4'\u2032]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SOUNDS = (
    ("ow", "o"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ay", "ai"),
    ("ey", "ei"),
    ("q", "k"),
    ("w", "v"),
    ("ph", "f"),
    ("dh", "d"),
)
_REPEATS = re.compile(r"(.)\1+")
SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
# Ordinary English words that are also place names somewhere ("March", a town in
# Afghanistan): never matched as names.
STOP_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


# English words for kinds of places, directions and sizes: regions are named "Capital",
# "Central" or "Northern" (their province word dropped), but the bare word in a text is
# not their name. Never matched on their own.
GENERIC_NAMES = frozenset(
    [
        "capital",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "middle",
        "upper",
        "lower",
        "inner",
        "outer",
        "coast",
        "coastal",
        "border",
        "frontier",
        "highlands",
        "lowlands",
        "mountain",
        "mountains",
        "lake",
        "lakes",
        "river",
        "rivers",
        "island",
        "islands",
        "sea",
        "gulf",
        "bay",
        "port",
        "harbour",
        "harbor",
        "valley",
        "plain",
        "plains",
        "plateau",
        "desert",
        "delta",
        "oasis",
        "city",
        "town",
        "village",
        "district",
        "province",
        "region",
        "state",
        "republic",
        "union",
        "kingdom",
        "territory",
        "federal",
        "national",
        "new",
        "old",
        "great",
        "greater",
        "little",
        "grand",
        "independence",
        "liberty",
        "unity",
        "freedom",
        "victory",
        "peace",
        "hope",
        "union",
    ]
)
ALL_STOP_NAMES = STOP_NAMES | GENERIC_NAMES


def fold(text: str) -> str:
    """Lowercase ASCII folding with apostrophe-like marks removed."""
    text = _MARKS.sub("", text)
    if text.isascii():  # nothing to decompose: the common case, without the char loop
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)  # names recur in every sentence; folding is the slow part
def exact_key(text: str) -> str:
    """'Mazar-e  Sharif' -> 'mazar e sharif'."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


@lru_cache(maxsize=1 << 16)
def loose_key(text: str) -> str:
    """Spelling-insensitive key: 'Mazar-i-Sharif', 'Mazari Sharif' -> 'mazarsharif'."""
    words = exact_key(text).split()
    if len(words) > 1:
        words = [w for w in words if w not in CONNECTIVES] or words
        words = [_drop_glued_connective(w) for w in words[:-1]] + words[-1:]
    key = "".join(words)
    for old, new in _SOUNDS:
        key = key.replace(old, new)
    return _REPEATS.sub(r"\1", key)


def _drop_glued_connective(word: str) -> str:
    """'mazari' -> 'mazar', 'puli' -> 'pul' (the ezafe written onto the first word)."""
    if len(word) > 3 and word[-1] in "ie" and word[-2] not in "aeiou":
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One row of the gazetteer."""

    key: str
    name: str
    kind: str
    lat: float
    lon: float
    admin1: str
    admin2: str
    country: str
    cc: str
    population: int
    feature: str
    precision: str
    source: str
    aliases: tuple[str, ...]

    @property
    def is_capital(self) -> bool:
        """A national or provincial capital (GeoNames PPLC / PPLA)."""
        return self.feature in ("PPLC", "PPLA")

    @property
    def is_core(self) -> bool:
        """Worth knowing in any text: not a town, village or district unless a capital or
        a city of ``CORE_POPULATION`` or more."""
        minor = self.kind in SETTLEMENT_KINDS or self.kind in ("district", "neighbourhood")
        return not minor or self.is_capital or self.population >= CORE_POPULATION

    def to_place(self) -> Place:
        """The ``Place`` record of this entry; its id hashes the stable gazetteer key."""
        return Place(
            id=content_id("place", self.key),
            name=self.name,
            kind=self.kind,
            lat=self.lat,
            lon=self.lon,
            admin1=self.admin1 or None,
            country=self.country or None,
            precision=self.precision,
            aliases=self.aliases,
            source=self.source,
        )


def _entry(row: dict[str, str]) -> GazetteerEntry:
    return GazetteerEntry(
        key=row["key"],
        name=row["name"],
        kind=row["kind"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        admin1=row["admin1"],
        admin2=row["admin2"],
        country=row["country"],
        cc=row["cc"],
        population=int(row["population"] or 0),
        feature=row["feature"],
        precision=row["precision"],
        source=row["source"],
        aliases=tuple(a for a in row["aliases"].split("|") if a),
    )


_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,5}")


def is_acronym(name: str) -> bool:
    """'US', 'U.S.', 'FATA': matched case-sensitively only."""
    return bool(_ACRONYM.fullmatch(name))


class GazetteerError(AtlasError):
    """A places file is missing, unreadable or not in the ``places.tsv`` format."""


class _Index:
    """Entries by exact key and by loose key.

    World places stay :class:`WorldPlace` tuples (cheap to make) until a lookup returns
    them as entries.
    """

    def __init__(self) -> None:
        self.exact: dict[str, list[GazetteerEntry | WorldPlace]] = {}
        self.loose: dict[str, list[GazetteerEntry | WorldPlace]] = {}
        self.first_words: set[str] = set()  # the first word of every exact key

    def add(self, entry: GazetteerEntry, key: str) -> None:
        _append(self.exact, key, entry)
        _append(self.loose, loose_key(key), entry)
        self.first_words.add(key.split(" ", 1)[0])


class Gazetteer:
    """Place names with coordinates; ``lookup`` finds entries by any spelling variant.

    Args:
        path: a TSV of places (``places.tsv`` columns) to read instead of the bundled one.
        extra: more TSV files of places to add (places of a conflict the bundled data
            lacks, or better names for them); their rows win over bundled rows of the
            same ``key``.
        world: the world gazetteer whose core places are indexed too and whose countries
            can be loaded; by default the bundled one, ``None`` for none.

    Example::

        gaz = Gazetteer()
        [e.name for e in gaz.lookup("Mazari Sharif")]   # ['Mazar-i-Sharif']
        gaz.load_country("UA")
        [e.country for e in gaz.lookup("Bucha", countries=("UA",))]   # ['Ukraine']
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        extra: Iterable[str | Path] = (),
        world: WorldGazetteer | bool | None = True,
    ) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        self._index = _Index()
        self._countries: dict[str, _Index] = {}
        self._acronyms: dict[str, list[GazetteerEntry | WorldPlace]] = {}
        self.world: WorldGazetteer | None = default_world() if world is True else world or None
        self._core = 0
        for entry in _read(path):
            self.add(entry)
        for file in extra:
            for entry in _read(file):
                self.add(entry)
        if self.world is not None:
            for place, keys in self.world.core():
                self._add_keys(self._index, place, keys)
                self._core += 1

    def add(self, entry: GazetteerEntry) -> None:
        """Index ``entry`` under its name and every alias."""
        self.entries[entry.key] = entry
        for name in (entry.name, *entry.aliases):
            if is_acronym(name):
                _append(self._acronyms, name.replace(".", ""), entry)
            elif exact_key(name) not in ALL_STOP_NAMES:
                self._index.add(entry, exact_key(name))

    def _add_keys(
        self, index: _Index, place: WorldPlace, keys: Iterable[str], *, loose_too: bool = False
    ) -> None:
        """Index a world place by its keys (and their loose forms with ``loose_too``)."""
        if place.key in self.entries:
            return  # the TSV row of a place wins over its world row
        exact, first = index.exact, index.first_words
        loose = index.loose if loose_too else None
        for key in keys:  # distinct per place
            if key not in ALL_STOP_NAMES:
                exact.setdefault(key, []).append(place)
                first.add(key.split(" ", 1)[0])
                if loose is not None:
                    loose.setdefault(loose_key(key), []).append(place)

    def load_country(self, cc: str) -> None:
        """Index every place of the country ``cc`` (ISO alpha-2) for ``countries=`` lookups,
        also by the loose spelling key ("Hodeida" finds "Hodeidah")."""
        if cc in self._countries or self.world is None:
            return
        index = self._countries[cc] = _Index()
        for place, keys in self.world.country(cc, core=True):
            self._add_keys(index, place, keys, loose_too=True)

    def starts_name(self, word: str, countries: Iterable[str]) -> bool:
        """Whether ``word`` (folded) is the first word of a name of one of ``countries``."""
        key = exact_key(word)
        return any(
            key in index.first_words or loose_key(key) in index.first_words
            for cc in countries
            if (index := self._countries.get(cc)) is not None
        )

    def lookup(self, name: str, *, countries: Iterable[str] = ()) -> list[GazetteerEntry]:
        """Entries named ``name`` (exact form first, then the loose spelling key).

        ``countries`` adds the places of those countries (ISO codes) once loaded.
        """
        return self.lookup_exact(name, countries=countries) or self.lookup_loose(
            name, countries=countries
        )

    def lookup_exact(self, name: str, *, countries: Iterable[str] = ()) -> list[GazetteerEntry]:
        if is_acronym(name):
            found = self._acronyms.get(name.replace(".", ""), [])
            return [e for e in found if isinstance(e, GazetteerEntry)]
        key = exact_key(name)
        head = key.split(" ", 1)[0]
        if head not in self._index.first_words and not any(
            head in index.first_words for cc in countries if (index := self._countries.get(cc))
        ):
            return []  # no name starts with this word: the common case of a scan
        return self._collect(key, lambda index: index.exact, countries)

    def lookup_loose(self, name: str, *, countries: Iterable[str] = ()) -> list[GazetteerEntry]:
        if is_acronym(name):
            return []
        key = loose_key(name)
        return self._collect(key, lambda index: index.loose, countries)

    def _collect(
        self,
        key: str,
        table: Callable[[_Index], dict[str, list[GazetteerEntry | WorldPlace]]],
        countries: Iterable[str],
    ) -> list[GazetteerEntry]:
        items: list[GazetteerEntry | WorldPlace] = []
        for index in (self._index, *(self._countries.get(cc) for cc in countries)):
            if index is not None and (hits := table(index).get(key)):
                items += hits
        if not items:
            return []
        found: list[GazetteerEntry] = []
        for item in items:
            entry = world_entry(item) if isinstance(item, WorldPlace) else item
            if not any(e is entry for e in found):
                found.append(entry)
        return found

    def lookup_world(self, name: str) -> list[GazetteerEntry]:
        """Every place of the world spelled ``name`` (folded), from the world gazetteer."""
        if self.world is None or is_acronym(name):
            return []
        key = exact_key(name)
        if not key or key in ALL_STOP_NAMES:
            return []
        found = self.lookup_exact(name)
        for place, _ in self.world.lookup(key):
            entry = self.entries.get(place.key) or world_entry(place)
            if entry not in found:
                found.append(entry)
        return found

    def __len__(self) -> int:
        """The places indexed at start-up: the TSV rows and the world's core places."""
        return len(self.entries) + self._core

    def __contains__(self, key: object) -> bool:
        return key in self.entries


def world_entry(place: WorldPlace) -> GazetteerEntry:
    """The gazetteer entry of a world gazetteer row (one object per place and process)."""
    return _cached_entry(place)


def _world_entry(place: WorldPlace) -> GazetteerEntry:
    if place.key.startswith("geonames:"):
        source = f"GeoNames {place.key.split(':', 1)[1]}"
    elif place.key.startswith("adm1:"):
        source = f"GeoNames admin1 {place.key.split(':', 1)[1]}"
    else:
        source = "Natural Earth"
    return GazetteerEntry(
        key=place.key,
        name=place.name,
        kind=place.kind,
        lat=place.lat,
        lon=place.lon,
        admin1=place.admin1,
        admin2="",
        country=place.country,
        cc=place.cc,
        population=place.population,
        feature=place.feature,
        precision=place.precision,
        source=source,
        aliases=(),
    )


_cached_entry = lru_cache(maxsize=None)(_world_entry)


def _append(
    index: dict[str, list[GazetteerEntry | WorldPlace]], key: str, entry: GazetteerEntry
) -> None:
    bucket = index.setdefault(key, [])
    if key and not any(e is entry for e in bucket):
        bucket.append(entry)


COLUMNS = (
    "key",
    "name",
    "kind",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "country",
    "cc",
    "population",
    "feature",
    "precision",
    "source",
    "aliases",
)


def _read(path: str | Path | None) -> list[GazetteerEntry]:
    if path is None:
        source = resources.files("conflict_atlas") / "data" / "gazetteer" / "places.tsv"
        return _rows(source.read_text(encoding="utf-8"), "places.tsv")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read the places file ({exc})") from exc
    return _rows(text, str(path))


def _rows(text: str, where: str) -> list[GazetteerEntry]:
    """Entries of a places TSV (``COLUMNS``, tab-separated, a header line first)."""
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise GazetteerError(f"{where}: missing column(s) {', '.join(missing)}")
    entries = []
    for line, row in enumerate(reader, 2):
        try:
            entries.append(_entry(row))
        except (TypeError, ValueError) as exc:
            raise GazetteerError(f"{where}:{line}: bad place row ({exc})") from exc
    return entries


_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Gazetteer()
    return _DEFAULT
