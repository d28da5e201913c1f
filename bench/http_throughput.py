"""HTTP throughput of the SPARQL endpoint against its peers, on the same data and query mix.

Run by hand (not part of the test suite):

    python3 bench/http_throughput.py                 # ~100k triples, concurrency 8, 3 rounds of 10 s
    python3 bench/http_throughput.py --triples 20000 --seconds 5 --rounds 1 --only kg-disk oxigraph-disk

Servers, each on 127.0.0.1 and a free port, started and stopped here:
  kg-disk / kg-memory            this project's API (uvicorn) over an on-disk / in-memory store
  oxigraph-disk / oxigraph-memory the Oxigraph server (``oxigraph serve``, PyPI package ``oxigraph``)
  rdflib-endpoint                 the Python peer (PyPI ``rdflib-endpoint``), in memory
All see the same triples in one named graph with the union of graphs as the default graph, and
answer the same 8 queries (``QUERIES``); the answer sizes printed per server let runs be compared.
All servers run at once; each round drives every server in turn (rotating order) with
``--concurrency`` parallel keep-alive clients cycling through the mix for ``--seconds``. The figure
is completed requests per second, median of the rounds (rdflib-endpoint: one round of twice the time).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/fikg/"
GRAPH = BASE + "graph/bench"
PREFIXES = ("PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX id: <https://w3id.org/fikg/id/>\n")
JSON, TURTLE = "application/sparql-results+json", "text/turtle"

QUERIES: list[tuple[str, str, str]] = [  # (name, accept, query)
    ("count-by-class", JSON, "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"),
    ("technologies-of-industry", JSON, "SELECT ?t ?label WHERE { ?t fikg:industry <https://w3id.org/fikg/id/"
     "industry/i3> ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?label"),
    ("targets-due-2030", JSON, "SELECT ?target ?value ?industry_label WHERE { ?target fikg:year 2030 ; "
     "fikg:value ?value ; fikg:industry ?i . ?i rdfs:label ?industry_label FILTER(LANG(?industry_label) = 'zh') }"
     " ORDER BY DESC(?value) LIMIT 50"),
    ("agencies-by-label", JSON, "SELECT DISTINCT ?agency ?agency_label WHERE { ?t rdfs:label ?l "
     "FILTER(CONTAINS(?l, 'technology 12')) ?t fikg:agency ?agency . ?agency rdfs:label ?agency_label } LIMIT 100"),
    ("busiest-agencies", JSON, "SELECT ?agency (COUNT(?m) AS ?n) WHERE { ?m fikg:responsible ?agency } "
     "GROUP BY ?agency ORDER BY DESC(?n) LIMIT 10"),
    ("ask-coverage", JSON, "ASK { ?t fikg:industry <https://w3id.org/fikg/id/industry/i7> ; "
     "fikg:agency <https://w3id.org/fikg/id/agency/a12> }"),
    ("describe-technology", TURTLE, "DESCRIBE <https://w3id.org/fikg/id/technology/t42>"),
    ("measures-of-section", JSON, "SELECT ?m ?label ?technology_label WHERE { ?m fikg:section 7 ; rdfs:label ?label "
     "FILTER(LANG(?label) = 'en') OPTIONAL { ?m fikg:supports ?t . ?t rdfs:label ?technology_label "
     "FILTER(LANG(?technology_label) = 'en') } } ORDER BY ?m LIMIT 100"),
]


def generate(triples: int) -> str:
    """Deterministic N-Triples of about ``triples`` triples: industries, technologies, agencies, measures, targets."""
    scale = triples / 100_000
    counts = {"industry": 25, "agency": 150, "technology": int(3000 * scale), "measure": int(7400 * scale),
              "target": int(6800 * scale)}
    onto, ids, label = BASE + "ontology#", BASE + "id/", "http://www.w3.org/2000/01/rdf-schema#label"
    kind = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"<{s}> <{p}> {o} .")

    def entity(name: str, prefix: str, i: int, cls: str) -> str:
        iri = f"{ids}{name}/{prefix}{i}"
        add(iri, kind, f"<{onto}{cls}>")
        add(iri, label, f'"{name} {i}"@en')
        add(iri, label, f'"{name}{i}号"@zh')
        return iri

    for i in range(counts["industry"]):
        entity("industry", "i", i, "Industry")
    for i in range(counts["agency"]):
        entity("agency", "a", i, "Agency")
    for i in range(counts["technology"]):
        t = entity("technology", "t", i, "Technology")
        add(t, onto + "industry", f"<{ids}industry/i{i % counts['industry']}>")
        add(t, onto + "agency", f"<{ids}agency/a{(i * 7) % counts['agency']}>")
    for i in range(counts["measure"]):
        m = entity("measure", "m", i, "Measure")
        add(m, onto + "supports", f"<{ids}technology/t{(i * 13) % counts['technology']}>")
        add(m, onto + "responsible", f"<{ids}agency/a{(i * i) % counts['agency']}>")
        add(m, onto + "section", f'"{i % 40}"^^<{xsd}integer>')
    for i in range(counts["target"]):
        t = f"{ids}target/g{i}"
        add(t, kind, f"<{onto}Target>")
        add(t, onto + "year", f'"{2025 + i % 11}"^^<{xsd}integer>')
        add(t, onto + "value", f'"{(i * 37) % 1000}.5"^^<{xsd}decimal>')
        add(t, onto + "industry", f"<{ids}industry/i{i % counts['industry']}>")
        add(t, onto + "measure", f"<{ids}measure/m{(i * 3) % counts['measure']}>")
        add(t, label, f'"target {i}"@en')
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Terminate the process (and so its workers), kill it if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(command: list[str], probe: str, *, env: dict[str, str] | None = None,
            startup: float = 300) -> Iterator[None]:
    """Start a server process, wait until ``probe`` answers 2xx (bounded), stop it afterwards."""
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + startup
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited with {process.returncode} before answering")
            try:
                if httpx.get(probe, timeout=5).is_success:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"{command[0]} did not answer within {startup:g} s")
        yield
    finally:
        stop(process)


def kg_project(scratch: Path, data: str) -> Path:
    project = scratch / "project"
    (project / "data").mkdir(parents=True)
    (project / "ontology").mkdir()
    (project / "data" / "bench.ttl").write_text(data, encoding="utf-8")  # N-Triples is Turtle
    return project


def kg_env(project: Path, store_path: str, workers: int) -> dict[str, str]:
    return {"KG_PROJECT_DIR": str(project), "KG_STORE_PATH": store_path, "KG_VALIDATE": "false",
            "KG_REASONING": "false", "KG_QUERY_WORKERS": str(workers), "KG_LOG_LEVEL": "warning",
            "PYTHONPATH": str(ROOT)}


@contextmanager
def server(name: str, scratch: Path, data_file: Path, project: Path, workers: int) -> Iterator[str]:
    """Start the named server over the benchmark data; yield its query URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if name == "kg-disk":
        env = kg_env(project, str(scratch / "kg-store"), workers)
        build = [sys.executable, "-c", "from cli.main import main; main()", "build"]
        subprocess.run(build, env={**os.environ, **env}, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        command = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "127.0.0.1",
                   "--port", str(port), "--log-level", "warning", "--no-access-log"]
        with running(command, f"{base}/sparql?query=ASK%7B%7D", env=env):
            yield f"{base}/sparql"
    elif name == "kg-memory":
        env = kg_env(project, ":memory:", workers)
        command = [sys.executable, __file__, "serve-memory", "--port", str(port)]
        with running(command, f"{base}/sparql?query=ASK%7B%7D", env=env):
            yield f"{base}/sparql"
    elif name.startswith("oxigraph"):
        command = [oxigraph, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        if name == "oxigraph-disk":
            location = scratch / "oxigraph-store"
            subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(data_file),
                            "--graph", GRAPH], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            command += ["--location", str(location)]
        with running(command, f"{base}/query?query=ASK%7B%7D"):
            if name == "oxigraph-memory":
                httpx.post(f"{base}/store", params={"graph": GRAPH}, content=data_file.read_bytes(),
                           headers={"Content-Type": "application/n-triples"}, timeout=300).raise_for_status()
            yield f"{base}/query"
    elif name == "rdflib-endpoint":
        binary = shutil.which("rdflib-endpoint") or str(Path(sys.executable).parent / "rdflib-endpoint")
        command = [binary, "serve", str(data_file), "--host", "127.0.0.1", "--port", str(port)]
        with running(command, f"{base}/?query=ASK%7B%7D", startup=600):
            yield f"{base}/"  # rdflib-endpoint 0.6 answers SPARQL at the root path
    else:
        raise SystemExit(f"unknown server {name}")


