"""Shared fixtures: the seeds, the packaged data, and one store built from the seeds per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg import pipeline, resources
from kg.build import build

import os
import tempfile

# Tests that are not about Stanza must not depend on models a developer may have
# downloaded: `--ner auto` looks in this empty folder and falls back to the rules.
os.environ["STANZA_RESOURCES_DIR"] = tempfile.mkdtemp(prefix="kg-no-stanza-")
# ... and not on the model kg ships either: test_shipped_ner.py turns it on where it is the subject.
os.environ["KG_NO_SHIPPED_NER"] = "1"

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def res() -> resources.Resources:
    return resources.default()


@pytest.fixture(scope="session")
def seed_docs(res):
    """Every seed analysed once: id → Document."""
    return {p.stem: pipeline.extract(p, res) for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seeds") / "store"
    report = build([SEEDS], store)
    assert not report.skipped
    return store


def analyse_text(text: str, res, name: str = "t") -> "pipeline.Document":
    """Analyse a sentence written for a test, as if it were a file."""
    from kg.model import Document

    doc = Document(id=name, path=f"{name}.txt", text=text, sha256="0")
    from kg.read import parse_date_header

    doc.date, doc.body_start = parse_date_header(text, Path(doc.path))
    if doc.date:
        doc.date_source = "header"
    return pipeline.analyse(doc, res)


def event_rows(doc) -> set[tuple]:
    """(type, actor ids, target ids, modality) of a document's events."""
    return {(e.type, tuple(e.actor_ids), tuple(e.target_ids), e.modality) for e in doc.events}
