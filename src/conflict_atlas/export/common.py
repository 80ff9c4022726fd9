"""What every export format shares: safe file writing, date intervals, actor lookups.

Exporters read the event contract records of ``Atlas.events()`` (ARCHITECTURE.md,
"Output contracts"), the actor dicts of ``Atlas.actors()`` and the relation dicts of
``Atlas.relations()``; they never read the knowledge base themselves.
"""

from __future__ import annotations

import calendar
import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from conflict_atlas.errors import ExportError

Record = Mapping[str, Any]


# -- writing -------------------------------------------------------------------------------


def check_writable(out: Path) -> None:
    """Raise :class:`ExportError` unless a file can be created (or replaced) at ``out``."""
    parent = out.parent
    if out.is_dir():
        raise ExportError(f"{out} is a directory; give a file name to export to")
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {out}: folder {parent} is not writable")
    if out.exists() and not os.access(out, os.W_OK):
        raise ExportError(f"cannot write {out}: the file is read-only")


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``out``; rename it onto ``out`` if the block succeeds.

    A failed export leaves no half-written file and never touches an existing ``out``.
    The new file keeps the permissions of the file it replaces (else the umask applies).
    """
    check_writable(out)
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        if out.exists():
            os.chmod(tmp, stat.S_IMODE(out.stat().st_mode))
    except OSError as error:
        raise ExportError(f"cannot write {out}: {error.strerror}") from error
    try:
        yield tmp
        os.replace(tmp, out)
    except OSError as error:
        raise ExportError(f"cannot write {out}: {error.strerror or error}") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# -- dates -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Interval:
    """The calendar days an event's date covers, first and last day included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def _parts(value: str | None) -> list[int]:
    """Year, month, day numbers of a partial ISO date; [] when absent or not such a date."""
    pieces = (value or "")[:10].split("-")
    if not all(p.isdigit() for p in pieces) or len(pieces[0]) != 4:
        return []
    return [int(p) for p in pieces]


def first_day(value: str | None) -> date | None:
    """The first day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date ("1992" → 1992-01-01)."""
    parts = _parts(value)
    if not parts:
        return None
    year, month, day = [*parts, 1, 1][:3]
    return date(year, month, day)


def last_day(value: str | None) -> date | None:
    """The last day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date ("1992-02" → 1992-02-29)."""
    parts = _parts(value)
    if not parts:
        return None
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def event_interval(event: Record) -> Interval | None:
    """The days covered by ``date_start``…``date_end`` at their written precision.

    "1992" covers 1992-01-01…1992-12-31, "2021-08" all of August 2021; a decade given
    by its first year alone ("1980", precision decade) covers the ten years. None when
    the event is undated.
    """
    start, end = event.get("date_start"), event.get("date_end") or event.get("date_start")
    if not start or not end:
        return None
    if event.get("date_precision") == "decade" and end == start and len(end) == 4:
        end = str(int(end) // 10 * 10 + 9)
    first, last = first_day(start), last_day(end)
    if first is None or last is None:
        return None
    return Interval(first, max(first, last))


# -- names, actors and sources ---------------------------------------------------------------


class ActorIndex:
    """Actor kinds and countries by id, from ``Atlas.actors()`` rows."""

    def __init__(self, actors: Iterable[Record]) -> None:
        self._by_id = {str(a["id"]): a for a in actors if a.get("id")}

    def get(self, argument: Record) -> Record:
        """The actor row of an event argument (``{"id","name"}``), or the argument itself."""
        return self._by_id.get(str(argument.get("id")), argument)

    def kind(self, argument: Record) -> str | None:
        kind = argument.get("kind") or self.get(argument).get("kind")
        return str(kind) if kind else None

    def country(self, argument: Record) -> str | None:
        country = self.get(argument).get("country")
        return str(country) if country else None

    def __len__(self) -> int:
        return len(self._by_id)


def join_names(arguments: Sequence[Record]) -> str:
    """Participant names separated by "; " (the separator ACLED uses in assoc_actor)."""
    return "; ".join(str(a["name"]) for a in arguments)


def span_ref(source: Record) -> str:
    """``doc:start-end``: where a source sentence sits in its document."""
    return f"{source['doc']}:{source['start']}-{source['end']}"


def source_refs(event: Record) -> str:
    """All source spans of an event as ``doc:start-end`` entries separated by "; "."""
    return "; ".join(span_ref(s) for s in event["sources"])


def distinct_docs(event: Record) -> list[str]:
    """Names of the documents reporting an event, in order of first source."""
    return list(dict.fromkeys(str(s["doc"]) for s in event["sources"]))


@dataclass(frozen=True, slots=True)
class ExportInput:
    """Everything an export may need, read from the knowledge base once.

    ``events`` are contract records, ``actors`` the rows of ``Atlas.actors()``,
    ``relations`` the rows of ``Atlas.relations()`` (read only for network formats),
    ``titles`` document titles by document name, ``title`` a name for the whole export;
    ``filtered`` says the events were selected by filters (not the whole knowledge base).
    """

    events: tuple[Record, ...]
    actors: tuple[Record, ...] = ()
    relations: tuple[Record, ...] = ()
    titles: Mapping[str, str] | None = None
    title: str = "Conflict Atlas"
    filtered: bool = False
