"""Property-based tests: any text, however odd, reads, analyses and writes without a crash, its
offsets slice the original, and what is written parses back.  (`KG_FUZZ_EXAMPLES` runs longer.)"""
from __future__ import annotations

import os

import rdflib
from hypothesis import HealthCheck, given, settings, strategies as st
from pyoxigraph import RdfFormat, Store, serialize

from kg import rdf
from kg.model import Document
from kg.normalize import fold, split_sentences
from kg.pipeline import analyse
from kg.read import _CONTROL

WORDS = ["عراقچی", "با", "لاوروف", "دیدار", "کرد", "وزیر", "امور", "خارجه", "ایران", "روسیه", "سفر", "به",
         "تهران", "گفت", "رئیس‌جمهور", "پوتین", "و", "تلفنی", "گفتگو", "۲۷", "آبان", "۱۴۰۴", "دیروز", "را",
         "تکذیب", "«", "»", "،", ".", "...", "؟", ":", "\u200c", "\u200f", "\u202e", "ي", "ك", "²", "<", ">",
         '"', "\\", "{", "}", "#", "%", "\t", "\r\n", "\n", "\r", "\x01", "\x1b[31m", "\ufeff", " ", "  "]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), max_size=60).map(" ".join)
RUNS = settings(max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _doc(text: str) -> Document:
    return Document(id="fuzz doc #1", path="fuzz.txt", text=_CONTROL.sub(" ", text), sha256="0" * 64)


@RUNS
@given(texts)
def test_every_token_and_sentence_slices_the_original(text):
    doc = _doc(text)
    for sentence in split_sentences(doc.text):
        assert doc.text[sentence.start:sentence.end] == sentence.text
        for token in sentence.tokens:
            assert sentence.start <= token.start < token.end <= sentence.end
            assert fold(doc.text[token.start:token.end]) == token.key


@RUNS
@given(texts)
def test_analysis_never_crashes_and_events_point_into_their_sentences(text):
    doc = analyse(_doc(text))
    for event in doc.events:
        sentence = doc.sentences[event.sentence]
        assert sentence.start <= event.trigger_start < event.trigger_end <= sentence.end
        assert fold(doc.text[event.trigger_start:event.trigger_end]) == fold(event.trigger)


@RUNS
@given(texts)
def test_what_is_written_parses_back_in_pyoxigraph_and_rdflib(text):
    doc = analyse(_doc(text))
    from kg.resources import default

    quads = list(rdf.document_quads(doc, default()))
    data = serialize(quads, format=RdfFormat.N_QUADS)
    store = Store()
    store.load(data, format=RdfFormat.N_QUADS)
    assert len(store) == len(set(quads))
    rdflib.Dataset().parse(data=data.decode("utf-8"), format="nquads")
