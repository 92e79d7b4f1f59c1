"""Median HTTP latency of queries/events.rq against `kg serve` (prints figures; not a test).

    python tests/benchmarks/serve_latency.py [--copies 160] [--runs 30]

Two stores: the five seeds, and a larger one made of the seeds copied under
other document names until it holds at least 100k triples (copies of the same
dated event merge into one node with more mentions, as real re-reporting does).
Each query is sent over a fresh HTTP connection with httpx, Accept text/csv.
"""
from __future__ import annotations

import argparse
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from kg.build import build
from kg.serve import free_port

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
QUERY = (ROOT / "queries" / "events.rq").read_text(encoding="utf-8")


def corpus(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True)
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"c{n:04d}_{seed.name}")
    return folder


def latencies(store: Path, runs: int) -> tuple[list[float], int]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        server.stdout.readline()
        url = f"http://127.0.0.1:{port}/query"
        times, rows = [], 0
        for _ in range(runs + 2):                  # two warm-up requests, not counted
            started = time.perf_counter()
            answer = httpx.post(url, data={"query": QUERY}, headers={"Accept": "text/csv"}, timeout=60)
            answer.raise_for_status()
            times.append(time.perf_counter() - started)
            rows = answer.text.count("\n") - 1
        return times[2:], rows
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


def report(name: str, store: Path, triples: int, runs: int) -> None:
    times, rows = latencies(store, runs)
    ms = sorted(t * 1000 for t in times)
    print(f"{name:10s} {triples:>8d} triples  {rows:>6d} rows  median {statistics.median(ms):7.1f} ms  "
          f"p90 {ms[int(0.9 * (len(ms) - 1))]:7.1f} ms  min {ms[0]:7.1f} ms  ({runs} runs)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=160)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seeds_store = Path(tmp) / "seeds-store"
        report("seeds", seeds_store, build([SEEDS], seeds_store, ner="rules").triples, args.runs)
        big_store = Path(tmp) / "big-store"
        started = time.perf_counter()
        built = build([corpus(Path(tmp) / "big", args.copies)], big_store, ner="rules")
        print(f"(built {len(built.built)} documents in {time.perf_counter() - started:.1f} s)")
        report("large", big_store, built.triples, args.runs)


if __name__ == "__main__":
    main()
