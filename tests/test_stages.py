"""Each pipeline stage on a real seed sentence, with exact expected output.

Seed 002, the call of عراقچی with بدر عبدالعاطی:
  عراقچی پنجشنبهشب در تماس تلفنی دیگری با بدر عبدالعاطی وزیر خارجه جمهوری عربی مصر، ...
"""
from __future__ import annotations

import datetime as dt

import pytest
from pyoxigraph import Literal, NamedNode

from kg.rdf import document_quads, event_iri
from kg.vocab import GRAPH_SHARED, PREFIXES, doc_graph
from tests.conftest import SEEDS

DOC = "002_012c5d34e2e930a6"


@pytest.fixture(scope="module")
def doc(seed_docs):
    return seed_docs[DOC]


@pytest.fixture(scope="module")
def call_sentence(doc):
    return next(s for s in doc.sentences if "عبدالعاطی" in s.text)


def test_sentences_keep_offsets_into_the_original_file(doc, call_sentence):
    text = (SEEDS / f"{DOC}.txt").read_text(encoding="utf-8")
    assert (call_sentence.start, call_sentence.end) == (2760, 2939)
    assert text[call_sentence.start:call_sentence.end] == call_sentence.text
    assert call_sentence.text.startswith("عراقچی پنجشنبهشب در تماس تلفنی دیگری با بدر عبدالعاطی")


def test_document_date_comes_from_the_jalali_date_in_the_text(doc):
    assert (doc.date, doc.date_source) == (dt.date(2025, 1, 16), "text")   # پنجشنبه 27 دی 1403


def test_mentions_names_and_apposition(doc, call_sentence):
    found = [(m.text, m.kind, m.entity, m.start, m.end, m.position, m.org, m.source)
             for m in doc.mentions if m.sentence == call_sentence.index]
    assert found == [
        ("عراقچی", "name", "araghchi", 2760, 2766, None, None, "gazetteer"),
        ("بدر عبدالعاطی", "name", "abdelatty", 2800, 2813, None, None, "gazetteer"),
        ("وزیر خارجه جمهوری عربی مصر", "title", "abdelatty", 2814, 2840, "ForeignMinister", "egypt", "title-rule"),
        ("غزه", "name", "gaza", 2857, 2860, None, None, "gazetteer"),
    ]


def test_events_phone_call_with_trigger_offsets(doc, call_sentence):
    events = [(e.type, e.actor_ids, e.target_ids, e.trigger, e.trigger_start, e.trigger_end, e.rule, e.modality, e.date)
              for e in doc.events if e.sentence == call_sentence.index]
    assert events == [("PhoneCall", ["araghchi"], ["abdelatty"], "تماس تلفنی", 2780, 2790, "phonecall/in",
                       "asserted", dt.date(2025, 1, 16))]


def test_roles_from_the_apposition(doc):
    assert ("abdelatty", "ForeignMinister", "egypt", "apposition") in {
        (r.person, r.position, r.org, r.rule) for r in doc.roles}


def test_rdf_of_the_call(doc, res, call_sentence):
    """The event's own triples go once into the shared graph; the report of it into the document's graph."""
    event = next(e for e in doc.events if e.sentence == call_sentence.index)
    node = NamedNode(event_iri(doc, event))
    dip, ent, nif = PREFIXES["dip"], PREFIXES["ent"], PREFIXES["nif"]
    quads = list(document_quads(doc, res))
    shared = {(q.predicate.value, q.object.value) for q in quads
              if q.subject == node and q.graph_name == NamedNode(GRAPH_SHARED)}
    assert shared == {("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", dip + "PhoneCall"),
                      (dip + "actor", ent + "araghchi"), (dip + "target", ent + "abdelatty"),
                      (dip + "modality", dip + "asserted"), (dip + "date", "2025-01-16")}
    own = [q for q in quads if q.subject == node and q.graph_name == NamedNode(doc_graph(DOC))]
    # two reports here: the subheading «گفت‌وگوی تلفنی وزرای امور خارجه ... ایران و مصر» (the first) and this sentence
    assert [q.predicate.value for q in own] == [dip + "mention", dip + "mention", dip + "firstMention"]
    first = {q.predicate.value: q.object for q in quads if q.subject == own[2].object}
    assert own[2].object == own[0].object and first[dip + "mentionCount"].value == "2"
    assert first[dip + "rule"].value == "phonecall/nominal-collective"
    about = {q.predicate.value: q.object for q in quads if q.subject == own[1].object}
    assert about[nif + "beginIndex"] == Literal("2760", datatype=NamedNode(PREFIXES["xsd"] + "integer"))
    assert about[nif + "endIndex"].value == "2939"
    assert (about[dip + "triggerBegin"].value, about[dip + "triggerEnd"].value) == ("2780", "2790")
    assert about[dip + "rule"].value == "phonecall/in"
    assert about[dip + "confidence"].value == "0.8"
    assert about[dip + "document"] == NamedNode(PREFIXES["doc"] + DOC)
