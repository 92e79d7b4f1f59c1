"""`build(sources, store)`: articles → analysed documents → a new store generation.

Unchanged documents (same SHA-256, same dictionary) are not analysed again and
their graphs are not touched; a changed document replaces only its own graph;
documents built earlier from other sources stay.  When nothing changed, no new
generation is made at all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

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
    write_seconds: float = 0.0                            # of which writing the store
    new_generation: bool = False
    ner: str = "rules"


def dictionary_hash(folder: Path | None = None) -> str:
    """Changes when the gazetteer, triggers, offices or ontology change: then every document is redone."""
    digest = hashlib.sha256()
    for path in sorted((folder or data_dir()).iterdir()) + [paths.ontology_file()]:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _articles(sources: Iterable[Path], report: BuildReport, default_date: dt.date | None) -> Iterator[Document]:
    """The sources' articles one at a time, those without a date of their own lent `default_date`;
    unreadable ones and repeated ids go to the report."""
    seen: dict[str, str] = {}
    for item in articles(sources):
        if isinstance(item, InputError):
            report.skipped.append(item)
        elif item.id in seen:
            report.skipped.append(InputError(item.path, f"same document id '{item.id}' as {seen[item.id]}"))
        else:
            seen[item.id] = item.path
            yield lend_date(item, default_date)


def _fingerprint(doc: Document) -> str:
    """What decides whether a stored document is still current: its bytes, and a date it was only lent."""
    return doc.sha256 + (f" date={doc.date.isoformat()}" if doc.date_source == "default" else "")


def _stored_state(store_dir: Path) -> tuple[dict[str, str], str]:
    """The fingerprint of every stored document, and the dictionary they were built with."""
    if store.current_generation(store_dir) is None:
        return {}, ""
    current = store.open_read_only(store_dir)
    hashes = store.document_fingerprints(current)
    found = list(current.quads_for_pattern(NamedNode(GRAPH_ENTITIES), NamedNode(term("dictionarySha256")), None,
                                           NamedNode(GRAPH_ENTITIES)))
    return hashes, (found[0].object.value if found else "")


def build(sources: Sequence[Path], store_dir: Path, rebuild: bool = False, res: Resources | None = None,
          backends: Sequence[Backend] = (), progress: Callable[[str], None] | None = None,
          ner: str = "rules", default_date: dt.date | None = None,
          analysed: Callable[[Document], None] | None = None, workers: int = 1,
          executor: str | None = None) -> BuildReport:
    """Build or update the store at `store_dir` from article files (.txt, .jsonl) and folders.

    Documents stream through: each is read, analysed, turned into quads and
    written in batches, so memory stays bounded however many there are.
    `workers` > 1 analyses in that many processes (same graph, in the same
    order); `executor="dask://HOST:PORT"` analyses on a Dask cluster instead
    (kg installed on its workers; see kg.distributed).  `ner` names the mention backends in use; a change of backend,
    like a change of the dictionary, re-analyses the given sources.
    `default_date` is the date of articles that carry none (it drives title
    resolution); `analysed` receives each document once analysed (kg.evaluate
    reads them; it keeps the analysis in this process).  `progress` hears
    "built" or "unchanged" for each article, then "writing".
    """
    started = time.perf_counter()
    res = res or default()
    store_dir = Path(store_dir)
    report = BuildReport(store=store_dir, ner=ner)
    if executor:
        from kg.distributed import connect

        executor = connect(executor)           # a client; fails here, before any writing
    try:
        with store.writer_lock(store_dir):
            store.remove_unfinished(store_dir, store.current_generation(store_dir))
            stored, stored_dictionary = ({}, "") if rebuild else _stored_state(store_dir)
            dictionary = dictionary_hash() + ("" if ner == "rules" else f" ner={ner}")
            fresh = rebuild or stored_dictionary != dictionary
            todo = _changed(_articles(sources, report, default_date), stored, fresh, report, progress)
            first = next(todo, None)
            if first is not None or fresh or store.current_generation(store_dir) is None:
                todo = itertools.chain([first], todo) if first is not None else iter(())
                _write_generation(store_dir, todo, fresh, dictionary, report,
                                  lambda docs: _analysed(docs, res, backends, analysed, workers, executor, ner),
                                  res, progress)
    finally:
        if executor is not None:
            executor.close()
    report.seconds = time.perf_counter() - started
    return report


def _write_generation(store_dir: Path, todo: Iterator[Document], fresh: bool, dictionary: str,
                      report: BuildReport, analysis: Callable, res: Resources,
                      progress: Callable[[str], None] | None) -> None:
    """Analyse `todo` and write it into a new generation, made current at the end."""
    with store.new_generation(store_dir, start_empty=fresh) as target:
        writer = _Writer(target, res)
        for doc_id, counts, quads in analysis(todo):
            report.built.append(doc_id)
            _count(report, counts)
            writing = time.perf_counter()
            writer.add(doc_id, quads)
            report.write_seconds += time.perf_counter() - writing
            if progress:
                progress("built")
        if progress:
            progress("writing")
        writing = time.perf_counter()
        writer.finish(dictionary, replaced=not fresh)
        target.flush()
        report.write_seconds += time.perf_counter() - writing
        report.triples = len(target)
    report.new_generation = True


def _changed(docs: Iterable[Document], stored: dict[str, str], fresh: bool, report: BuildReport,
             progress: Callable[[str], None] | None) -> Iterator[Document]:
    """The documents to analyse: all of them after a change of dictionary, else the new and changed."""
    for doc in docs:
        if fresh or stored.get(doc.id) != _fingerprint(doc):
            yield doc
        else:
            report.unchanged.append(doc.id)
            if progress:
                progress("unchanged")


Counts = tuple[int, int, tuple[str, ...], int, int]      # sentences, mentions, event types, roles, memberships


def _count(report: BuildReport, counts: Counts) -> None:
    sentences, mentions, event_types, roles, memberships = counts
    report.sentences += sentences
    report.mentions += mentions
    report.events.update(event_types)
    report.roles += roles
    report.memberships += memberships


def _summary(doc: Document) -> Counts:
    return (len(doc.sentences), len([m for m in doc.mentions if m.kind != "zero"]),
            tuple(e.type for e in doc.events), len(doc.roles), len(doc.memberships))


# -- analysis, here or in worker processes ----------------------------------------------

def _analysed(docs: Iterator[Document], res: Resources, backends: Sequence[Backend],
              analysed: Callable[[Document], None] | None, workers: int, executor=None,
              ner: str = "rules") -> Iterator[tuple[str, Counts, list]]:
    """(id, counts, quads) of each document, in the order read."""
    if executor is not None:
        from kg.distributed import analysed_on_cluster

        for doc_id, counts, nquads in analysed_on_cluster(executor, docs, ner):
            yield doc_id, counts, list(parse(nquads, format=RdfFormat.N_QUADS))
        return
    if workers <= 1 or analysed is not None:
        for doc in docs:
            analyse(doc, res, backends)
            if analysed:
                analysed(doc)
            yield doc.id, _summary(doc), list(rdf.document_quads(doc, res))
        return
    global _WORKER_STATE
    _WORKER_STATE = (res, list(backends))       # inherited by the forked workers, loaded once
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_worker_start) as pool:
        for doc_id, counts, nquads in pool.imap(_worker_analyse, docs, chunksize=4):
            yield doc_id, counts, list(parse(nquads, format=RdfFormat.N_QUADS))


_WORKER_STATE: tuple[Resources, list[Backend]] | None = None


def _worker_start() -> None:
    """A worker uses one thread: the processes are the parallelism (Stanza would start one per core)."""
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        pass


def _worker_analyse(doc: Document) -> tuple[str, Counts, bytes]:
    res, backends = _WORKER_STATE
    return analyse_to_nquads(doc, res, backends)


def analyse_to_nquads(doc: Document, res: Resources, backends: Sequence[Backend]) -> tuple[str, Counts, bytes]:
    """What a worker (a process here, or a cluster's) sends back: small counts and the quads as N-Quads."""
    analyse(doc, res, backends)
    return doc.id, _summary(doc), serialize(rdf.document_quads(doc, res), format=RdfFormat.N_QUADS)


# -- writing ----------------------------------------------------------------------------

class _Writer:
    """Writes documents' quads into the new generation in batches.

    Each found entity is described once: by the first document of this build
    naming it (spellings differ: مارک کلودیوس / مارک کلو‌دیوس); its older
    description in the shared graph goes before the new one is written."""

    BATCH_QUADS = 100_000

    def __init__(self, target, res: Resources):
        self.target, self.res = target, res
        self.described_by: dict[str, str] = {}
        self.batch: list[Quad] = []
        self.graphs: list[str] = []
        self.restated: set[str] = set()
        self.events_before: set = set()               # reported by the replaced graphs
        self.entities_before: set = set()

    def add(self, doc_id: str, quads: Iterable[Quad]) -> None:
        shared, entity_prefix = NamedNode(GRAPH_SHARED), PREFIXES["ent"]
        for quad in quads:
            subject = quad.subject.value
            if quad.graph_name == shared and subject.startswith(entity_prefix):
                if self.described_by.setdefault(subject, doc_id) != doc_id:
                    continue
                self.restated.add(subject)
            self.batch.append(quad)
        self.graphs.append(doc_graph(doc_id))
        if len(self.batch) >= self.BATCH_QUADS:
            self.flush()

    def flush(self) -> None:
        for graph in self.graphs:
            events, entities = _reported_before(self.target, graph)
            self.events_before |= events
            self.entities_before |= entities
        store.remove_subjects(self.target, GRAPH_SHARED, self.restated)
        store.replace_graphs(self.target, self.graphs, self.batch)
        self.batch, self.graphs, self.restated = [], [], set()

    def finish(self, dictionary: str, replaced: bool) -> None:
        """The dictionary and ontology graphs; then, where documents were replaced, what only they said."""
        self.flush()
        quads = list(rdf.dictionary_quads(self.res))
        quads.append(Quad(NamedNode(GRAPH_ENTITIES), NamedNode(term("dictionarySha256")), Literal(dictionary),
                          NamedNode(GRAPH_ENTITIES)))
        quads += list(rdf.ontology_quads())
        store.replace_graphs(self.target, [GRAPH_ENTITIES, GRAPH_ONTOLOGY], quads)
        if replaced:
            _drop_unmentioned(self.target, self.events_before, self.entities_before)


def _reported_before(target, graph: str) -> tuple[set, set]:
    """The events a document's old graph reports, and the entities it or they name: what may
    have lost its last report when the graph is replaced."""
    node, mention, entity_prefix = NamedNode(graph), NamedNode(term("mention")), PREFIXES["ent"]
    if not target.contains_named_graph(node):
        return set(), set()
    events = {q.subject for q in target.quads_for_pattern(None, mention, None, node)}
    shared = NamedNode(GRAPH_SHARED)
    objects = [q.object for q in target.quads_for_pattern(None, None, None, node)]
    objects += [q.object for event in events for q in target.quads_for_pattern(event, None, None, shared)]
    return events, {o for o in objects if isinstance(o, NamedNode) and o.value.startswith(entity_prefix)}


def _drop_unmentioned(target, events: set, entities: set) -> None:
    """Shared events whose last report was replaced go, and then the entities only they named
    (looked up one by one: a SPARQL DELETE over the whole graph took seconds per build)."""
    shared, mention = NamedNode(GRAPH_SHARED), NamedNode(term("mention"))
    for event in events:
        if next(iter(target.quads_for_pattern(event, mention, None)), None) is None:
            for quad in list(target.quads_for_pattern(event, None, None, shared)):
                if isinstance(quad.object, NamedNode) and quad.object.value.startswith(PREFIXES["ent"]):
                    entities.add(quad.object)
                target.remove(quad)
    for entity in entities:
        if not any(q.subject != entity for q in target.quads_for_pattern(None, None, entity)):
            for quad in list(target.quads_for_pattern(entity, None, None, shared)):
                target.remove(quad)
