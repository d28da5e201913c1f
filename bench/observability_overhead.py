"""What request ids, metrics and request logs cost: throughput with and without them, side by side.

Run by hand (not part of the test suite), from the checkout to measure:

    python3 bench/observability_overhead.py --baseline /path/to/checkout/without/it
    python3 bench/observability_overhead.py --baseline ../main --triples 20000 --seconds 4 --rounds 5

Servers, all over one on-disk store opened read-only, on 127.0.0.1 and free ports, started and stopped here:
  baseline      uvicorn over the ``--baseline`` checkout (no observability layer at all)
  metrics-off   this checkout with KG_METRICS=false (request ids and error logs only)
  full          this checkout as shipped (request ids, Prometheus counters and latency histograms)
  json-logs     this checkout with KG_LOG_FORMAT=json (a JSON line per request on top; opt-in)
Two workloads: ``cheap`` (``ASK {}`` and a one-row SELECT: the framework's share is largest, so the
overhead is) and ``mix`` (bench/http_throughput.py's eight queries). Each round drives every server
in turn (rotating order) with ``--concurrency`` keep-alive clients for ``--seconds``; the figure is
the median of the rounds' requests per second; the overhead is the median over rounds of each
round's ratio to ``baseline`` in the same round (paired, so drifts in background load cancel).

On a shared machine throughput swings by tens of percent between rounds; the steadier figure is the
CPU time the server's processes (uvicorn, its zygote and query workers: its whole session) spend per
answered request, also a median over rounds. That is what limits throughput on a busy machine, and
what the observability layer adds to. ``--layer`` measures the layer alone instead, in this process:
the time :class:`api.observability.requests.RequestObserver` adds to one request around an ASGI app
that answers at once (best of several repeats, which filters out other processes' load); divide it
by the server's CPU time per request for the overhead.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_throughput import PREFIXES, QUERIES, free_port, generate, kg_env, kg_project, stop

ROOT = Path(__file__).resolve().parent.parent
CHEAP = [("application/sparql-results+json", "ASK {}"),
         ("application/sparql-results+json", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")]


def variants(baseline: Path) -> dict[str, tuple[Path, dict[str, str]]]:
    return {"baseline": (baseline, {}), "metrics-off": (ROOT, {"KG_METRICS": "false"}), "full": (ROOT, {}),
            "json-logs": (ROOT, {"KG_LOG_FORMAT": "json"})}


def drive(port: int, requests: list[tuple[str, str]], seconds: float, concurrency: int) -> float:
    """Requests per second completed by ``concurrency`` keep-alive clients cycling through ``requests``."""
    paths = [("/sparql?" + urlencode({"query": query}), accept) for accept, query in requests]
    counts = [0] * concurrency
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        index = slot
        try:
            while time.monotonic() < stop:
                path, accept = paths[index % len(paths)]
                index += 1
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                counts[slot] += response.status == 200
        finally:
            connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def session_cpu(session: int) -> float:
    """CPU seconds (user + system) of every live process in ``session`` (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # fields after the name: state ppid pgrp session … utime(11) stime(12)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str], root: Path) -> Iterator[int]:
    """A server run from ``root`` (``python -m`` puts the working directory first on the import path)."""
    process = subprocess.Popen(command, cwd=root, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/sparql?query=ASK%7B%7D")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"the server from {root} did not start")
            time.sleep(0.2)
        yield process.pid
    finally:
        stop(process)


def layer_cost(calls: int = 20_000, repeats: int = 7) -> None:
    """Microseconds the request observer adds per request (metrics on; and with JSON request lines)."""
    import asyncio
    import logging

    sys.path.insert(0, str(ROOT))
    from api.observability.logs import JsonFormatter
    from api.observability.metrics import HttpMetrics
    from api.observability.requests import RequestObserver
    from kg import telemetry

    sink = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 (lives as long as the process)
    sink.setFormatter(JsonFormatter())
    logging.getLogger("api.requests").addHandler(sink)
    logging.getLogger("api.requests").setLevel(logging.INFO)
    logging.getLogger("api.requests").propagate = False
    route = type("Route", (), {"path": "/sparql"})()
    start = {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
    body = {"type": "http.response.body", "body": b"ok"}

    async def app(scope, receive, send) -> None:
        scope["route"] = route
        await send(start)
        await send(body)

    async def send(message) -> None:
        return None

    async def receive() -> dict:
        return {"type": "http.request"}

    def scope() -> dict:
        return {"type": "http", "method": "GET", "path": "/sparql", "query_string": b"query=ASK%7B%7D",
                "headers": [(b"host", b"127.0.0.1"), (b"accept", b"application/sparql-results+json"),
                            (b"user-agent", b"bench")]}

    async def run(layer) -> float:
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            for _ in range(calls):
                await layer(scope(), receive, send)
            best = min(best, (time.perf_counter() - started) / calls)
        return best

    async def query() -> None:
        return None

    async def queries(door) -> float:
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            for _ in range(calls):
                await door()
            best = min(best, (time.perf_counter() - started) / calls)
        return best

    timed = 1e6 * (asyncio.run(queries(telemetry.timed(query))) - asyncio.run(queries(query)))
    print(f"{'query timing (executor)':24} +{timed:5.1f} µs per query")
    bare = asyncio.run(run(app))
    for name, layer in (("request ids only", RequestObserver(app)),
                        ("request ids + metrics", RequestObserver(app, metrics=HttpMetrics())),
                        ("+ JSON request lines", RequestObserver(app, metrics=HttpMetrics(), log_requests=True))):
        print(f"{name:24} +{1e6 * (asyncio.run(run(layer)) - bare):5.1f} µs per request "
              f"(the bare app: {1e6 * bare:.1f} µs)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, help="a checkout without the observability layer")
    parser.add_argument("--layer", action="store_true", help="measure the layer alone, in this process")
    parser.add_argument("--triples", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="query workers per server")
    args = parser.parse_args(argv)
    if args.layer:
        return layer_cost()
    if args.baseline is None:
        parser.error("--baseline is required (or --layer)")
    with tempfile.TemporaryDirectory(prefix="kg-overhead-") as directory, ExitStack() as stack:
        scratch = Path(directory)
        project = kg_project(scratch, generate(args.triples))
        store = str(scratch / "store")
        env = kg_env(project, store, args.workers)
        subprocess.run([sys.executable, "-c", "from cli.main import main; main()", "build"], cwd=ROOT, check=True,
                       env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ports, sessions = {}, {}
        for name, (root, extra) in variants(args.baseline.resolve()).items():
            port = free_port()
            command = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "127.0.0.1",
                       "--port", str(port), "--log-level", "warning", "--no-access-log"]
            server_env = {**env, "KG_READ_ONLY": "true", "PYTHONPATH": str(root), **extra}
            sessions[name] = stack.enter_context(serving(command, port, server_env, root))
            ports[name] = port
        mix = [(accept, PREFIXES + query) for _, accept, query in QUERIES]
        print(f"{args.triples} triples, concurrency {args.concurrency}, {args.rounds} x {args.seconds:g} s, "
              f"{os.cpu_count()} CPUs")
        for workload, requests in (("cheap", CHEAP), ("mix", mix)):
            rates: dict[str, list[float]] = {name: [] for name in ports}
            costs: dict[str, list[float]] = {name: [] for name in ports}
            names = list(ports)
            for number in range(args.rounds):
                for name in names[number % len(names):] + names[:number % len(names)]:
                    before = session_cpu(sessions[name])
                    rate = drive(ports[name], requests, args.seconds, args.concurrency)
                    rates[name].append(rate)
                    costs[name].append(1e6 * (session_cpu(sessions[name]) - before) / (rate * args.seconds))
            for name in names:
                median, cost = statistics.median(rates[name]), statistics.median(costs[name])
                # paired: each round's figure against the baseline's in the same round, then the median
                rate_ratio = statistics.median(r / b for r, b in zip(rates[name], rates["baseline"], strict=True))
                cost_ratio = statistics.median(c / b for c, b in zip(costs[name], costs["baseline"], strict=True))
                print(f"{workload:5} {name:12} {median:8.1f} req/s {100 * (rate_ratio - 1):+6.1f} %  "
                      f"server CPU {cost:7.0f} µs/req {100 * (cost_ratio - 1):+6.1f} %   "
                      f"rounds {', '.join(f'{v:.0f}' for v in rates[name])} req/s; "
                      f"{', '.join(f'{v:.0f}' for v in costs[name])} µs")


if __name__ == "__main__":
    main()
