"""Where the ontology and the canned queries are, installed or in a checkout.

The wheel ships them inside the package (kg/ontology, kg/queries); a source
checkout or editable install has them at the top level beside kg/.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg: the '{name}' folder is missing from this installation")


def ontology_file() -> Path:
    return _shipped("ontology") / "diplomacy.ttl"


def queries_dir() -> Path:
    return _shipped("queries")


def seeds_dir() -> Path:
    """The five seed articles (kg bench makes its corpus of them)."""
    return _shipped("seeds")
