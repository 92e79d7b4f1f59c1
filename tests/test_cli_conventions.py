"""CLI conventions: --version, choices as usage errors, CONSTRUCT formats, piped tables,
parameters bound by substitution, hostile names that never become query text."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
import rdflib
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("kg ")


@pytest.mark.parametrize("args, option, choices", [
    (["query", "ASK {}", "--format", "bogus"], "--format", "'table', 'csv', 'tsv', 'json', 'xml', 'turtle', 'ntriples'"),
    (["extract", "seeds", "--format", "bogus"], "--format", "'jsonl', 'turtle'"),
    (["export", "--format", "bogus"], "--format", "'turtle', 'trig', 'nquads', 'ntriples', 'rdfxml', 'jsonld'"),
    (["build", "seeds", "--ner", "bogus"], "--ner", "'auto', 'rules', 'stanza'"),
    (["extract", "seeds", "--ner", "bogus"], "--ner", "'auto', 'rules', 'stanza'"),
])
def test_a_wrong_choice_is_a_usage_error_listing_the_choices(args, option, choices):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert option in result.output and " ".join(choices.split()) in " ".join(result.output.replace("│", "").split())


def test_construct_with_the_default_table_format_prints_turtle(seed_store):
    result = runner.invoke(app, ["query", "CONSTRUCT { ?e a dip:Meeting } WHERE { ?e a dip:Meeting }",
                                 "--store", str(seed_store)])
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 0


@pytest.mark.parametrize("query, fmt, message", [
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "csv",
     "kg: --format csv: a CONSTRUCT or DESCRIBE result is written as turtle or ntriples"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "turtle",
     "kg: --format turtle: a SELECT or ASK result is written as table, csv, tsv, json or xml"),
])
def test_a_format_the_result_cannot_take_is_exit_2(seed_store, query, fmt, message):
    result = runner.invoke(app, ["query", query, "--store", str(seed_store), "--format", fmt])
    assert result.exit_code == 2 and result.stderr.strip() == message


def test_piped_tables_are_tab_separated_with_whole_cells(seed_store):
    """stdout is a pipe: no box drawing, no cell cut to the terminal's width."""
    result = subprocess.run([sys.executable, "-m", "kg", "query", "queries/events.rq", "--store", str(seed_store)],
                            capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["doc", "type", "actorLabel", "targetLabel", "modality", "date", "sentence",
                                    "begin", "end", "mentions", "event"]
    assert all(len(line.split("\t")) == 11 for line in lines[1:]) and "…" not in result.stdout
    assert any(len(line) > 200 for line in lines)


def test_persian_cells_are_isolated_in_terminal_tables():
    from kg.cli import _isolated

    assert _isolated("سرگئی لاوروف") == "\u2068سرگئی لاوروف\u2069"
    assert _isolated("Meeting") == "Meeting"
    assert _isolated("[bold]x[/bold]") == "\\[bold]x\\[/bold]"


def test_params_are_bound_by_substitution(seed_store):
    result = runner.invoke(app, ["query", "SELECT ?actor (COUNT(?e) AS ?n) WHERE { ?e dip:actor ?actor } GROUP BY ?actor",
                                 "--store", str(seed_store), "--param", "actor=ent:araghchi", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert [r["actor"]["value"] for r in rows] == ["https://kg.example.org/entity/araghchi"]
    bad = runner.invoke(app, ["query", "ASK {}", "--store", str(seed_store), "--param", "no-equals"])
    assert bad.exit_code == 2 and bad.stderr.strip() == "kg: --param 'no-equals': expected NAME=VALUE"


HOSTILE = ['"', "}", "\\", "a\nb", '" . } DROP ALL ; #', "<x>", "'''"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_never_become_query_text(seed_store, name):
    entity = runner.invoke(app, ["entity", name, "--store", str(seed_store)])
    assert entity.exit_code == 1 and "no entity of that name" in entity.stderr and "parse" not in entity.stderr
    export = runner.invoke(app, ["export", "--store", str(seed_store), "--graph", name])
    assert export.exit_code == 1 and f"no document '{name}' in the store" in export.stderr
    assert runner.invoke(app, ["query", "ASK { ?e a dip:Meeting }", "--store", str(seed_store)]).stdout.strip()


@pytest.mark.parametrize("fmt, parser", [("rdfxml", "xml"), ("jsonld", "json-ld")])
def test_export_in_rdf_xml_and_json_ld_parses_in_rdflib(seed_store, fmt, parser):
    result = runner.invoke(app, ["export", "--store", str(seed_store), "--format", fmt,
                                 "--graph", "002_012c5d34e2e930a6"])
    assert result.exit_code == 0
    graph = rdflib.Graph().parse(data=result.stdout, format=parser)
    meetings = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://kg.example.org/ontology#PhoneCall")))
    assert meetings


def _csv_rows(result) -> list[dict]:
    import csv
    import io

    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_point_queries_answer_for_their_parameters(seed_store):
    def run(name, *params):
        args = ["query", f"queries/{name}", "--store", str(seed_store), "--format", "csv"]
        for param in params:
            args += ["--param", param]
        return _csv_rows(runner.invoke(app, args))

    of_doc = run("events-of-document.rq", "id=002_012c5d34e2e930a6")
    assert of_doc and {r["id"] for r in of_doc} == {"002_012c5d34e2e930a6"}
    assert ("PhoneCall", "سید عباس عراقچی", "بدر عبدالعاطی") in {(r["type"], r["actorLabel"], r["targetLabel"])
                                                                   for r in of_doc}
    period = run("events-in-period.rq", "from=2025-11-18", "to=2025-11-19")
    assert period and {r["date"] for r in period} == {"2025-11-18"}
    meetings = run("meetings-in-period.rq", "from=2025-01-01", "to=2025-12-31")
    assert meetings and {r["type"] for r in meetings} <= {"Meeting", "PhoneCall", "Negotiation"}
    actor = run("events-of-actor.rq", "party=ent:abdelatty")
    assert {(r["type"], r["targetLabel"]) for r in actor} >= {("PhoneCall", "بدر عبدالعاطی")}
    assert run("events-of-document.rq", 'id=x" } DROP ALL ; #') == []


def test_bound_terms_open_the_where_clause_as_values():
    from pyoxigraph import Literal, Variable

    from kg.query import bind_first

    sparql = "# WHERE { in a comment\nSELECT ?x WHERE { ?x ?p ?v }"
    assert bind_first(sparql, {Variable("v"): Literal('a"b')}) == \
        '# WHERE { in a comment\nSELECT ?x WHERE {\n  VALUES (?v) { ("a\\"b") } ?x ?p ?v }'
    assert bind_first("SELECT ?x { ?x ?p ?v }", {Variable("v"): Literal("a")}) is None
