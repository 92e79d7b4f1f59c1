"""`kg explain EVENT`: the evidence for one event, read back from the store.

Every report of an event keeps its sentence, the offsets of its trigger and
of the words that name each party, the rule that fired, how each party was
resolved (kg.resolve) and what set its modality (kg.events), so an analyst
can check a claim of the graph against the text without rerunning anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

from kg import paths, query
from kg.errors import KgError
from kg.vocab import PREFIXES

_IN_SENTENCE = """
SELECT DISTINCT ?event WHERE {
  ?d dcterms:identifier ?doc .
  ?mention dip:document ?d ; dip:sentenceIndex ?index .
  ?event dip:mention ?mention ; dip:modality ?modality .
} ORDER BY ?event
"""
_BY_PREFIX = """
SELECT DISTINCT ?event WHERE { ?event dip:modality ?modality FILTER(STRSTARTS(STR(?event), ?prefix)) } LIMIT 2
"""

# How kg.resolve found a party (dip:resolvedBy), in words.
RESOLVED_BY = {
    "name": "its name",
    "surname": "a surname of the person named before",
    "apposition": "the title beside the name",
    "title-named": "a title whose holder the document named before",
    "title-dated": "a title, held on the event's date by this person (office holders)",
    "title-era": "a title, held in the years of the other persons named (undated document)",
    "title-former": "a former holder's title, where nobody held the office on the date: its last holder",
    "title-office": "a title whose holder is not known: the office itself (or its former holders)",
    "title-org": "a title of the organisation",
    "pronoun-person": "a pronoun: the person last spoken of",
    "pronoun-country": "a pronoun: the country last named",
    "pronoun-organization": "a pronoun: the organisation last named",
    "pronoun-home": "کشورمان: the home country",
    "pronoun-pair": "دو کشور / دو طرف: the two countries named in the sentence",
    "pronoun-party": "a party named by its country (طرف ایرانی)",
    "dropped-subject": "the verb's dropped subject: the person last spoken of",
    "pair-earlier": "the two countries of the document's last bilateral event",
    "counterparty": "not named: the party last met or called (first person plural)",
    "counterpart": "همتا: the subject's own position, in the country named",
    "country": "the country of the person or office named",
    "stands-for": "the body that this name stands for",
}

# Where an event's date comes from (dip:dateEvidence), in words.
DATE_WORDS = {"sentence-stated": "stated in the sentence",
              "sentence-relative": "said in the sentence relative to the document's date (دیروز، روز دوشنبه)"}
DATE_WORDS |= {f"document-{source}": f"the document's date ({said})" for source, said in (
    ("header", "its date line"), ("record", "its JSONL record"), ("default", "kg build --date"),
    ("text", "the first date in its text"))}


@dataclass
class LabelledParty:
    role: str                     # actor or target
    iri: str
    fa: str
    en: str = ""
    resolved_by: str = ""
    words: str = ""
    begin: int | None = None
    end: int | None = None
    found_by: str = ""            # the rule or model that found a name the dictionary lacks

    def resolution(self) -> str:
        """How the words were resolved to the party, in words (dip:resolvedBy and dip:foundBy)."""
        chain, *after = self.resolved_by.split("+")
        words = [RESOLVED_BY.get(part, part) for part in chain.split("/")]
        if words and chain.split("/")[-1] == "name":
            words[-1] += f", found by {self.found_by}" if self.found_by else ", in the dictionary"
        return "; ".join(words + [RESOLVED_BY.get(part, part) for part in after])


@dataclass
class Report:
    """One mention of the event: a sentence of one document."""
    doc: str
    sentence_index: int
    sentence: str
    sentence_begin: int
    trigger_begin: int
    trigger_end: int
    rule: str
    confidence: str = ""
    modality_cue: str = ""
    date_evidence: str = ""
    parties: list[LabelledParty] = field(default_factory=list)

    @property
    def trigger(self) -> str:
        return self.sentence[self.trigger_begin - self.sentence_begin:self.trigger_end - self.sentence_begin]

    def highlighted(self) -> str:
        """The sentence with the trigger in [brackets] and each party's words in {braces}."""
        spans = [(self.trigger_begin, self.trigger_end, "[", "]")]
        spans += [(p.begin, p.end, "{", "}") for p in self.parties if p.begin is not None]
        text, shown, at = self.sentence, [], self.sentence_begin
        for begin, end, opening, closing in sorted(set(spans)):
            if begin < at or end > self.sentence_begin + len(text):
                continue                                  # overlaps a span already marked
            shown += [text[at - self.sentence_begin:begin - self.sentence_begin], opening,
                      text[begin - self.sentence_begin:end - self.sentence_begin], closing]
            at = end
        return "".join(shown) + text[at - self.sentence_begin:]


