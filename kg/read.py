"""Files and folders of Persian news articles → Document records.

Two kinds of source:

* `.txt`: one article; its identifier is the file name without `.txt`; an
  optional `date YYYY-MM-DD` at the very start of the file is the publication
  date and not part of the text (it may share its line with the headline).
  Offsets count the characters of the file as it is, BOM and CR included
  (Python: `open(path, encoding="utf-8", newline="")`).  UTF-8 is expected;
  UTF-16 (with or without a BOM) and Windows-1256, common in old archives,
  are recognised and decoded.
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
from kg.normalize import has_content

_DATE_HEADER = re.compile(r"\A\ufeff?\s*date[ \t]+(\S+)[ \t]*")
# Control characters other than tab and line ends: not text, and not allowed in XML results.
# Each becomes a space, so that offsets still count the file's characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Where a decoded text looks like Persian or English and not like a wrong guess of encoding.
_EXPECTED_SCRIPT = re.compile(r"[\s\x21-\x7e\u00a0-\u00ff\u0600-\u06ff\u200b-\u200f\u202a-\u202e\u2066-\u2069"
                              r"\ufb50-\ufdff\ufe70-\ufeff\u2010-\u2027«»]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SAFE_ID = re.compile(r"[\w.~-]+\Z")                  # ids go into IRIs: doc/<id>, graph/doc/<id>
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+\Z")
SUFFIXES = (".txt", ".jsonl")


def find_sources(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Each file named, and each `.txt` or `.jsonl` file found (recursively, sorted, any case
    of the suffix) under the folders named; what has such a name but is no file is reported."""
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.name.lower().endswith(SUFFIXES)):
                yield found if found.is_file() else _not_a_file(found)
        elif path.is_file():
            yield path
        else:
            yield _not_a_file(path)


def _not_a_file(path: Path) -> InputError:
    """Why a path with an article's name cannot be read as one."""
    if path.is_dir():
        return InputError(str(path), "a folder, not a file")
    try:
        path.stat()
    except OSError as exc:
        if path.is_symlink():
            return InputError(str(path), f"symbolic link that leads nowhere ({exc.strerror})")
        return InputError(str(path), "no such file or folder")
    return InputError(str(path), "not a regular file")


def count_articles(sources: Iterable[Path]) -> int:
    """How many articles the sources hold (a `.jsonl` file's non-empty lines), for progress bars."""
    total = 0
    for item in find_sources(Path(s) for s in sources):
        if isinstance(item, Path) and item.name.lower().endswith(".jsonl"):
            try:
                with open(item, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


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
    if not path.name.lower().endswith(".jsonl"):
        yield read_document(path)
        return
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None
    with handle:                        # line by line: a corpus file may be larger than memory
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if raw.strip():
                try:
                    yield _record(_decode_line(raw, f"{path}:{number}"), f"{path}:{number}")
                except InputError as exc:
                    yield exc


def _decode_line(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not UTF-8 (bad byte at position {exc.start})") from None


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
    if len(text) > MAX_ARTICLE_BYTES:
        raise InputError(where, f"'text' of {len(text):,} characters is too large for one article")
    for key in ("date", "title", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(where, f"'{key}' must be a string")
    url = record.get("url") or ""
    if url and not _URL.match(url):
        raise InputError(where, f"'url' is not an http(s) URL: '{url[:80]}'")
    date = _iso_date(record["date"], where, "'date'") if record.get("date") else None
    return Document(id=doc_id, path=where, text=_without_controls(text),
                    sha256=hashlib.sha256(line.encode("utf-8")).hexdigest(), date=date,
                    date_source="record" if date else "", title=(record.get("title") or "").strip(), url=url)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None


def _without_controls(text: str) -> str:
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


def _decode(path: Path, data: bytes) -> str:
    """The file's text: UTF-8 (a BOM stays as its first character), else UTF-16, else
    Windows-1256 where that reads as Persian; control characters become spaces."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return _without_controls(_decode_utf16(path, data))
    try:
        return _without_controls(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        guess = data.decode("cp1256", errors="replace")
        if _looks_like_text(guess) and _mostly_arabic_script(guess):
            return _without_controls(guess)
        raise InputError(str(path), f"not UTF-8 (bad byte at position {exc.start}) nor Windows-1256 Persian") \
            from None


def _decode_utf16(path: Path, data: bytes) -> str:
    """UTF-16 by its BOM, or by which byte order reads as text; NUL bytes in anything else mean binary."""
    orders = ["utf-16"] if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ["utf-16-le", "utf-16-be"]
    for encoding in orders:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if len(orders) == 1:
                raise InputError(str(path), f"UTF-16 that does not decode (bad bytes at position {exc.start})") \
                    from None
            continue
        if _looks_like_text(text):
            return text
    raise InputError(str(path), "binary file, not text")


def _mostly_arabic_script(text: str) -> bool:
    letters = [ch for ch in text[:4000] if ch.isalpha()]
    return len([ch for ch in letters if "\u0600" <= ch <= "\u06ff"]) > len(letters) / 2


def _looks_like_text(text: str) -> bool:
    sample = text[:4000]
    return bool(sample) and len(_EXPECTED_SCRIPT.findall(sample)) >= 0.95 * len(sample)


MAX_ARTICLE_BYTES = 8 << 20        # a news article is kilobytes; one of megabytes is a corpus in one file


def read_document(path: Path) -> Document:
    """Read one `.txt` article; raises InputError naming the file and the reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None
    if size > MAX_ARTICLE_BYTES:
        raise InputError(str(path), f"{size / 2**20:.0f} MB is too large for one article (the limit is "
                         f"{MAX_ARTICLE_BYTES >> 20} MB): split it, or give a .jsonl file of one article per line")
    data = _read_bytes(path)
    text = _decode(path, data)
    date, body_start = parse_date_header(text, path)
    if not has_content(text, body_start):
        raise InputError(str(path), "empty file" if not has_content(text) else "no text after the date line")
    return Document(id=document_id(path), path=str(path), text=text,
                    sha256=hashlib.sha256(data).hexdigest(), body_start=body_start,
                    date=date, date_source="header" if date else "")


def document_id(path: Path) -> str:
    """The file name without `.txt`; any character may be in it (kg.vocab escapes ids in IRIs)."""
    name = path.name
    doc_id = name[:-4] if name.lower().endswith(".txt") else name
    if not doc_id:
        raise InputError(str(path), "no name before '.txt' to identify the document")
    return doc_id


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
