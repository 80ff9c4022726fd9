"""The place gazetteer: names of places with coordinates, loaded once, looked up fast.

Data lives in ``conflict_atlas/data/gazetteer/places.tsv`` (built by
``scripts/build_gazetteer.py`` from GeoNames, geoBoundaries, Natural Earth and
OpenFlights; see ``ATTRIBUTION.md`` next to it). A user can pass another TSV with the same
columns to cover another conflict.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from conflict_atlas.models import Place, content_id

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


def is_acronym(name: str) -> bool:
    """'US', 'U.S.', 'FATA': matched case-sensitively only."""
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z]{2,5}", name))


class Gazetteer:
    """Place names with coordinates; ``lookup`` finds entries by any spelling variant.

    Example::

        gaz = Gazetteer()
        [e.name for e in gaz.lookup("Mazari Sharif")]   # ['Mazar-i-Sharif']
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        self._exact: dict[str, list[GazetteerEntry]] = {}
        self._loose: dict[str, list[GazetteerEntry]] = {}
        self._acronyms: dict[str, list[GazetteerEntry]] = {}
        for entry in _read(path):
            self.add(entry)

    def add(self, entry: GazetteerEntry) -> None:
        """Index ``entry`` under its name and every alias."""
        self.entries[entry.key] = entry
        for name in (entry.name, *entry.aliases):
            if is_acronym(name):
                _append(self._acronyms, name.replace(".", ""), entry)
                continue
            if exact_key(name) in STOP_NAMES:
                continue
            _append(self._exact, exact_key(name), entry)
            _append(self._loose, loose_key(name), entry)

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries named ``name`` (exact form first, then the loose spelling key)."""
        return self.lookup_exact(name) or self._loose.get(loose_key(name), [])

    def lookup_exact(self, name: str) -> list[GazetteerEntry]:
        if is_acronym(name):
            return list(self._acronyms.get(name.replace(".", ""), []))
        return list(self._exact.get(exact_key(name), []))

    def lookup_loose(self, name: str) -> list[GazetteerEntry]:
        return [] if is_acronym(name) else list(self._loose.get(loose_key(name), []))

    def names(self) -> Iterator[str]:
        """Every indexed name form (for building spaCy patterns, say)."""
        for entry in self.entries.values():
            yield entry.name
            yield from entry.aliases

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries


def _append(index: dict[str, list[GazetteerEntry]], key: str, entry: GazetteerEntry) -> None:
    bucket = index.setdefault(key, [])
    if key and entry not in bucket:
        bucket.append(entry)


def _read(path: str | Path | None) -> Iterable[GazetteerEntry]:
    if path is None:
        source = resources.files("conflict_atlas") / "data" / "gazetteer" / "places.tsv"
        text = source.read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [_entry(row) for row in reader]


_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Gazetteer()
    return _DEFAULT
