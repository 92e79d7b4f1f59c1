"""The ordered stages, and the library entry points.

    read → normalise/sentences → mentions → dates → events → resolve → relations

`extract(path)` returns one analysed Document; `build(sources, store)` turns
folders of articles into the store (see kg.store).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from kg import dates, events, mentions, relations, resolve
from kg.model import Document
from kg.normalize import split_sentences
from kg.errors import InputError
from kg.read import articles, lend_date, read_document
from kg.resources import Resources, default

Stage = Callable[[Document, Resources], Document]


def _sentences(doc: Document, res: Resources) -> Document:
    doc.sentences = split_sentences(doc.text, doc.body_start)
    return doc


STAGES: list[Stage] = [
    _sentences,
    mentions.find_mentions,
    dates.date_document,
    events.find_events,
    resolve.resolve_document,
    relations.find_memberships,
]


def analyse(doc: Document, res: Resources | None = None,
            backends: Sequence[mentions.Backend] = ()) -> Document:
    """Run every stage on a read document."""
    res = res or default()
    for stage in STAGES:
        if stage is mentions.find_mentions:
            doc = mentions.find_mentions(doc, res, backends)
        else:
            doc = stage(doc, res)
    return doc


def extract(path: Path, res: Resources | None = None, backends: Sequence[mentions.Backend] = ()) -> Document:
    """Read and analyse one article file."""
    return analyse(read_document(Path(path)), res, backends)


def extract_all(sources: Iterable[Path], res: Resources | None = None, backends: Sequence[mentions.Backend] = (),
                default_date: dt.date | None = None) -> Iterator[Document | InputError]:
    """Each article of the files and folders (.txt, .jsonl lines) analysed, or the reason it cannot be."""
    for doc in articles(sources):
        yield doc if isinstance(doc, InputError) else analyse(lend_date(doc, default_date), res, backends)
