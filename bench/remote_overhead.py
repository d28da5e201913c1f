"""Query overhead of the remote path against the embedded one: same data, same queries, same run.

    python3 bench/remote_overhead.py [--engine oxigraph|virtuoso] [--triples 100000] [--repeat 50]

Loads a generated graph into an embedded on-disk store and into an engine (on disk), then
times each query of a small mix through kg's Store interface on both (the remote goes over HTTP,
binds parameters by VALUES and parses the answer back into pyoxigraph objects). Prints a Markdown
table of median latencies.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox

from bench.remote_engine import ENGINES, LABELS, engine_server
from bench.remote_publish import BASE, GRAPH, ONT, generate
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
QUERIES: dict[str, tuple[str, dict]] = {
    "ASK {} (round trip)": ("ASK {}", {}),
    "labels of one entity (bound IRI)": (
        f"SELECT ?e ?label WHERE {{ ?e {LABEL} ?label }}", {"e": ox.NamedNode(f"{BASE}id/entity/e42")}),
    "entities per class (aggregate)": ("SELECT ?c (COUNT(?e) AS ?n) WHERE { ?e a ?c } GROUP BY ?c", {}),
    "1,000 rows": (f"SELECT ?e ?label WHERE {{ ?e {LABEL} ?label }} LIMIT 1000", {}),
    "10,000 rows": (f"SELECT ?e ?label WHERE {{ ?e {LABEL} ?label }} LIMIT 10000", {}),
    "CONSTRUCT 1,000 triples": (f"CONSTRUCT {{ ?e <{ONT}relatedTo> ?x }} "
                                f"WHERE {{ ?e <{ONT}relatedTo> ?x }} LIMIT 1000", {}),
}


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def consume(store: Store, sparql: str, bindings: dict) -> Callable[[], object]:
    def run() -> object:
        result = store.query(sparql, bindings)
        if result.kind == "select":
            return len(result.rows())
        return result.boolean if result.kind == "ask" else len(list(result.triples()))
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=ENGINES, default="oxigraph")
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH)) for t in generate(args.triples)]
    payload = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    with tempfile.TemporaryDirectory() as scratch, engine_server(args.engine) as server:
        embedded = EmbeddedStore(Path(scratch) / "store")
        embedded.add_quads(quads)
        remote = server.store(timeout=600)
        server.load_dataset(payload)
        assert embedded.count_triples() == remote.count_triples() == len(quads)
        print(f"{len(quads):,} triples, median of {args.repeat} runs, both stores on disk\n")
        print(f"| query | embedded (ms) | remote {LABELS[args.engine]} (ms) | overhead (ms) | ratio |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, (sparql, bindings) in QUERIES.items():
            local = median_ms(consume(embedded, sparql, bindings), args.repeat)
            far = median_ms(consume(remote, sparql, bindings), args.repeat)
            print(f"| {name} | {local:.2f} | {far:.2f} | {far - local:+.2f} | {far / local:.1f}× |")
        embedded.close()
        remote.close()


if __name__ == "__main__":
    main()
