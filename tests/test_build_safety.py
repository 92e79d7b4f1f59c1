"""One writer at a time, builds killed outright, garbage collection, and the parallel build."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Store
from typer.testing import CliRunner

from kg import store as kgstore
from kg.build import build
from kg.cli import app
from tests.conftest import SEEDS

runner = CliRunner()


def _quads(store_dir: Path) -> set:
    """Every quad but those of blank nodes (the ontology's OWL lists get new ones at each load)."""
    current = Store.read_only(str(kgstore.current_generation(store_dir)))
    return {q for q in current.quads_for_pattern(None, None, None, None)
            if not isinstance(q.subject, BlankNode) and not isinstance(q.object, BlankNode)}


def _events_csv(store_dir: Path) -> str:
    result = runner.invoke(app, ["query", "queries/events.rq", "--store", str(store_dir), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_second_build_on_a_locked_store_is_refused_in_one_line(tmp_path):
    store = tmp_path / "store"
    with kgstore.writer_lock(store):
        result = runner.invoke(app, ["build", str(SEEDS), "--store", str(store), "--ner", "rules"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"kg: {store}: another kg build (pid {os.getpid()}) is writing this store; "
                                     "run this one when it has finished")
    assert kgstore.current_generation(store) is None
    assert build([SEEDS], store).built                  # the lock went with its holder


def test_garbage_collection_keeps_current_and_previous_and_drops_unfinished(tmp_path):
    store, sources = tmp_path / "store", tmp_path / "src"
    sources.mkdir()
    shutil.copy(SEEDS / "001_83d44a5f0073696e.txt", sources)
    build([sources], store)
    first = kgstore.current_generation(store).name
    shutil.copy(SEEDS / "002_012c5d34e2e930a6.txt", sources)
    build([sources], store)
    second = kgstore.current_generation(store).name
    (store / "gen-999998").mkdir()            # what a build killed before its switch leaves behind
    (store / "gen-999998" / "CURRENT").write_text("half")
    shutil.copy(SEEDS / "003_1ab23d847dbd6c0b.txt", sources)
    build([sources], store)
    names = sorted(p.name for p in store.glob("gen-*"))
    third = kgstore.current_generation(store).name
    assert first not in names and "gen-999998" not in names
    assert names == [second, third] and (store / "PREVIOUS").read_text().strip() == second


def test_the_parallel_build_makes_the_same_graph_as_the_serial_one(tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build([SEEDS], serial)
    report = build([SEEDS], parallel, workers=2)
    assert sorted(report.built) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert _quads(serial) == _quads(parallel)


def test_the_streaming_build_writes_in_batches_and_keeps_one_description_per_entity(tmp_path, monkeypatch):
    """Batches of a few quads: every document is written in a batch of its own, and an entity
    named by several documents is still described once, by the first."""
    from kg import build as build_module

    whole, batched = tmp_path / "whole", tmp_path / "batched"
    build([SEEDS], whole)
    monkeypatch.setattr(build_module._Writer, "BATCH_QUADS", 10)
    build([SEEDS], batched)
    assert _quads(whole) == _quads(batched)


@pytest.mark.parametrize("delay", [0.3, 2.0, 3.5, 4.5, 5.5, 7.0])
def test_a_build_killed_at_any_point_leaves_the_previous_store_answering(tmp_path, delay):
    """SIGKILL during start-up, analysis and writing (a folder of 60 copies takes some seconds)."""
    store, sources = tmp_path / "store", tmp_path / "src"
    build([SEEDS], store)
    before = _events_csv(store)
    sources.mkdir()
    for n in range(60):
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, sources / f"{n:02d}-{seed.name}")
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(sources), "--store", str(store),
                                "--ner", "rules"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    if process.returncode == 0:
        pytest.skip(f"the build finished within {delay} s on this machine")
    assert _events_csv(store) == before
    report = build([SEEDS], store)
    assert report.new_generation or not report.built
    assert _events_csv(store) == before
    assert len(list(store.glob("gen-*"))) <= 2


def test_the_build_on_a_dask_cluster_makes_the_same_graph_as_the_serial_one(tmp_path):
    """A real local cluster on 127.0.0.1 (one worker process), as `dask scheduler` + `dask worker` give."""
    from distributed import LocalCluster

    serial, distributed = tmp_path / "serial", tmp_path / "dask"
    build([SEEDS], serial)
    with LocalCluster(n_workers=1, threads_per_worker=2, host="127.0.0.1", dashboard_address=None,
                      processes=True) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        result = runner.invoke(app, ["build", str(SEEDS), "--store", str(distributed), "--ner", "rules",
                                     "--executor", f"dask://{address}"])
    assert result.exit_code == 0, result.output
    assert _quads(serial) == _quads(distributed)


def test_a_dask_executor_that_does_not_answer_is_one_line(tmp_path):
    from kg.serve import free_port

    result = runner.invoke(app, ["build", str(SEEDS), "--store", str(tmp_path / "s"), "--ner", "rules",
                                 "--executor", f"dask://127.0.0.1:{free_port()}"])
    assert result.exit_code == 1 and result.stderr.startswith("kg: --executor dask://127.0.0.1:")
    assert "no Dask scheduler answers" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    bad = runner.invoke(app, ["build", str(SEEDS), "--store", str(tmp_path / "s"), "--ner", "rules",
                                 "--executor", "spark://x"])
    assert bad.exit_code == 1 and bad.stderr.strip() == "kg: --executor 'spark://x': expected dask://HOST:PORT"
