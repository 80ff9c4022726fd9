"""Opening the gazetteer and resolving places, in one run (target: opening < 0.5 s).

Prints the time to open the world gazetteer and index its core places (what every build
pays once), to load the places of a few countries (what a document about each costs the
first time), lookups per second, and the place stage over the bundled corpus with its
parse made beforehand.
Run: python benchmarks/gazetteer.py
"""

from __future__ import annotations

import time
from pathlib import Path

from conflict_atlas.corpus import corpus_paths
from conflict_atlas.ingest import discover, ingest_file
from conflict_atlas.resolve.actors import ActorResolver
from conflict_atlas.resolve.gazetteer import Gazetteer
from conflict_atlas.resolve.places import PlaceResolver
from conflict_atlas.segment import segment

COUNTRIES = ("UA", "SY", "YE", "US", "RU")
NAMES = ("Kharkiv", "Aleppo", "Kandahar", "Mosul", "Kabul Province", "Nowhere", "Charkiw")


def main() -> None:
    began = time.perf_counter()
    gazetteer = Gazetteer()
    opened = time.perf_counter() - began
    print(f"open gazetteer:  {opened:6.3f} s  ({len(gazetteer):,} places indexed; target < 0.5 s)")
    for cc in COUNTRIES:
        began = time.perf_counter()
        gazetteer.load_country(cc)
        print(f"  load {cc}:       {time.perf_counter() - began:6.3f} s")
    began = time.perf_counter()
    rounds = 20_000
    for i in range(rounds):
        gazetteer.lookup(NAMES[i % len(NAMES)], countries=COUNTRIES)
    rate = rounds / (time.perf_counter() - began)
    print(f"lookups:         {rate:8,.0f} /s")
    files, _, _ = discover(corpus_paths())
    parser, resolver = ActorResolver(), PlaceResolver(gazetteer)
    loaded = []
    for path in files:
        for document in ingest_file(Path(path))[0]:
            sentences = segment(document)
            loaded.append((document, sentences, parser.parse(document, sentences)))
    began = time.perf_counter()
    mentions = sum(len(resolver(d, s, docs=p)[0]) for d, s, p in loaded)
    spent = time.perf_counter() - began
    print(f"place stage:     {spent:6.3f} s over the bundled corpus ({mentions:,} mentions)")


if __name__ == "__main__":
    main()
