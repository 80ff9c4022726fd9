"""``python -m conflict_atlas`` runs the command-line interface."""

from conflict_atlas.cli import run

run()
