"""SPARQL over the store, and exports: the default graph is the union of all
graphs, so a query sees every document without GRAPH clauses.
"""
from __future__ import annotations

import io
import re
from enum import Enum
from pathlib import Path

from pyoxigraph import (Literal, NamedNode, Quad, QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples,
                        RdfFormat, Store, Variable, serialize)

from kg import store as kgstore
from kg.errors import QueryError, StoreError
from kg.vocab import GRAPH_ENTITIES, GRAPH_SHARED, PREFIXES, doc_graph, entity_iri


class FormatError(QueryError):
    """A result format that the query's kind of result cannot be written in (a usage error)."""


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"
    ntriples = "ntriples"


class ExportFormat(str, Enum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    rdfxml = "rdfxml"
    jsonld = "jsonld"


_RESULTS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "json": QueryResultsFormat.JSON,
            "xml": QueryResultsFormat.XML}
_RDF = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
        "ntriples": RdfFormat.N_TRIPLES, "rdfxml": RdfFormat.RDF_XML, "jsonld": RdfFormat.JSON_LD}
_GRAPH_FORMATS = ("turtle", "ntriples")
_PREFIXED = (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML, RdfFormat.JSON_LD)


def read_query(query_or_file: str) -> str:
    """A query given inline, or the path of a .rq file."""
    path = Path(query_or_file)
    if query_or_file.endswith(".rq") or (len(query_or_file) < 4096 and "\n" not in query_or_file and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{query_or_file}: cannot read query file ({exc.strerror})") from None
    return query_or_file


def run(store: Store, sparql: str, substitutions: dict | None = None):
    """Run a query; `substitutions` bind variables to RDF terms (see bind_first)."""
    if substitutions:
        bound = bind_first(sparql, substitutions)
        sparql, substitutions = (bound, None) if bound is not None else (sparql, substitutions)
    try:
        return store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES,
                           substitutions=substitutions or None)
    except SyntaxError as exc:
        raise QueryError(f"query does not parse: {_one_line(exc)}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from None


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_first(sparql: str, substitutions: dict) -> str | None:
    """The query with a VALUES block of the bound terms opening its WHERE clause, or None
    where it has no WHERE keyword (then pyoxigraph's substitutions bind them).

    The terms are pyoxigraph RDF terms written by pyoxigraph itself (an IRI in <>, a
    literal quoted and escaped), so no user text becomes query text.  Oxigraph evaluates
    in the written order: a VALUES block first makes a point query a look-up (its own
    substitutions are applied after the patterns: 3 s instead of 0.1 s on 1.9 M triples)."""
    masked = "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in sparql.split("\n"))
    where = _WHERE.search(masked)
    if where is None:
        return None
    names = " ".join(f"?{variable.value}" for variable in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    return f"{sparql[:where.end()]}\n  VALUES ({names}) {{ ({terms}) }}{sparql[where.end():]}"


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def query_store(store_dir: Path, sparql: str, substitutions: dict | None = None):
    return run(kgstore.open_read_only(store_dir), sparql, substitutions)


def parse_params(params: list[str]) -> dict:
    """`--param NAME=VALUE` → substitutions: `<iri>` an IRI, `ent:ID` an entity, `doc:ID` a
    document, `ev:ID` an event, `YYYY-MM-DD` a date, anything else a plain literal."""
    from kg.vocab import doc_iri

    substitutions = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not re.fullmatch(r"\w+", name):
            raise FormatError(f"--param '{param}': expected NAME=VALUE")
        if value.startswith("<") and value.endswith(">"):
            term = _iri(value[1:-1], param)
        elif value.startswith("ent:"):
            term = NamedNode(entity_iri(value[4:]))
        elif value.startswith("doc:"):
            term = NamedNode(doc_iri(value[4:]))
        elif value.startswith("ev:"):
            term = _iri(PREFIXES["ev"] + value[3:], param)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            term = Literal(value, datatype=NamedNode(PREFIXES["xsd"] + "date"))
        else:
            term = Literal(value)
        substitutions[Variable(name)] = term
    return substitutions


def _iri(value: str, param: str) -> NamedNode:
    try:
        return NamedNode(value)
    except ValueError as exc:
        raise FormatError(f"--param '{param}': not an IRI ({exc})") from None


def is_graph(result) -> bool:
    return isinstance(result, QueryTriples)


def check_format(result, fmt: str) -> None:
    """A format the result can be written in, or a usage error that lists those it can."""
    if is_graph(result) and fmt not in _GRAPH_FORMATS:
        raise FormatError(f"--format {fmt}: a CONSTRUCT or DESCRIBE result is written as "
                          f"{' or '.join(_GRAPH_FORMATS)}")
    if not is_graph(result) and fmt in _GRAPH_FORMATS:
        raise FormatError(f"--format {fmt}: a SELECT or ASK result is written as table, csv, tsv, json or xml")


def serialize_result(result, fmt: str) -> bytes:
    """W3C results formats for SELECT/ASK, RDF syntaxes for CONSTRUCT/DESCRIBE."""
    check_format(result, fmt)
    if isinstance(result, QueryTriples):
        rdf_format = _RDF[fmt]
        return serialize(result, format=rdf_format, prefixes=PREFIXES) if rdf_format is RdfFormat.TURTLE \
            else serialize(result, format=rdf_format)
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
    return compact(term.value) if isinstance(term, NamedNode) else term.value


def compact(iri: str) -> str:
    """An IRI as a prefixed name where one of PREFIXES fits (ent:araghchi), else as it is."""
    return next((f"{prefix}:{iri[len(base):]}" for prefix, base in PREFIXES.items() if iri.startswith(base)), iri)


def export(store_dir: Path, fmt: ExportFormat, doc_id: str | None = None) -> bytes:
    """The whole graph (or one document's graph) in an RDF syntax, with prefixes."""
    current = kgstore.open_read_only(store_dir)
    if doc_id is not None:
        graph = NamedNode(doc_graph(doc_id))
        if not current.contains_named_graph(graph):
            raise StoreError(f"{store_dir}: no document '{doc_id}' in the store")
        view = run(current, _DOCUMENT_VIEW, {Variable("doc"): graph, Variable("shared"): NamedNode(GRAPH_SHARED),
                                             Variable("entities"): NamedNode(GRAPH_ENTITIES)})
        quads = list(dict.fromkeys(Quad(row["s"], row["p"], row["o"], row["g"]) for row in view))
        statements = quads if fmt in (ExportFormat.trig, ExportFormat.nquads) else list(dict.fromkeys(q.triple for q in quads))
        return serialize(statements, format=_RDF[fmt.value], **_prefixes(fmt))
    if fmt in (ExportFormat.trig, ExportFormat.nquads):
        return _dump(current, fmt)
    triples = run(current, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    return serialize(triples, format=_RDF[fmt.value], **_prefixes(fmt))


def _prefixes(fmt: ExportFormat) -> dict:
    return {"prefixes": PREFIXES} if _RDF[fmt.value] in _PREFIXED else {}


# One document's graph, what the shared graph says of its events, and the entities they name
# (found in the text, or the dictionary's: labels, Wikidata links).
# Each statement keeps the graph it is in (for TriG and N-Quads).
_DOCUMENT_VIEW = """
SELECT ?s ?p ?o ?g WHERE {
  { GRAPH ?doc { ?s ?p ?o } BIND(?doc AS ?g) }
  UNION { GRAPH ?doc { ?s dip:mention ?m } GRAPH ?shared { ?s ?p ?o } BIND(?shared AS ?g) }
  UNION {
    { GRAPH ?doc { ?event dip:mention ?m } GRAPH ?shared { ?event ?q ?s } }
    UNION { GRAPH ?doc { ?x ?q ?s } }
    { GRAPH ?shared { ?s ?p ?o } BIND(?shared AS ?g) }
    UNION { GRAPH ?entities { ?s ?p ?o } BIND(?entities AS ?g) }
  }
}"""


def _dump(current: Store, fmt: ExportFormat) -> bytes:
    return current.dump(format=_RDF[fmt.value], **_prefixes(fmt))
