"""Build settings: one frozen record passed to the pipeline (stages never read env vars)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024

#: File suffixes picked up when a directory is walked; explicit file paths are always read.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".jsonl", ".ndjson"})

#: Names skipped when a directory is walked (corpus metadata, not articles).
SKIPPED_NAMES = ("readme", "license", "licence", "notice", "attribution", "changelog")


@dataclass(frozen=True, slots=True)
class Settings:
    """Options of a build.

    Args:
        max_file_bytes: files larger than this are refused (default 50 MB).
        strict: stop at the first input problem instead of skipping the file.
        places: more places files (``places.tsv`` columns) for the gazetteer.
        actors: more actor registry files or folders (``data/actors/SCHEMA.md``).
    """

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    strict: bool = False
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "max_file_bytes": self.max_file_bytes,
            "strict": self.strict,
            "places": list(self.places),
            "actors": list(self.actors),
        }
