"""The NER model kg ships (kg/models/ner-fa, trained by `kg models train-ner` on the
ArmanPersoNERCorpus fold-1 training file), loaded by the real stanza.Pipeline through
`--ner auto`.  The sentences are our own; the names in them are in no dictionary."""
from __future__ import annotations

import os
import re

import pytest
from typer.testing import CliRunner

from kg import ner
from kg.cli import app
from kg.ner_eval import _document

if not os.environ.get("KG_REQUIRE_STANZA"):
    pytest.importorskip("stanza", reason="pip install '.[stanza]' (.ci/run does)")

runner = CliRunner()


@pytest.fixture(autouse=True)
def shipped(monkeypatch):
    """conftest turns the shipped model off for the other tests; here it is the subject."""
    monkeypatch.delenv("KG_NO_SHIPPED_NER", raising=False)
    assert ner.shipped_dir() == ner.SHIPPED


@pytest.fixture(scope="module")
def backend():
    return ner.StanzaBackend(ner.SHIPPED)


def test_auto_finds_the_shipped_model_when_stanza_has_none():
    backends, name, hint = ner.choose("auto")
    assert (len(backends), name, hint) == (1, "stanza 1.15.0 (arman-kg) + rules", "")
    result = runner.invoke(app, ["models", "status"])
    assert f"folder {ner.SHIPPED}: usable (the model kg ships: arman-kg" in result.stdout


@pytest.mark.parametrize("text, spans", [
    ("آندریاس کوستلیدیس با عراقچی در تهران دیدار کرد .", [(0, 2, "pers"), (5, 6, "loc")]),
    ("شرکت نفت آذرخش در شهر بندرعباس دفتر جدیدی افتتاح کرد .", [(0, 3, "org"), (4, 6, "loc")]),
    ("قیمت نفت امروز افزایش یافت .", []),
])
def test_the_shipped_model_returns_exact_entities(backend, text, spans):
    doc = _document([[(w, "O") for w in text.split(" ")]])
    assert backend(doc, doc.sentences) == [spans]


def test_a_person_no_dictionary_knows_becomes_an_event_party(tmp_path):
    (tmp_path / "a.txt").write_text("date 2025-11-18\nآندریاس کوستلیدیس با عراقچی در تهران دیدار کرد.\n",
                                    encoding="utf-8")
    store = tmp_path / "store"
    built = runner.invoke(app, ["build", str(tmp_path), "--store", str(store)])
    assert built.exit_code == 0, built.output
    assert re.search(r"│ NER backend +│ stanza 1\.15\.0 \(arman-kg\) \+ rules │", built.stderr)
    rows = runner.invoke(app, ["query", "queries/events.rq", "--store", str(store), "-f", "csv"]).stdout
    assert [line.split(",")[:5] for line in rows.splitlines()[1:]] == [
        ["a", "Meeting", "آندریاس کوستلیدیس", "سید عباس عراقچی", "asserted"]]
