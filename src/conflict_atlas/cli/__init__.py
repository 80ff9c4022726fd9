"""The ``conflict-atlas`` command: a thin client of the library.

Each command parses options, calls one library function and prints the result.
Library errors become one-line messages on stderr and a non-zero exit status.
Commands live in one module per subject; importing them registers them on ``app``.
"""

from __future__ import annotations

from collections.abc import Iterable

from conflict_atlas.cli import claims, corpus, entities, events  # noqa: F401 - registers commands
from conflict_atlas.cli.common import app

__all__ = ["app", "run"]


def run(argv: Iterable[str] | None = None) -> None:
    """Entry point of the console script."""
    app(args=list(argv) if argv is not None else None)
