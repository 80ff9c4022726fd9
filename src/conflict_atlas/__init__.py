"""Conflict Atlas: a sourced knowledge base of armed-conflict events from narrative text.

>>> import conflict_atlas
>>> report = conflict_atlas.build(db="atlas.db")      # the bundled corpus  # doctest: +SKIP
>>> atlas = conflict_atlas.open("atlas.db")                                 # doctest: +SKIP
>>> atlas.search("fall of Kabul")[0].doc                                    # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

from conflict_atlas.errors import AtlasError, InputError, KnowledgeBaseError
from conflict_atlas.pipeline import build
from conflict_atlas.query import Atlas
from conflict_atlas.settings import Settings


def open(db: str | Path = "atlas.db") -> Atlas:  # noqa: A001 - mirrors sqlite_utils/Datasette style
    """Open a knowledge base for reading."""
    return Atlas(db)


__all__ = [
    "Atlas",
    "AtlasError",
    "InputError",
    "KnowledgeBaseError",
    "Settings",
    "__version__",
    "build",
    "open",
]
