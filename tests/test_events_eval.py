"""`kg eval events`: the matching rules on a gold file of our own, the explanations of misses
and false positives, and agreement with the reference scorer (../shared/eval/score.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.events_eval import Gold, evaluate, label_key, score
from tests.conftest import SEEDS, SHARED_EVAL

runner = CliRunner()

GOLD = {
    "modality_default": "asserted",
    "entities": {
        "araghchi": {"aliases": ["سید عباس عراقچی", "عراقچی"]},
        "fidan": {"aliases": ["هاکان فیدان"]},
        "iran": {"aliases": ["ایران"]},
        "un": {"aliases": ["~سازمان ملل"]},
    },
    "documents": {
        "d1": {
            "events": [
                {"type": "Meeting", "actor": "fidan", "target": "araghchi"},
                {"type": ["Visit"], "actor": "araghchi", "target": ["iran", "تهران"], "modality": "planned"},
                {"type": "Praise", "actor": "un", "target": "iran", "optional": True},
            ],
            "must_not": [{"type": "PhoneCall", "actor": "araghchi", "target": "fidan"}],
            "roles": [{"person": "araghchi", "org": "iran"}],
            "memberships": [{"member": "iran", "org": "un"}],
        },
    },
}


def row(type_, actor, target, modality="asserted", doc="d1"):
    return {"doc": doc, "type": type_, "actorLabel": actor, "targetLabel": target, "modality": modality}


def test_labels_fold_spelling_honorifics_and_digits():
    assert label_key("آقای سيد عباس عراقچي") == label_key("سید عباس‌عراقچی")
    assert label_key("۱۴۰۴") == "1404"


def test_matching_rules_of_the_gold_format():
    gold = Gold(GOLD)
    events = [
        row("Meeting", "عراقچی", "هاکان فیدان"),                      # symmetric: either way round
        row("Visit", "سید عباس عراقچی", "تهران"),                       # inline alias; asserted, planned wanted
        row("Praise", "دبیرکل سازمان ملل متحد", "ایران"),               # ~alias, optional: not a false positive
        row("PhoneCall", "سید عباس عراقچی", "هاکان فیدان"),             # a must-not reading, asserted
        row("PhoneCall", "سید عباس عراقچی", "هاکان فیدان", "denied"),   # the same denied: a false positive only
        row("Visit", "هاکان فیدان", "ایران"),                           # not in the gold
        row("Visit", "هاکان فیدان", "ایران"),                           # the same row once
        row("Statement", "هاکان فیدان", "ایران"),                       # not a scored type
        row("Meeting", "هاکان فیدان", "ایران", doc="other"),           # not a gold document
    ]
    roles = [{"doc": "d1", "personLabel": "عراقچی", "orgLabel": "ایران"}]
    members = [{"memberLabel": "ایران", "orgLabel": "سازمان ملل متحد"}]
    report = score(gold, events, roles, members)
    e = report.events
    assert (e.gold, e.found, e.system, e.correct) == (2, 2, 6, 3)
    assert (report.modality_checked, report.modality_right) == (2, 1)
    assert [f.line() for f in report.violations] == ["d1: PhoneCall سید عباس عراقچی -> هاکان فیدان"]
    assert [f.line() for f in report.misses] == [
        "d1: Visit araghchi -> iran|تهران (modality: planned expected, asserted found)"]
    assert len(report.false_positives) == 3
    assert (report.roles.found, report.roles.correct, report.memberships.found) == (1, 1, 1)
    assert (report.per_type["Meeting"].gold, report.per_type["Visit"].system) == (1, 2)


def test_a_bad_gold_file_is_one_line(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text('{"documents": {}}', encoding="utf-8")
    result = runner.invoke(app, ["eval", "events", str(bad), str(SEEDS), "--ner", "rules"])
    assert result.exit_code == 1
    assert result.output.startswith(f"kg: {bad}: not a gold file (needs 'entities' with 'aliases' and 'documents'")
    assert len(result.output.strip().splitlines()) == 1


def test_misses_and_false_positives_are_explained(tmp_path):
    (tmp_path / "a.txt").write_text("سید عباس عراقچی، وزیر امور خارجه ایران، با هاکان فیدان دیدار کرد.\n"
                                    "دیدار در فضایی دوستانه برگزار شد.\n", encoding="utf-8")
    gold = {"entities": GOLD["entities"], "documents": {"a": {"events": [
        {"type": "Meeting", "actor": "araghchi", "target": "iran"},
        {"type": "PhoneCall", "actor": "araghchi", "target": "fidan"}]}}}
    (tmp_path / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    report = evaluate(tmp_path / "gold.json", [tmp_path / "a.txt"])
    assert [f.line() for f in report.misses] == [
        "a: Meeting araghchi -> iran (found Meeting سید عباس عراقچی -> هاکان فیدان (asserted, rule "
        "meeting-didar/verbal, sentence 0))",
        "a: PhoneCall araghchi -> fidan (no trigger of the type in the document)"]
    assert [f.line() for f in report.false_positives] == [
        "a: Meeting سید عباس عراقچی -> هاکان فیدان (rule meeting-didar/verbal, trigger «دیدار», sentence 0: "
        "سید عباس عراقچی، وزیر امور خارجه ایران، با هاکان فیدان دیدار کرد.)"]


def _reference(gold_file, sources, tmp_path) -> dict:
    """The reference scorer's figures for a build of `sources` through the query contract."""
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", *map(str, sources), "--store", str(store), "--ner", "rules"]).exit_code == 0
    for name in ("events", "roles", "memberships"):
        result = runner.invoke(app, ["query", f"queries/{name}.rq", "--store", str(store), "-f", "csv"])
        (tmp_path / f"{name}.csv").write_bytes(result.stdout_bytes)
    scored = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(gold_file), str(tmp_path),
                             "--json", "--show-misses"], capture_output=True, text=True, check=True)
    return json.JSONDecoder().raw_decode(scored.stdout)[0]    # a summary line follows the JSON


