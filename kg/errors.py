"""Domain errors: the library raises these, the CLI turns them into one-line messages."""
from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg reports to its user."""


class InputError(KgError):
    """A source file that cannot be read as a news article."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(KgError):
    """The store is missing, locked or damaged."""


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot run."""


class ModelError(KgError):
    """A requested NER backend is not available."""
