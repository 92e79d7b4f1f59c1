"""Files and folders of Persian news articles → Document records.

Two kinds of source:

* `.txt`: one article; its identifier is the file name without `.txt`; an
  optional `date YYYY-MM-DD` at the very start of the file is the publication
  date and not part of the text (it may share its line with the headline).
* `.jsonl`: one article per line, as news corpora usually come:
  `{"id": ..., "text": ..., "date": "YYYY-MM-DD", "title": ..., "url": ...}`
  (`date`, `title`, `url` optional).  Offsets count in `text`; the title and
  url are document metadata.  A bad line is skipped with its line number,
  the file's other articles are read.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document

_DATE_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SAFE_ID = re.compile(r"[\w.~-]+\Z")                  # ids go into IRIs: doc/<id>, graph/doc/<id>
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+\Z")
SUFFIXES = (".txt", ".jsonl")


def find_sources(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Each file named, and each `.txt` or `.jsonl` file found (recursively, sorted) under the folders named."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            yield path
        else:
            yield InputError(str(path), "no such file or folder")


def articles(sources: Iterable[Path]) -> Iterator[Document | InputError]:
    """Every article of the files and folders named, or the reason one cannot be read."""
    for item in find_sources(Path(s) for s in sources):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield from read_documents(item)
        except InputError as exc:
            yield exc


def read_documents(path: Path) -> Iterator[Document | InputError]:
    """The articles of one source file: a `.jsonl` file's lines, else the file itself.

    An unreadable file raises InputError; a bad line of a `.jsonl` file is
    yielded as one, so that its neighbours are still read."""
    if path.suffix != ".jsonl":
        yield read_document(path)
        return
    text = _decode(path, _read_bytes(path))
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            try:
                yield _record(line, f"{path}:{number}")
            except InputError as exc:
                yield exc


def lend_date(doc: Document, default_date: dt.date | None) -> Document:
    """An article without a date of its own takes the default (kg build --date)."""
    if doc.date is None and default_date is not None:
        doc.date, doc.date_source = default_date, "default"
    return doc


def _record(line: str, where: str) -> Document:
    """One JSONL line → Document; its hash is the line's, so an edited record is redone."""
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise InputError(where, f"not a JSON object ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InputError(where, "not a JSON object")
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str) or not _SAFE_ID.match(doc_id):
        raise InputError(where, "'id' must be a string of letters, digits, '.', '_', '~' or '-'")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "'text' must be a non-empty string")
    for key in ("date", "title", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(where, f"'{key}' must be a string")
    url = record.get("url") or ""
    if url and not _URL.match(url):
        raise InputError(where, f"'url' is not an http(s) URL: '{url[:80]}'")
    date = _iso_date(record["date"], where, "'date'") if record.get("date") else None
    return Document(id=doc_id, path=where, text=text.replace("\r\n", "\n").replace("\r", "\n"),
                    sha256=hashlib.sha256(line.encode("utf-8")).hexdigest(), date=date,
                    date_source="record" if date else "", title=(record.get("title") or "").strip(), url=url)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise InputError(str(path), "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 (bad byte at position {exc.start})") from None


def read_document(path: Path) -> Document:
    """Read one `.txt` article; raises InputError naming the file and the reason."""
    data = _read_bytes(path)
    text = _decode(path, data).replace("\r\n", "\n").replace("\r", "\n")
    date, body_start = parse_date_header(text, path)
    if not text[body_start:].strip():
        raise InputError(str(path), "empty file" if not text.strip() else "no text after the date line")
    return Document(id=document_id(path), path=str(path), text=text,
                    sha256=hashlib.sha256(data).hexdigest(), body_start=body_start,
                    date=date, date_source="header" if date else "")


def document_id(path: Path) -> str:
    name = path.name
    return name[:-4] if name.endswith(".txt") else name


def parse_date_header(text: str, path: Path) -> tuple[dt.date | None, int]:
    """The header date and where the text starts after it."""
    match = _DATE_HEADER.match(text)
    if not match:
        return None, 0
    value = match.group(1)
    if not _ISO_DATE.match(value):
        raise InputError(str(path), f"malformed date line: expected 'date YYYY-MM-DD', got 'date {value}'")
    return _iso_date(value, str(path), "malformed date line:"), match.end()


def _iso_date(value: str, where: str, what: str) -> dt.date:
    if not _ISO_DATE.match(value):
        raise InputError(where, f"{what} expected YYYY-MM-DD, got '{value[:40]}'")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(where, f"{what} '{value}' is not a calendar date") from None
