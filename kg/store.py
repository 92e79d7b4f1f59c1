"""The Oxigraph store on disk, written only into new generations.

Layout of a store folder:

    STORE/CURRENT          name of the generation in use (replaced atomically)
    STORE/PREVIOUS         name of the one in use before it: the last good fallback
    STORE/gen-000007/      an Oxigraph (RocksDB) database
    STORE/gen-000007.serving-PID   marker left by `kg serve` while it serves it
    STORE/.lock            held by the one build writing the store (flock)

A build never writes the generation in use: it backs the current one up
into a new folder (hard links, cheap), replaces the changed documents'
graphs there, and only then points CURRENT at it.  A failed or interrupted
build removes its half-made folder and leaves CURRENT as it was, so readers
and a running server always see a complete graph.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store

from kg.errors import StoreError
from kg.vocab import GRAPH_DOC, PREFIXES, unsegment

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"
LOCK = ".lock"


def current_generation(store_dir: Path) -> Path | None:
    pointer = Path(store_dir) / CURRENT
    if not pointer.is_file():
        return None
    generation = Path(store_dir) / pointer.read_text(encoding="utf-8").strip()
    return generation if generation.is_dir() else None


def open_read_only(store_dir: Path) -> Store:
    generation = current_generation(store_dir)
    if generation is None:
        raise StoreError(f"{store_dir}: no kg store here (run 'kg build SOURCES --store {store_dir}' first)")
    try:
        return Store.read_only(str(generation))
    except OSError as exc:
        raise StoreError(f"{generation}: cannot open the store ({exc})") from None


def document_fingerprints(store: Store) -> dict[str, str]:
    """Identifier → SHA-256 of every document in the store, with the date it was lent by
    `kg build --date` if any (kg.build._fingerprint)."""
    query = f"""PREFIX dip: <{PREFIXES['dip']}> PREFIX dcterms: <{PREFIXES['dcterms']}>
    SELECT ?id ?sha ?lent WHERE {{ GRAPH ?g {{ ?d a dip:Document ; dcterms:identifier ?id ; dip:sha256 ?sha
        OPTIONAL {{ ?d dip:dateSource "default" ; dcterms:date ?lent }} }} }}"""
    return {row["id"].value: row["sha"].value + (f" date={row['lent'].value}" if row["lent"] else "")
            for row in store.query(query)}


_LAST = ".last-generation"


def _next_name(store_dir: Path) -> str:
    """A number never used before in this store: a failed build's number is not reused (RocksDB
    keeps a lock on a path for as long as a process holds the failed store object)."""
    numbers = [int(p.name[4:]) for p in _generations(store_dir)]
    last = store_dir / _LAST
    with contextlib.suppress(OSError, ValueError):
        numbers.append(int(last.read_text(encoding="utf-8")))
    number = max(numbers, default=0) + 1
    last.write_text(f"{number}\n", encoding="utf-8")
    return f"gen-{number:06d}"


@contextlib.contextmanager
def writer_lock(store_dir: Path):
    """Hold the store's writer lock: one build at a time; a second one is refused in one line."""
    store_dir = Path(store_dir)
    if store_dir.exists() and not store_dir.is_dir():
        raise StoreError(f"{store_dir}: exists and is not a folder")
    store_dir.mkdir(parents=True, exist_ok=True)
    handle = open(store_dir / LOCK, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise StoreError(f"{store_dir}: another kg build (pid {holder}) is writing this store; "
                             "run this one when it has finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()                  # closing releases the lock


@contextlib.contextmanager
def new_generation(store_dir: Path, start_empty: bool):
    """Yield a writable Store in a fresh generation; make it current on success only.
    Call it holding writer_lock."""
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    previous = current_generation(store_dir)
    remove_unfinished(store_dir, previous)
    target = store_dir / _next_name(store_dir)
    try:
        if previous is not None and not start_empty:
            Store.read_only(str(previous)).backup(str(target))
        store = Store(str(target))
        yield store
        store.flush()
        del store
        if previous is not None:
            _write_atomically(store_dir / PREVIOUS, previous.name)
        _write_atomically(store_dir / CURRENT, target.name)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    collect_garbage(store_dir)


def _write_atomically(pointer: Path, name: str) -> None:
    temporary = pointer.with_name(f".{pointer.name}.{os.getpid()}")
    temporary.write_text(name + "\n", encoding="utf-8")
    os.replace(temporary, pointer)


def remove_unfinished(store_dir: Path, current: Path | None) -> None:
    """Generations newer than CURRENT were left by a build killed before it switched
    (call it holding writer_lock: then no build is making one)."""
    for generation in _generations(store_dir):
        if current is None or generation.name > current.name:
            shutil.rmtree(generation, ignore_errors=True)


def _generations(store_dir: Path) -> list[Path]:
    return sorted(p for p in Path(store_dir).glob("gen-*") if p.is_dir() and p.name[4:].isascii()
                  and p.name[4:].isdigit())


def replace_graphs(store: Store, graphs: Iterable[str], quads: Iterable[Quad]) -> None:
    """Drop the named graphs, then bulk-load the new quads."""
    for graph in graphs:
        node = NamedNode(graph)
        if store.contains_named_graph(node):
            store.remove_graph(node)
    store.bulk_extend(quads)


def remove_subjects(store: Store, graph: str, subjects: Iterable[str]) -> None:
    """Drop every triple of these subjects from one graph (before they are described anew)."""
    graph_node = NamedNode(graph)
    for subject in subjects:
        for quad in list(store.quads_for_pattern(NamedNode(subject), None, None, graph_node)):
            store.remove(quad)


def collect_garbage(store_dir: Path) -> None:
    """Remove the generations older than CURRENT except PREVIOUS (the last good one) and any
    that a live server still uses."""
    current = current_generation(store_dir)
    if current is None:
        return
    pointer = Path(store_dir) / PREVIOUS
    previous = pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else ""
    for old in _generations(store_dir):
        if old.name < current.name and old.name != previous and not _served(old):
            shutil.rmtree(old, ignore_errors=True)


def _served(generation: Path) -> bool:
    for marker in generation.parent.glob(generation.name + ".serving-*"):
        pid = marker.name.rsplit("-", 1)[-1]
        if pid.isascii() and pid.isdigit() and _alive(int(pid)):
            return True
        marker.unlink(missing_ok=True)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def doc_graph_ids(store: Store) -> list[str]:
    return sorted(unsegment(g.value[len(GRAPH_DOC):]) for g in store.named_graphs() if g.value.startswith(GRAPH_DOC))
