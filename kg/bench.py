"""`kg bench`: how fast kg builds and answers, measured on a corpus it makes.

The corpus is copies of the seed articles with other dates and other office
holders' names put in (so that entities and events differ between copies),
plus any folders the user adds.  Figures: characters/s of each analysis
stage, documents/s and characters/s end to end with one and with N worker
processes, the write phase against a raw `bulk_load` of the same quads, peak
RSS, store size, p50/p95 of every query in `queries/` in-process and over
HTTP (`kg serve`), and one incremental rebuild.  Timings are wall-clock on
this machine; its core count is part of the report.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kg import paths, pipeline, query
from kg import store as kgstore
from kg.build import build
from kg.read import articles
from kg.resources import default


def make_corpus(folder: Path, documents: int, seed: int = 7) -> int:
    """`documents` copies of the seeds, each with its own date and some names swapped; returns characters."""
    rng = random.Random(seed)
    res = default()
    persons = [e.fa for e in res.entities.values() if e.type == "Person" and len(e.fa.split()) >= 2]
    seeds = sorted(paths.seeds_dir().glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    swappable = [sorted({p for p in persons if p in text}) for text in texts]
    folder.mkdir(parents=True, exist_ok=True)
    characters = 0
    for n in range(documents):
        k = n % len(seeds)
        text = texts[k]
        for name in swappable[k][:2]:
            text = text.replace(name, rng.choice(persons))
        day = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange(9000))
        text = re.sub(r"\Adate \S+", f"date {day.isoformat()}", text) if text.startswith("date ") \
            else f"date {day.isoformat()}\n{text}"
        (folder / f"b{n:06d}-{seeds[k].stem}.txt").write_text(text, encoding="utf-8")
        characters += len(text)
    return characters


def stage_speeds(sources: list[Path], limit: int = 300) -> dict[str, float]:
    """Characters per second of each stage, on up to `limit` documents."""
    res = default()
    seconds = {stage.__name__.lstrip("_"): 0.0 for stage in pipeline.STAGES}
    characters = 0
    for doc in articles(sources):
        if not hasattr(doc, "text"):
            continue
        characters += len(doc.text)
        for stage in pipeline.STAGES:
            started = time.perf_counter()
            doc = stage(doc, res) if stage is not pipeline.mentions.find_mentions else stage(doc, res, ())
            seconds[stage.__name__.lstrip("_")] += time.perf_counter() - started
        limit -= 1
        if limit == 0:
            break
    return {name: round(characters / max(s, 1e-9)) for name, s in seconds.items()}


def _percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50_ms": round(1000 * statistics.median(ordered), 2),
            "p95_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)}


def _params(path: Path) -> dict:
    """The example parameters a query's first comment gives (--param NAME=VALUE)."""
    return query.parse_params(re.findall(r"--param (\w+=\S+)", path.read_text(encoding="utf-8").split("\n")[0]))


def query_times(store_dir: Path, runs: int, doc_id: str = "") -> dict[str, dict]:
    """Each canned query run `runs` times through the library (what `kg query` does);
    a document query asks for `doc_id` (one of the corpus)."""
    found = {}
    for path in sorted(paths.queries_dir().glob("*.rq")):
        sparql, substitutions = path.read_text(encoding="utf-8"), _params(path)
        if path.name == "events-of-document.rq" and doc_id:
            substitutions = query.parse_params([f"id={doc_id}"])
        times, rows = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            result = query.query_store(store_dir, sparql, substitutions)
            rows = sum(1 for _ in result) if not isinstance(result, bool) else 1
            times.append(time.perf_counter() - started)
        found[path.name] = {"rows": rows, **_percentiles(times),
                            "rows_per_s": round(rows / max(statistics.median(times), 1e-9))}
    return found


