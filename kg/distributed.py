"""Analysis on a Dask cluster: `kg build --executor dask://HOST:PORT`.

Extraction is per document, so it spreads over any number of machines; the
store is one writer.  The client (the machine running `kg build`) reads the
sources, sends documents to the cluster in a bounded window (memory stays
flat however large the corpus), receives each document's quads as N-Quads
and writes them into the new generation in the order read, so the graph is
the one a serial build makes.  Every worker needs kg installed (the same
version and data); each loads the dictionary, and Stanza for `--ner`, once.

Why Dask and not Ray: a Dask scheduler is one pip package and one command
(`dask scheduler`, `dask worker tcp://HOST:8786`), ships plain Python
functions with no actor model, and runs as well on one laptop as on a
cluster manager (Kubernetes, SLURM, YARN through dask-jobqueue/dask-yarn).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from kg.errors import KgError
from kg.model import Document

WINDOW_PER_WORKER = 8        # documents in flight per worker thread


def _address(executor: str) -> str:
    if not executor.startswith("dask://") or ":" not in executor[len("dask://"):]:
        raise KgError(f"--executor '{executor}': expected dask://HOST:PORT")
    return "tcp://" + executor[len("dask://"):]


def connect(executor: str):
    """A client of the cluster, before anything is written: a wrong address fails the build early."""
    address = _address(executor)
    try:
        from distributed import Client
    except ImportError:
        raise KgError("--executor dask://...: Dask is not installed (pip install 'kg[dask]')") from None
    try:
        return Client(address, timeout=10)
    except OSError as exc:
        raise KgError(f"--executor {executor}: no Dask scheduler answers at {address} "
                      f"({' '.join(str(exc).split())[:120]})") from None


def analysed_on_cluster(client, docs: Iterable[Document], ner: str) -> Iterator[tuple[str, tuple, bytes]]:
    """(id, counts, N-Quads) of each document, in the order given, analysed on the cluster."""
    threads = max(1, sum(client.nthreads().values()))
    pending: deque = deque()
    for doc in docs:
        pending.append(client.submit(analyse_remotely, doc, ner, pure=False))
        if len(pending) >= threads * WINDOW_PER_WORKER:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def analyse_remotely(doc: Document, ner: str) -> tuple[str, tuple, bytes]:
    """Runs on a Dask worker."""
    from kg.build import analyse_to_nquads

    res, backends = _worker_resources(ner)
    return analyse_to_nquads(doc, res, backends)


@lru_cache(maxsize=2)
def _worker_resources(ner: str):
    from kg.ner import choose
    from kg.resources import default

    mode = "rules" if ner == "rules" else "auto"
    backends, _name, _hint = choose(mode)
    return default(), backends
