"""`kg serve`: the real Oxigraph server behind kg, queried by real SPARQL clients."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from kg import query as kgquery
from kg.build import build
from kg.serve import free_port
from tests.conftest import ROOT, SEEDS

ARTIFACTS = ROOT / "tests" / "artifacts"


class Served:
    def __init__(self, store: Path, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        self.banner = [self.process.stdout.readline() for _ in range(3)]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=15)


def oxigraph_children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"oxigraph" in cmdline:
                found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def served(seed_store):
    server = Served(seed_store)
    yield server
    server.stop()


def test_banner_names_the_ui_the_endpoint_and_the_graph_page(served):
    assert served.banner == [f"Query UI:        {served.url}/\n", f"SPARQL endpoint: {served.url}/query\n",
                             f"Graph (viz):     {served.url}/viz\n"]


def local_rows(store: Path, name: str) -> set[tuple]:
    names, rows = kgquery.rows(kgquery.query_store(store, (ROOT / "queries" / name).read_text()))
    return {tuple(zip(names, row)) for row in rows}


def plain(value: str) -> str:
    for prefix, iri in kgquery.PREFIXES.items():
        if value.startswith(iri):
            return f"{prefix}:{value[len(iri):]}"
    return value


@pytest.mark.parametrize("name", ["events.rq", "roles.rq", "memberships.rq", "meetings.rq"])
def test_sparqlwrapper_gets_the_rows_of_kg_query(served, seed_store, name):
    client = SPARQLWrapper(f"{served.url}/query")
    client.setQuery((ROOT / "queries" / name).read_text())
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    names = answer["head"]["vars"]
    remote = {tuple((n, plain(b[n]["value"]) if n in b else "") for n in names) for b in answer["results"]["bindings"]}
    assert remote == local_rows(seed_store, name)
    assert remote


def test_rdflib_sparqlstore_runs_the_canned_queries(served, seed_store):
    graph = Graph(store=SPARQLStore(f"{served.url}/query"))
    text = (ROOT / "queries" / "roles.rq").read_text()
    remote = {(str(r.doc), str(r.personLabel), str(r.orgLabel)) for r in graph.query(text)}
    local = {(dict(row)["doc"], dict(row)["personLabel"], dict(row)["orgLabel"]) for row in local_rows(seed_store, "roles.rq")}
    assert remote == local


@pytest.mark.parametrize("accept, content_type, starts", [
    ("application/sparql-results+json", "application/sparql-results+json", '{"head":'),
    ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
    ("text/csv", "text/csv", "type,n"),
    ("text/tab-separated-values", "text/tab-separated-values", "?type\t?n"),
])
def test_select_result_formats(served, accept, content_type, starts):
    query = "SELECT ?type (COUNT(*) AS ?n) WHERE { ?e a dip:Denial BIND(\"Denial\" AS ?type) } GROUP BY ?type"
    answer = httpx.post(f"{served.url}/query", data={"query": "PREFIX dip: <https://kg.example.org/ontology#> " + query},
                        headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(content_type)
    assert answer.text.startswith(starts)


@pytest.mark.parametrize("accept, content_type", [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
])
def test_construct_result_formats(served, accept, content_type):
    query = ("PREFIX dip: <https://kg.example.org/ontology#> "
             "CONSTRUCT { ?e a dip:PhoneCall } WHERE { ?e a dip:PhoneCall }")
    answer = httpx.get(f"{served.url}/query", params={"query": query}, headers={"Accept": accept})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(content_type)
    assert "PhoneCall" in answer.text


def test_updates_are_refused_on_the_read_only_endpoint(served):
    answer = httpx.post(f"{served.url}/update", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert answer.status_code == 403
    assert "read-only" in answer.text


def test_malformed_query_gets_400_with_a_readable_message(served):
    answer = httpx.get(f"{served.url}/query", params={"query": "SELECT WHERE"})
    assert answer.status_code == 400
    assert answer.text.startswith("error at 1:")


def test_rebuild_while_serving_shows_only_complete_graphs(tmp_path):
    sources = tmp_path / "src"
    shutil.copytree(SEEDS, sources)
    store = tmp_path / "store"
    build([sources], store)
    server = Served(store)
    count_query = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d a "
                   "<https://kg.example.org/ontology#Document> } }")
    seen, errors, done = [], [], threading.Event()

    def poll() -> None:
        # a connection per request, as SPARQLWrapper and rdflib do; a kept-alive
        # connection stays on the graph it started with (see the README)
        with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)) as client:
            while not done.is_set():
                try:
                    answer = client.get(f"{server.url}/query", params={"query": count_query},
                                        headers={"Accept": "application/sparql-results+json"})
                    seen.append(int(answer.json()["results"]["bindings"][0]["n"]["value"]))
                except Exception as exc:  # noqa: BLE001 - every failure is a finding
                    errors.append(repr(exc))

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        time.sleep(0.5)
        (sources / "004_5db947d3e77a6fda.txt").unlink()
        build([sources], store, rebuild=True)           # 4 documents
        time.sleep(2)
        shutil.copy(SEEDS / "004_5db947d3e77a6fda.txt", sources)
        (sources / "005_new.txt").write_text("وزیر امور خارجه ایران به مسکو سفر کرد.\n", encoding="utf-8")
        build([sources], store)                         # 6 documents
        time.sleep(2)
    finally:
        done.set()
        poller.join()
        assert server.stop() == 0
    assert errors == []
    assert set(seen) <= {5, 4, 6} and seen[0] == 5 and seen[-1] == 6
    assert seen.index(4) < len(seen) - seen[::-1].index(6)


def test_sigterm_stops_every_oxigraph_process(seed_store):
    server = Served(seed_store)
    children = oxigraph_children(server.process.pid)
    assert len(children) == 1
    assert server.stop() == 0
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() and b"oxigraph" in Path(f"/proc/{pid}/cmdline").read_bytes()
                   for pid in children)


def ask(server: Served, query: str, timeout: float = 60) -> tuple[int, str, float]:
    started = time.monotonic()
    answer = httpx.post(f"{server.url}/query", timeout=timeout, data={"query": query},
                        headers={"Accept": "application/sparql-results+json"})
    return answer.status_code, answer.text, time.monotonic() - started


CROSS_JOIN_SORTED = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f LIMIT 1"


def test_a_cancelled_query_is_a_504_that_says_so(seed_store):
    """Oxigraph sends 200 and then cuts the body with a sentence when it cancels; the forwarder holds
    small answers until complete, so the client gets a status it can recognise instead."""
    server = Served(seed_store, "--timeout-s", "1")
    try:
        status, text, elapsed = ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")
        assert (status, text) == (504, "query cancelled: it ran longer than the server's timeout (1 s)\n")
        assert elapsed < 10
        assert ask(server, "ASK {}")[:2] == (200, '{"head":{},"boolean":true}')
    finally:
        server.stop()


def test_a_sort_that_ignores_the_timeout_is_cut_and_its_process_replaced(seed_store):
    """Oxigraph's ORDER BY does not heed --timeout-s (it ran 246 s with a timeout of 1 s): the
    forwarder answers 504 at the timeout plus 5 s and replaces the process that runs it."""
    server = Served(seed_store, "--timeout-s", "1")
    try:
        [first] = oxigraph_children(server.process.pid)
        status, text, elapsed = ask(server, CROSS_JOIN_SORTED)
        assert (status, text) == (504, "query cancelled: it ran longer than the server's timeout (1 s)\n")
        assert elapsed < 15
        deadline = time.monotonic() + 10
        while first in oxigraph_children(server.process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert first not in oxigraph_children(server.process.pid)
        assert ask(server, "ASK {}")[:2] == (200, '{"head":{},"boolean":true}')
    finally:
        server.stop()


def test_an_oxigraph_process_over_the_memory_limit_is_replaced_and_its_query_gets_503(seed_store):
    server = Served(seed_store, "--timeout-s", "600", "--max-memory-mb", "300")
    try:
        status, text, _ = ask(server, CROSS_JOIN_SORTED)
        assert (status, text) == (503, "query stopped: the SPARQL server went over its memory limit (300 MB)\n")
        assert ask(server, "ASK {}")[:2] == (200, '{"head":{},"boolean":true}')
    finally:
        server.stop()
    assert "kg: the Oxigraph server went over 300 MB; its queries are stopped (503) and a fresh one serves" \
        in server.process.stderr.read()


def test_answers_larger_than_the_buffer_stream_whole(served, seed_store):
    status, text, _ = ask(served, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200 and len(text.encode()) > 1 << 20
    local = kgquery.query_store(seed_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert len(json.loads(text)["results"]["bindings"]) == int(next(iter(local))["n"].value)


def chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def browser():
    """Headless Chromium driven by Debian's chromedriver (the UI and viz tests)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1400,900"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver_path), options=options)


@pytest.mark.skipif(chromium() is None and not os.environ.get("KG_REQUIRE_BROWSER"),
                    reason="Debian chromium and chromium-driver are not installed (.ci/run installs them)")
def test_query_ui_in_a_headless_browser(served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser()
    try:
        driver.get(f"{served.url}/")
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "return !!document.querySelector('.CodeMirror') && !!document.querySelector('.yasqe_queryButton')"))
        query = (ROOT / "queries" / "roles.rq").read_text()
        driver.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0]);", query)
        driver.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
        WebDriverWait(driver, 30).until(lambda d: "سرگئی لاوروف" in d.find_element(By.TAG_NAME, "body").text)
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "query-ui.png"))
    finally:
        driver.quit()
