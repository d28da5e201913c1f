"""The writes people make, through the gate as ``POST /update`` makes them, and the first read after each.

    python3 bench/everyday_writes.py                      # the real graph (data/, built with reasoning)
    python3 bench/everyday_writes.py --triples 100000     # a generated graph (bench/generate.py), built
    python3 bench/everyday_writes.py --code /work/main    # the same with another checkout's kg and shapes

The graph is built in memory as ``kg build`` builds it (reasoning, coverage rules; its SHACL gate off) and copied
into an on-disk store, which the query workers read (:class:`kg.query.executor.QueryExecutor`, as ``kg serve``
makes it). The best-connected technology, agency and measure (most triples pointing at them) are then edited,
each kind ``--writes`` times, with :func:`kg.writes.gate.apply_update` (screened parse, WHERE in a worker,
derivation, SHACL of what the write can affect, commit): an ``rdfs:comment`` added, the English
``rdfs:label`` replaced, a technology moved to another industry (its ``owl:Axiom`` annotation follows), and a
new technology inserted. After each write, the first query (the entity's triples, through the executor: the
workers catch up with the write) and the same query again (an ordinary read) are timed.

Prints one line per kind and a Markdown table (p50, p95 of the write; p50 of the first and of an ordinary read).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRAPH = "https://w3id.org/fikg/graph/bench-edits"
PREFIXES = """PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ID = "https://w3id.org/fikg/id/"


def best_connected(store, kind: str) -> str:
    """The entity of ``kind`` (a fikg: class, subclasses included) that most triples point at."""
    rows = store.select(PREFIXES + f"""SELECT ?x (COUNT(*) AS ?c) WHERE {{ ?x a/rdfs:subClassOf* fikg:{kind} .
        ?y ?p ?x }} GROUP BY ?x ORDER BY DESC(?c) ?x LIMIT 1""")
    return rows[0]["x"].value


def other_industry(store, technology: str) -> str:
    rows = store.select(PREFIXES + f"""SELECT ?i WHERE {{ ?i a fikg:GrowthFutureIndustry .
        FILTER NOT EXISTS {{ <{technology}> fikg:belongsToIndustry ?i }} }} ORDER BY ?i LIMIT 1""")
    return rows[0]["i"].value


def comment(entity: str, n: int) -> str:
    return PREFIXES + f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{entity}> rdfs:comment "an editor\'s note {n}"@en }} }}'


def relabel(entity: str, n: int) -> str:
    return PREFIXES + f"""DELETE {{ GRAPH ?g {{ <{entity}> rdfs:label ?old }} }}
        INSERT {{ GRAPH ?g {{ <{entity}> rdfs:label ?new }} }}
        WHERE {{ GRAPH ?g {{ <{entity}> rdfs:label ?old FILTER(lang(?old) = "en") }}
                 BIND(REPLACE(STR(?old), " \\\\(edit [0-9]+\\\\)$", "") AS ?plain)
                 BIND(STRLANG(CONCAT(?plain, " (edit {n})"), "en") AS ?new) }}"""


def move(technology: str, industry: str) -> str:
    """The technology to ``industry``: its belongsToIndustry and the annotation stating it."""
    return PREFIXES + f"""DELETE {{ GRAPH ?g {{ <{technology}> fikg:belongsToIndustry ?old }}
                  GRAPH ?h {{ ?axiom owl:annotatedTarget ?old }} }}
        INSERT {{ GRAPH ?g {{ <{technology}> fikg:belongsToIndustry <{industry}> }}
                  GRAPH ?h {{ ?axiom owl:annotatedTarget <{industry}> }} }}
        WHERE {{ GRAPH ?g {{ <{technology}> fikg:belongsToIndustry ?old }}
                 OPTIONAL {{ GRAPH ?h {{ ?axiom owl:annotatedSource <{technology}> ;
                     owl:annotatedProperty fikg:belongsToIndustry ; owl:annotatedTarget ?old }} }} }}"""


