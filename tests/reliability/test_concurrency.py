"""Concurrency: many readers and a few writers over HTTP against a running server, for a bounded time.

The invariant: every write inserts a *pair* of triples in one SPARQL Update, so every snapshot a
reader sees holds an even number of them; a reader never sees the count go down; at the end the
store holds exactly two triples per accepted write (none lost) and the audit (read from the journal) one
record each.
Every request must succeed. Throughput and latency percentiles are recorded for docs/reliability.md.
"""

from __future__ import annotations

import statistics
import threading
import time

import httpx
import pytest

from tests.reliability.conftest import AUTH, LONG, record_figures

SECONDS = 60 if LONG else 8
READERS, WRITERS = (16, 4) if LONG else (8, 2)
LOAD = "https://w3id.org/fikg/graph/load"
PAIRS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LOAD}> {{ ?s <http://ex/pair> ?o }} }}"
RECORDS = ("SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { GRAPH <https://w3id.org/fikg/graph/audit> { "
           "?w <https://w3id.org/fikg/audit#operation> 'update' } }")
JSON = {"Accept": "application/sparql-results+json"}


def count(client: httpx.Client, url: str, query: str) -> int:
    answer = client.get(f"{url}/sparql", params={"query": query}, headers=JSON)
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


class Tally:
    """What the threads saw, under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.read_latencies: list[float] = []
        self.write_latencies: list[float] = []
        self.accepted = 0
        self.failures: list[str] = []
        self.odd: list[int] = []
        self.backwards: list[tuple[int, int]] = []


def reader(url: str, stop: float, tally: Tally) -> None:
    last = 0
    with httpx.Client(timeout=30) as client:
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                seen = count(client, url, PAIRS)
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.failures.append(f"read: {exc!r}")
                continue
            with tally.lock:
                tally.read_latencies.append(time.monotonic() - started)
                if seen % 2:
                    tally.odd.append(seen)
                if seen < last:
                    tally.backwards.append((last, seen))
            last = seen


def writer(url: str, number: int, stop: float, tally: Tally) -> None:
    serial = 0
    with httpx.Client(timeout=60) as client:
        while time.monotonic() < stop:
            serial += 1
            pair = (f"<http://ex/w{number}-{serial}-a> <http://ex/pair> {serial} . "
                    f"<http://ex/w{number}-{serial}-b> <http://ex/pair> {serial} .")
            started = time.monotonic()
            answer = client.post(f"{url}/update", content=f"INSERT DATA {{ GRAPH <{LOAD}> {{ {pair} }} }}",
                                 headers={"Content-Type": "application/sparql-update", **AUTH})
            with tally.lock:
                if answer.status_code == 200:
                    tally.accepted += 1
                    tally.write_latencies.append(time.monotonic() - started)
                else:
                    tally.failures.append(f"write: {answer.status_code} {answer.text[:200]}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@pytest.mark.timeout(600)
def test_readers_see_consistent_snapshots_and_no_write_is_lost(start_server) -> None:
    # The default time limit: a 503 here would be the pool queueing readers, not a query running long.
    server = start_server(KG_QUERY_WORKERS="2", KG_QUERY_TIMEOUT="30")
    tally = Tally()
    started = time.monotonic()
    stop = started + SECONDS
    threads = [threading.Thread(target=reader, args=(server.url, stop, tally)) for _ in range(READERS)]
    threads += [threading.Thread(target=writer, args=(server.url, n, stop, tally)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads), "the load test must stop by itself"
    assert tally.failures == [], tally.failures[:5]
    assert tally.odd == [], f"a reader saw half a write: {tally.odd[:5]}"
    assert tally.backwards == [], f"a reader saw the data go back in time: {tally.backwards[:5]}"
    with httpx.Client(timeout=30) as client:
        assert count(client, server.url, PAIRS) == 2 * tally.accepted, "an accepted write was lost"
        assert count(client, server.url + "/audit", RECORDS) == tally.accepted, "an accepted write was not audited"
    assert tally.accepted > 0 and len(tally.read_latencies) > READERS
    requests = len(tally.read_latencies) + len(tally.write_latencies)
    record_figures("concurrency", {
        "seconds": round(elapsed, 1), "readers": READERS, "writers": WRITERS, "requests": requests,
        "reads": len(tally.read_latencies), "writes": tally.accepted, "failed": len(tally.failures),
        "throughput_per_s": round(requests / elapsed, 1),
        "read_p50_ms": round(1000 * statistics.median(tally.read_latencies), 1),
        "read_p95_ms": round(1000 * percentile(tally.read_latencies, 0.95), 1),
        "write_p50_ms": round(1000 * statistics.median(tally.write_latencies), 1),
        "write_p95_ms": round(1000 * percentile(tally.write_latencies, 0.95), 1),
        "odd_snapshots": 0, "lost_writes": 0})
