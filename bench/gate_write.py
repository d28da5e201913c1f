"""One-entity writes through the gate on an on-disk store: latency of each kind of write.

    python3 bench/generate.py --triples 100000 --output /tmp/gen-100k.nt
    python3 bench/gate_write.py /tmp/gen-100k.nt /tmp/gate-store [--writes 7]

Bulk-loads the ontology and the generated graph into an on-disk store (once: an existing store is
reused), then times validated writes of one new entity each: Graph Store POST
(:func:`kg.writes.gate.add_to_graph`), ``INSERT DATA`` and an edit by ``DELETE/INSERT … WHERE``
(:func:`kg.writes.gate.apply_update`). The edit's WHERE clause is evaluated in a sandboxed query worker
(:class:`kg.query.executor.QueryExecutor`, as ``kg serve`` makes it); every write commits, so each edit
finds the workers' copy of the data one version old and starts a new one. Prints medians; the
"WHERE" column is the part of the edit spent getting its solutions from the worker.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.query.executor import QueryExecutor  # noqa: E402
from kg.settings import load_settings  # noqa: E402
from kg.store.embedded import EmbeddedStore  # noqa: E402
from kg.writes import gate  # noqa: E402

GRAPH = "https://w3id.org/fikg/graph/generated"
PREFIXES = """PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ID = "https://w3id.org/fikg/id/"


def entity(n: int) -> str:
    """Turtle triples of a new technology (as bench/measure.py writes one)."""
    return f"""<{ID}technology/gate-bench-{n}> a owl:NamedIndividual, fikg:Technology ;
    rdfs:label "gate bench technology {n}"@en, "闸门基准技术{n}"@zh ;
    skos:inScheme <{ID}concept-scheme/technologies> ;
    fikg:belongsToIndustry <{ID}industry/gen-00000-i1> ;
    fikg:sourceSentence <{ID}sentence/gen-00000-2-s1> ;
    fikg:sourceProvision <{ID}provision/gen-00000-2> ."""


def open_store(dataset: Path, path: Path) -> EmbeddedStore:
    fresh = not path.exists()
    store = EmbeddedStore(path)
    if fresh:
        started = time.perf_counter()
        for ttl in [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]:
            store.oxigraph().load(path=str(ttl), to_graph=ox.NamedNode(f"https://w3id.org/fikg/graph/ontology/{ttl.stem}"))
        store.oxigraph().bulk_load(path=str(dataset), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
        store.optimize()
        print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"{store.quad_count():,} quads in {path}", flush=True)
    return store


def timed(write: Callable[[], Callable[[], gate.WriteResult]]) -> float:
    """Seconds of one validated write (``write`` prepares it untimed and returns it)."""
    run = write()
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    assert result.report is not None and result.report.conforms
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("--writes", type=int, default=7)
    parser.add_argument("--only", help="only the kinds of write whose name holds this text")
    args = parser.parse_args()
    store = open_store(args.dataset, args.store)
    settings = load_settings(environ={}, project_dir=ROOT, store_path=args.store)
    counter = itertools.count(int(time.time() * 1000))  # new entities on every run of the same store
    executor = QueryExecutor(settings)
    spent: list[float] = []  # seconds in QueryExecutor.select during the timed writes
    select = executor.select

    def timed_select(*positional, **named):
        started = time.perf_counter()
        try:
            return select(*positional, **named)
        finally:
            spent.append(time.perf_counter() - started)

    executor.select = timed_select  # type: ignore[method-assign]

    def post() -> Callable[[], gate.WriteResult]:
        body = PREFIXES + entity(next(counter))
        return lambda: gate.add_to_graph(store, GRAPH, body, "text/turtle", settings)

    def insert_data() -> Callable[[], gate.WriteResult]:
        update = PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(next(counter))} }} }}"
        return lambda: gate.apply_update(store, update, settings, executor=executor)

    def edit() -> Callable[[], gate.WriteResult]:
        """The entity is written first (untimed); the timed write renames it."""
        n = next(counter)
        gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(n)} }} }}", settings,
                          executor=executor)
        update = PREFIXES + f"""DELETE {{ GRAPH ?g {{ ?t rdfs:label ?old }} }}
            INSERT {{ GRAPH ?g {{ ?t rdfs:label "renamed technology {n}"@en }} }}
            WHERE {{ BIND(<{ID}technology/gate-bench-{n}> AS ?t)
                     GRAPH ?g {{ ?t rdfs:label ?old FILTER(lang(?old) = "en") }} }}"""
        spent.clear()
        return lambda: gate.apply_update(store, update, settings, executor=executor)

    kinds = {"Graph Store POST": post, "INSERT DATA": insert_data, "DELETE/INSERT WHERE (edit)": edit}
    rows = []
    try:
        for name, write in kinds.items():
            if args.only and args.only not in name:
                continue
            timed(write)  # warm-up (shapes parsed, caches filled, workers started)
            times, wheres = [], []
            for _ in range(args.writes):
                spent.clear()
                times.append(timed(write))
                wheres.append(sum(spent))
            rows.append((name, statistics.median(times), statistics.median(wheres)))
            print(f"{name}: median {rows[-1][1]:.3f} s {sorted(round(t, 3) for t in times)}; "
                  f"in the worker {rows[-1][2]:.3f} s", flush=True)
    finally:
        executor.close()
    print(f"\n| write at {store.quad_count():,} quads (on disk) | s (median) | of which WHERE in a worker |")
    print("|---|---|---|")
    for name, seconds, where in rows:
        print(f"| {name} | {seconds:.3f} | {where:.3f} |")
    store.close()


if __name__ == "__main__":
    main()