SETS = [("seeds", SHARED_EVAL / "seeds_gold.json", SEEDS),
        ("news", SHARED_EVAL / "dev" / "news_gold.json", SHARED_EVAL / "dev" / "news"),
        ("arman", SHARED_EVAL / "dev" / "arman_gold.json", SHARED_EVAL / "dev" / "arman")]


@pytest.mark.parametrize("name,gold_file,sources", SETS, ids=[s[0] for s in SETS])
def test_kg_eval_events_agrees_with_the_reference_scorer(name, gold_file, sources, tmp_path):
    if not gold_file.exists() or not (SHARED_EVAL / "score.py").exists():
        pytest.skip(f"{gold_file} is not beside this clone")
    reference = _reference(gold_file, [sources], tmp_path)
    result = runner.invoke(app, ["eval", "events", str(gold_file), str(sources), "--ner", "rules", "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    for part in ("events", "roles", "memberships"):
        assert ours[part] == reference[part], part
    assert ours["modality"] == reference["modality"]
    assert ours["must_not_violations"] == reference["must_not_violations"]
    assert len(ours["missed"]) == len(reference["missed"])
    assert len(ours["false_positives"]) == len(reference["false_positives"])


def test_eval_events_prints_per_type_figures_and_findings():
    result = runner.invoke(app, ["eval", "events", str(SHARED_EVAL / "seeds_gold.json"), str(SEEDS),
                                 "--ner", "rules"]) if (SHARED_EVAL / "seeds_gold.json").exists() else None
    if result is None:
        pytest.skip("../shared/eval is not beside this clone")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.split("│")[1].strip() == "PhoneCall" for line in lines if line.count("│") > 2)
    assert any(line.startswith("modality ") and "must-not violations 0" in line for line in lines)
