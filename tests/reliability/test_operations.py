"""Operations over a real uvicorn: readiness during a real publication, a backup taken while writes are in flight,
the JSON request log, and an engine outage said once each way.

Every server listens on 127.0.0.1 and is stopped at the end; every loop is bounded in time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.build.pipeline import build
from kg.journal import Journal
from kg.settings import Settings
from kg.store.publication import Publication
from tests.helpers.stores import free_port, oxigraph_binary
from tests.reliability.conftest import AUTH, ROOT, TOKENS, Server, server_environment

LOAD = "https://w3id.org/fikg/graph/load"
ADMIN = "operations-admin-token"
UPDATE = {"Content-Type": "application/sparql-update", **AUTH}


def kg(settings: Settings, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the `kg` command line over ``settings``' project (bounded in time)."""
    return subprocess.run([sys.executable, "-c", "from cli.main import main; main()", *args], cwd=ROOT,
                          env=server_environment(settings, **env), capture_output=True, text=True, timeout=300)


def big_source(settings: Settings, triples: int) -> None:
    """A data file large enough that the query workers take a moment to load it."""
    lines = (f"<https://w3id.org/fikg/id/measure/m{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
             f"\"measure {i}\"@en .\n" for i in range(triples))
    (settings.project_dir / "data" / "big.ttl").write_text("".join(lines))


def test_readiness_is_false_while_a_real_publication_is_swapped_in(disk_settings: Settings, tmp_path: Path) -> None:
    server = Server(server_environment(disk_settings), tmp_path / "server.log").start()
    seen: list[tuple[int, str]] = []
    stop = threading.Event()

    def poll() -> None:
        with httpx.Client(timeout=5) as client:
            while not stop.is_set():
                answer = client.get(f"{server.url}/readyz")
                detail = answer.json().get("detail", "") if answer.status_code == 503 else ""
                if not seen or seen[-1] != (answer.status_code, detail):
                    seen.append((answer.status_code, detail))
                time.sleep(0.005)

    try:
        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.5)  # ready before: the warm-up at start is over
        big_source(disk_settings, 50_000)
        build(disk_settings)  # a real build in this process: a new generation, published by swapping the link
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (len(seen) >= 3 and seen[-1][0] == 200):
            time.sleep(0.05)
        stop.set()
        poller.join()
        count = httpx.get(f"{server.url}/sparql", headers={"Accept": "text/csv"},
                          params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).text.split()
    finally:
        stop.set()
        server.stop()
    assert seen[0] == (200, "") and seen[-1] == (200, ""), seen
    assert (503, "a new publication of the store is being swapped in") in seen, seen
    assert count == ["n", str(23 + 50_000)]
    assert "serving the new publication" in (tmp_path / "server.log").read_text()


def test_a_backup_taken_while_writes_are_in_flight_holds_each_write_wholly_or_not_at_all(
        disk_settings: Settings, tmp_path: Path) -> None:
    server = Server(server_environment(disk_settings, KG_ADMIN_TOKEN=ADMIN), tmp_path / "server.log").start()
    accepted: list[str] = []
    stop = threading.Event()

    def write(writer: int) -> None:
        with httpx.Client(timeout=30) as client:
            number = 0
            while not stop.is_set():
                number += 1
                batch = f"{writer}-{number}"
                values = ", ".join(f'"{batch}-{part}"' for part in range(3))
                answer = client.post(f"{server.url}/update", headers=UPDATE, content=(
                    f"INSERT DATA {{ GRAPH <{LOAD}> {{ <http://ex/batch/{batch}> <http://ex/part> {values} }} }}"))
                if answer.status_code == 200:
                    accepted.append(batch)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    try:
        for writer in writers:
            writer.start()
        time.sleep(1.0)
        backed_up = kg(disk_settings, "backup", str(tmp_path / "backup"), KG_ADMIN_TOKEN=ADMIN,
                       KG_PORT=str(server.port))
        time.sleep(0.5)
    finally:
        stop.set()
        for writer in writers:
            writer.join()
        server.stop()
    assert backed_up.returncode == 0, backed_up.stderr
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    restored = kg(disk_settings, "restore", str(tmp_path / "backup"),
                  KG_STORE_PATH=str(tmp_path / "restored" / "store"))
    assert restored.returncode == 0, restored.stderr
    store = ox.Store.read_only(str(Publication(tmp_path / "restored" / "store").current()))
    parts: dict[str, int] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode("http://ex/part"), None, ox.NamedNode(LOAD)):
        parts[quad.subject.value] = parts.get(quad.subject.value, 0) + 1
    journal = Journal(tmp_path / "restored" / "journal")  # the audit is read from the restored journal
    audited = sum(1 for entry in journal.entries() if entry.operation == "update")
    assert len(store) == manifest["quads"]
    assert set(parts.values()) == {3}, parts  # every write wholly in, or not at all
    assert 0 < len(parts) < len(accepted) and audited == len(parts)  # writes went on after the copy


