"""Analysed documents and the dictionary → RDF quads (pyoxigraph terms).

IRIs are deterministic, so rebuilding the same text gives the same quads:

* an event is keyed by its type, parties (sorted when symmetric), date and
  modality; with a date, the same event reported by two documents is one
  node with two mentions;
* a mention is keyed by its document and trigger offsets.

What a document says goes into its own named graph: the document, its
mentions (with sentence, offsets, rule and confidence), the links from
events to those mentions, its roles and memberships.  What several documents
may share goes once into the shared graph: an event's type, parties,
modality and date, and the entities found in the text.  A triple kept in
several graphs would come back once per graph from the union default graph
(Oxigraph does not deduplicate), and joins would multiply.  kg.build drops
shared nodes that no document mentions any more.  The dictionary and the
ontology have graphs of their own.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg import paths
from kg.frames import SYMMETRIC
from kg.model import Document, Entity, Event
from kg.resources import Resources
from kg.vocab import (BASE, GRAPH_ENTITIES, GRAPH_ONTOLOGY, GRAPH_SHARED, PREFIXES, doc_graph, doc_iri, segment,
                      entity_iri, term)

RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
XSD = PREFIXES["xsd"]
_TYPE_CLASS = {"Country": "Country", "City": "City", "Organization": "Organization", "Media": "Media",
               "Person": "Person", "Group": "Group", "Office": "Office", "Place": "Place",
               "Facility": "Facility", "NamedEvent": "NamedEvent", "Product": "Product"}


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _p(prefix: str, name: str) -> NamedNode:
    return NamedNode(PREFIXES[prefix] + name)


def _dip(name: str) -> NamedNode:
    return NamedNode(term(name))


def _lit(value, datatype: str | None = None, lang: str | None = None) -> Literal:
    if lang:
        return Literal(str(value), language=lang)
    if datatype:
        return Literal(str(value), datatype=NamedNode(XSD + datatype))
    return Literal(str(value))


def _key(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def event_iri(doc: Document, event: Event) -> str:
    actors, targets = sorted(event.actor_ids), sorted(event.target_ids)
    if event.type in SYMMETRIC:
        actors = targets = sorted(set(actors) | set(targets))
    scope = event.date.isoformat() if event.date else doc.id
    return PREFIXES["ev"] + _key(event.type, actors, targets, scope, event.modality)


def document_quads(doc: Document, res: Resources) -> Iterator[Quad]:
    """Every quad of one document: its own graph, and its share of the shared graph."""
    graph, shared = _n(doc_graph(doc.id)), _n(GRAPH_SHARED)

    def q(s, p, o) -> Quad:
        return Quad(s, p, o, graph)

    def q_shared(s, p, o) -> Quad:
        return Quad(s, p, o, shared)

    d = _n(doc_iri(doc.id))
    yield q(d, RDF_TYPE, _dip("Document"))
    yield q(d, _p("dcterms", "identifier"), _lit(doc.id))
    yield q(d, _p("dcterms", "source"), _lit(doc.path.rsplit("/", 1)[-1]))   # file name (file:line for JSONL)
    yield q(d, _dip("sha256"), _lit(doc.sha256))
    if doc.date:
        yield q(d, _p("dcterms", "date"), _lit(doc.date.isoformat(), "date"))
        yield q(d, _dip("dateSource"), _lit(doc.date_source))
    if doc.title or doc.sentences:
        yield q(d, _p("dcterms", "title"), _lit(doc.title or doc.sentences[0].text, lang="fa"))
    if doc.url:
        yield q(d, _p("prov", "hadPrimarySource"), _n(doc.url))
    used = {e for event in doc.events for e in (*event.actor_ids, *event.target_ids)}
    used |= {r.person for r in doc.roles} | {r.org for r in doc.roles}
    used |= {m.member for m in doc.memberships} | {m.org for m in doc.memberships}
    for entity_id in sorted(used):
        if entity_id in doc.entities:
            yield from (q_shared(*t) for t in entity_triples(doc.entities[entity_id]))
    reports: dict[str, list] = {}
    for event in doc.events:
        iri = event_iri(doc, event)
        yield from (q_shared(*t) for t in _event_triples(event, _n(iri)))
        yield from (q(*t) for t in _mention(doc, _n(iri), event.sentence, event.trigger_start,
                                           event.trigger_end, event.rule, event.confidence))
        yield from (q(*t) for t in _event_evidence(doc, _n(iri), event))
        reports.setdefault(iri, []).append(event)
    yield from (q(*t) for t in _first_mentions(doc, reports))
    for role in doc.roles:
        node = _n(f"{BASE}role/{_key(doc.id, role.person, role.position, role.org)}")
        yield q(node, RDF_TYPE, _dip("Role"))
        yield q(node, _dip("holder"), _n(entity_iri(role.person)))
        yield q(node, _dip("position"), _dip(role.position))
        yield q(node, _dip("organization"), _n(entity_iri(role.org)))
        yield from (q(*t) for t in _mention(doc, node, role.sentence, role.start, role.end, role.rule))
    for membership in doc.memberships:
        node = _n(f"{BASE}membership/{_key(doc.id, membership.member, membership.org)}")
        yield q(node, RDF_TYPE, _dip("Membership"))
        yield q(node, _dip("member"), _n(entity_iri(membership.member)))
        yield q(node, _dip("organization"), _n(entity_iri(membership.org)))
        yield from (q(*t) for t in _mention(doc, node, membership.sentence, membership.start, membership.end,
                                            membership.rule))


def _event_triples(event: Event, node: NamedNode) -> Iterator[tuple]:
    """What every report of the event agrees on (its IRI is made of these)."""
    yield node, RDF_TYPE, _dip(event.type)
    for actor in event.actor_ids:
        yield node, _dip("actor"), _n(entity_iri(actor))
    for target in event.target_ids:
        yield node, _dip("target"), _n(entity_iri(target))
        if event.type == "Visit":
            yield node, _dip("place"), _n(entity_iri(target))
    yield node, _dip("modality"), _dip(event.modality)
    if event.date:
        yield node, _dip("date"), _lit(event.date.isoformat(), "date")


def _event_evidence(doc: Document, node: NamedNode, event: Event) -> Iterator[tuple]:
    """What `kg explain` tells of one report: how each party was found, and what set its modality and date."""
    mention = _mention_node(doc, node, event.trigger_start, event.trigger_end)
    if event.modality_cue:
        yield mention, _dip("modalityCue"), _lit(event.modality_cue)
    if event.date_source:
        yield mention, _dip("dateEvidence"), _lit(event.date_source)
    for number, party in enumerate(event.parties):
        evidence = _n(f"{mention.value}/party-{number}")
        yield mention, _dip("partyEvidence"), evidence
        yield evidence, RDF_TYPE, _dip("PartyEvidence")
        yield evidence, _dip("entity"), _n(entity_iri(party.entity))
        yield evidence, _dip("partyRole"), _lit(party.role)
        yield evidence, _dip("resolvedBy"), _lit(party.resolved_by)
        if party.start is not None:
            yield evidence, _p("nif", "beginIndex"), _lit(party.start, "integer")
            yield evidence, _p("nif", "endIndex"), _lit(party.end, "integer")
            yield evidence, _p("nif", "anchorOf"), _lit(doc.text[party.start:party.end], lang="fa")


def _first_mentions(doc: Document, reports: dict[str, list[Event]]) -> Iterator[tuple]:
    """Each event's first report in this document, and how many there are, stated once
    here so that queries need not group every mention of the graph to find them."""
    for iri, events in reports.items():
        first = min(events, key=lambda e: (doc.sentences[e.sentence].start, e.trigger_start))
        mention = _mention_node(doc, _n(iri), first.trigger_start, first.trigger_end)
        yield _n(iri), _dip("firstMention"), mention
        count = len({(e.trigger_start, e.trigger_end) for e in events})
        yield mention, _dip("mentionCount"), _lit(count, "integer")


def _mention_node(doc: Document, node: NamedNode, start: int, end: int) -> NamedNode:
    return _n(f"{PREFIXES['men']}{segment(doc.id)}/{start}-{end}-{_key(node.value)[:6]}")


def _mention(doc: Document, node: NamedNode, sentence_index: int, start: int, end: int, rule: str,
             confidence: float | None = None):
    """Where a statement comes from: document, sentence and character offsets in the original file."""
    sentence = doc.sentences[sentence_index]
    mention = _mention_node(doc, node, start, end)
    yield node, _dip("mention"), mention
    yield mention, RDF_TYPE, _dip("Mention")
    yield mention, _dip("document"), _n(doc_iri(doc.id))
    yield mention, _dip("sentence"), _lit(sentence.text, lang="fa")
    yield mention, _dip("sentenceIndex"), _lit(sentence.index, "integer")
    yield mention, _p("nif", "beginIndex"), _lit(sentence.start, "integer")
    yield mention, _p("nif", "endIndex"), _lit(sentence.end, "integer")
    yield mention, _dip("trigger"), _lit(doc.text[start:end], lang="fa")
    yield mention, _dip("triggerBegin"), _lit(start, "integer")
    yield mention, _dip("triggerEnd"), _lit(end, "integer")
    yield mention, _dip("rule"), _lit(rule)
    if confidence is not None:
        yield mention, _dip("confidence"), _lit(confidence, "decimal")


def entity_triples(entity: Entity) -> Iterator[tuple]:
    node = _n(entity_iri(entity.id))
    yield node, RDF_TYPE, _dip(_TYPE_CLASS.get(entity.type, "Agent"))
    yield node, _p("skos", "prefLabel"), _lit(entity.fa, lang="fa")
    yield node, _p("rdfs", "label"), _lit(entity.fa, lang="fa")
    if entity.en:
        yield node, _p("skos", "prefLabel"), _lit(entity.en, lang="en")
        yield node, _p("rdfs", "label"), _lit(entity.en, lang="en")
    for alias in entity.aliases:
        yield node, _p("skos", "altLabel"), _lit(alias, lang="fa")
    if entity.wikidata:
        yield node, _p("owl", "sameAs"), _p("wd", entity.wikidata)
    if entity.country:
        yield node, _dip("country"), _n(entity_iri(entity.country))
    if entity.found_by:
        yield node, _dip("foundBy"), _lit(entity.found_by)


def dictionary_quads(res: Resources) -> Iterator[Quad]:
    """The entity dictionary and the office holders with their terms."""
    graph = _n(GRAPH_ENTITIES)
    for entity in res.entities.values():
        for s, p, o in entity_triples(entity):
            yield Quad(s, p, o, graph)
    for office in res.offices:
        node = _n(f"{BASE}tenure/{_key(office.position, office.org, office.person, office.start)}")
        triples = [(node, RDF_TYPE, _dip("Tenure")), (node, _dip("holder"), _n(entity_iri(office.person))),
                   (node, _dip("position"), _dip(office.position)),
                   (node, _dip("organization"), _n(entity_iri(office.org))),
                   (node, _dip("start"), _lit(office.start.isoformat(), "date"))]
        if office.end:
            triples.append((node, _dip("end"), _lit(office.end.isoformat(), "date")))
        if office.source:
            triples.append((node, _dip("source"), _lit(office.source)))
        yield from (Quad(s, p, o, graph) for s, p, o in triples)


def ontology_quads() -> Iterable[Quad]:
    from pyoxigraph import RdfFormat, parse

    graph = _n(GRAPH_ONTOLOGY)
    with paths.ontology_file().open("rb") as fh:
        for triple in parse(fh, format=RdfFormat.TURTLE):
            yield Quad(triple.subject, triple.predicate, triple.object, graph)
