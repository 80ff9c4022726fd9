"""Build ``conflict_atlas/data/actors/thing_nouns.tsv`` from WordNet 3.0.

The actor resolver must never take a weapon, a vehicle, an aircraft, a ship or a medium
(a newspaper, a broadcaster) for an actor: "the Tochka-U missile", "a Black Hawk
helicopter", "Radio Rwanda". Which head nouns name such things is lexical knowledge, so
it is generated from WordNet rather than typed: every single-word noun among the hyponyms
of the synsets in ``ROOTS`` is written with its class. A noun that also has a sense under
a person or a group (``fighter``: an aircraft and a combatant; ``press``) is written with
the class ``ambiguous``: the resolver trusts it only next to a model designation
("F-16 fighters").

WordNet's own files are read (Debian's ``wordnet-base`` installs them in
``/usr/share/wordnet``); nothing else is needed. The output is sorted, so the same
WordNet gives the same file; ``tests/test_world_actors.py`` checks they agree.

Usage::

    python scripts/build_thing_nouns.py [WORDNET_DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

WORDNET_DIR = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[1] / "src/conflict_atlas/data/actors/thing_nouns.tsv"

#: Class -> WordNet synsets (lemma, sense number) whose hyponyms are of that class, in the
#: order classes win when a noun falls under several.
ROOTS: dict[str, tuple[tuple[str, int], ...]] = {
    "aircraft": (("aircraft", 1), ("heavier-than-air_craft", 1)),
    "vessel": (("vessel", 2), ("ship", 1), ("boat", 1)),
    "weapon": (
        ("weapon", 1),
        ("weaponry", 1),
        ("explosive_device", 1),
        ("ammunition", 1),
        ("projectile", 1),
        ("missile", 1),
        ("armament", 1),
    ),
    "vehicle": (("vehicle", 1), ("craft", 2)),
    "media": (
        ("publication", 1),
        ("broadcasting_station", 1),
        ("news_agency", 1),
        ("newspaper", 2),
        ("broadcasting", 2),
        ("medium", 1),
    ),
}
#: Senses under these make a noun name people too ("fighter", "partisan").
PEOPLE_ROOTS = (("person", 1), ("military_unit", 1))
#: Senses under these make a noun name an organisation too; that makes a weapon or a
#: vehicle word ambiguous, not a medium ("the press", a newspaper as a company).
GROUP_ROOTS = (("social_group", 1), ("organization", 1))
_WORD = re.compile(r"^[a-z][a-z-]*[a-z]$")


class WordNet:
    """The noun synsets of WordNet's ``data.noun``/``index.noun`` files."""

    def __init__(self, directory: Path) -> None:
        self.words: dict[str, list[str]] = {}
        self.hyponyms: dict[str, list[str]] = defaultdict(list)
        self.senses: dict[str, list[str]] = {}
        for line in (directory / "data.noun").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            offset, words, pointers = _synset(line)
            self.words[offset] = words
            for symbol, target in pointers:
                if symbol in ("~", "~i"):
                    self.hyponyms[offset].append(target)
        for line in (directory / "index.noun").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            count = int(parts[2])
            self.senses[parts[0]] = parts[-count:]

    def synset(self, lemma: str, sense: int) -> str:
        return self.senses[lemma][sense - 1]

    def below(self, roots: Iterable[tuple[str, int]]) -> set[str]:
        """Offsets of the synsets under ``roots`` (themselves included)."""
        todo = [self.synset(lemma, sense) for lemma, sense in roots]
        seen: set[str] = set()
        while todo:
            offset = todo.pop()
            if offset not in seen:
                seen.add(offset)
                todo.extend(self.hyponyms.get(offset, ()))
        return seen


def _synset(line: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    """Offset, lower-case lemmas and (pointer symbol, target offset) of a data line."""
    fields = line.split(" | ")[0].split()
    offset, count = fields[0], int(fields[3], 16)
    words = [fields[4 + 2 * i].lower() for i in range(count)]
    at = 4 + 2 * count
    pointers = []
    for i in range(int(fields[at])):
        symbol, target, pos = fields[at + 1 + 4 * i : at + 4 + 4 * i]
        if pos == "n":
            pointers.append((symbol, target))
    return offset, words, pointers


def thing_nouns(wordnet: WordNet) -> dict[str, str]:
    """Single-word nouns -> class, ``ambiguous`` for those that also name people."""
    people = {w for o in wordnet.below(PEOPLE_ROOTS) for w in wordnet.words[o]}
    groups = {w for o in wordnet.below(GROUP_ROOTS) for w in wordnet.words[o]}
    out: dict[str, str] = {}
    for kind, roots in ROOTS.items():
        for offset in wordnet.below(roots):
            for word in wordnet.words[offset]:
                if not _WORD.match(word) or word in out:
                    continue
                ambiguous = word in people or (kind != "media" and word in groups)
                out[word] = "ambiguous" if ambiguous else kind
    return out


def lines(nouns: dict[str, str]) -> Iterator[str]:
    yield "# noun\tclass -- generated by scripts/build_thing_nouns.py from WordNet 3.0"
    yield "# (Princeton University, WordNet licence); do not edit by hand."
    for noun in sorted(nouns):
        yield f"{noun}\t{nouns[noun]}"


def build(directory: Path = WORDNET_DIR) -> str:
    """The text of the data file made from the WordNet files in ``directory``."""
    return "\n".join(lines(thing_nouns(WordNet(directory)))) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wordnet", nargs="?", type=Path, default=WORDNET_DIR)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.write_text(build(args.wordnet), encoding="utf-8")


if __name__ == "__main__":
    main()
