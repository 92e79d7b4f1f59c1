"""`kg models train-ner`: Stanza's own trainer on a small IOB file of invented sentences,
laid out as a resources folder that kg and stanza.Pipeline load (a few seconds on CPU)."""
from __future__ import annotations

import json
import os
import random

import pytest
from typer.testing import CliRunner

from kg import ner
from kg.cli import app

if not os.environ.get("KG_REQUIRE_STANZA"):
    pytest.importorskip("stanza", reason="pip install '.[train]' (.ci/run does)")
    pytest.importorskip("gensim", reason="pip install '.[train]' (.ci/run does)")

runner = CliRunner()
PEOPLE = [("کیانوش", "زرین‌پور"), ("مهرناز", "آبانگاه"), ("بردیا", "کوه‌نشین"), ("ترانه", "دریاپور")]
PLACES = ["آرالستان", "کوهسار", "مهرستان", "زرکوه"]


def _corpus(path, sentences: int = 80) -> None:
    rng, lines = random.Random(7), []
    for _ in range(sentences):
        first, last = rng.choice(PEOPLE)
        place = rng.choice(PLACES)
        lines += [f"{first} B-pers", f"{last} I-pers", "به O", f"{place} B-loc", "سفر O", "کرد O", ". O", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ner")
    _corpus(folder / "train.iob")
    result = runner.invoke(app, ["models", "train-ner", str(folder / "train.iob"), "--out", str(folder / "model"),
                                 "--max-steps", "60", "--eval-interval", "30", "--hidden-dim", "16",
                                 "--char-hidden-dim", "8", "--word-dim", "8", "--batch-size", "8"])
    return folder / "model", result


def test_the_trained_folder_is_a_stanza_resources_folder_that_kg_loads(trained):
    model, result = trained
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"use it: kg build SOURCES --ner stanza --stanza-dir {model}"
    assert {p.relative_to(model).as_posix() for p in model.rglob("*") if p.is_file()} == {
        "resources.json", "training.json", "fa/ner/kg.pt", "fa/pretrain/kg.pt"}
    found = ner.status(model)
    assert found.usable and found.model == "kg"
    training = json.loads((model / "training.json").read_text(encoding="utf-8"))
    assert [step for step, _f1 in training["dev_f1"]] == [30, 60]
    assert (training["sentences"], training["dev_sentences"]) == (72, 8)
    assert "step 30: dev F1" in result.stderr


def test_the_trained_model_tags_through_the_kg_backend(trained):
    model, _ = trained
    backend = ner.StanzaBackend(model)
    from kg.ner_eval import _document

    doc = _document([[(w, "O") for w in "کیانوش زرین‌پور به کوهسار سفر کرد .".split()]])
    assert all(isinstance(span, tuple) and len(span) == 3 for span in backend(doc, doc.sentences)[0])


def test_a_bad_training_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.iob"
    bad.write_text("کیانوش B-pers\nبه X-loc\n", encoding="utf-8")
    result = runner.invoke(app, ["models", "train-ner", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert result.stderr == f"kg: {bad}:2: expected 'token TAG' with TAG like O, B-pers or I-ORG, got 'به X-loc'\n"
    assert not (tmp_path / "m").exists()
