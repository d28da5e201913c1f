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


@contextlib.contextmanager
def staged_copy_path() -> Iterator[None]:
    """The gate as it was: every write staged on a copy of the whole store."""
    update_delta, exact = gate._update_delta, gate._exact_overlay
    gate._update_delta, gate._exact_overlay = (lambda *_: None), (lambda *_: False)
    try:
        yield
    finally:
        gate._update_delta, gate._exact_overlay = update_delta, exact


def timed(write: Callable[[], gate.WriteResult]) -> float:
    started = time.perf_counter()
    result = write()
    seconds = time.perf_counter() - started
    assert result.report is not None and result.report.conforms
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("--writes", type=int, default=5)
    parser.add_argument("--copy-writes", type=int, default=3)
    args = parser.parse_args()
    store = open_store(args.dataset, args.store)
    settings = load_settings(environ={}, project_dir=ROOT, store_path=args.store)
    counter = iter(range(10**6))

    def post() -> gate.WriteResult:
        return gate.add_to_graph(store, GRAPH, PREFIXES + entity(next(counter)), "text/turtle", settings)

    def insert_data() -> gate.WriteResult:
        return gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(next(counter))} }} }}",
                                 settings)

    def edit() -> gate.WriteResult:
        n = next(counter)
        gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(n)} }} }}", settings)
        update = PREFIXES + f"""DELETE {{ GRAPH ?g {{ ?t rdfs:label ?old }} }}
            INSERT {{ GRAPH ?g {{ ?t rdfs:label "renamed technology {n}"@en }} }}
            WHERE {{ BIND(<{ID}technology/gate-bench-{n}> AS ?t)
                     GRAPH ?g {{ ?t rdfs:label ?old FILTER(lang(?old) = "en") }} }}"""
        return gate.apply_update(store, update, settings)

    kinds = {"Graph Store POST": post, "INSERT DATA": insert_data, "DELETE/INSERT WHERE (edit)": edit}
    rows = []
    for name, write in kinds.items():
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
