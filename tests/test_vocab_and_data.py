"""The closed namespace mirrors the ontology; the data files are consistent."""
from __future__ import annotations

import json
from collections import defaultdict

import rdflib

from kg import paths
from kg.resources import DATA_DIR
from kg.vocab import DIP, DIP_TERMS, PREFIXES


def ontology_terms() -> set[str]:
    graph = rdflib.Graph().parse(paths.ontology_file())
    ns = PREFIXES["dip"]
    return {str(s)[len(ns):] for s in graph.subjects() if str(s).startswith(ns)}


def test_namespace_and_ontology_define_the_same_terms():
    assert set(DIP_TERMS) == ontology_terms()


def test_unknown_terms_fail():
    import pytest

    with pytest.raises(AttributeError):
        DIP.Meating  # noqa: B018


def test_every_event_class_carries_its_cameo_alignment():
    graph = rdflib.Graph().parse(paths.ontology_file())
    dip = rdflib.Namespace(PREFIXES["dip"])
    classes = set(graph.subjects(rdflib.RDFS.subClassOf, dip.Event))
    assert len(classes) == 12
    assert all(graph.value(c, dip.cameoCode) for c in classes)


def test_positions_file_and_ontology_agree():
    rows = [json.loads(l) for l in (DATA_DIR / "positions.jsonl").open(encoding="utf-8")]
    assert {r["position"] for r in rows} <= ontology_terms()


def test_office_terms_have_start_dates_and_do_not_overlap(res):
    terms = defaultdict(list)
    for office in res.offices:
        assert office.start is not None
        assert office.end is None or office.end >= office.start, office
        terms[(office.position, office.org)].append(office)
    for key, offices in terms.items():
        offices.sort(key=lambda o: o.start)
        for before, after in zip(offices, offices[1:]):
            assert before.end is not None, f"{key}: {before.person} has no end but {after.person} follows"
            assert before.end <= after.start, f"{key}: {before.person} overlaps {after.person}"


def test_wikidata_ids_are_well_formed(res):
    for entity in res.entities.values():
        assert not entity.wikidata or (entity.wikidata[0] == "Q" and entity.wikidata[1:].isdigit()), entity.id


def test_every_office_term_names_its_source_and_whether_it_was_checked():
    import csv

    with (DATA_DIR / "offices.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows and all(r["source"].startswith("https://") for r in rows)
    assert {r["checked"] for r in rows} <= {"yes", "partly", "no"}
