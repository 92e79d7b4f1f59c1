"""`build(sources, store)`: articles → analysed documents → a new store generation.

Unchanged documents (same SHA-256, same dictionary) are not analysed again and
their graphs are not touched; a changed document replaces only its own graph;
documents built earlier from other sources stay.  When nothing changed, no new
generation is made at all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from kg import paths, rdf, store
from kg.errors import InputError
from kg.mentions import Backend
from kg.model import Document
from kg.pipeline import analyse
from kg.read import articles, lend_date
from kg.resources import Resources, data_dir, default
from kg.vocab import GRAPH_ENTITIES, GRAPH_ONTOLOGY, GRAPH_SHARED, PREFIXES, doc_graph, term


@dataclass
class BuildReport:
    store: Path
    built: list[str] = field(default_factory=list)        # analysed and (re)loaded
    unchanged: list[str] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    sentences: int = 0
    mentions: int = 0
    events: Counter = field(default_factory=Counter)
    roles: int = 0
    memberships: int = 0
    triples: int = 0
    seconds: float = 0.0
    new_generation: bool = False
    ner: str = "rules"


def dictionary_hash(folder: Path | None = None) -> str:
    """Changes when the gazetteer, triggers, offices or ontology change: then every document is redone."""
    digest = hashlib.sha256()
    for path in sorted((folder or data_dir()).iterdir()) + [paths.ontology_file()]:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def read_sources(sources: Iterable[Path], report: BuildReport, default_date: dt.date | None = None) -> list[Document]:
    """Every article of the sources; those without a date of their own get `default_date`."""
    docs: dict[str, Document] = {}
    for item in articles(sources):
        if isinstance(item, InputError):
            report.skipped.append(item)
        elif item.id in docs:
            report.skipped.append(InputError(item.path, f"same document id '{item.id}' as {docs[item.id].path}"))
        else:
            docs[item.id] = lend_date(item, default_date)
    return list(docs.values())


def _fingerprint(doc: Document) -> str:
    """What decides whether a stored document is still current: its bytes, and a date it was only lent."""
    return doc.sha256 + (f" date={doc.date.isoformat()}" if doc.date_source == "default" else "")


def _stored_state(store_dir: Path) -> tuple[dict[str, str], str]:
    """The fingerprint of every stored document, and the dictionary they were built with."""
    if store.current_generation(store_dir) is None:
        return {}, ""
    current = store.open_read_only(store_dir)
    hashes = store.document_fingerprints(current)
    found = list(current.quads_for_pattern(NamedNode(GRAPH_ENTITIES), NamedNode(term("sha256")), None,
                                           NamedNode(GRAPH_ENTITIES)))
    return hashes, (found[0].object.value if found else "")


def build(sources: Sequence[Path], store_dir: Path, rebuild: bool = False, res: Resources | None = None,
          backends: Sequence[Backend] = (), progress: Callable[[str], None] | None = None,
          ner: str = "rules", default_date: dt.date | None = None,
          analysed: Callable[[Document], None] | None = None) -> BuildReport:
    """Build or update the store at `store_dir` from article files (.txt, .jsonl) and folders.

    `ner` names the mention backends in use; a change of backend, like a change
    of the dictionary, re-analyses the given sources.  `default_date` is the
    date of articles that carry none (it drives title resolution);
    `analysed` receives each document once analysed (kg.evaluate reads them).
    """
    started = time.perf_counter()
    res = res or default()
    store_dir = Path(store_dir)
    report = BuildReport(store=store_dir, ner=ner)
    docs = read_sources(sources, report, default_date)
    stored, stored_dictionary = ({}, "") if rebuild else _stored_state(store_dir)
    dictionary = dictionary_hash() + ("" if ner == "rules" else f" ner={ner}")
    same_dictionary = stored_dictionary == dictionary
    todo = [d for d in docs if rebuild or not same_dictionary or stored.get(d.id) != _fingerprint(d)]
    todo_ids = {d.id for d in todo}
    report.unchanged = [d.id for d in docs if d.id not in todo_ids]
    if todo or rebuild or not same_dictionary or store.current_generation(store_dir) is None:
        for doc in todo:
            analyse(doc, res, backends)
            if analysed:
                analysed(doc)
            report.built.append(doc.id)
            _count(report, doc)
            if progress:
                progress(doc.id)
        _write(store_dir, todo, res, dictionary, rebuild or not same_dictionary, report)
    report.seconds = time.perf_counter() - started
    return report


def _count(report: BuildReport, doc: Document) -> None:
    report.sentences += len(doc.sentences)
    report.mentions += len([m for m in doc.mentions if m.kind != "zero"])
    report.events.update(e.type for e in doc.events)
    report.roles += len(doc.roles)
    report.memberships += len(doc.memberships)


def _write(store_dir: Path, docs: list[Document], res: Resources, dictionary: str, fresh: bool,
           report: BuildReport) -> None:
    with store.new_generation(store_dir, start_empty=fresh) as target:
        quads, restated = _document_quads(docs, res)
        store.remove_subjects(target, GRAPH_SHARED, restated)
        quads += list(rdf.dictionary_quads(res))
        quads.append(Quad(NamedNode(GRAPH_ENTITIES), NamedNode(term("sha256")), Literal(dictionary),
                          NamedNode(GRAPH_ENTITIES)))
        quads += list(rdf.ontology_quads())
        graphs = [doc_graph(d.id) for d in docs] + [GRAPH_ENTITIES, GRAPH_ONTOLOGY]
        store.replace_graphs(target, graphs, quads)
        _drop_unmentioned(target)
        report.triples = len(target)
    report.new_generation = True


def _document_quads(docs: list[Document], res: Resources) -> tuple[list[Quad], set[str]]:
    """The documents' quads, each found entity described once: by the first document naming it
    (spellings differ: مارک کلودیوس / مارک کلو‌دیوس).  Also the entities so restated, whose
    older description in the shared graph must go."""
    quads: list[Quad] = []
    described_by: dict[str, str] = {}
    shared, entity_prefix = NamedNode(GRAPH_SHARED), PREFIXES["ent"]
    for doc in docs:
        for quad in rdf.document_quads(doc, res):
            subject = quad.subject.value
            if quad.graph_name == shared and subject.startswith(entity_prefix) \
                    and described_by.setdefault(subject, doc.id) != doc.id:
                continue
            quads.append(quad)
    return quads, set(described_by)


_DROP_UNMENTIONED_EVENTS = f"""
DELETE {{ GRAPH <{GRAPH_SHARED}> {{ ?event ?p ?o }} }}
WHERE {{ GRAPH <{GRAPH_SHARED}> {{ ?event a ?class ; ?p ?o }} FILTER(STRSTARTS(STR(?event), "{PREFIXES['ev']}"))
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?event <{term("mention")}> ?m }} }} }}"""
_DROP_UNUSED_ENTITIES = f"""
DELETE {{ GRAPH <{GRAPH_SHARED}> {{ ?entity ?p ?o }} }}
WHERE {{ GRAPH <{GRAPH_SHARED}> {{ ?entity ?p ?o }} FILTER(STRSTARTS(STR(?entity), "{PREFIXES['ent']}"))
        FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?entity }} FILTER(?x != ?entity) }} }}"""


def _drop_unmentioned(target) -> None:
    """Shared events whose last report was replaced go, and then the entities only they named."""
    target.update(_DROP_UNMENTIONED_EVENTS)
    target.update(_DROP_UNUSED_ENTITIES)

