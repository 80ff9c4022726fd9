"""Events from table rows, e.g. a table of provincial capitals with the date each fell.

A table is an event table when its caption row, header or section title contains a
trigger word ("captured", "Fall of ..."). Each data row with a place gives one event of
that type, dated by its date cell. Rows whose leading cells were dropped by a rowspan
("| Sar-e Pol | Sar-e Pol |" under "| 8 August | Kunduz | Kunduz |") carry the date of
the row above. The actor is the agent the prose of the same document names most often
for events of the same type (tables rarely repeat it on every row).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from conflict_atlas.events.build import Draft
from conflict_atlas.events.dating import NO_DATE, from_mention, usable
from conflict_atlas.events.locate import to_location
from conflict_atlas.events.ontology import Lexicon
from conflict_atlas.models import (
    Document,
    EventArgument,
    EventLocation,
    EventSource,
    Place,
    Sentence,
    TableRow,
    TimeMention,
)

_WORD = re.compile(r"[A-Za-z]+")
_COARSE = ("province", "country", "region")


@dataclass(slots=True)
class _Row:
    sentence: Sentence
    row: TableRow
    date: TimeMention | None
    places: list[Place]


def _stems(word: str) -> list[str]:
    w = word.lower()
    return [w, w[:-1], w[:-2], w[:-3] + "e" if w.endswith("ing") else w, w[:-3]]


class TableEvents:
    """Collects the table rows of one document and turns event tables into drafts."""

    def __init__(self, document: Document, lexicon: Lexicon) -> None:
        self.document = document
        self.lexicon = lexicon
        self.rows: dict[int, list[_Row]] = {}
        self._by_start = {r.start: r for t in document.tables for r in t.rows}

    def add_row(
        self,
        sentence: Sentence,
        dates: Sequence[TimeMention],
        located: Sequence[tuple[frozenset[int], Place]],
    ) -> None:
        row = self._by_start.get(sentence.start)
        if row is None:
            return
        date = next((m for m in dates if usable(m)), None)
        self.rows.setdefault(row.table, []).append(
            _Row(sentence, row, date, [p for _, p in located])
        )

    def _type(self, rows: list[_Row]) -> str | None:
        table = next(t for t in self.document.tables if t.index == rows[0].row.table)
        texts = [r.sentence.text for r in rows[:2] if r.date is None]
        section = next((s for s in self.document.sections if s.index == table.section), None)
        if section is not None:
            texts.append(section.title)
        for word in (w for text in texts for w in _WORD.findall(text)):
            for stem in _stems(word):
                entry = self.lexicon.verbs.get(stem) or self.lexicon.nouns.get(stem)
                if (entry is not None and not entry.needs) or stem in ("fall",):
                    return (entry or self.lexicon.nouns["fall"]).type
        return None

    def drafts(self, prose: Sequence[Draft], setting: EventLocation | None) -> list[Draft]:
        """Drafts for every event table; ``prose`` drafts lend the usual actor."""
        out: list[Draft] = []
        for rows in self.rows.values():
            kind = self._type(rows)
            if kind is None:
                continue
            actors = _usual_actor(prose, kind)
            out.extend(self._table(rows, kind, actors))
        return out

    def _table(self, rows: list[_Row], kind: str, actors: tuple[EventArgument, ...]) -> list[Draft]:
        out: list[Draft] = []
        carried: TimeMention | None = None
        seen_data = False
        for item in rows:
            if item.date is not None:
                carried, seen_data = item.date, True
            elif not seen_data or not item.places:
                continue
            place = _finest(item.places)
            if place is None:
                continue
            date = from_mention(carried) if carried is not None else NO_DATE
            text = self.document.text[item.row.start : item.row.end]
            source = EventSource(self.document.name, item.row.start, item.row.end, text)
            out.append(
                Draft(
                    kind,
                    "table",
                    source,
                    date,
                    actors,
                    (),
                    to_location(place),
                    None,
                    False,
                    place.name,
                    f"row:{item.row.table}:{item.row.index}",
                )
            )
        return out


def _finest(places: Sequence[Place]) -> Place | None:
    fine = [p for p in places if p.kind not in _COARSE]
    return fine[-1] if fine else (places[-1] if places else None)


def _usual_actor(prose: Sequence[Draft], kind: str) -> tuple[EventArgument, ...]:
    counts: Counter[EventArgument] = Counter(a for d in prose if d.type == kind for a in d.actors)
    return (counts.most_common(1)[0][0],) if counts else ()
