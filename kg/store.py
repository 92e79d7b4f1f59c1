"""The Oxigraph store on disk, written only into new generations.

Layout of a store folder:

    STORE/CURRENT          name of the generation in use (replaced atomically)
    STORE/gen-000007/      an Oxigraph (RocksDB) database
    STORE/gen-000007.serving-PID   marker left by `kg serve` while it serves it

A build never writes the generation in use: it backs the current one up
into a new folder (hard links, cheap), replaces the changed documents'
graphs there, and only then points CURRENT at it.  A failed or interrupted
build removes its half-made folder and leaves CURRENT as it was, so readers
and a running server always see a complete graph.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store

from kg.errors import StoreError
from kg.vocab import GRAPH_DOC, PREFIXES, unsegment

CURRENT = "CURRENT"
KEEP_OLD = 1   # generations kept behind the current one (a server may still be on it)


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


def _next_name(store_dir: Path) -> str:
    numbers = [int(p.name[4:]) for p in store_dir.glob("gen-*")
               if p.is_dir() and p.name[4:].isascii() and p.name[4:].isdigit()]
    return f"gen-{max(numbers, default=0) + 1:06d}"


@contextmanager
def new_generation(store_dir: Path, start_empty: bool):
    """Yield a writable Store in a fresh generation; make it current on success only."""
    store_dir = Path(store_dir)
    if store_dir.exists() and not store_dir.is_dir():
        raise StoreError(f"{store_dir}: exists and is not a folder")
    store_dir.mkdir(parents=True, exist_ok=True)
    previous = current_generation(store_dir)
    target = store_dir / _next_name(store_dir)
    try:
        if previous is not None and not start_empty:
            Store.read_only(str(previous)).backup(str(target))
        store = Store(str(target))
        yield store
        store.flush()
        del store
        _point_to(store_dir, target.name)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    collect_garbage(store_dir)


def _point_to(store_dir: Path, name: str) -> None:
    temporary = store_dir / f".{CURRENT}.{os.getpid()}"
    temporary.write_text(name + "\n", encoding="utf-8")
    os.replace(temporary, store_dir / CURRENT)


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
    """Remove old generations that no live server uses, keeping KEEP_OLD behind the current."""
    current = current_generation(store_dir)
    generations = sorted(p for p in Path(store_dir).glob("gen-*") if p.is_dir())
    keep = {p for p in generations if current and p.name >= current.name}
    older = [p for p in generations if p not in keep]
    for old in older[:-KEEP_OLD] if KEEP_OLD else older:
        if not _served(old):
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
