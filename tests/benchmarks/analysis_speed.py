"""Analysis speed per character on a folder of articles (rules backend, warm, best of N).

    python tests/benchmarks/analysis_speed.py ../shared/eval/dev/news --runs 3

Prints characters, seconds and µs per character; compare two checkouts by running it
from each (the store is not involved: this is read → ... → relations only)."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg import pipeline, resources
from kg.read import find_sources, read_document


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    res = resources.default()
    paths = [p for p in find_sources([args.folder]) if isinstance(p, Path) and p.suffix == ".txt"]
    pipeline.analyse(read_document(paths[0]), res)            # load hazm and the data once
    best = float("inf")
    for _ in range(args.runs):
        docs = [read_document(p) for p in paths]
        started = time.perf_counter()
        for doc in docs:
            pipeline.analyse(doc, res)
        best = min(best, time.perf_counter() - started)
    chars = sum(len(d.text) for d in docs)
    print(f"{len(paths)} articles, {chars} characters: {best:.2f} s, {best / chars * 1e6:.1f} µs per character")


if __name__ == "__main__":
    main()
