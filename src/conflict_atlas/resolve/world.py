"""The world gazetteer: every populated place, region and named feature, read lazily.

``data/gazetteer/world.sqlite`` is built by ``scripts/build_world_gazetteer.py`` from
GeoNames ``cities500`` (199,568 populated places with their Latin-script alternate
names), GeoNames first-order divisions and Natural Earth's named features (see
``ATTRIBUTION.md`` next to it). It is a read-only data file, opened without copying:

- :meth:`WorldGazetteer.core` gives the places worth knowing in any text (first-order
  regions, capitals and seats of regions, cities of ``CORE_POPULATION`` or more, seas,
  ranges, rivers...), which the in-memory :class:`~conflict_atlas.resolve.gazetteer.Gazetteer`
  indexes at start-up;
- :meth:`WorldGazetteer.country` gives every place of one country, for a document the
  resolver has found to be about that country;
- :meth:`WorldGazetteer.lookup` finds any place of the world by a spelling, for a name
  the text marks as a place (a named entity, "the town of X").

Names are stored as folded keys (``gazetteer.exact_key``), so lookups are exact on the
key and fast on the index. Place ids are given core places first, then country by
country, so the places (and names) of one country are one range of ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from conflict_atlas.errors import AtlasError

CORE_POPULATION = 100_000
"""Cities this large are known to every build; smaller ones once their country is in play."""

SCHEMA = """
create table places (
  id integer primary key, geonameid integer, ref text, name text not null,
  kind text not null, lat5 integer not null, lon5 integer not null, cc text not null,
  division text not null, population integer not null, feature text not null,
  core integer not null
);
create table divisions (code text primary key, name text not null) without rowid;
create table names (
  place integer not null, key text not null, main integer not null,
  primary key (place, key)
) without rowid;
create index names_key on names (key);
create table core_names (place integer primary key, keys text not null);  -- tab-joined
create table countries (
  cc text primary key, name text not null, first integer, last integer,
  core_first integer, core_last integer
);
create table meta (key text primary key, value text not null);
"""

_COLUMNS = (
    "p.id, p.geonameid, p.ref, p.name, p.kind, p.lat5, p.lon5, p.cc, p.division, "
    "p.population, p.feature"
)
#: Precision of a place's coordinates by its kind (UCDP-style names; see ``where_prec``).
PRECISION = {
    "city": "city",
    "town": "city",
    "village": "city",
    "neighbourhood": "city",
    "province": "admin1",
    "peak": "near",
}


class WorldGazetteerError(AtlasError):
    """The world gazetteer file is missing or unreadable."""


class WorldPlace(NamedTuple):
    """One row of the world gazetteer."""

    id: int
    key: str
    name: str
    kind: str
    lat: float
    lon: float
    cc: str
    admin1: str
    population: int
    feature: str
    country: str

    @property
    def precision(self) -> str:
        return PRECISION.get(self.kind, "region")


class WorldGazetteer:
    """Read access to ``world.sqlite`` (one connection, opened read-only)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_world_path()
        if not self.path.is_file():
            raise WorldGazetteerError(f"{self.path}: world gazetteer not found")
        uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._countries = dict(self._db.execute("select cc, name from countries"))
            self._divisions = dict(self._db.execute("select code, name from divisions"))
        except sqlite3.Error as exc:
            raise WorldGazetteerError(f"{self.path}: not a world gazetteer ({exc})") from exc

    def _place(self, row: tuple[Any, ...]) -> WorldPlace:
        pid, gid, ref, name, kind, lat5, lon5, cc, division, population, feature = row
        return WorldPlace(
            pid,
            ref or f"geonames:{gid}",
            name,
            kind,
            lat5 / 1e5,
            lon5 / 1e5,
            cc,
            self._divisions.get(f"{cc}.{division}", ""),
            population,
            feature,
            self._countries.get(cc, cc),
        )

    def core(self) -> Iterator[tuple[WorldPlace, list[str]]]:
        """The core places with their name keys.

        Their keys are read from ``core_names`` (one tab-joined row per place, which is
        several times faster to load than one row per name).
        """
        sql = f"select {_COLUMNS}, k.keys from core_names k cross join places p on p.id = k.place"
        for row in self._db.execute(sql):
            yield self._place(row[:-1]), row[-1].split("\t")

    def country(self, cc: str, *, core: bool = False) -> list[tuple[WorldPlace, list[str]]]:
        """Every place of the country with ISO code ``cc`` that is not a core place (and
        the core places too with ``core``)."""
        sql = "select first, last, core_first, core_last from countries where cc = ?"
        row = self._db.execute(sql, (cc,)).fetchone() or (None, None, None, None)
        ranges = [(row[0], row[1]), *([(row[2], row[3])] if core else [])]
        return [
            p
            for a, b in ranges
            if a is not None and b is not None
            for p in self._with_names(int(a), int(b))
        ]

    def lookup(self, key: str) -> list[tuple[WorldPlace, bool]]:
        """Places with the folded name ``key``, each with whether it is their own name."""
        sql = f"select {_COLUMNS}, n.main from places p join names n on n.place = p.id "
        rows = self._db.execute(sql + "where n.key = ?", (key,))
        return [(self._place(row[:-1]), bool(row[-1])) for row in rows]

    def countries(self) -> dict[str, str]:
        """ISO alpha-2 code -> country name."""
        return dict(self._countries)

    def __len__(self) -> int:
        return int(self._db.execute("select count(*) from places").fetchone()[0])

    def _with_names(self, first: int, last: int) -> Iterator[tuple[WorldPlace, list[str]]]:
        sql = f"select {_COLUMNS} from places p where p.id between ? and ?"
        places = {row[0]: self._place(row) for row in self._db.execute(sql, (first, last))}
        names: dict[int, list[str]] = {}
        sql = "select place, key from names where place between ? and ?"
        for place, key in self._db.execute(sql, (first, last)):
            names.setdefault(place, []).append(key)
        for pid, place in places.items():
            yield place, names.get(pid, [])


def default_world_path() -> Path:
    """The world gazetteer shipped with the package."""
    return Path(str(resources.files("conflict_atlas") / "data" / "gazetteer" / "world.sqlite"))


@lru_cache(maxsize=1)
def default_world() -> WorldGazetteer:
    """The shipped world gazetteer, opened once per process."""
    return WorldGazetteer()
