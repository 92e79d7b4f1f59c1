"""`kg entity NAME`: which canonical entity a name or a title stands for, on a date.

A name is looked up the way an article would be read: the text goes through
the same pipeline (mentions, then resolve), so `وزیر امور خارجه ایران` with a
date gives that day's office holder and `عراقچی` the dictionary's person.
Persons that only the texts know (discovered by title rules) are found in the
store by their labels.  The store then says where the entity appears.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

from kg import pipeline, query
from kg.errors import KgError
from kg.model import Document, Entity
from kg.resources import Office, Resources, default
from kg.store import current_generation
from kg.vocab import PREFIXES, entity_iri, unsegment

# ?entity and ?name are bound as RDF terms (kg.query.bind_first): the user's text never becomes query text.
_APPEARANCES = """
SELECT ?doc ?type ?role ?otherLabel ?modality ?date WHERE {
  ?event a ?class ; ?roleProp ?entity ; dip:modality ?mod ; dip:mention/dip:document/dcterms:identifier ?doc .
  VALUES (?roleProp ?role ?otherProp) { (dip:actor "actor" dip:target) (dip:target "target" dip:actor) }
  ?class rdfs:subClassOf dip:Event .
  OPTIONAL { ?event ?otherProp ?other . ?other skos:prefLabel ?otherLabel FILTER(LANG(?otherLabel) = "fa") }
  OPTIONAL { ?event dip:date ?date }
  BIND(STRAFTER(STR(?class), "#") AS ?type)
  BIND(STRAFTER(STR(?mod), "#") AS ?modality)
} ORDER BY ?doc ?date ?type ?otherLabel
"""

_BY_LABEL = """
SELECT DISTINCT ?e WHERE { ?e skos:prefLabel|skos:altLabel ?label FILTER(STR(?label) = ?name) } LIMIT 1
"""
_LABEL_AND_TYPE = """
SELECT ?fa ?type WHERE { ?e skos:prefLabel ?fa FILTER(LANG(?fa) = "fa")
                            OPTIONAL { ?e a ?t BIND(STRAFTER(STR(?t), "#") AS ?type) } } LIMIT 1
"""


@dataclass
class EntityReport:
    entity: Entity
    day: dt.date | None
    offices: list[Office]                      # every term the dictionary knows
    appearances: list[dict] = field(default_factory=list)   # events in the store, one row per role


def lookup(name: str, day: dt.date | None = None, store_dir: Path | None = None,
           res: Resources | None = None) -> EntityReport:
    """The canonical entity for `name` (a name, alias or title) on `day`."""
    res = res or default()
    entity = _resolve_text(name, day, res) or _from_store(name, store_dir, res)
    if entity is None:
        raise KgError(f"{name!r}: no entity of that name or title"
                      + (" on " + day.isoformat() if day else ""))
    report = EntityReport(entity, day, sorted(res.offices_of(entity.id), key=lambda o: o.start))
    if store_dir is not None and current_generation(store_dir) is not None:
        found = query.query_store(store_dir, _APPEARANCES, {Variable("entity"): NamedNode(entity_iri(entity.id))})
        names, rows = query.rows(found)
        report.appearances = [dict(zip(names, row)) for row in rows]
    return report


def _resolve_text(name: str, day: dt.date | None, res: Resources) -> Entity | None:
    doc = Document(id="entity-query", path="entity-query.txt", text=name, sha256="", date=day)
    doc = pipeline.analyse(doc, res)
    found = list(dict.fromkeys(m.entity for m in sorted(doc.mentions, key=lambda m: (m.sentence, m.first))
                               if m.entity and m.kind in ("name", "title")))
    if len(found) > 1:
        raise KgError(f"{name!r}: names more than one entity ({', '.join(found)}); give one")
    return (doc.entities.get(found[0]) or res.entities.get(found[0])) if found else None


def _from_store(name: str, store_dir: Path | None, res: Resources) -> Entity | None:
    if store_dir is None or current_generation(store_dir) is None:
        return None
    rows = list(query.query_store(store_dir, _BY_LABEL, {Variable("name"): Literal(name)}))
    if not rows or not rows[0]["e"].value.startswith(PREFIXES["ent"]):
        return None
    iri = rows[0]["e"]
    entity_id = unsegment(iri.value[len(PREFIXES["ent"]):])
    if entity_id in res.entities:
        return res.entities[entity_id]
    _n, labels = query.rows(query.query_store(store_dir, _LABEL_AND_TYPE, {Variable("e"): iri}))
    fa, type_ = (labels[0] if labels else (name, ""))
    return Entity(id=entity_id, type=type_ or "Person", fa=fa, discovered=True)
