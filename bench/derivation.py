"""One-entity writes with their derived graph maintained: incremental vs full re-derivation, side by side.

    python3 bench/generate.py --triples 1000000 --output /tmp/gen-1m.nt
    python3 bench/derivation.py /tmp/gen-1m.nt /tmp/derivation-store [--writes 11] [--full 3]

Bulk-loads the ontology and the generated graph into an on-disk store and derives its inferred graph
as ``kg build`` does (once: an existing store is reused), then times validated writes through the gate
(:func:`kg.gate.apply_update`), each with its derived change computed and committed in the same update
(:mod:`kg.derivation`): a new technology of an industry that measures name (it gains coverage), and a
technology moved to another industry (it loses its old coverage and gains the new one). For the same
kind of write it then times the full re-derivation the incremental path falls back to
(:func:`kg.derivation.full.rederive`: a copy of the store, derived anew, diffed) and checks that both
give the same change. Prints medians and p95 of the whole write and of the derivation within it
(wall and, for the derivation, CPU time: on a shared machine the wall time also measures the others'
load).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.derivation import derived_change  # noqa: E402
from kg.derivation.full import rederive  # noqa: E402
from kg.derivation.whole import derive  # noqa: E402
from kg.query.executor import QueryExecutor  # noqa: E402
from kg.rdf.model import NamedNode, Quad  # noqa: E402
from kg.rdf.vocab import graph_iri  # noqa: E402
from kg.settings import Settings, load_settings  # noqa: E402
from kg.store.embedded import EmbeddedStore  # noqa: E402
from kg.writes import gate  # noqa: E402

GRAPH = "https://w3id.org/fikg/graph/generated"
ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"
PREFIXES = """PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
INDUSTRIES = (f"{ID}industry/gen-00000-i1", f"{ID}industry/gen-00000-i2")


def entity(n: int, industry: str) -> str:
    """Turtle triples of a new technology (as bench/gate_write.py writes one)."""
    return f"""<{ID}technology/derivation-bench-{n}> a owl:NamedIndividual, fikg:Technology ;
    rdfs:label "derivation bench technology {n}"@en, "派生基准技术{n}"@zh ;
    skos:inScheme <{ID}concept-scheme/technologies> ;
    fikg:belongsToIndustry <{industry}> ;
    fikg:sourceSentence <{ID}sentence/gen-00000-2-s1> ;
    fikg:sourceProvision <{ID}provision/gen-00000-2> ."""


def open_store(dataset: Path, path: Path, settings: Settings) -> EmbeddedStore:
    fresh = not path.exists()
    store = EmbeddedStore(path)
    if fresh:
        started = time.perf_counter()
        for ttl in [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]:
            name = "ontology" if ttl.stem == "kg" else f"ontology/{ttl.stem}"
            store.oxigraph().load(path=str(ttl), to_graph=NamedNode(graph_iri(settings.base_iri, name)))
        store.oxigraph().bulk_load(path=str(dataset), format=ox.RdfFormat.N_TRIPLES, to_graph=NamedNode(GRAPH))
        derived = derive(store, settings, lambda *_: None)
        store.optimize()
        print(f"loaded and derived ({derived:,} derived triples) in {time.perf_counter() - started:.1f} s", flush=True)
    print(f"{store.quad_count():,} quads in {path}", flush=True)
    return store


