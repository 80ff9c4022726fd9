"""The bundled sample corpus: five Wikipedia articles on the Afghan conflict (CC BY-SA 4.0)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def corpus_dir() -> Path:
    """Directory of the bundled corpus inside the installed package."""
    return Path(str(resources.files("conflict_atlas.data").joinpath("corpus")))


def corpus_paths() -> list[Path]:
    """The bundled article files, in name order (the README is not an article)."""
    return sorted(corpus_dir().glob("*.txt"))
