"""Our own exception classes; the CLI turns them into one-line errors and exit codes."""

from __future__ import annotations


class AtlasError(Exception):
    """Base class of every error Conflict Atlas raises on purpose."""


class InputError(AtlasError):
    """An input file (or one line of it) cannot be ingested.

    The message names the file, the line when there is one, and the reason.
    """

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class KnowledgeBaseError(AtlasError):
    """The knowledge base file is missing, not ours, or cannot be written."""


class NoDocumentsError(AtlasError):
    """A build found no document it could store; the previous knowledge base is kept."""


class ExportError(AtlasError):
    """An export cannot be made: unknown format, unwritable path, missing input."""