def drive(url: str, seconds: float, concurrency: int) -> tuple[float, int, float]:
    """Requests per second completed by ``concurrency`` clients cycling through the mix, the failed
    requests, and the client's own CPU time per request in ms.

    Each client is a thread with one keep-alive ``http.client`` connection: far lighter than an
    async httpx client, so on a small machine the load generator takes little CPU from the server.
    """
    target = urlsplit(url)
    requests = [(target.path + "?" + urlencode({"query": PREFIXES + query}), accept) for _, accept, query in QUERIES]
    counts = [0] * concurrency
    failures = [0] * concurrency
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=300)
        index = slot
        try:
            while time.monotonic() < stop:
                path, accept = requests[index % len(requests)]
                index += 1
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    counts[slot] += 1
                else:
                    failures[slot] += 1
        finally:
            connection.close()

    started, cpu = time.monotonic(), time.process_time()
    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    done = sum(counts)
    return done / elapsed, sum(failures), 1000 * cpu / max(done, 1)


def check_answers(url: str) -> list[int]:
    """The size of each query's answer, so runs can be compared across servers."""
    sizes = []
    for _, accept, query in QUERIES:
        response = httpx.get(url, params={"query": PREFIXES + query}, headers={"Accept": accept}, timeout=300)
        response.raise_for_status()
        if accept == JSON:
            body = response.json()
            sizes.append(len(body["results"]["bindings"]) if "results" in body else int(body["boolean"]))
        else:
            sizes.append(len([line for line in response.text.splitlines() if line.strip()]) and 1)
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="run", choices=["run", "serve-memory"])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=0, help="kg query workers (0: one per CPU)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=["kg-disk", "oxigraph-disk", "kg-memory", "oxigraph-memory",
                                                     "rdflib-endpoint"])
    args = parser.parse_args(argv)
    if args.command == "serve-memory":
        return serve_memory(args.port)
    with tempfile.TemporaryDirectory(prefix="kg-http-bench-") as directory:
        scratch = Path(directory)
        data = generate(args.triples)
        data_file = scratch / "bench.nt"
        data_file.write_text(data, encoding="utf-8")
        project = kg_project(scratch, data)
        print(f"{data.count(chr(10))} triples, {len(QUERIES)} queries, concurrency {args.concurrency}, "
              f"{args.rounds} x {args.seconds:g} s, {os.cpu_count()} CPUs")
        results = measure(args, scratch, data_file, project)
        for mode in ("disk", "memory"):
            ours, peer = results.get(f"kg-{mode}"), results.get(f"oxigraph-{mode}")
            if ours and peer:
                print(f"kg-{mode} / oxigraph-{mode}: {ours / peer:.2f}x")
        if results.get("kg-memory") and results.get("rdflib-endpoint"):
            print(f"kg-memory / rdflib-endpoint: {results['kg-memory'] / results['rdflib-endpoint']:.1f}x")
    return None


