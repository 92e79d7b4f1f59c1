"""Files and folders of Persian news articles → Document records.

A document's identifier is its file name without `.txt`; an optional
`date YYYY-MM-DD` at the very start of the file is the publication date and
not part of the text (it may share its line with the headline).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document

_DATE_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def find_sources(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Each `.txt` file named or found (recursively, sorted) under the folders named."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.is_file():
            yield path
        else:
            yield InputError(str(path), "no such file or folder")


def read_document(path: Path) -> Document:
    """Read one article; raises InputError naming the file and the reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None
    if b"\x00" in data:
        raise InputError(str(path), "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 (bad byte at position {exc.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(str(path), f"malformed date line: '{value}' is not a calendar date") from None
    return date, match.end()
