"""Stanza's Persian NER backend, with the real stanza.Pipeline on the project's tiny model.

The model in tests/data/stanza-tiny was trained by tests/stanza_tiny/make_model.py on
invented names; the sentences below use names it never saw in training.  Exact
entities are asserted, so a model loaded without its word vectors (which tags
wrongly and silently) fails here.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import ner, ner_eval
from kg.cli import app
from kg.errors import KgError

if not os.environ.get("KG_REQUIRE_STANZA"):
    pytest.importorskip("stanza", reason="pip install '.[stanza]' (.ci/run does)")

TINY = Path(__file__).parent / "data" / "stanza-tiny"
runner = CliRunner()

SENTENCES = [
    ("سیامک ستاره‌وند وزیر خارجه سپیدستان با رخشان پولادیان دیدار کرد .",
     [(0, 2, "pers"), (4, 5, "loc"), (6, 8, "pers")]),
    ("هومن به بلوط‌آباد سفر کرد .", [(0, 1, "pers"), (2, 3, "loc")]),
    ("بانک آذرخش در مرجان‌شهر دفتر جدیدی افتتاح کرد .", [(0, 2, "org"), (3, 4, "loc")]),
    ("قیمت نفت امروز افزایش یافت .", []),
]


@pytest.fixture(scope="module")
def tiny_backend():
    return ner.StanzaBackend(TINY)


def test_the_tiny_model_returns_exact_entities(tiny_backend):
    doc = ner_eval._document([[(w, "O") for w in text.split(" ")] for text, _ in SENTENCES])
    assert tiny_backend(doc, doc.sentences) == [spans for _, spans in SENTENCES]


def test_stanza_offsets_in_space_joined_tokens_map_to_token_spans():
    words = ["سیامک", "ستاره‌وند", "به", "بلوط‌آباد"]
    assert ner._token_spans(words, [(0, 15, "pers"), (19, 28, "loc"), (3, 9, "bad")]) == [
        (0, 2, "pers"), (3, 4, "loc")]


def test_status_of_the_tiny_model():
    found = ner.status(TINY)
    assert found.usable and found.model == "tiny" and found.version == "1.15.0"
    assert found.files == [TINY / "fa" / "ner" / "tiny.pt", TINY / "fa" / "pretrain" / "tiny.pt"]


def test_a_missing_word_vector_file_is_refused(tmp_path):
    folder = tmp_path / "res"
    shutil.copytree(TINY, folder)
    (folder / "fa" / "pretrain" / "tiny.pt").unlink()
    assert ner.status(folder).problem == f"missing {folder}/fa/pretrain/tiny.pt"
    with pytest.raises(KgError, match="Stanza's Persian NER is not usable: missing"):
        ner.choose("stanza", folder)


def test_a_model_without_word_vectors_named_is_refused(tmp_path):
    folder = tmp_path / "res"
    shutil.copytree(TINY, folder)
    resources = json.loads((folder / "resources.json").read_text())
    resources["fa"]["ner"]["tiny"]["dependencies"] = []
    (folder / "resources.json").write_text(json.dumps(resources))
    assert ner.status(folder).problem == \
        f"{folder}/resources.json names no word vectors (pretrain) for NER model 'tiny'"


def _article(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a1.txt").write_text("date 2025-11-18\nهومن به بلوط‌آباد سفر کرد.\n", encoding="utf-8")
    return folder


def test_build_with_stanza_makes_an_unknown_person_an_actor(tmp_path):
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(_article(tmp_path)), "--store", str(store),
                                 "--ner", "stanza", "--stanza-dir", str(TINY)])
    assert result.exit_code == 0, result.output
    assert "stanza 1.15.0 (tiny) + rules" in result.stderr
    rows = list(csv.DictReader(io.StringIO(runner.invoke(
        app, ["query", "queries/events.rq", "--store", str(store), "-f", "csv"]).stdout)))
    assert [(r["type"], r["actorLabel"], r["targetLabel"], r["modality"]) for r in rows] == [
        ("Visit", "هومن", "بلوط‌آباد", "asserted")]
    found_by = runner.invoke(app, ["query", "SELECT ?f WHERE { ?e dip:foundBy ?f ; skos:prefLabel 'هومن'@fa }",
                                   "--store", str(store), "-f", "csv"]).stdout
    assert found_by.split() == ["f", "stanza"]


def test_extract_with_stanza_gives_offsets_into_the_file(tmp_path):
    path = _article(tmp_path) / "a1.txt"
    result = runner.invoke(app, ["extract", str(path), "--ner", "stanza", "--stanza-dir", str(TINY)])
    doc = json.loads(result.stdout)
    text = path.read_text(encoding="utf-8")
    person = next(m for m in doc["mentions"] if m["source"] == "stanza" and m["type"] == "Person")
    assert (person["start"], person["end"], text[person["start"]:person["end"]]) == (16, 20, "هومن")
    assert [(e["type"], e["actor"], e["target"]) for e in doc["events"]] == [
        ("Visit", ["person/هومن"], ["place/بلوطاباد"])]


def test_auto_uses_stanza_when_its_model_is_there_and_rules_otherwise(tmp_path):
    backends, name, hint = ner.choose("auto", TINY)
    assert name == "stanza 1.15.0 (tiny) + rules" and len(backends) == 1 and hint == ""
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["build", str(_article(tmp_path)), "--store", str(tmp_path / "s"),
                                 "--stanza-dir", str(empty)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"kg: NER by the rules only (Stanza: no Stanza resources.json in {empty}; see 'kg models status')")
    assert re.search(r"│ NER backend +│ rules │", result.stderr)


def test_ner_stanza_without_a_model_is_an_error(tmp_path):
    result = runner.invoke(app, ["build", str(_article(tmp_path)), "--store", str(tmp_path / "s"),
                                 "--ner", "stanza", "--stanza-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (f"kg: --ner stanza: Stanza's Persian NER is not usable: no Stanza resources.json in "
                             f"{tmp_path}; run 'kg models download' (needs internet) or give --stanza-dir\n")
    assert not (tmp_path / "s").exists()


def test_models_download_offline_is_one_clear_line(tmp_path, monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")      # nothing listens there: no download
    result = runner.invoke(app, ["models", "download", "--stanza-dir", str(tmp_path / "res")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: cannot download Stanza's Persian models into {tmp_path / 'res'} "
                                    "(are you offline?): ")
    assert result.stderr.count("\n") == 1


def test_models_status_names_the_files():
    result = runner.invoke(app, ["models", "status", "--stanza-dir", str(TINY)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "rules: usable (gazetteer, titles, appositions; kg/data)",
        f"stanza 1.15.0, folder {TINY}: usable",
        f"  {TINY}/fa/ner/tiny.pt",
        f"  {TINY}/fa/pretrain/tiny.pt",
    ]


def test_eval_ner_with_stanza_on_the_tiny_model(tmp_path):
    gold = tmp_path / "gold.iob"
    lines = []
    for text, spans in SENTENCES[:3]:
        tags = ["O"] * len(text.split(" "))
        for a, b, label in spans:
            tags[a:b] = [f"B-{label}"] + [f"I-{label}"] * (b - a - 1)
        lines += [f"{w}\t{t}" for w, t in zip(text.split(" "), tags)] + [""]
    gold.write_text("\n".join(lines), encoding="utf-8")
    report = ner_eval.evaluate(gold, __import__("kg.resources").resources.default(), [ner.StanzaBackend(TINY)])
    # persons and places: all found; بانک آذرخش is org, which the mention stage keeps
    assert (report.micro.tp, report.micro.fp, report.micro.fn) == (7, 0, 0)


def test_build_summary_names_the_stanza_backend(tmp_path):
    result = runner.invoke(app, ["build", str(_article(tmp_path)), "--store", str(tmp_path / "s"),
                                 "--stanza-dir", str(TINY)])
    assert result.exit_code == 0
    assert re.search(r"│ NER backend +│ stanza 1\.15\.0 \(tiny\) \+ rules │", result.stderr)


@pytest.mark.parametrize("content, problem", [
    ("[1, 2]", "is not laid out as Stanza's"),
    ('{"fa": {"packages": {"default": {"ner": "x"}}, "ner": {"x": {"dependencies": [{"model": "pretrain"}]}}}}',
     "is not laid out as Stanza's"),
    ("{not json", "is not JSON"),
])
def test_a_broken_resources_json_is_one_line_and_auto_falls_back(tmp_path, content, problem):
    (tmp_path / "resources.json").write_text(content)
    assert problem in ner.status(tmp_path).problem
    result = runner.invoke(app, ["extract", str(_article(tmp_path) / "a1.txt"), "--stanza-dir", str(tmp_path)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert result.stderr.startswith("kg: NER by the rules only (Stanza: ") and result.stderr.count("\n") == 1
