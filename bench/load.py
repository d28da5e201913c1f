"""The load generator: bounded in time and in count, to 127.0.0.1 only.

Each client is a thread with one keep-alive ``http.client`` connection (far lighter than an async
client, so on a small machine the generator takes little CPU from the server under test).
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from workload import JSON, Request

MAX_REQUESTS = 200_000  # per drive, whatever the time window
REQUEST_TIMEOUT = 120.0


@dataclass
class Outcome:
    """Completed requests per second, failures, and the latency of each request by name (ms)."""

    rate: float
    completed: int
    failures: int
    latencies: dict[str, list[float]] = field(default_factory=dict)


def _connect(url: str) -> tuple[http.client.HTTPConnection, str]:
    target = urlsplit(url)
    if target.hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"the load generator only talks to 127.0.0.1, not {target.hostname}")
    return http.client.HTTPConnection(target.hostname, target.port, timeout=REQUEST_TIMEOUT), target.path


def drive(url: str, requests: list[Request], seconds: float, concurrency: int) -> Outcome:
    """``concurrency`` clients cycle through ``requests`` for ``seconds`` (each starts at its own offset)."""
    _, path = _connect(url)
    prepared = [(path + "?" + urlencode({"query": r.sparql}), r.accept, r.name) for r in requests]
    counts, failures = [0] * concurrency, [0] * concurrency
    latencies: list[dict[str, list[float]]] = [{} for _ in range(concurrency)]
    stop = time.monotonic() + seconds
    budget = MAX_REQUESTS // concurrency

    def client(slot: int) -> None:
        connection, _ = _connect(url)
        index = slot * len(prepared) // concurrency
        try:
            while time.monotonic() < stop and counts[slot] + failures[slot] < budget:
                target, accept, name = prepared[index % len(prepared)]
                index += 1
                started = time.perf_counter()
                try:
                    connection.request("GET", target, headers={"Accept": accept})
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    failures[slot] += 1
                    connection.close()
                    connection, _ = _connect(url)
                    continue
                elapsed = 1000 * (time.perf_counter() - started)
                if response.status == 200:
                    counts[slot] += 1
                    latencies[slot].setdefault(name, []).append(elapsed)
                else:
                    failures[slot] += 1
        finally:
            connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(slot,), daemon=True) for slot in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 10)
    elapsed = time.monotonic() - started
    merged: dict[str, list[float]] = {}
    for per_client in latencies:
        for name, values in per_client.items():
            merged.setdefault(name, []).extend(values)
    return Outcome(sum(counts) / elapsed, sum(counts), sum(failures), merged)


def latency(url: str, requests: list[Request], seconds: float) -> dict[str, dict[str, float]]:
    """One client, one request at a time, every request at least once, then cycling for ``seconds``:
    p50/p95 (ms) per query name."""
    connection, path = _connect(url)
    times: dict[str, list[float]] = {}
    deadline = time.monotonic() + seconds
    index = 0
    try:
        while (index < len(requests) or time.monotonic() < deadline) and index < 20 * len(requests):
            request = requests[index % len(requests)]
            index += 1
            started = time.perf_counter()
            connection.request("GET", path + "?" + urlencode({"query": request.sparql}),
                               headers={"Accept": request.accept})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                times.setdefault(request.name, []).append(1000 * (time.perf_counter() - started))
    finally:
        connection.close()
    return summarise(times)


def summarise(latencies: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """p50, p95 and count per name."""
    result = {}
    for name, values in latencies.items():
        ordered = sorted(values)
        result[name] = {"p50": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1,
                                                                             int(0.95 * len(ordered)))],
                        "n": len(ordered)}
    return result


def answer_sizes(url: str, requests: list[Request]) -> dict[str, int]:
    """Rows (or result bytes for graphs) per query name, to check every server gives the same answers."""
    import httpx

    sizes = {}
    for request in requests:
        if request.name in sizes:
            continue
        response = httpx.get(url, params={"query": request.sparql}, headers={"Accept": request.accept},
                             timeout=REQUEST_TIMEOUT)
        response.raise_for_status()
        if request.accept == JSON:
            body = response.json()
            sizes[request.name] = len(body["results"]["bindings"]) if "results" in body else int(body["boolean"])
        else:
            sizes[request.name] = sum(1 for line in response.text.splitlines() if line.strip().endswith("."))
    return sizes
