"""`kg serve` facing clients nobody vets: busy ports, big bodies, idle connections, bursts, SIGTERM."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from kg.serve import free_port
from tests.conftest import ROOT
from tests.test_serve import Served, oxigraph_children


def test_a_busy_port_is_one_line_and_leaves_no_process(seed_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", str(seed_store), "--port", str(port)],
                                capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"kg: cannot listen on 127.0.0.1:{port} (Address already in use)"
    assert not list(seed_store.glob("*.serving-*"))


def test_listening_beyond_loopback_warns(seed_store):
    server = Served(seed_store, "--host", "0.0.0.0")
    try:
        assert httpx.get(f"{server.url}/query", params={"query": "ASK {}"}).status_code == 200
    finally:
        server.stop()
    assert "kg: warning: listening on 0.0.0.0: every machine that can reach this one can query the store" \
        in server.process.stderr.read()


def test_limits_on_bodies_connections_and_silent_clients(seed_store):
    server = Served(seed_store, "--max-connections", "4")
    try:
        big = httpx.post(f"{server.url}/query", content=b"query=" + b"x" * (2 << 20),
                         headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
        assert big.status_code == 413 and "request body over" in big.text
        silent = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(4)]
        time.sleep(0.3)
        crowded = httpx.get(f"{server.url}/query", params={"query": "ASK {}"}, timeout=10)
        assert crowded.status_code == 503
        for sock in silent:
            sock.close()
        time.sleep(0.3)
        assert httpx.get(f"{server.url}/query", params={"query": "ASK {}"}, timeout=10).status_code == 200
        bad = httpx.get(f"{server.url}/query", params={"query": "SELECT WHERE"}, timeout=10)
        assert 400 <= bad.status_code < 500 and bad.text
    finally:
        assert server.stop() == 0
    assert "Traceback" not in server.process.stderr.read()


def test_a_burst_of_concurrent_clients_gets_correct_answers(seed_store):
    server = Served(seed_store)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:PhoneCall }".replace(
        "dip:", "<https://kg.example.org/ontology#>").replace("<https://kg.example.org/ontology#>PhoneCall",
                                                            "<https://kg.example.org/ontology#PhoneCall>")

    def client(_n: int) -> list[str]:
        with httpx.Client(timeout=30) as http:
            return [http.get(f"{server.url}/query", params={"query": query},
                             headers={"Accept": "text/csv"}).text for _ in range(10)]
    try:
        with ThreadPoolExecutor(20) as pool:
            answers = [a for batch in pool.map(client, range(20)) for a in batch]
    finally:
        children = oxigraph_children(server.process.pid)
        assert server.stop() == 0
    assert len(answers) == 200 and len(set(answers)) == 1 and answers[0].startswith("n")
    time.sleep(0.2)
    assert not any(__import__("pathlib").Path(f"/proc/{pid}").exists() for pid in children)
    assert "Task was destroyed" not in server.process.stderr.read()


def test_free_port_helper_gives_a_bindable_port():
    port = free_port()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_every_request_is_checked_even_on_a_kept_alive_connection(seed_store):
    server = Served(seed_store)
    try:
        with httpx.Client(timeout=30) as http:
            assert http.get(f"{server.url}/query", params={"query": "ASK {}"}).status_code == 200
            big = http.post(f"{server.url}/query", content=b"query=" + b"x" * (2 << 20),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert big.status_code == 413
    finally:
        server.stop()
