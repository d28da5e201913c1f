"""Crash safety: kill -9 at random moments, then the store holds exactly the old or the new state.

Two kinds of crash, each repeated (5 times by default, 50 with KG_LONG_TESTS=1):

- the server is killed while a large Graph Store PUT is in flight; after a restart the graph
  holds exactly the previous version or exactly the new one (every triple carries its version),
  the audit (read from the journal) holds a record for exactly the writes that were committed, and the store opens
  without repair;
- ``kg build`` is killed while it builds and publishes; the published store is exactly the
  previous build or exactly the new one, and the next build succeeds.
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from kg.settings import Settings
from kg.store.live import open_store
from kg.store.publication import Publication
from tests.reliability.conftest import AUTH, LONG, ROOT, record_figures, server_environment

ROUNDS = 50 if LONG else 5
TRIPLES = 5_000  # a large write (about 250 kB of Turtle): long enough to be killed in the middle
BULK = "https://w3id.org/fikg/graph/bulk"
VERSIONS = f"SELECT ?v (COUNT(*) AS ?n) WHERE {{ GRAPH <{BULK}> {{ ?s <http://ex/version> ?v }} }} GROUP BY ?v"
AUDITED = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/fikg/graph/audit> { "
           f"?w <https://w3id.org/fikg/audit#operation> 'put' ; <http://www.w3.org/ns/prov#generated> ?c . "
           f"?c <https://w3id.org/fikg/audit#graph> <{BULK}> }} }}")


def payload(version: int) -> bytes:
    return "".join(f"<http://ex/s{i}> <http://ex/version> {version} .\n" for i in range(TRIPLES)).encode()


def versions(server_url: str) -> dict[int, int]:
    answer = httpx.get(f"{server_url}/sparql", params={"query": VERSIONS}, timeout=30,
                       headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    rows = answer.json()["results"]["bindings"]
    return {int(r["v"]["value"]): int(r["n"]["value"]) for r in rows}


def audited(server_url: str) -> int:
    answer = httpx.get(f"{server_url}/audit/sparql", params={"query": AUDITED}, timeout=30,
                       headers={"Accept": "application/sparql-results+json"})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def put(server_url: str, version: int) -> httpx.Response:
    return httpx.put(f"{server_url}/store", params={"graph": BULK}, content=payload(version), timeout=120,
                     headers={"Content-Type": "text/turtle", **AUTH})


@pytest.mark.timeout(1800)
def test_killing_the_server_during_a_large_write_keeps_old_or_new(start_server, disk_settings: Settings) -> None:
    rng = random.Random(11)
    server = start_server()
    started = time.monotonic()
    assert put(server.url, 0).status_code in (201, 204)
    duration = time.monotonic() - started  # how long one large write takes end to end
    committed, outcomes = 0, {"old": 0, "new": 0}
    current = 0
    for version in range(1, ROUNDS + 1):
        thread = threading.Thread(target=_quietly, args=(put, server.url, version), daemon=True)
        thread.start()
        time.sleep(rng.uniform(duration * 0.4, duration * 1.5))  # before, during or just after the commit
        server.kill()
        thread.join(timeout=30)
        server = start_server()  # reopens the on-disk store: no manual repair
        seen = versions(server.url)
        assert seen in ({current: TRIPLES}, {version: TRIPLES}), f"a mix after the kill: {seen}"
        if seen == {version: TRIPLES}:
            current, outcome = version, "new"
        else:
            outcome = "old"
        outcomes[outcome] += 1
        committed = 1 + outcomes["new"]
        assert audited(server.url) == committed, "the audit must hold exactly the committed writes"
    record_figures("crash-server", {"kills": ROUNDS, "old": outcomes["old"], "new": outcomes["new"],
                                    "triples_per_write": TRIPLES, "write_seconds": round(duration, 2),
                                    "data_lost": 0})


def _quietly(function, *args) -> None:
    with contextlib.suppress(httpx.TransportError):  # the server was killed under it
        function(*args)


def data_triples(settings: Settings) -> set[str]:
    store = open_store(settings, read_only=True)
    try:
        rows = store.select("SELECT ?s ?o WHERE { GRAPH ?g { ?s <http://ex/edition> ?o } }")
        return {f"{r['s'].value} {r['o'].value}" for r in rows}
    finally:
        store.close()


def edition(project: Path, number: int) -> set[str]:
    """Write data/edition.ttl for edition ``number``; the triples it gives."""
    lines = [f"<http://ex/e{i}> <http://ex/edition> {number} ." for i in range(200 + number % 3)]
    (project / "data" / "edition.ttl").write_text("\n".join(lines) + "\n")
    return {f"http://ex/e{i} {number}" for i in range(200 + number % 3)}


def kg_build(settings: Settings) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from cli.main import main; main()", "build"],
                            env=server_environment(settings), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


@pytest.mark.timeout(600)
def test_killing_kg_build_during_publish_keeps_old_or_new(disk_settings: Settings) -> None:
    rng = random.Random(104)
    project = disk_settings.project_dir
    published = edition(project, 0)
    started = time.monotonic()
    assert kg_build(disk_settings).wait(timeout=120) == 0
    duration = time.monotonic() - started
    assert data_triples(disk_settings) == published
    outcomes = {"old": 0, "new": 0, "finished": 0}
    for number in range(1, ROUNDS + 1):
        fresh = edition(project, number)
        process = kg_build(disk_settings)
        time.sleep(rng.uniform(duration * 0.5, duration * 1.05))  # after the imports: load, validate, publish
        killed = process.poll() is None
        process.kill()
        process.wait()
        seen = data_triples(disk_settings)  # opens without repair
        assert seen in (published, fresh), "a mix of two builds was published"
        if seen == fresh:
            published = fresh
        outcomes["new" if seen == fresh else "old"] += 1
        outcomes["finished"] += not killed
    generations = [p for p in Publication(disk_settings.resolved_store_path).root.iterdir() if p.is_dir()]
    final = edition(project, ROUNDS + 1)
    assert kg_build(disk_settings).wait(timeout=120) == 0, "a build after the kills must succeed"
    assert data_triples(disk_settings) == final
    record_figures("crash-build", {"kills": ROUNDS, **outcomes, "build_seconds": round(duration, 2),
                                   "generations_left_before_rebuild": len(generations), "data_lost": 0})
