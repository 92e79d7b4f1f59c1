"""SPARQL over the store, and exports: the default graph is the union of all
graphs, so a query sees every document without GRAPH clauses.
"""
from __future__ import annotations

import io
from enum import Enum
from pathlib import Path

from pyoxigraph import (NamedNode, Quad, QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples,
                        RdfFormat, Store, serialize)

from kg import store as kgstore
from kg.errors import QueryError, StoreError
from kg.vocab import GRAPH_ENTITIES, GRAPH_SHARED, PREFIXES, doc_graph


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"


class ExportFormat(str, Enum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"


_RESULTS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "json": QueryResultsFormat.JSON,
            "xml": QueryResultsFormat.XML}
_RDF = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
        "ntriples": RdfFormat.N_TRIPLES}


def read_query(query_or_file: str) -> str:
    """A query given inline, or the path of a .rq file."""
    path = Path(query_or_file)
    if query_or_file.endswith(".rq") or (len(query_or_file) < 4096 and "\n" not in query_or_file and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{query_or_file}: cannot read query file ({exc.strerror})") from None
    return query_or_file


def run(store: Store, sparql: str):
    try:
        return store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"query does not parse: {_one_line(exc)}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def query_store(store_dir: Path, sparql: str):
    return run(kgstore.open_read_only(store_dir), sparql)


def serialize_result(result, fmt: str) -> bytes:
    """W3C results formats for SELECT/ASK, RDF syntaxes for CONSTRUCT/DESCRIBE."""
    if isinstance(result, QueryTriples):
        rdf_format = _RDF.get(fmt, RdfFormat.TURTLE)
        return serialize(result, format=rdf_format, prefixes=PREFIXES) if rdf_format is RdfFormat.TURTLE \
            else serialize(result, format=rdf_format)
    if fmt not in _RESULTS:
        raise QueryError(f"format '{fmt}' is for CONSTRUCT results; use csv, tsv, json or xml")
    buffer = io.BytesIO()
    result.serialize(buffer, format=_RESULTS[fmt])
    return buffer.getvalue()


def rows(result) -> tuple[list[str], list[list[str]]]:
    """Column names and plain string cells, for tables."""
    if isinstance(result, QueryBoolean):
        return ["ask"], [["true" if bool(result) else "false"]]
    if not isinstance(result, QuerySolutions):
        raise QueryError("not a SELECT or ASK result")
    names = [v.value for v in result.variables]
    table = []
    for solution in result:
        table.append([_cell(solution[n]) for n in names])
    return names, table


def _cell(term) -> str:
    if term is None:
        return ""
    value = term.value
    for prefix, iri in PREFIXES.items():
        if isinstance(term, NamedNode) and value.startswith(iri):
            return f"{prefix}:{value[len(iri):]}"
    return value


def export(store_dir: Path, fmt: ExportFormat, doc_id: str | None = None) -> bytes:
    """The whole graph (or one document's graph) in an RDF syntax, with prefixes."""
    current = kgstore.open_read_only(store_dir)
    if doc_id is not None:
        graph = NamedNode(doc_graph(doc_id))
        if not current.contains_named_graph(graph):
            raise StoreError(f"{store_dir}: no document '{doc_id}' in the store")
        view = run(current, _DOCUMENT_VIEW % {"doc": graph.value, "shared": GRAPH_SHARED, "entities": GRAPH_ENTITIES})
        quads = list(dict.fromkeys(Quad(row["s"], row["p"], row["o"], row["g"]) for row in view))
        statements = quads if fmt in (ExportFormat.trig, ExportFormat.nquads) else list(dict.fromkeys(q.triple for q in quads))
        return serialize(statements, format=_RDF[fmt.value],
                         **({"prefixes": PREFIXES} if fmt in (ExportFormat.turtle, ExportFormat.trig) else {}))
    if fmt in (ExportFormat.trig, ExportFormat.nquads):
        return _dump(current, fmt)
    triples = run(current, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    return serialize(triples, format=_RDF[fmt.value], **({"prefixes": PREFIXES} if fmt is ExportFormat.turtle else {}))


# One document's graph, what the shared graph says of its events, and the entities they name
# (found in the text, or the dictionary's: labels, Wikidata links).
# Each statement keeps the graph it is in (for TriG and N-Quads).
_DOCUMENT_VIEW = """
SELECT ?s ?p ?o ?g WHERE {
  { GRAPH <%(doc)s> { ?s ?p ?o } BIND(<%(doc)s> AS ?g) }
  UNION { GRAPH <%(doc)s> { ?s dip:mention ?m } GRAPH <%(shared)s> { ?s ?p ?o } BIND(<%(shared)s> AS ?g) }
  UNION {
    { GRAPH <%(doc)s> { ?event dip:mention ?m } GRAPH <%(shared)s> { ?event ?q ?s } }
    UNION { GRAPH <%(doc)s> { ?x ?q ?s } }
    { GRAPH <%(shared)s> { ?s ?p ?o } BIND(<%(shared)s> AS ?g) }
    UNION { GRAPH <%(entities)s> { ?s ?p ?o } BIND(<%(entities)s> AS ?g) }
  }
}"""


def _dump(current: Store, fmt: ExportFormat) -> bytes:
    kwargs = {"format": _RDF[fmt.value]}
    if fmt in (ExportFormat.turtle, ExportFormat.trig):
        kwargs["prefixes"] = PREFIXES
    return current.dump(**kwargs)
