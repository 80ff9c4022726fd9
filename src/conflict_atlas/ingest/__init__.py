"""Ingest: read input files, detect their layout, parse them into :class:`Document` records.

>>> from conflict_atlas.ingest import ingest_file
>>> docs = ingest_file("article.txt")          # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from conflict_atlas.errors import InputError
from conflict_atlas.ingest.blocks import (
    Parsed,
    build_sections,
    finish_paragraphs,
    finish_tables,
)
from conflict_atlas.ingest.layouts import PARSERS, detect_layout, guess_title
from conflict_atlas.ingest.text import find_citations
from conflict_atlas.models import Document, InputProblem, Layout, content_id
from conflict_atlas.settings import SKIPPED_NAMES, TEXT_SUFFIXES, Settings

__all__ = ["detect_layout", "discover", "ingest_file", "ingest_text", "read_text"]

_BINARY_SNIFF = 8192
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputProblem], list[str]]:
    """Expand files and directories (recursively) into input files, in a stable order.

    Returns the files, the problems (missing paths) and the names skipped in directories.
    """
    files: list[Path] = []
    problems: list[InputProblem] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found, passed = _walk(path)
            files.extend(found)
            skipped.extend(passed)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(InputProblem(str(raw), "no such file or directory"))
    return _unique(files), problems, skipped


def _walk(root: Path) -> tuple[list[Path], list[str]]:
    found, skipped = [], []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.suffix.lower() in TEXT_SUFFIXES and not path.name.lower().startswith(SKIPPED_NAMES):
            found.append(path)
        else:
            skipped.append(str(path))
    return found, skipped


def _unique(files: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def read_text(path: Path, settings: Settings) -> str:
    """Read ``path`` as UTF-8 without touching newlines; raise :class:`InputError` if unusable."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(
                name, f"file is {size:,} bytes, over the {settings.max_file_bytes:,}-byte limit"
            )
        data = path.read_bytes()
    except OSError as error:
        raise InputError(name, f"cannot read file ({error.strerror or error})") from error
    if not data.strip():
        raise InputError(name, "empty file")
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            name,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
            line=line,
        ) from error


def ingest_file(
    path: str | Path, *, settings: Settings | None = None
) -> tuple[list[Document], list[InputProblem]]:
    """Parse one file into documents (several for JSON Lines).

    Raises :class:`InputError` when the whole file is unusable; problems with single
    JSON Lines records are returned next to the documents that did parse.
    """
    path = Path(path)
    text = read_text(path, settings or Settings())
    layout = detect_layout(text, path.suffix.lower())
    if layout is Layout.JSONL:
        return _ingest_jsonl(path, text)
    return [ingest_text(text, name=path.name, source=str(path), layout=layout)], []


def ingest_text(
    text: str,
    *,
    name: str,
    source: str | None = None,
    layout: Layout | None = None,
    title: str | None = None,
    reference_date: str | None = None,
    url: str | None = None,
) -> Document:
    """Parse a text already in memory into a :class:`Document` (layout detected if None)."""
    if layout is None or layout is Layout.JSONL:
        detected = detect_layout(text)
        inner = Layout.PLAIN if detected is Layout.JSONL else detected
    else:
        inner = layout
    parsed = PARSERS[inner](text)
    return _document(
        text,
        parsed,
        name=name,
        source=source or name,
        layout=layout or inner,
        title=title,
        reference_date=reference_date,
        url=url,
    )


def _document(
    text: str,
    parsed: Parsed,
    *,
    name: str,
    source: str,
    layout: Layout,
    title: str | None,
    reference_date: str | None,
    url: str | None,
) -> Document:
    sections = build_sections(parsed.headings, len(text))
    paragraphs = finish_paragraphs(parsed.paragraphs, sections)
    final_title = title or parsed.title or _lead_title(text, paragraphs) or Path(name).stem
    return Document(
        id=content_id(name, text),
        name=name,
        source=source,
        layout=layout,
        title=final_title,
        text=text,
        sections=sections,
        infobox_fields=tuple(parsed.infobox_fields),
        infobox_title=parsed.infobox_title,
        tables=finish_tables(parsed.table_rows, sections),
        paragraphs=paragraphs,
        citations=tuple(find_citations(text)),
        reference_date=reference_date or parsed.reference_date,
        url=url or parsed.url,
        warnings=tuple(parsed.warnings),
    )


def _lead_title(text: str, paragraphs: Iterable[object]) -> str | None:
    for paragraph in paragraphs:
        start, end = paragraph.start, paragraph.end  # type: ignore[attr-defined]
        return guess_title(text[start:end])
    return None


def _ingest_jsonl(path: Path, text: str) -> tuple[list[Document], list[InputProblem]]:
    documents: list[Document] = []
    problems: list[InputProblem] = []
    for number, record in _jsonl_records(path, text, problems):
        ident = str(record.get("id", number))
        documents.append(
            ingest_text(
                str(record["text"]),
                name=f"{path.name}#{ident}",
                source=f"{path}:{number}",
                layout=Layout.JSONL,
                title=_optional_str(record, "title"),
                reference_date=_optional_str(record, "date"),
                url=_optional_str(record, "url"),
            )
        )
    if not documents and not problems:
        raise InputError(str(path), "no JSON Lines records")
    return documents, problems


def _jsonl_records(
    path: Path, text: str, problems: list[InputProblem]
) -> Iterator[tuple[int, dict[str, object]]]:
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(
                InputProblem(
                    str(path), f"malformed JSON ({error.msg}, column {error.colno})", number
                )
            )
            continue
        reason = _record_problem(record, seen)
        if reason:
            problems.append(InputProblem(str(path), reason, number))
            continue
        seen.add(str(record.get("id", number)))
        yield number, record


def _record_problem(record: object, seen: set[str]) -> str | None:
    if not isinstance(record, dict):
        return 'a JSON Lines record must be an object with a "text" field'
    text = record.get("text")
    if not isinstance(text, str):
        return 'missing or non-string "text" field'
    if not text.strip():
        return 'empty "text" field'
    for key in ("id", "title", "date", "url"):
        value = record.get(key)
        if value is not None and not isinstance(value, str | int):
            return f'field "{key}" must be a string'
    date = record.get("date")
    if isinstance(date, str) and not _ISO_DATE.match(date):
        return f'field "date" must be YYYY-MM-DD, got {date!r}'
    if "id" in record and str(record["id"]) in seen:
        return f"duplicate id {record['id']!r}"
    return None


def _optional_str(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)