def worker_cpu() -> float:
    """CPU seconds the validation process has used (Linux /proc), 0 when it is not running."""
    from kg.validation.worker import WORKER

    pid = WORKER.pid
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("--writes", type=int, default=11)
    parser.add_argument("--full", type=int, default=3, help="full re-derivations timed per kind of write")
    args = parser.parse_args()
    settings = load_settings(environ={}, project_dir=ROOT, store_path=args.store)
    store = open_store(args.dataset, args.store, settings)
    counter = itertools.count(int(time.time() * 1000))
    executor = QueryExecutor(settings)
    spent: list[tuple[float, float]] = []  # (wall, CPU) seconds of each derivation

    def timed_derivation(*positional, **named):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return derived_change(*positional, **named)
        finally:
            spent.append((time.perf_counter() - started, time.process_time() - cpu))

    gate.derived_change = timed_derivation  # the gate's one call, timed
    validating: list[tuple[float, float]] = []  # (wall, CPU here and in the validation process) seconds
    validate = gate._validate_change

    def timed_validation(*positional, **named):
        started, cpu = time.perf_counter(), time.process_time() + worker_cpu()
        try:
            return validate(*positional, **named)
        finally:
            validating.append((time.perf_counter() - started, time.process_time() + worker_cpu() - cpu))

    gate._validate_change = timed_validation  # and its validation (SHACL in the validation process)

    def new_technology() -> tuple[str, list[Quad], list[Quad]]:
        n = next(counter)
        update = PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(n, INDUSTRIES[0])} }} }}"
        triples = ox.parse((PREFIXES + entity(n, INDUSTRIES[0])).encode(), format=ox.RdfFormat.TURTLE)
        return update, [Quad(t.subject, t.predicate, t.object, NamedNode(GRAPH)) for t in triples], []

    def move() -> tuple[str, list[Quad], list[Quad]]:
        """A technology is written first (untimed); the timed write moves it to another industry."""
        n = next(counter)
        gate.apply_update(store, PREFIXES + f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {entity(n, INDUSTRIES[0])} }} }}",
                          settings, executor=executor)
        tech, link, graph = NamedNode(f"{ID}technology/derivation-bench-{n}"), NamedNode(FIKG + "belongsToIndustry"), \
            NamedNode(GRAPH)
        old, new = (Quad(tech, link, NamedNode(i), graph) for i in INDUSTRIES)
        update = f"DELETE DATA {{ GRAPH {graph} {{ {tech} {link} {old.object} }} }} ;\n" \
                 f"INSERT DATA {{ GRAPH {graph} {{ {tech} {link} {new.object} }} }}"
        return update, [new], [old]

    kinds: dict[str, Callable[[], tuple[str, list[Quad], list[Quad]]]] = {
        "new technology (INSERT DATA)": new_technology, "move to another industry (DELETE/INSERT DATA)": move}
    rows = []
    try:
        for name, make in kinds.items():
            update, _, _ = make()
            gate.apply_update(store, update, settings, executor=executor)  # warm-up
            writes, derivations, cpus, validations, validation_cpus = [], [], [], [], []
            for _ in range(args.writes):
                update, _, _ = make()
                spent.clear()
                validating.clear()
                started = time.perf_counter()
                result = gate.apply_update(store, update, settings, executor=executor)
                writes.append(time.perf_counter() - started)
                derivations.append(sum(wall for wall, _ in spent))
                cpus.append(sum(cpu for _, cpu in spent))
                validations.append(sum(wall for wall, _ in validating))
                validation_cpus.append(sum(cpu for _, cpu in validating))
                assert result.report is not None and result.report.conforms
            fulls = []
            for _ in range(args.full):
                update, added, removed = make()
                incremental = derived_change(store, added, removed, settings)
                started = time.perf_counter()
                gained, lost = rederive(store, added, removed, settings, graph_iri(settings.base_iri, "inferred"))
                fulls.append(time.perf_counter() - started)
                assert {q.triple for q in incremental.added} == gained, "incremental and full differ"
                assert {q.triple for q in incremental.removed} == lost, "incremental and full differ"
            rows.append((name, writes, derivations, cpus, validations, validation_cpus, fulls))
            print(f"{name}: write median {statistics.median(writes):.3f} s, derivation median "
                  f"{statistics.median(derivations):.3f} s, full re-derivation median {statistics.median(fulls):.1f} s",
                  flush=True)
    finally:
        executor.close()
    print(f"\n| one-entity write at {store.quad_count():,} quads (on disk) | write p50 s | write p95 s "
          f"| derivation p50 s | derivation p95 s | derivation CPU p50 s | validation p50 s "
          f"| validation CPU p50 s | full re-derivation p50 s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, writes, derivations, cpus, validations, validation_cpus, fulls in rows:
        print(f"| {name} | {statistics.median(writes):.3f} | {percentile(writes, 0.95):.3f} "
              f"| {statistics.median(derivations):.3f} | {percentile(derivations, 0.95):.3f} "
              f"| {statistics.median(cpus):.3f} | {statistics.median(validations):.3f} "
              f"| {statistics.median(validation_cpus):.3f} "
              f"| {statistics.median(fulls):.1f} |")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    store.close()


if __name__ == "__main__":
    main()
