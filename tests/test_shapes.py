"""The linked-data contract: every export passes the SHACL shapes of ontology/shapes.ttl."""
from __future__ import annotations

import pyshacl
import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import ontology_file

runner = CliRunner()
SHAPES = ontology_file().parent / "shapes.ttl"


def _conforms(turtle: str) -> tuple[bool, str]:
    data = rdflib.Graph().parse(data=turtle, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _graph, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return conforms, text


def test_the_export_of_the_seeds_conforms(seed_store):
    export = runner.invoke(app, ["export", "--store", str(seed_store), "--format", "turtle"])
    conforms, text = _conforms(export.stdout)
    assert conforms, text


def test_a_one_document_export_conforms(seed_store):
    export = runner.invoke(app, ["export", "--store", str(seed_store), "--graph", "002_012c5d34e2e930a6"])
    conforms, text = _conforms(export.stdout)
    assert conforms, text


def test_the_shapes_catch_a_trigger_outside_its_sentence_and_an_event_without_modality(seed_store):
    export = runner.invoke(app, ["export", "--store", str(seed_store), "--graph", "002_012c5d34e2e930a6"])
    graph = rdflib.Graph().parse(data=export.stdout, format="turtle")
    dip = rdflib.Namespace("https://kg.example.org/ontology#")
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    mention = next(graph.subjects(rdflib.RDF.type, dip.Mention))
    graph.set((mention, dip.triggerEnd, rdflib.Literal(int(graph.value(mention, nif.endIndex)) + 5)))
    event = next(graph.subjects(dip.modality, None))
    graph.remove((event, dip.modality, None))
    graph.add((event, dip.modality, dip.maybe))
    conforms, text = _conforms(graph.serialize(format="turtle"))
    assert not conforms
    assert "the trigger ends inside its sentence" in text and "an event has one modality of the five" in text


def test_extract_turtle_types_integers_as_the_store_does():
    result = runner.invoke(app, ["extract", "seeds/002_012c5d34e2e930a6.txt", "--format", "turtle", "--ner", "rules"])
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    begins = {o.datatype for o in graph.objects(None, rdflib.URIRef("https://kg.example.org/ontology#triggerBegin"))}
    assert begins == {rdflib.XSD.integer}
    conforms, text = _conforms(result.stdout)
    assert conforms, text


def test_a_dropped_subject_is_party_evidence_without_words(tmp_path):
    """«... گفت. سپس با لاوروف دیدار کرد»: the actor of the second sentence is the dropped subject,
    evidence with no words of its own (no empty span), and the export still conforms."""
    article = tmp_path / "zero.txt"
    article.write_text("date 2025-11-18\nعراقچی وارد مسکو شد. وی سپس با لاوروف دیدار کرد. سپس با پوتین دیدار کرد.\n",
                       encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--format", "turtle", "--ner", "rules"])
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    dip = rdflib.Namespace("https://kg.example.org/ontology#")
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    how = {(str(graph.value(e, dip.resolvedBy)), graph.value(e, nif.beginIndex) is None)
           for e in graph.subjects(rdflib.RDF.type, dip.PartyEvidence) if str(graph.value(e, dip.partyRole)) == "actor"}
    assert ("dropped-subject", True) in how and ("pronoun-person", False) in how
    conforms, text = _conforms(result.stdout)
    assert conforms, text
