"""`kg eval ner GOLD`: CoNLL-style scoring of the mention stage on an IOB file.

The gold file has one `token TAG` per line (tab or spaces), a blank line
between sentences, and tags in IOB1, IOB2 or BIOES with any of the usual label
spellings (`B-pers`, `I-PER`, `S-org`, `B-LOC`).  The gold tokens are fed to
the mention stage as they are (no re-tokenisation), so spans compare exactly.

What the mention stage finds is mapped to the NER labels: persons → pers,
organisations and media → org, countries, cities and places → loc, and
Stanza's fac, event and pro pass through.  Titles, pronouns
and unnamed groups are not named entities and are not counted.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import mentions
from kg.errors import KgError
from kg.model import Document, Sentence, Token
from kg.normalize import fold
from kg.resources import Resources

# Label spellings found in Persian NER corpora (ARMAN, PEYMA) and CoNLL → our labels.
LABELS = {"pers": "pers", "per": "pers", "person": "pers", "org": "org", "organization": "org",
          "loc": "loc", "location": "loc", "gpe": "loc", "fac": "fac", "facility": "fac",
          "event": "event", "pro": "pro", "product": "pro", "misc": "misc"}
_ENTITY_LABEL = {"Person": "pers", "Organization": "org", "Media": "org", "Country": "loc", "City": "loc",
                 "Place": "loc", "Facility": "fac", "NamedEvent": "event", "Product": "pro"}

Span = tuple[int, int, str]          # first token, last token (exclusive), label


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class NerReport:
    sentences: int
    per_type: dict[str, Scores]
    micro: Scores
    confusion: Counter = field(default_factory=Counter)   # (gold label or "-", found label or "-") → spans


def read_iob(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag); a malformed line is an error naming file and line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"{path}: cannot read IOB file ({getattr(exc, 'strerror', None) or exc.__class__.__name__})") from None
    sentences, current = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("-DOCSTART-"):
            if current:
                sentences.append(current)
                current = []
            continue
        parts = line.split()
        tag = parts[-1] if len(parts) >= 2 else ""
        if tag != "O" and (len(tag) < 3 or tag[1] != "-" or tag[0] not in "BIES"):
            raise KgError(f"{path}:{number}: expected 'token TAG' with TAG like O, B-pers or I-ORG, got {line!r}")
        current.append((" ".join(parts[:-1]), tag))
    if current:
        sentences.append(current)
    if not sentences:
        raise KgError(f"{path}: no sentences in IOB file")
    return sentences


def spans_of(tags: Sequence[str]) -> set[Span]:
    """Entity spans of a tag sequence (IOB1, IOB2 and BIOES all read the same way)."""
    spans, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, raw = tag.partition("-")
        name = LABELS.get(raw.lower(), raw.lower()) if raw else None
        continues = prefix in ("I", "E") and name == label and start is not None
        if start is not None and not continues:
            spans.add((start, i, label))
            start = label = None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, label = i, name
        if prefix in ("E", "S") and start is not None:
            spans.add((start, i + 1, label))
            start = label = None
    return spans


def _document(sentences: list[list[tuple[str, str]]]) -> Document:
    """The gold tokens as one document: tokens joined by spaces, sentences by newlines."""
    text, built = "", []
    for index, sentence in enumerate(sentences):
        tokens = []
        for word, _tag in sentence:
            if tokens:
                text += " "
            tokens.append(Token(word, fold(word) or word, len(text), len(text) + len(word)))
            text += word
        built.append(Sentence(index, index, tokens[0].start, tokens[-1].end,
                              text[tokens[0].start:tokens[-1].end], tuple(tokens)))
        text += "\n"
    doc = Document(id="ner-gold", path="ner-gold.txt", text=text, sha256="")
    doc.sentences = built
    return doc


def predicted_spans(doc: Document, res: Resources, backends: Sequence[mentions.Backend]) -> list[set[Span]]:
    doc = mentions.find_mentions(doc, res, backends)
    found: list[set[Span]] = [set() for _ in doc.sentences]
    for mention in doc.mentions:
        if mention.ner_spans:         # the model read a named entity here (the rules kept the mention)
            found[mention.sentence] |= {(a, b, LABELS.get(label, label)) for a, b, label in mention.ner_spans}
            continue
        label = (mention.ner_label or _ENTITY_LABEL.get(mention.type)) if mention.kind == "name" else None
        if label:
            found[mention.sentence].add((mention.first, mention.last, label))
        for first, last, org in mention.org_names:          # روسیه in وزیر خارجه روسیه
            org_label = _ENTITY_LABEL.get(res.entities[org].type) if org in res.entities else None
            if org_label:
                found[mention.sentence].add((first, last, org_label))
    return found


def model_spans(doc: Document, backends: Sequence[mentions.Backend]) -> list[set[Span]]:
    """What the statistical backends alone find (kg eval ner --no-rules), in the labels above."""
    found: list[set[Span]] = [set() for _ in doc.sentences]
    for backend in backends:
        for index, spans in enumerate(backend(doc, doc.sentences)):
            found[index] |= {(a, b, LABELS.get(label.lower(), label.lower())) for a, b, label in spans}
    return found


def evaluate(gold_path: Path, res: Resources, backends: Sequence[mentions.Backend] = (),
             rules: bool = True) -> NerReport:
    """Score the mention stage (rules, plus what the backends add), or with rules=False the backends alone."""
    sentences = read_iob(gold_path)
    doc = _document(sentences)
    found = predicted_spans(doc, res, backends) if rules else model_spans(doc, backends)
    per_type: dict[str, Scores] = {}
    micro, confusion = Scores(), Counter()
    for sentence, predicted in zip(sentences, found):
        gold = spans_of([tag for _w, tag in sentence])
        for span in gold | predicted:
            label = span[2]
            scores = per_type.setdefault(label, Scores())
            if span in gold and span in predicted:
                scores.tp += 1
                micro.tp += 1
            elif span in gold:
                scores.fn += 1
                micro.fn += 1
            else:
                scores.fp += 1
                micro.fp += 1
        confusion.update(_confusion(gold, predicted))
    return NerReport(len(sentences), dict(sorted(per_type.items())), micro, confusion)


def _confusion(gold: set[Span], predicted: set[Span]) -> list[tuple[str, str]]:
    """Gold vs found label per span boundary: right, wrong type, missed (-) or spurious (-)."""
    gold_at = {(a, b): label for a, b, label in gold}
    found_at = {(a, b): label for a, b, label in predicted}
    return [(gold_at.get(bounds, "-"), found_at.get(bounds, "-")) for bounds in gold_at.keys() | found_at.keys()]
