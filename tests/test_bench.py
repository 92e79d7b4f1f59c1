"""`kg bench` runs end to end on a small corpus and writes its figures as JSON (no timing asserted)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.bench import make_corpus
from kg.cli import app
from kg.read import articles

runner = CliRunner()


def test_the_corpus_is_copies_of_the_seeds_with_their_own_dates(tmp_path):
    characters = make_corpus(tmp_path / "c", 12)
    docs = [d for d in articles([tmp_path / "c"])]
    assert len(docs) == 12 and sum(len(d.text) for d in docs) == characters
    assert len({d.date for d in docs}) == 12 and len({d.sha256 for d in docs}) == 12


def test_bench_writes_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    result = runner.invoke(app, ["bench", "-n", "10", "--runs", "1", "--no-http", "-o", str(out),
                                 "--work-dir", str(tmp_path / "work")])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["documents"] == 10 and report["cores"] >= 1
    assert set(report["stage_chars_per_s"]) == {"sentences", "find_mentions", "date_document", "find_events",
                                                "resolve_document", "find_memberships"}
    assert report["build_serial"]["triples"] == report["build_2_workers"]["triples"] > 0
    assert report["raw_bulk_load"]["quads"] == report["build_serial"]["triples"]
    assert "events.rq" in report["queries"] and report["queries"]["events.rq"]["rows"] > 0
    assert report["incremental_built"] == 1
