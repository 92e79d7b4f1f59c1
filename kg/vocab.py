"""IRIs of the graph: the ontology's terms as a closed namespace, and the
prefixes shared by queries, exports and the `.rq` files.

ontology/diplomacy.ttl is the source of truth; tests/test_vocab.py checks
that every term listed here is defined there and the other way round.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote

from rdflib.namespace import ClosedNamespace

BASE = "https://kg.example.org/"

EVENT_TYPES = ("Meeting", "PhoneCall", "Visit", "Negotiation", "Invitation", "Agreement", "AgreementSigning",
               "Praise", "Support", "Criticism", "Denial", "Request")

DIP_TERMS = [
    # classes
    "Event", *EVENT_TYPES,
    "Agent", "Person", "Country", "City", "Place", "Facility", "NamedEvent", "Product", "Organization", "Media", "Group", "Office", "Position",
    "Modality", "Document", "Mention", "Role", "Membership", "Tenure", "PartyEvidence",
    # modalities
    "asserted", "planned", "denied", "reported", "hypothetical",
    # properties
    "actor", "target", "place", "date", "modality", "confidence", "mention", "document", "sentence",
    "sentenceIndex", "trigger", "triggerBegin", "triggerEnd", "rule", "sha256", "dateSource",
    "holder", "position", "organization", "member", "start", "end", "source", "country", "foundBy", "dictionarySha256",
    "cameoCode", "ploverCategory", "ploverMode", "symmetric", "firstMention", "mentionCount",
    "modalityCue", "dateEvidence", "partyEvidence", "entity", "partyRole", "resolvedBy",
    # positions
    "SupremeLeader", "FirstVicePresident", "VicePresident", "President", "PresidentElect",
    "DeputyForeignMinister", "ForeignMinister", "MFASpokesperson", "Speaker", "PrimeMinister", "Chancellor",
    "King", "Emir", "CrownPrince", "DefenceMinister", "SecretaryGeneral", "DirectorGeneral", "Head", "Ambassador",
    "PoliticalBureauHead", "Spokesperson", "Minister", "Envoy", "ChargeDAffaires",
]

DIP = ClosedNamespace(BASE + "ontology#", DIP_TERMS)
ONTOLOGY_IRI = BASE + "ontology"

PREFIXES = {
    "dip": BASE + "ontology#",
    "ent": BASE + "entity/",
    "ev": BASE + "event/",
    "doc": BASE + "doc/",
    "men": BASE + "mention/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": "http://www.wikidata.org/entity/",
}

GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_ENTITIES = BASE + "graph/entities"
GRAPH_SHARED = BASE + "graph/shared"   # events' and discovered entities' own triples, once (kg.rdf)
GRAPH_DOC = BASE + "graph/doc/"       # + document id: one named graph per document


def segment(text: str) -> str:
    """`text` as part of an IRI path: letters, digits and marks of any script stay readable
    (IRIs allow them), `/` stays (ids such as office/Minister/iran), every other character
    is %-encoded, `%` itself included, so that any file name or token makes a valid IRI and
    the id can be read back (`unsegment`)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-._~/")
                   or not ch.isascii() and unicodedata.category(ch)[0] in "LMN"
                   else quote(ch, safe="") for ch in text)


def unsegment(text: str) -> str:
    return unquote(text)


def entity_iri(entity_id: str) -> str:
    return PREFIXES["ent"] + segment(entity_id)


def doc_iri(doc_id: str) -> str:
    return PREFIXES["doc"] + segment(doc_id)


def doc_graph(doc_id: str) -> str:
    return GRAPH_DOC + segment(doc_id)


def term(name: str) -> str:
    """Full IRI of an ontology term; unknown names fail (closed namespace)."""
    return str(DIP[name])