def test_the_json_log_has_one_line_per_request_and_never_a_query_or_a_token(disk_settings: Settings,
                                                                           tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    server = Server(server_environment(disk_settings, KG_LOG_FORMAT="json"), log).start()
    secret_query = "SELECT ?secret_variable WHERE { ?secret_variable ?p ?o } LIMIT 1"
    try:
        httpx.get(f"{server.url}/sparql", params={"query": secret_query}).raise_for_status()
        httpx.post(f"{server.url}/update", headers=UPDATE,
                   content=f"INSERT DATA {{ GRAPH <{LOAD}> {{ <http://ex/a> <http://ex/b> 'c' }} }}").raise_for_status()
        bad = httpx.get(f"{server.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
        httpx.get(f"{server.url}/healthz").raise_for_status()
    finally:
        server.stop()
    text = log.read_text()
    assert "secret_variable" not in text and TOKENS["ministry"] not in text
    entries = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    requests = [e for e in entries if e.get("event") == "request"]
    assert all({"time", "route", "status", "duration_ms", "request_id", "method"} <= e.keys() for e in requests)
    assert not any(e["route"] in ("/healthz", "/readyz") for e in requests)
    from api.observability.requests import query_hash

    query = [e for e in requests if e.get("query_hash") == query_hash(secret_query)]
    write = [e for e in requests if e["route"] == "/update"]
    refused = [e for e in requests if e["request_id"] == bad.headers["X-Request-ID"]]
    assert len(query) == 1 and query[0]["status"] == 200 and query[0]["route"] == "/sparql"
    assert len(write) == 1 and write[0]["client"] == "ministry" and "query_hash" in write[0]
    assert len(refused) == 1 and refused[0]["status"] == 400
    assert any(e["logger"].startswith("uvicorn") for e in entries)  # uvicorn's own lines are JSON too


def oxigraph(port: int, location: Path) -> subprocess.Popen:
    process = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}", "--location",
                                str(location)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/query", params={"query": "ASK {}"}, timeout=1).is_success:
                return process
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("oxigraph serve did not start")


def test_an_engine_outage_is_logged_once_when_it_goes_and_once_when_it_comes_back(disk_settings: Settings,
                                                                                  tmp_path: Path) -> None:
    port, location = free_port(), tmp_path / "engine"
    engine = oxigraph(port, location)
    base = f"http://127.0.0.1:{port}"
    httpx.post(f"{base}/store", params={"graph": "https://w3id.org/fikg/graph/tiny"}, timeout=30,
               content="<http://ex/s> <http://ex/p> <http://ex/o> .", headers={"Content-Type": "application/n-triples"})
    log = tmp_path / "server.log"
    server = Server(server_environment(disk_settings, KG_STORE="remote", KG_REMOTE_QUERY_URL=f"{base}/query",
                                       KG_REMOTE_UPDATE_URL=f"{base}/update", KG_REMOTE_TIMEOUT="5"), log).start()
    ask = {"query": "ASK { ?s ?p ?o }"}
    try:
        engine.terminate()
        engine.wait(10)
        answers = [httpx.get(f"{server.url}/sparql", params=ask, timeout=10) for _ in range(5)]
        engine = oxigraph(port, location)
        deadline = time.monotonic() + 30
        while httpx.get(f"{server.url}/sparql", params=ask, timeout=10).status_code != 200:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        server.stop()
        engine.kill()
        engine.wait()
    assert {a.status_code for a in answers} == {503}
    assert all(a.headers["Retry-After"] == "30" and str(port) not in a.text for a in answers)
    text = log.read_text()
    assert text.count("went away") == 1 and text.count("answers again") == 1
