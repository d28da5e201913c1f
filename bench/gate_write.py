"""One-entity writes through the gate at ~1M triples: the live-store delta path against the staged copy.

    python3 bench/generate.py --triples 1000000 --output /tmp/gen-1m.nt
    python3 bench/gate_write.py /tmp/gen-1m.nt /tmp/gate-store [--writes 5] [--copy-writes 3]

Bulk-loads the ontology and the generated graph into an on-disk store (once: an existing store is
reused), then times, in one run on the same store, validated writes of one new entity each way:
Graph Store POST (:func:`kg.gate.add_to_graph`), ``INSERT DATA`` and an edit by
``DELETE/INSERT … WHERE`` (:func:`kg.gate.apply_update`). "copy" forces the staged-copy path the
gate used before (a copy of the whole store, the update run on it, the two stores diffed). Prints
medians and the ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg import gate  # noqa: E402
from kg.embedded import EmbeddedStore  # noqa: E402
from kg.settings import load_settings  # noqa: E402

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
            store.engine.load(path=str(ttl), to_graph=ox.NamedNode(f"https://w3id.org/fikg/graph/ontology/{ttl.stem}"))
        store.engine.bulk_load(path=str(dataset), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
        store.optimize()
        print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"{len(store.engine):,} quads in {path}", flush=True)
    return store


_PATHS = {"live": (gate._update_delta, gate._exact_overlay), "copy": ((lambda *_: None), (lambda *_: False))}


@contextlib.contextmanager
def staged_copy_path() -> Iterator[None]:
    """The gate as it was: every write staged on a copy of the whole store."""
    gate._update_delta, gate._exact_overlay = _PATHS["copy"]
    try:
        yield
    finally:
        gate._update_delta, gate._exact_overlay = _PATHS["live"]


@contextlib.contextmanager
def live_store_path() -> Iterator[None]:
    """The gate as it is (inside :func:`staged_copy_path` too: an untimed preparation)."""
    saved = gate._update_delta, gate._exact_overlay
    gate._update_delta, gate._exact_overlay = _PATHS["live"]
    try:
        yield
    finally:
        gate._update_delta, gate._exact_overlay = saved


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
    parser.add_argument("--writes", type=int, default=5)
    parser.add_argument("--copy-writes", type=int, default=3)
    parser.add_argument("--only", help="only the kinds of write whose name holds this text")
    args = parser.parse_args()
    store = open_store(args.dataset, args.store)
    settings = load_settings(environ={}, project_dir=ROOT, store_path=args.store)
    counter = itertools.count(int(time.time() * 1000))  # new entities on every run of the same store

    def post() -> Callable[[], gate.WriteResult]:
        body = PREFIXES + entity(next(counter))
        return lambda: gate.add_to_graph(store, GRAPH, body, "text/turtle", settings)

    def insert_data() -> Callable[[], gate.WriteResult]:
        update = PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(next(counter))} }} }}"
        return lambda: gate.apply_update(store, update, settings)

    def edit() -> Callable[[], gate.WriteResult]:
        """The entity is written first (untimed); the timed write renames it."""
        n = next(counter)
        with live_store_path():
            gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(n)} }} }}", settings)
        update = PREFIXES + f"""DELETE {{ GRAPH ?g {{ ?t rdfs:label ?old }} }}
            INSERT {{ GRAPH ?g {{ ?t rdfs:label "renamed technology {n}"@en }} }}
            WHERE {{ BIND(<{ID}technology/gate-bench-{n}> AS ?t)
                     GRAPH ?g {{ ?t rdfs:label ?old FILTER(lang(?old) = "en") }} }}"""
        return lambda: gate.apply_update(store, update, settings)

    kinds = {"Graph Store POST": post, "INSERT DATA": insert_data, "DELETE/INSERT WHERE (edit)": edit}
    rows = []
    for name, write in kinds.items():
        if args.only and args.only not in name:
            continue
        timed(write)  # warm-up (shapes parsed, caches filled)
        delta = [timed(write) for _ in range(args.writes)]
        with staged_copy_path():
            copy = [timed(write) for _ in range(args.copy_writes)]
        rows.append((name, statistics.median(delta), statistics.median(copy)))
        print(f"{name}: live-store delta median {rows[-1][1]:.3f} s {sorted(round(t, 3) for t in delta)}; "
              f"staged copy median {rows[-1][2]:.1f} s {sorted(round(t, 1) for t in copy)}", flush=True)
    print(f"\n| write at {len(store.engine):,} quads (on disk) | live-store delta s | staged copy s | ratio |")
    print("|---|---|---|---|")
    for name, delta, copy in rows:
        print(f"| {name} | {delta:.3f} | {copy:.1f} | {copy / delta:.0f}× |")
    store.close()


if __name__ == "__main__":
    main()