def new_technology(n: int, industry: str, scheme: str) -> str:
    return PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{ <{ID}technology/everyday-{n}> a owl:NamedIndividual,
        fikg:Technology ; rdfs:label "everyday technology {n}"@en, "日常技术{n}"@zh ; skos:inScheme <{scheme}> ;
        fikg:belongsToIndustry <{industry}> }} }}"""


def build_store(args: argparse.Namespace, scratch: Path):
    """The built graph in an on-disk store, and the settings of a project around it."""
    from kg.build.pipeline import build
    from kg.settings import load_settings
    from kg.store.embedded import EmbeddedStore

    project = args.code
    if args.triples:
        sys.path.insert(0, str(HERE))
        from run import make_project

        project, _ = make_project(scratch / "project", args.triples)
    memory = EmbeddedStore(None)
    started = time.perf_counter()
    build(load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False), store=memory)
    store = EmbeddedStore(scratch / "store")
    store.oxigraph().bulk_extend(memory.oxigraph())
    store.oxigraph().flush()
    print(f"built {store.quad_count():,} quads in {time.perf_counter() - started:.1f} s", flush=True)
    return store, load_settings(environ={}, project_dir=project, store_path=scratch / "store")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, help="a generated graph of this size instead of the real one")
    parser.add_argument("--writes", type=int, default=5)
    parser.add_argument("--code", type=Path, default=HERE.parent, help="the checkout whose kg and shapes run")
    parser.add_argument("--only", help="only the kinds of write whose name holds this text")
    args = parser.parse_args()
    args.code = args.code.resolve()
    sys.path.insert(0, str(args.code))
    from kg.errors import ValidationError
    from kg.query.executor import QueryExecutor
    from kg.writes import gate

    with tempfile.TemporaryDirectory(prefix="kg-everyday-") as directory:
        store, settings = build_store(args, Path(directory))
        executor = QueryExecutor(settings)
        technology, agency, measure = (best_connected(store, k) for k in ("Technology", "Agency", "Measure"))
        industry = other_industry(store, technology)
        home = store.select(PREFIXES + f"SELECT ?i WHERE {{ <{technology}> fikg:belongsToIndustry ?i }} LIMIT 1")
        home = home[0]["i"]
        scheme = store.select(PREFIXES + "SELECT ?s WHERE { ?s a skos:ConceptScheme "
                              "FILTER(STRENDS(STR(?s), '/technologies')) } LIMIT 1")[0]["s"].value
        print(f"technology {technology}, agency {agency}, measure {measure}", flush=True)
        counter = itertools.count(1)
        moves = itertools.cycle([industry, home.value])
        kinds = {
            "comment on a technology": lambda n: (comment(technology, n), technology),
            "comment on an agency": lambda n: (comment(agency, n), agency),
            "comment on a measure": lambda n: (comment(measure, n), measure),
            "label of a technology": lambda n: (relabel(technology, n), technology),
            "label of an agency": lambda n: (relabel(agency, n), agency),
            "label of a measure": lambda n: (relabel(measure, n), measure),
            "technology to another industry": lambda n: (move(technology, next(moves)), technology),
            "a new technology": lambda n: (new_technology(n, home.value, scheme), f"{ID}technology/everyday-{n}"),
        }
        rows = []
        try:
            for name, make in kinds.items():
                if args.only and args.only not in name:
                    continue
                times, first, ordinary, refused = [], [], [], ""
                for _ in range(args.writes + 1):  # the first is a warm-up
                    update, entity = make(next(counter))
                    started = time.perf_counter()
                    try:
                        gate.apply_update(store, update, settings, executor=executor)
                    except ValidationError as exc:
                        refused = exc.report.violations[0].message() if exc.report.violations else str(exc)
                        break
                    times.append(time.perf_counter() - started)
                    read = f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}"
                    for bucket in (first, ordinary):
                        started = time.perf_counter()
                        executor.select(store, read)
                        bucket.append(time.perf_counter() - started)
                times, first, ordinary = times[1:], first[1:], ordinary[1:]
                if refused or not times:
                    print(f"{name}: refused ({refused})", flush=True)
                    rows.append((name, None, None, None, None))
                    continue
                p95 = sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                rows.append((name, statistics.median(times), p95, statistics.median(first),
                             statistics.median(ordinary)))
                print(f"{name}: p50 {rows[-1][1]:.3f} s, p95 {p95:.3f} s {sorted(round(t, 3) for t in times)}; "
                      f"first read {rows[-1][3] * 1000:.0f} ms, ordinary {rows[-1][4] * 1000:.0f} ms", flush=True)
        finally:
            executor.close()
        print(f"\n| write at {store.quad_count():,} quads | p50 s | p95 s | first read after, ms | ordinary read, ms |")
        print("| --- | --- | --- | --- | --- |")
        for name, p50, p95, first_read, plain in rows:
            if p50 is None:
                print(f"| {name} | refused | | | |")
            else:
                print(f"| {name} | {p50:.3f} | {p95:.3f} | {first_read * 1000:.0f} | {plain * 1000:.0f} |")
        store.close()


if __name__ == "__main__":
    main()