def http_times(store_dir: Path, runs: int) -> dict[str, dict]:
    """The same queries over HTTP through `kg serve` (SPARQL 1.1 Protocol, CSV results)."""
    from kg.serve import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store_dir), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        server.stdout.readline()                  # the banner: the server answers
        found = {}
        for path in sorted(paths.queries_dir().glob("*.rq")):
            if _params(path):
                continue                        # parameters are bound in-process; the protocol has none
            body = urllib.parse.urlencode({"query": path.read_text(encoding="utf-8")}).encode()
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                request = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=body,
                                                 headers={"Accept": "text/csv"})
                with urllib.request.urlopen(request, timeout=600) as answer:
                    answer.read()
                times.append(time.perf_counter() - started)
            found[path.name] = _percentiles(times)
        return found
    finally:
        server.terminate()
        server.wait(timeout=30)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def run(documents: int = 1000, extra: list[Path] = (), workers: int = 2, runs: int = 5,
        http: bool = True, work_dir: Path | None = None, say=print) -> dict:
    """Make the corpus, build it serially and with `workers`, query it, rebuild one document."""
    work = Path(work_dir or tempfile.mkdtemp(prefix="kg-bench-"))
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    characters = make_corpus(corpus, documents)
    sources = [corpus, *map(Path, extra)]
    report: dict = {"cores": os.cpu_count(), "python": sys.version.split()[0], "documents": documents,
                    "characters": characters, "extra_sources": [str(p) for p in extra]}
    say(f"corpus: {documents} documents, {characters:,} characters in {corpus}")
    report["stage_chars_per_s"] = stage_speeds(sources)
    say(f"stages (characters/s): {report['stage_chars_per_s']}")

    serial = work / "store-serial"
    shutil.rmtree(serial, ignore_errors=True)
    built = build(sources, serial, rebuild=True)
    report["build_serial"] = _build_figures(built, characters)
    say(f"build, 1 process: {report['build_serial']}")
    if workers > 1:
        parallel = work / "store-parallel"
        shutil.rmtree(parallel, ignore_errors=True)
        built_parallel = build(sources, parallel, rebuild=True, workers=workers)
        report[f"build_{workers}_workers"] = _build_figures(built_parallel, characters)
        report["workers_speedup"] = round(built.seconds / built_parallel.seconds, 2)
        say(f"build, {workers} processes: {report[f'build_{workers}_workers']}, "
            f"speed-up ×{report['workers_speedup']}")
        shutil.rmtree(parallel, ignore_errors=True)

    report["raw_bulk_load"] = _raw_load(serial, work)
    say(f"raw bulk_load of the same quads: {report['raw_bulk_load']}")
    report["store_mb"] = round(_folder_bytes(kgstore.current_generation(serial)) / 2**20, 1)

    report["queries"] = query_times(serial, runs, doc_id=min(p.stem for p in corpus.glob("*.txt")))
    say(f"queries in-process: {report['queries']}")
    if http:
        report["queries_http"] = http_times(serial, runs)
        say(f"queries over HTTP: {report['queries_http']}")

    changed = next(corpus.glob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nعراقچی با لاوروف دیدار کرد.\n", encoding="utf-8")
    started = time.perf_counter()
    incremental = build(sources, serial)
    report["incremental_one_changed_s"] = round(time.perf_counter() - started, 2)
    report["incremental_built"] = len(incremental.built)
    started = time.perf_counter()
    build(sources, serial)
    report["no_change_s"] = round(time.perf_counter() - started, 2)
    say(f"incremental: one changed document {report['incremental_one_changed_s']} s, "
        f"nothing changed {report['no_change_s']} s")
    report["peak_rss_mb"] = _peak_rss_mb()
    say(f"peak RSS {report['peak_rss_mb']} MB (this process or a worker), store {report['store_mb']} MB")
    return report


def _build_figures(built, characters: int) -> dict:
    return {"seconds": round(built.seconds, 2), "documents_per_s": round(len(built.built) / built.seconds, 1),
            "chars_per_s": round(characters / built.seconds), "triples": built.triples,
            "write_seconds": round(built.write_seconds, 2),
            "triples_per_s_written": round(built.triples / max(built.write_seconds, 1e-9))}


def _raw_load(store_dir: Path, work: Path) -> dict:
    """Store.bulk_load of the built store's N-Quads into an empty store: the floor for writing."""
    from pyoxigraph import RdfFormat, Store

    dump = work / "dump.nq"
    kgstore.open_read_only(store_dir).dump(str(dump), format=RdfFormat.N_QUADS)
    target = work / "raw-store"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    raw = Store(str(target))
    raw.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    raw.flush()
    seconds = time.perf_counter() - started
    quads = len(raw)
    del raw
    shutil.rmtree(target, ignore_errors=True)
    dump.unlink()
    return {"seconds": round(seconds, 2), "quads": quads, "quads_per_s": round(quads / seconds)}


def write_json(report: dict, path: Path) -> None:
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
