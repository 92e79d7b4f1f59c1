"""One analysed document as JSON (for `kg extract`) or Turtle, without a store."""
from __future__ import annotations

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from kg import rdf
from kg.model import Document
from kg.resources import default
from kg.vocab import PREFIXES, entity_iri


def as_dict(doc: Document) -> dict:
    """Sentences, mentions and events with offsets into the original file text."""
    entities = {**default().entities, **doc.entities}

    def label(entity_id: str | None) -> str:
        return entities[entity_id].fa if entity_id in entities else ""

    return {
        "doc": doc.id,
        "date": doc.date.isoformat() if doc.date else None,
        "date_source": doc.date_source or None,
        "sha256": doc.sha256,
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in doc.sentences],
        "mentions": [{"sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
                      "type": m.type, "entity": m.entity, "label": label(m.entity), "source": m.source,
                      **({"position": m.position, "org": m.org} if m.kind == "title" else {})}
                     for m in doc.mentions if m.kind != "zero"],
        "events": [{"type": e.type, "actor": e.actor_ids, "actor_label": [label(a) for a in e.actor_ids],
                    "target": e.target_ids, "target_label": [label(t) for t in e.target_ids],
                    "modality": e.modality, "date": e.date.isoformat() if e.date else None,
                    "sentence": e.sentence, "sentence_start": doc.sentences[e.sentence].start,
                    "sentence_end": doc.sentences[e.sentence].end, "trigger": e.trigger,
                    "trigger_start": e.trigger_start, "trigger_end": e.trigger_end, "rule": e.rule}
                   for e in doc.events],
        "roles": [{"person": r.person, "position": r.position, "org": r.org, "rule": r.rule} for r in doc.roles],
        "memberships": [{"member": m.member, "org": m.org, "rule": m.rule} for m in doc.memberships],
    }


def turtle(doc: Document) -> bytes:
    """The document's statements, and the dictionary's description of every party they name
    (as `kg export --graph` gives them), so that the output passes ontology/shapes.ttl alone."""
    res = default()
    triples = list(dict.fromkeys(q.triple for q in rdf.document_quads(doc, res)))
    named = {t.object for t in triples if t.predicate.value.endswith(("#actor", "#target", "#holder", "#member",
                                                                      "#organization", "#country"))}
    for entity_id, entity in res.entities.items():
        if entity_id not in doc.entities and NamedNode(entity_iri(entity_id)) in named:
            triples += [Triple(*t) for t in rdf.entity_triples(entity)]
    return serialize(list(dict.fromkeys(triples)), format=RdfFormat.TURTLE, prefixes=PREFIXES)