def measure(args: argparse.Namespace, scratch: Path, data_file: Path, project: Path) -> dict[str, float]:
    """Start every server, then run the rounds interleaved (each round visits every server, in a
    rotating order), so a change in background load hits all of them alike. Median per server."""
    with ExitStack() as stack:
        urls = {name: stack.enter_context(server(name, scratch, data_file, project, args.workers))
                for name in args.only}
        sizes = {name: check_answers(url) for name, url in urls.items()}
        rates: dict[str, list[float]] = {name: [] for name in urls}
        client_cpu: dict[str, list[float]] = {name: [] for name in urls}
        for round_number in range(args.rounds):
            order = list(urls)[round_number % len(urls):] + list(urls)[:round_number % len(urls)]
            for name in order:
                if name == "rdflib-endpoint" and rates[name]:
                    continue  # the slow peer: one long round is enough
                seconds = args.seconds * (2 if name == "rdflib-endpoint" else 1)
                rate, errors, cpu = drive(urls[name], seconds, args.concurrency)
                rates[name].append(rate)
                client_cpu[name].append(cpu)
                if errors:
                    print(f"  {name}: {errors} failed requests")
        results = {}
        for name in urls:
            results[name] = statistics.median(rates[name])
            print(f"{name:16} {results[name]:8.2f} req/s  rounds {', '.join(f'{r:.2f}' for r in rates[name])}"
                  f"  client CPU {statistics.median(client_cpu[name]):.2f} ms/req  answer sizes {sizes[name]}")
        return results


def serve_memory(port: int) -> None:
    """Serve the project named by KG_PROJECT_DIR from an in-memory store (used by the kg-memory run)."""
    import uvicorn

    sys.path.insert(0, str(ROOT))
    from api.main import create_app
    from kg.build.pipeline import build
    from kg.settings import load_settings
    from kg.store.embedded import EmbeddedStore

    settings = load_settings()
    store = EmbeddedStore(None)
    build(settings, store=store)
    uvicorn.run(create_app(settings, store=store), host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
