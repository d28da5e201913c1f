"""SHACL validation: a one-entity write validated incrementally on ~1M triples, against full validation.

    python3 bench/validation.py [--copies 80] [--full-copies 8] [--writes 7]

1. Generates a graph shaped exactly like ours: the real graph of 苏政发〔2023〕104号 (data/*.ttl),
   copied ``--copies`` times with every ``id/`` IRI and every label renamed per copy (so labels stay
   unique per kind), plus the ontology once. 80 copies ≈ 1M triples.
2. Times :func:`kg.validation.shacl.validate_affected` for ``--writes`` different one-entity writes (a new
   technology with labels, scheme, industry and citations; the store is the one after the write), and
   reports the median.
3. Times full pyshacl validation (:func:`kg.validation.shacl.validate_store`) once on ``--full-copies``
   copies (8 ≈ 100k triples; full pyshacl at 1M takes far longer than 10 minutes).

``--engines 10000,100000,1000000`` instead times full validation side by side with both engines
(``validate_store(engine="turbo")``: pyshacl-turbo for SHACL Core from pyoxigraph's N-Quads, the SPARQL
constraints on pyoxigraph; ``engine="pyshacl"``: the reference) on bench/generate.py graphs plus the
ontology, pyshacl only up to ``--pyshacl-max`` triples, and checks that both give the same results.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox

from kg.store.embedded import EmbeddedStore
from kg.validation.impact import touched_terms
from kg.validation.shacl import load_shapes, validate_affected, validate_store

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DATA_GRAPH = ox.NamedNode("https://w3id.org/fikg/graph/generated")


def ontology_quads() -> list[ox.Quad]:
    store = ox.Store()
    for path in [*sorted((ROOT / "ontology").glob("*.ttl")), *sorted((ROOT / "ontology" / "modules").glob("*.ttl"))]:
        store.load(path=str(path), to_graph=ox.NamedNode(f"https://w3id.org/fikg/graph/ontology/{path.stem}"))
    return list(store)


def real_triples() -> list[ox.Triple]:
    store = ox.Store()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        store.load(path=str(path))
    return [q.triple for q in store]


def generate(copies: int) -> list[ox.Quad]:
    """The ontology plus ``copies`` renamed copies of the real graph (deterministic)."""
    base = real_triples()
    quads = ontology_quads()
    shared = [t for t in base if t.subject.value.startswith(f"{ID}concept-scheme/")]
    quads.extend(ox.Quad(t.subject, t.predicate, t.object, DATA_GRAPH) for t in shared)  # the schemes, once
    for copy in range(copies):
        quads.extend(ox.Quad(_rename(t.subject, copy), t.predicate, _rename(t.object, copy, t.predicate), DATA_GRAPH)
                     for t in base if t not in shared)
    return quads


def _rename(term, copy: int, predicate: ox.NamedNode | None = None):
    if copy == 0:
        return term
    if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
        kind, _, slug = term.value[len(ID):].partition("/")
        if kind == "concept-scheme":  # the schemes are shared by every copy, as in a real multi-document graph
            return term
        return ox.NamedNode(f"{ID}{kind}/c{copy}-{slug}")
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}c{copy}")
    if isinstance(term, ox.Literal) and predicate is not None and predicate.value == RDFS_LABEL:
        return ox.Literal(f"{term.value}（{copy}）" if term.language == "zh" else f"{term.value} ({copy})",
                          language=term.language)
    return term


def one_entity_write(n: int, copy: int) -> list[ox.Quad]:
    """A new technology of copy ``copy``'s hydrogen industry, cited to a sentence of that copy."""
    prefix = f"c{copy}-" if copy else ""
    tech = ox.NamedNode(f"{ID}technology/bench-{n}")
    def node(kind: str, slug: str) -> ox.NamedNode:
        return ox.NamedNode(f"{ID}{kind}/{prefix}{slug}")
    label = ox.NamedNode(RDFS_LABEL)
    triples = [
        (ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(FIKG + "Technology")),
        (label, ox.Literal(f"bench technology {n}", language="en")),
        (label, ox.Literal(f"基准技术{n}", language="zh")),
        (ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme"), node("concept-scheme", "technologies")),
        (ox.NamedNode(FIKG + "belongsToIndustry"), node("industry", "hydrogen-energy")),
        (ox.NamedNode(FIKG + "sourceSentence"), node("sentence", "jiangsu-2023-104-2-1-3-s2")),
        (ox.NamedNode(FIKG + "sourceProvision"), node("provision", "jiangsu-2023-104-2-1-3")),
    ]
    return [ox.Quad(tech, p, o, DATA_GRAPH) for p, o in triples]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=80)
    parser.add_argument("--full-copies", type=int, default=8)
    parser.add_argument("--writes", type=int, default=7)
    parser.add_argument("--skip-full", action="store_true")
    parser.add_argument("--engines", help="comma-separated sizes: full validation with both engines, side by side")
    parser.add_argument("--pyshacl-max", type=int, default=100_000, help="largest size pyshacl runs at")
    args = parser.parse_args()
    if args.engines:
        engines_side_by_side([int(n) for n in args.engines.split(",")], args.pyshacl_max)
        return
    shapes = load_shapes(ROOT / "shapes")

    store = EmbeddedStore(None)
    started = time.perf_counter()
    store.add_quads(generate(args.copies))
    print(f"generated {store.quad_count():,} quads ({args.copies} copies) in {time.perf_counter() - started:.1f} s")

    timings, results = [], []
    for n in range(args.writes):
        write = one_entity_write(n, copy=(n * 37) % args.copies)
        store.add_quads(write)
        started = time.perf_counter()
        report = validate_affected(store, touched_terms(write), shapes)
        timings.append(time.perf_counter() - started)
        results.append(len(report.results))
        for quad in write:
            store.remove_quads([quad])
    print(f"incremental, one-entity write at {store.quad_count():,} quads: median {statistics.median(timings):.3f} s "
          f"(min {min(timings):.3f}, max {max(timings):.3f}, n={len(timings)}; results per write {results})")
    if args.skip_full:
        return
    small = EmbeddedStore(None)
    small.add_quads(generate(args.full_copies))
    started = time.perf_counter()
    report = validate_store(small, ROOT / "shapes")
    print(f"full pyshacl at {small.quad_count():,} quads: {time.perf_counter() - started:.1f} s "
          f"(conforms {report.conforms}, {len(report.results)} results)")


def engines_side_by_side(sizes: list[int], pyshacl_max: int) -> None:
    """Full validation of a generated graph (plus the ontology) with each engine, in one process."""
    from generate import generate

    for size in sizes:
        store = EmbeddedStore(None)
        store.add_quads(ontology_quads())
        text = "".join(generate(size, seed=104)).encode("utf-8")
        store.oxigraph().load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=DATA_GRAPH)
        reports = {}
        for engine in ("turbo", "pyshacl") if size <= pyshacl_max else ("turbo",):
            started = time.perf_counter()
            reports[engine] = validate_store(store, ROOT / "shapes", engine=engine)
            report = reports[engine]
            print(f"full {engine} at {store.quad_count():,} quads: {time.perf_counter() - started:.1f} s "
                  f"(conforms {report.conforms}, {len(report.results)} results)", flush=True)
        if len(reports) == 2:
            same = {(r.key, r.constraint) for r in reports["turbo"].results} == \
                {(r.key, r.constraint) for r in reports["pyshacl"].results}
            print(f"  same results: {same}", flush=True)


if __name__ == "__main__":
    main()
