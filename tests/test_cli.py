"""The whole CLI on the seeds: build, query, export, extract, stats, rebuilds and bad input."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.store import current_generation
from tests.conftest import SEEDS

runner = CliRunner()


def query_csv(store, query_file: str) -> list[dict]:
    result = runner.invoke(app, ["query", f"queries/{query_file}", "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_phone_call_of_araghchi_with_abdelatty(seed_store):
    rows = query_csv(seed_store, "events.rq")
    calls = {(r["actorLabel"], r["targetLabel"], r["modality"]) for r in rows
             if r["type"] == "PhoneCall" and r["doc"] == "002_012c5d34e2e930a6"}
    assert ("سید عباس عراقچی", "بدر عبدالعاطی", "asserted") in calls


def test_no_meeting_of_musk_and_iravani_only_the_denied_claim(seed_store):
    events = query_csv(seed_store, "events.rq")
    assert not [r for r in events if "ماسک" in r["actorLabel"] + r["targetLabel"]]
    denied = {(r["type"], r["actorLabel"], r["targetLabel"]) for r in query_csv(seed_store, "denied.rq")
              if r["doc"] == "002_012c5d34e2e930a6"}
    assert denied == {("PhoneCall", "ایلان ماسک", "امیرسعید ایروانی"), ("Meeting", "ایلان ماسک", "امیرسعید ایروانی")}


def test_events_carry_their_sentence_and_offsets_into_the_file(seed_store):
    rows = query_csv(seed_store, "events.rq")
    for row in rows:
        text = (SEEDS / f"{row['doc']}.txt").read_text(encoding="utf-8")
        assert text[int(row["begin"]):int(row["end"])] == row["sentence"]


def test_roles_and_memberships_queries(seed_store):
    roles = {(r["personLabel"], r["position"], r["orgLabel"]) for r in query_csv(seed_store, "roles.rq")}
    assert ("سرگئی لاوروف", "ForeignMinister", "روسیه") in roles
    members = {(r["memberLabel"], r["orgLabel"]) for r in query_csv(seed_store, "memberships.rq")}
    assert {("ایران", "بریکس"), ("روسیه", "سازمان همکاری شانگهای")} <= members


def test_every_canned_query_runs(seed_store):
    for name in ("meetings", "agreements", "timeline", "actor-network", "who-is-who", "denied"):
        assert query_csv(seed_store, f"{name}.rq"), name


def test_rebuilding_the_same_sources_changes_nothing(tmp_path):
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", str(SEEDS), "--store", str(store)]).exit_code == 0
    first = current_generation(store)
    again = runner.invoke(app, ["build", str(SEEDS), "--store", str(store)])
    assert again.exit_code == 0
    assert current_generation(store) == first
    assert "documents unchanged" in again.output


def test_a_changed_document_replaces_only_its_own_graph(tmp_path):
    sources = tmp_path / "src"
    shutil.copytree(SEEDS, sources)
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", str(sources), "--store", str(store)]).exit_code == 0
    changed = sources / "004_5db947d3e77a6fda.txt"
    changed.write_text("وزیر امور خارجه ایران با سرگئی لاوروف وزیر خارجه روسیه دیدار کرد.\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(sources), "--store", str(store)])
    assert result.exit_code == 0
    rows = query_csv(store, "events.rq")
    doc4 = {(r["type"], r["actorLabel"], r["targetLabel"]) for r in rows if r["doc"] == "004_5db947d3e77a6fda"}
    assert doc4 == {("Meeting", "وزیر امور خارجه ایران", "سرگئی لاوروف")}
    assert any(r["doc"] == "002_012c5d34e2e930a6" for r in rows)


def test_bad_inputs_are_skipped_with_one_line_each_and_exit_1(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(SEEDS / "001_83d44a5f0073696e.txt", sources)
    (sources / "empty.txt").write_bytes(b"")
    (sources / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(sources), str(tmp_path / "missing"), "--store", str(store),
                                 "--ner", "rules"])
    assert result.exit_code == 1
    lines = [l for l in result.stderr.splitlines() if l.startswith("kg:")]
    assert lines == [
        f"kg: skipped {sources / 'empty.txt'}: empty file",
        f"kg: skipped {sources / 'latin1.txt'}: not UTF-8 (bad byte at position 3) nor Windows-1256 Persian",
        f"kg: skipped {tmp_path / 'missing'}: no such file or folder",
    ]
    assert "Traceback" not in result.output
    assert query_csv(store, "events.rq")


def test_query_errors_are_one_line(seed_store):
    result = runner.invoke(app, ["query", "SELECT WHERE", "--store", str(seed_store)])
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: query does not parse:")
    missing = runner.invoke(app, ["query", "ASK {}", "--store", "/nonexistent/store"])
    assert missing.exit_code == 1
    assert missing.stderr.strip() == ("kg: /nonexistent/store: no kg store here "
                                      "(run 'kg build SOURCES --store /nonexistent/store' first)")


def test_ask_and_construct(seed_store):
    ask = runner.invoke(app, ["query", "ASK { ?e a dip:PhoneCall }", "--store", str(seed_store), "-f", "json"])
    assert json.loads(ask.stdout)["boolean"] is True
    construct = runner.invoke(app, ["query", "CONSTRUCT { ?e a dip:Visit } WHERE { ?e a dip:Visit }",
                                    "--store", str(seed_store), "-f", "turtle"])
    graph = rdflib.Graph().parse(data=construct.stdout, format="turtle")
    assert len(graph) >= 3


def test_export_turtle_parses_in_rdflib(seed_store, tmp_path):
    out = tmp_path / "doc.ttl"
    result = runner.invoke(app, ["export", "--store", str(seed_store), "--graph", "002_012c5d34e2e930a6",
                                 "-o", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("@prefix")
    graph = rdflib.Graph().parse(data=text, format="turtle")
    dip = rdflib.Namespace("https://kg.example.org/ontology#")
    assert (None, rdflib.RDF.type, dip.PhoneCall) in graph
    whole = runner.invoke(app, ["export", "--store", str(seed_store), "--format", "trig"])
    assert len(rdflib.Dataset().parse(data=whole.stdout, format="trig")) > 1000
    unknown = runner.invoke(app, ["export", "--store", str(seed_store), "--graph", "nope"])
    assert unknown.exit_code == 1 and "no document 'nope'" in unknown.stderr


def test_extract_jsonl_has_sentences_mentions_and_events():
    result = runner.invoke(app, ["extract", str(SEEDS / "004_5db947d3e77a6fda.txt")])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    text = (SEEDS / "004_5db947d3e77a6fda.txt").read_text(encoding="utf-8")
    for mention in doc["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
    visit = next(e for e in doc["events"] if e["type"] == "Visit")
    assert visit["actor"] == ["amirabdollahian"] and visit["target"] == ["moscow"]
    assert text[visit["trigger_start"]:visit["trigger_end"]] == "سفر"


def test_stats(seed_store):
    result = runner.invoke(app, ["stats", "--store", str(seed_store)])
    assert result.exit_code == 0 and "documents" in result.stdout


def _registered_commands() -> list[list[str]]:
    """Every command the CLI registers, sub-commands included (kg models status ...)."""
    paths = [[c.name or c.callback.__name__] for c in app.registered_commands]
    for group in app.registered_groups:
        paths += [[group.name, c.name or c.callback.__name__] for c in group.typer_instance.registered_commands]
    return paths


def test_every_command_has_help_with_an_example_and_a_readme_entry():
    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    commands = _registered_commands()
    assert len(commands) == 15
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Example: kg " in result.output, command
        assert f"`kg {' '.join(command)}" in readme, command


def _count(store, sparql: str) -> int:
    result = runner.invoke(app, ["query", sparql, "--store", str(store), "-f", "csv"])
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[1])


def test_one_event_reported_by_two_documents_is_one_node_until_no_document_reports_it(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    meeting = "date 2025-11-18\nعراقچی با لاوروف دیدار کرد.\n"
    (sources / "a.txt").write_text(meeting, encoding="utf-8")
    (sources / "b.txt").write_text(meeting.replace("دیدار کرد.", "در مسکو دیدار کرد."), encoding="utf-8")
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", str(sources), "--store", str(store), "--ner", "rules"]).exit_code == 0
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Meeting }") == 1    # once, not once per graph
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Meeting ; dip:mention ?m }") == 2
    assert {r["doc"] for r in query_csv(store, "events.rq")} == {"a", "b"}

    (sources / "a.txt").write_text("date 2025-11-18\nعراقچی به مسکو سفر کرد.\n", encoding="utf-8")
    assert runner.invoke(app, ["build", str(sources), "--store", str(store), "--ner", "rules"]).exit_code == 0
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Meeting ; dip:mention ?m }") == 1

    (sources / "b.txt").write_text("date 2025-11-18\nعراقچی به مسکو سفر کرد.\n", encoding="utf-8")
    assert runner.invoke(app, ["build", str(sources), "--store", str(store), "--ner", "rules"]).exit_code == 0
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Meeting }") == 0
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Visit }") == 1


def test_export_of_one_document_carries_its_events(seed_store):
    result = runner.invoke(app, ["export", "--store", str(seed_store), "--graph", "004_5db947d3e77a6fda",
                                 "--format", "ntriples"])
    graph = rdflib.Graph().parse(data=result.stdout, format="nt")
    dip = rdflib.Namespace("https://kg.example.org/ontology#")
    visits = list(graph.subjects(rdflib.RDF.type, dip.Visit))
    assert len(visits) == 1
    assert str(graph.value(visits[0], dip.actor)) == "https://kg.example.org/entity/amirabdollahian"
    labels = set(graph.objects(graph.value(visits[0], dip.actor), rdflib.SKOS.prefLabel))
    assert labels == {rdflib.Literal("حسین امیرعبداللهیان", lang="fa"), rdflib.Literal("Hossein Amir-Abdollahian", lang="en")}
    assert not list(graph.subjects(rdflib.RDF.type, dip.PhoneCall))        # seed 002's calls are not in 004


def test_export_of_one_document_as_quads_keeps_the_graph_names(seed_store):
    result = runner.invoke(app, ["export", "--store", str(seed_store), "--graph", "004_5db947d3e77a6fda",
                                 "--format", "trig"])
    dataset = rdflib.Dataset().parse(data=result.stdout, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {"https://kg.example.org/graph/doc/004_5db947d3e77a6fda", "https://kg.example.org/graph/shared",
                      "https://kg.example.org/graph/entities"}


def _jsonl(path, *records) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")


def test_jsonl_articles_with_title_url_and_date_and_bad_lines_skipped_by_number(tmp_path):
    _jsonl(tmp_path / "corpus.jsonl",
           {"id": "n1", "text": "وزیر امور خارجه ایران با وزیر امور خارجه ترکیه دیدار کرد.", "date": "2016-03-01",
            "title": "دیدار دو وزیر", "url": "https://news.example.org/n1"},
           "[1, 2]",
           {"id": "n 2", "text": "متن"},
           {"id": "n3", "text": "  "},
           {"id": "n4", "text": "متن", "date": "1395/01/01"})
    store = tmp_path / "store"
    result = runner.invoke(app, ["build", str(tmp_path / "corpus.jsonl"), "--store", str(store), "--ner", "rules"])
    assert result.exit_code == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("kg: skipped")]
    where = tmp_path / "corpus.jsonl"
    assert skipped == [f"kg: skipped {where}:2: not a JSON object",
                       f"kg: skipped {where}:3: 'id' must be a string of letters, digits, '.', '_', '~' or '-'",
                       f"kg: skipped {where}:4: 'text' must be a non-empty string",
                       f"kg: skipped {where}:5: 'date' expected YYYY-MM-DD, got '1395/01/01'"]
    events = query_csv(store, "events.rq")
    assert [(r["doc"], r["type"], r["actorLabel"], r["targetLabel"], r["date"], r["begin"]) for r in events] == [
        ("n1", "Meeting", "محمدجواد ظریف", "مولود چاووش‌اوغلو", "2016-03-01", "0")]
    meta = runner.invoke(app, ["query", "SELECT ?t ?u ?s WHERE { ?d dcterms:title ?t ; prov:hadPrimarySource ?u ; "
                               "dcterms:source ?s }", "--store", str(store), "-f", "csv"])
    assert meta.stdout.splitlines()[1:] == ["دیدار دو وزیر,https://news.example.org/n1,corpus.jsonl:1"]


def test_build_date_is_the_date_of_articles_without_one_and_a_new_date_redoes_them(tmp_path):
    (tmp_path / "undated.txt").write_text("وزیر امور خارجه ایران با وزیر امور خارجه ترکیه تلفنی گفت‌وگو کرد.\n",
                                          encoding="utf-8")
    (tmp_path / "dated.txt").write_text("date 2016-03-01\nوزیر امور خارجه ایران به مسکو رفت.\n", encoding="utf-8")
    store = tmp_path / "store"

    def build_on(day: str) -> tuple[str, set]:
        result = runner.invoke(app, ["build", str(tmp_path), "--store", str(store), "--ner", "rules", "--date", day])
        assert result.exit_code == 0, result.output
        rows = {(r["doc"], r["actorLabel"], r["date"]) for r in query_csv(store, "events.rq")}
        return result.stderr, rows

    summary, rows = build_on("2023-03-01")
    assert rows == {("undated", "حسین امیرعبداللهیان", "2023-03-01"), ("dated", "محمدجواد ظریف", "2016-03-01")}
    summary, _ = build_on("2023-03-01")
    assert re.search(r"documents unchanged\s*│\s*2 ", summary)
    summary, rows = build_on("2014-06-01")
    assert re.search(r"documents built\s*│\s*1 ", summary)
    assert ("undated", "محمدجواد ظریف", "2014-06-01") in rows
    bad = runner.invoke(app, ["build", str(tmp_path), "--store", str(store), "--date", "2014-6-1"])
    assert (bad.exit_code, bad.stderr) == (2, "kg: --date '2014-6-1': not a date (YYYY-MM-DD)\n")
