"""The in-process measurements, each run by bench/run.py as a subprocess with a time limit.

    python3 bench/measure.py build PROJECT [--no-reasoning]   parse + derive + publish, step by step
    python3 bench/measure.py bulkload FILE STORE    raw pyoxigraph bulk load of the same data
    python3 bench/measure.py latency PROJECT NQ T   p50/p95 per query of the mix, memory and disk stores
    python3 bench/measure.py validate PROJECT NQ    full SHACL validation of the dataset
    python3 bench/measure.py write PROJECT NQ       one new entity written through the gate (validated)

Each prints one JSON object on stdout. A subprocess per step keeps memory and time of one step
from leaking into the next, and lets the caller stop a step that runs past its limit.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from workload import Request, lookups, query_mix  # noqa: E402

NEW_ENTITY = """@prefix fikg: <https://w3id.org/fikg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/fikg/id/technology/bench-new-technology> a owl:NamedIndividual, fikg:Technology ;
    rdfs:label "a new technology"@en, "新技术"@zh ;
    skos:inScheme <https://w3id.org/fikg/id/concept-scheme/technologies> ;
    fikg:belongsToIndustry <https://w3id.org/fikg/id/industry/gen-00000-i1> ;
    fikg:sourceSentence <https://w3id.org/fikg/id/sentence/gen-00000-2-s1> ;
    fikg:sourceProvision <https://w3id.org/fikg/id/provision/gen-00000-2> .
"""


def project_settings(project: Path, **changes):
    from kg.settings import load_settings

    changes.setdefault("store_path", project / "var" / "store")
    return load_settings(environ={}, project_dir=project, **changes)


def measure_build(project: Path, reasoning: bool = True) -> dict:
    """Time each step of ``kg build`` without its SHACL gate (the ``validate`` step times that on the same
    data, with its own time limit); the store is published on disk."""
    from kg.build.pipeline import build

    marks: list[tuple[str, float]] = []

    def progress(step: str, done: int, total: int) -> None:
        kind = step.split(" ")[0]
        if not marks or marks[-1][0] != kind:
            marks.append((kind, time.perf_counter()))

    started = time.perf_counter()
    summary = build(project_settings(project, validate=False, reasoning=reasoning), progress=progress)
    finished = time.perf_counter()
    steps: dict[str, float] = {}
    for (kind, at), (_, until) in zip(marks, [*marks[1:], ("end", finished)], strict=True):
        steps[kind] = steps.get(kind, 0.0) + until - at
    return {"seconds": finished - started, "steps": steps, "triples": summary.triples, "derived": summary.derived}


def measure_bulkload(data: Path, location: Path, graph: str | None = None) -> dict:
    """pyoxigraph's own bulk loader into a fresh on-disk store, nothing else.

    ``graph``: into that named graph (as our build keeps each source: six indexes instead of three).
    """
    started = time.perf_counter()
    store = ox.Store(str(location))
    store.bulk_load(path=str(data), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode(graph) if graph else None)
    store.flush()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "triples": len(store)}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def time_requests(store, requests: list[Request], budget: float) -> dict[str, dict[str, float]]:
    """Run and serialise every request at least once, cycling until ``budget`` seconds; ms per query name."""
    times: dict[str, list[float]] = {}
    deadline = time.perf_counter() + budget
    index = 0
    while index < len(requests) or time.perf_counter() < deadline:
        request = requests[index % len(requests)]
        index += 1
        started = time.perf_counter()
        store.query(request.sparql).serialize(request.accept)
        times.setdefault(request.name, []).append(1000 * (time.perf_counter() - started))
        if index >= 50 * len(requests):
            break
    return {name: {"p50": statistics.median(v), "p95": percentile(v, 0.95), "n": len(v)}
            for name, v in times.items()}


def measure_latency(project: Path, dataset: Path, triples: int, budget: float) -> dict:
    """In-process latency through the Store interface, in memory and on disk (the published generation)."""
    from kg.store.embedded import EmbeddedStore
    from kg.store.live import open_store

    requests = [*query_mix(triples), *lookups(triples, 32)]
    memory = EmbeddedStore(None)
    memory.oxigraph().load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    disk = open_store(project_settings(project), read_only=True)
    result = {"memory": time_requests(memory, requests, budget), "disk": time_requests(disk, requests, budget)}
    disk.close()
    return result


def _memory_store(dataset: Path):
    from kg.store.embedded import EmbeddedStore

    store = EmbeddedStore(None)
    store.oxigraph().load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    return store


def measure_validation(project: Path, dataset: Path) -> dict:
    """Full SHACL validation of the dataset with the project's shapes (what the build's gate runs)."""
    from kg.validation.shacl import validate_store

    store = _memory_store(dataset)
    started = time.perf_counter()
    report = validate_store(store, project / "shapes")
    return {"seconds": time.perf_counter() - started, "conforms": report.conforms,
            "violations": len(report.violations), "shapes": len(list((project / "shapes").glob("*.ttl"))),
            "first_violations": [f"{r.focus} {r.path}: {r.message()}" for r in report.violations[:3]]}


def measure_write(project: Path, dataset: Path) -> dict:
    """One new entity written through the gate (staged, validated, committed), as the API does it."""
    from kg.errors import ValidationError
    from kg.writes import gate

    store = _memory_store(dataset)
    settings = project_settings(project, store_path=":memory:")
    started = time.perf_counter()
    try:
        result = gate.add_to_graph(store, "https://w3id.org/fikg/graph/bench-write", NEW_ENTITY, "text/turtle",
                                   settings)
    except ValidationError as exc:
        return {"seconds": time.perf_counter() - started, "accepted": False,
                "first_violations": [f"{r.focus} {r.path}: {r.message()}" for r in exc.report.violations[:3]]}
    return {"seconds": time.perf_counter() - started, "accepted": True, "added": result.added}


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "build":
        result = measure_build(Path(args[0]), reasoning="--no-reasoning" not in args)
    elif command == "bulkload":
        result = measure_bulkload(Path(args[0]), Path(args[1]), args[2] if len(args) > 2 else None)
    elif command == "latency":
        result = measure_latency(Path(args[0]), Path(args[1]), int(args[2]), float(args[3]))
    elif command == "validate":
        result = measure_validation(Path(args[0]), Path(args[1]))
    elif command == "write":
        result = measure_write(Path(args[0]), Path(args[1]))
    else:
        raise SystemExit(f"unknown step {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