@dataclass
class Explanation:
    event: str
    type: str
    modality: str
    date: str
    parties: list[LabelledParty]
    reports: list[Report]

    @property
    def short_id(self) -> str:
        return "ev:" + self.event.removeprefix(PREFIXES["ev"])


def find_events(store_dir: Path, event: str | None = None, doc: str | None = None,
                sentence: int | None = None) -> list[str]:
    """Event IRIs from a full IRI, an `ev:` id or a prefix of one, or a document's sentence."""
    if event is None:
        if doc is None or sentence is None:
            raise KgError("give an event (its IRI or ev: id) or both --doc and --sentence")
        found = query.query_store(store_dir, _IN_SENTENCE, {Variable("doc"): Literal(doc),
                                                            Variable("index"): _integer(sentence)})
        events = [row["event"] for row in _dicts(found)]
        if not events:
            raise KgError(f"document {doc!r}, sentence {sentence}: no event is reported there")
        return events
    iri = _expand(event)
    found = query.query_store(store_dir, _BY_PREFIX, {Variable("prefix"): Literal(iri)})
    events = [row["event"] for row in _dicts(found)]
    if iri in events:
        return [iri]
    if len(events) != 1:
        reason = "no event has that id" if not events else "more than one event begins so; give more of it"
        raise KgError(f"{event}: {reason}")
    return events


def explain(store_dir: Path, event_iri: str) -> Explanation:
    """The event's parties and every report of it, from queries/event-*.rq bound to the event."""
    bound = {Variable("event"): NamedNode(event_iri)}
    rows = _dicts(_canned(store_dir, "event-parties", bound))
    if not rows:
        raise KgError(f"{event_iri}: no such event in the store")
    labels = {row["party"]: row for row in rows}
    parties = [LabelledParty(row["role"], row["party"], row["fa"] or row["party"], row["en"], found_by=row["foundBy"])
               for row in rows]
    evidence: dict[str, list[LabelledParty]] = {}
    for row in _dicts(_canned(store_dir, "party-evidence", bound)):
        known = labels.get(row["party"], {})
        evidence.setdefault(row["mention"], []).append(LabelledParty(
            row["role"], row["party"], known.get("fa") or row["party"], known.get("en", ""), row["how"],
            row["words"], int(row["begin"]) if row["begin"] else None, int(row["end"]) if row["end"] else None,
            known.get("foundBy", "")))
    reports = [Report(row["doc"], int(row["index"]), row["sentence"], int(row["begin"]), int(row["triggerBegin"]),
                      int(row["triggerEnd"]), row["rule"], row["confidence"], row["cue"], row["dated"],
                      evidence.get(row["mention"], []))
               for row in _dicts(_canned(store_dir, "event-reports", bound))]
    first = rows[0]
    return Explanation(event_iri, first["type"], first["modality"], first["date"], parties, reports)


def _canned(store_dir: Path, name: str, bound: dict):
    return query.query_store(store_dir, (paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8"), bound)


def date_in_words(evidence: str) -> str:
    return DATE_WORDS.get(evidence, evidence or "no date")


def _expand(event: str) -> str:
    if event.startswith("<") and event.endswith(">"):
        event = event[1:-1]
    if event.startswith("ev:"):
        return PREFIXES["ev"] + event[3:]
    if event.startswith(("http://", "https://")):
        return event
    return PREFIXES["ev"] + event


def _dicts(result) -> list[dict[str, str]]:
    """Rows of plain values (full IRIs, literal texts; "" where unbound)."""
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(PREFIXES["xsd"] + "integer"))
