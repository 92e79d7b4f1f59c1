"""`kg eval events`: build the sources into a scratch store and score what the
graph answers against a gold file of events, roles and memberships.

The gold format and the matching rules are those of the project's reference
scorer (see the eval README): labels are compared after folding spelling
variants; an entity may go by several aliases, `~alias` matches any label
containing it; symmetric types match either way round; `optional` gold events
are neither required nor false positives; a `must_not` reading found as
asserted is a violation; modality is checked on every found event when the gold
file sets `modality_default`.  Scoring reads the rows of the canned queries
(events.rq, roles.rq, memberships.rq), so it measures what users query.

Beyond the figures, every miss and false positive is explained from the
analysed documents: the sentence and the rule that fired, or the trigger that
was found without the right parties.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import query as kgquery
from kg import store as kgstore
from kg.build import build
from kg.errors import KgError
from kg.mentions import Backend, match_longest
from kg.model import Document
from kg.paths import queries_dir
from kg.resources import Resources, default

SCORED_TYPES = ("Meeting", "PhoneCall", "Visit", "Negotiation", "Invitation", "Agreement", "AgreementSigning",
                "Praise", "Support", "Criticism", "Denial", "Request")
SYMMETRIC = frozenset({"Meeting", "PhoneCall", "Negotiation", "Agreement", "AgreementSigning"})

_FOLD_CHARS = str.maketrans({"ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا",
                             "ٱ": "ا", "ؤ": "و", **{chr(0x06F0 + d): str(d) for d in range(10)},
                             **{chr(0x0660 + d): str(d) for d in range(10)}})
_NOT_COMPARED = re.compile(r"[\u064B-\u065F\u0670\u0640\u200c-\u200f\s«»\"'()\[\]{}.,،:؛;!?؟\-–—_/]+")
_HONORIFIC = re.compile(r"^(?:آقای|خانم|جناب|دکتر|مهندس)\s+")

_EVENT_DETAILS = """
PREFIX dip: <https://kg.example.org/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?event ?doc ?rule ?trigger ?index WHERE {
  ?event dip:mention ?m . ?m dip:rule ?rule ; dip:trigger ?trigger ; dip:sentenceIndex ?index ;
     dip:document/dcterms:identifier ?doc .
}"""


def label_key(label: str) -> str:
    """A label folded for comparison: Arabic/Persian letters, digits, ZWNJ, spaces, punctuation, an honorific."""
    text = _HONORIFIC.sub("", unicodedata.normalize("NFKC", label or "").strip())
    return _NOT_COMPARED.sub("", text.translate(_FOLD_CHARS).lower())


def _local(value: str) -> str:
    return re.split(r"[#/]", (value or "").strip())[-1]


def _doc_id(value: str) -> str:
    name = _local(value)
    return name[:-4] if name.endswith(".txt") else name


class Gold:
    """A gold file: entities with their aliases, and per document the events, must-nots, roles, memberships."""

    def __init__(self, data: dict, path: str = "gold"):
        try:
            self.aliases = {key: self._alias_keys(ent["aliases"]) for key, ent in data["entities"].items()}
            self.documents: dict[str, dict] = data["documents"]
        except (KeyError, TypeError, AttributeError) as exc:
            raise KgError(f"{path}: not a gold file (needs 'entities' with 'aliases' and 'documents'; {exc!r})") \
                from None
        self.modality_default = data.get("modality_default")

    @classmethod
    def read(cls, path: Path) -> Gold:
        try:
            return cls(json.loads(Path(path).read_text(encoding="utf-8")), str(path))
        except OSError as exc:
            raise KgError(f"{path}: cannot read gold file ({exc.strerror})") from None
        except ValueError as exc:
            raise KgError(f"{path}: gold file is not JSON ({exc})") from None

    @staticmethod
    def _alias_keys(aliases: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
        exact = frozenset(label_key(a) for a in aliases if not a.startswith("~"))
        partial = tuple(label_key(a[1:]) for a in aliases if a.startswith("~"))
        return exact, partial

    def names(self, ref: str | list[str], label: str) -> bool:
        """Whether `label` is one of the names that the gold reference (keys or inline aliases) allows."""
        key = label_key(label)
        if not key:
            return False
        for item in [ref] if isinstance(ref, str) else ref:
            exact, partial = self.aliases.get(item) or self._alias_keys([item])
            if key in exact or any(p and p in key for p in partial):
                return True
        return False

    def event_matches(self, gold_event: dict, row: dict) -> bool:
        types = gold_event["type"] if isinstance(gold_event["type"], list) else [gold_event["type"]]
        if row["type"] not in types:
            return False
        actor, target = row["actorLabel"], row["targetLabel"]
        if self.names(gold_event["actor"], actor) and ("target" not in gold_event
                                                        or self.names(gold_event["target"], target)):
            return True
        symmetric = gold_event.get("symmetric", row["type"] in SYMMETRIC)
        return bool(symmetric and "target" in gold_event and self.names(gold_event["actor"], target)
                    and self.names(gold_event["target"], actor))


@dataclass
class Figures:
    gold: int = 0          # required gold items
    found: int = 0         # of which found
    system: int = 0        # distinct system rows
    correct: int = 0       # of which match a gold item

    @property
    def precision(self) -> float:
        return self.correct / self.system if self.system else (1.0 if self.gold == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Finding:
    """A miss, false positive or must-not violation, with what the analysis says about it."""
    doc: str
    type: str
    actor: str
    target: str
    why: str = ""

    def line(self) -> str:
        return f"{self.doc}: {self.type} {self.actor} -> {self.target}" + (f" ({self.why})" if self.why else "")


@dataclass
class EventsReport:
    events: Figures = field(default_factory=Figures)
    per_type: dict[str, Figures] = field(default_factory=dict)
    modality_checked: int = 0
    modality_right: int = 0
    roles: Figures = field(default_factory=Figures)
    memberships: Figures = field(default_factory=Figures)
    misses: list[Finding] = field(default_factory=list)
    false_positives: list[Finding] = field(default_factory=list)
    violations: list[Finding] = field(default_factory=list)

    @property
    def modality_accuracy(self) -> float | None:
        return self.modality_right / self.modality_checked if self.modality_checked else None

    def as_dict(self) -> dict:
        def figures(f: Figures) -> dict:
            return {"precision": round(f.precision, 3), "recall": round(f.recall, 3), "f1": round(f.f1, 3),
                    "gold": f.gold, "found": f.found, "system": f.system, "correct": f.correct}
        accuracy = self.modality_accuracy
        return {"events": figures(self.events), "per_type": {t: figures(f) for t, f in self.per_type.items()},
                "modality": {"checked": self.modality_checked, "correct": self.modality_right,
                             "accuracy": round(accuracy, 3) if accuracy is not None else None},
                "roles": figures(self.roles), "memberships": figures(self.memberships),
                "must_not_violations": len(self.violations),
                "missed": [f.line() for f in self.misses], "false_positives": [f.line() for f in self.false_positives],
                "violations": [f.line() for f in self.violations]}


def score(gold: Gold, events: list[dict], roles: list[dict], memberships: list[dict],
          explain: _Explainer | None = None) -> EventsReport:
    """Score query rows (dicts keyed by the canned queries' column names) against the gold."""
    report = EventsReport()
    rows = _system_rows(gold, events)
    _score_gold_events(gold, rows, report, explain)
    _score_system_rows(gold, rows, report, explain)
    _score_roles(gold, roles, report)
    _score_memberships(gold, memberships, report)
    return report


def _system_rows(gold: Gold, events: list[dict]) -> list[dict]:
    """Scored rows of the gold documents, one per (doc, type, actor, target, modality)."""
    seen, rows = set(), []
    for raw in events:
        row = {"doc": _doc_id(raw.get("doc", "")), "type": _local(raw.get("type", "")),
               "actorLabel": raw.get("actorLabel", ""), "targetLabel": raw.get("targetLabel", ""),
               "modality": (raw.get("modality") or "asserted").strip().lower(), "event": raw.get("event", "")}
        if row["doc"] not in gold.documents or row["type"] not in SCORED_TYPES:
            continue
        key = (row["doc"], row["type"], label_key(row["actorLabel"]), label_key(row["targetLabel"]), row["modality"])
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows


def _score_gold_events(gold: Gold, rows: list[dict], report: EventsReport, explain: _Explainer | None) -> None:
    for doc_id, doc in gold.documents.items():
        doc_rows = [r for r in rows if r["doc"] == doc_id]
        for gold_event in doc.get("events", []):
            if gold_event.get("optional"):
                continue
            hits = [r for r in doc_rows if gold.event_matches(gold_event, r)]
            types = gold_event["type"] if isinstance(gold_event["type"], list) else [gold_event["type"]]
            per_type = report.per_type.setdefault(hits[0]["type"] if hits else types[0], Figures())
            report.events.gold += 1
            per_type.gold += 1
            finding = Finding(doc_id, "/".join(types), _ref(gold_event["actor"]), _ref(gold_event.get("target")))
            if not hits:
                finding.why = explain.miss(doc_id, types) if explain else ""
                report.misses.append(finding)
                continue
            report.events.found += 1
            per_type.found += 1
            wanted = gold_event.get("modality", gold.modality_default)
            if wanted:
                report.modality_checked += 1
                got = sorted({r["modality"] for r in hits})
                if wanted in got:
                    report.modality_right += 1
                else:
                    finding.why = f"modality: {wanted} expected, {', '.join(got)} found"
                    report.misses.append(finding)


def _score_system_rows(gold: Gold, rows: list[dict], report: EventsReport, explain: _Explainer | None) -> None:
    for row in rows:
        doc = gold.documents[row["doc"]]
        per_type = report.per_type.setdefault(row["type"], Figures())
        report.events.system += 1
        per_type.system += 1
        finding = Finding(row["doc"], row["type"], row["actorLabel"], row["targetLabel"])
        if any(gold.event_matches(g, row) for g in doc.get("events", [])):
            report.events.correct += 1
            per_type.correct += 1
        else:
            finding.why = explain.found(row) if explain else ""
            report.false_positives.append(finding)
        if row["modality"] == "asserted" and any(gold.event_matches(g, row) for g in doc.get("must_not", [])):
            report.violations.append(Finding(row["doc"], row["type"], row["actorLabel"], row["targetLabel"],
                                             explain.found(row) if explain else ""))


def _score_roles(gold: Gold, roles: list[dict], report: EventsReport) -> None:
    found = {(_doc_id(r.get("doc", "")), r.get("personLabel", ""), r.get("orgLabel", "")) for r in roles}
    found = {(d, p, o) for d, p, o in found if d in gold.documents}
    distinct = {(d, label_key(p), label_key(o)): (d, p, o) for d, p, o in found}.values()

    def holds(g: dict, person: str, org: str) -> bool:
        return gold.names(g["person"], person) and gold.names(g["org"], org)

    for doc_id, doc in gold.documents.items():
        for g in doc.get("roles", []):
            if g.get("optional"):
                continue
            report.roles.gold += 1
            if any(holds(g, p, o) for d, p, o in distinct if d == doc_id):
                report.roles.found += 1
            else:
                report.misses.append(Finding(doc_id, "role", _ref(g["person"]), _ref(g["org"])))
    report.roles.system = len(distinct)
    report.roles.correct = sum(1 for d, p, o in distinct
                               if any(holds(g, p, o) for g in gold.documents[d].get("roles", [])))


def _score_memberships(gold: Gold, memberships: list[dict], report: EventsReport) -> None:
    """Memberships are facts of the corpus, not of one document."""
    pairs = {(label_key(r.get("memberLabel", "")), label_key(r.get("orgLabel", ""))):
             (r.get("memberLabel", ""), r.get("orgLabel", "")) for r in memberships}.values()
    wanted = [g for doc in gold.documents.values() for g in doc.get("memberships", [])]

    def member(g: dict, m: str, o: str) -> bool:
        return gold.names(g["member"], m) and gold.names(g["org"], o)

    for g in wanted:
        if g.get("optional"):
            continue
        report.memberships.gold += 1
        if any(member(g, m, o) for m, o in pairs):
            report.memberships.found += 1
        else:
            report.misses.append(Finding("*", "membership", _ref(g["member"]), _ref(g["org"])))
    report.memberships.system = len(pairs)
    report.memberships.correct = sum(1 for m, o in pairs if any(member(g, m, o) for g in wanted))


def _ref(ref) -> str:
    if ref is None:
        return "-"
    return ref if isinstance(ref, str) else "|".join(ref)


class _Explainer:
    """What the analysis of a document says about a miss or a false positive."""

    def __init__(self, docs: dict[str, Document], details: dict[tuple[str, str], list[tuple[str, str, int]]],
                 res: Resources):
        self.docs, self.details, self.res = docs, details, res
        self.entities = res.entities

    def label(self, doc: Document, entity_id: str) -> str:
        entity = doc.entities.get(entity_id) or self.entities.get(entity_id)
        return entity.fa if entity else entity_id

    def found(self, row: dict) -> str:
        """The rule, trigger and sentence of a system row."""
        doc = self.docs.get(row["doc"])
        parts = []
        for rule, trigger, index in sorted(set(self.details.get((row["event"], row["doc"]), [])), key=lambda d: d[2])[:2]:
            sentence = doc.sentences[index].text if doc and index < len(doc.sentences) else ""
            parts.append(f"rule {rule}, trigger «{trigger}», sentence {index}: {_short(sentence)}")
        return "; ".join(parts)

    def miss(self, doc_id: str, types: Sequence[str]) -> str:
        """Events of the type found with other parties (or denied), else triggers of the type found
        without parties, else that the document holds no trigger of the type."""
        doc = self.docs.get(doc_id)
        if doc is None:
            return "document not among the sources"
        others = [e for e in doc.events if e.type in types]
        if others:
            return "; ".join(f"found {e.type} {'، '.join(self.label(doc, a) for a in e.actor_ids) or '?'} -> "
                             f"{'، '.join(self.label(doc, t) for t in e.target_ids) or '?'} ({e.modality}, rule "
                             f"{e.rule}, sentence {e.sentence})" for e in others[:3])
        hits = [(s.index, trigger) for s in doc.sentences for trigger in self._triggers(s, types)]
        if hits:
            return "; ".join(f"trigger «{t}» without parties, sentence {i}: {_short(doc.sentences[i].text)}"
                             for i, t in hits[:2])
        return "no trigger of the type in the document"

    def _triggers(self, sentence, types: Sequence[str]) -> list[str]:
        found, i, tokens = [], 0, sentence.tokens
        while i < len(tokens):
            match = match_longest(tokens, i, self.res.trigger_forms)
            if match and any(entry["type"] in types for entry in match[1]):
                found.append(" ".join(t.text for t in tokens[i:match[0]]))
            i = match[0] if match else i + 1
        return found


def _short(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def evaluate(gold_file: Path, sources: Sequence[Path], backends: Sequence[Backend] = (), ner: str = "rules",
             default_date: dt.date | None = None, res: Resources | None = None) -> EventsReport:
    """Build `sources` into a scratch store, query it with the canned queries and score it."""
    gold = Gold.read(gold_file)
    res = res or default()
    docs: dict[str, Document] = {}
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as scratch:
        store_dir = Path(scratch) / "store"
        report = build(sources, store_dir, rebuild=True, res=res, backends=backends, ner=ner,
                       default_date=default_date, analysed=lambda doc: docs.setdefault(doc.id, doc))
        if report.skipped:
            raise KgError(f"cannot evaluate: {report.skipped[0]}")
        current = kgstore.open_read_only(store_dir)
        rows = {name: _rows(current, name) for name in ("events", "roles", "memberships")}
        details: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
        for solution in kgquery.run(current, _EVENT_DETAILS):
            details.setdefault((solution["event"].value, solution["doc"].value), []).append(
                (solution["rule"].value, solution["trigger"].value, int(solution["index"].value)))
        del current
    return score(gold, rows["events"], rows["roles"], rows["memberships"], _Explainer(docs, details, res))


def _rows(store, name: str) -> list[dict]:
    result = kgquery.run(store, (queries_dir() / f"{name}.rq").read_text(encoding="utf-8"))
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]

