"""Publish a generated graph (1M triples by default) to an engine, republish it changed, then kill a third
publish half-way.

    python3 bench/remote_publish.py [--engine oxigraph|virtuoso] [--triples 1000000] [--chunk 50000]

1. Generates a graph shaped like ours (typed entities, zh/en labels, links, blank-node restrictions).
2. Publishes it with kg.remote_publication into the empty server (first publish) and times each phase.
3. Republishes it with every English label changed (1 triple in 8) and times each phase.
4. Starts a third publish (labels changed again) in a subprocess, kills it (SIGKILL) half-way through the
   push, and checks the live graph is exactly as before (count and a digest of its N-Triples).

Phases come from the progress steps: comparing (reading the live graph back and diffing; absent
before the change to delta publication), pushing (staging graphs), swapping (the one update that
applies the change), removing the staging graphs. The engine (bench/remote_engine.py) is the Oxigraph
server or Virtuoso 7, on disk; the killed publish reaches it through the KG_REMOTE_* variables.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox

from bench.oxigraph_server import cpu_seconds
from bench.remote_engine import ENGINES, LABELS, engine_server
from kg.build.remote_publication import publish_to_remote
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore

BASE = "https://w3id.org/fikg/"
GRAPH = BASE + "graph/generated"
ONT = "https://w3id.org/fikg/ontology#"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def generate(triples: int, version: int = 1) -> list[ox.Triple]:
    """About ``triples`` triples: 8 per entity, two of them on a blank node."""
    out: list[ox.Triple] = []
    kinds = [ox.NamedNode(ONT + k) for k in ("Industry", "Technology", "Agency", "Target")]
    linked = ox.NamedNode(ONT + "relatedTo")
    for i in range(triples // 8):
        entity = ox.NamedNode(f"{BASE}id/entity/e{i}")
        restriction = ox.BlankNode()
        out += [
            ox.Triple(entity, TYPE, kinds[i % 4]),
            ox.Triple(entity, LABEL, ox.Literal(f"entity {i} v{version}", language="en")),
            ox.Triple(entity, LABEL, ox.Literal(f"实体 {i}", language="zh")),
            ox.Triple(entity, linked, ox.NamedNode(f"{BASE}id/entity/e{(i * 7919) % max(1, triples // 8)}")),
            ox.Triple(entity, ox.NamedNode(ONT + "year"), ox.Literal(str(2025 + i % 11),
                                                                     datatype=ox.NamedNode(
                                                                         "http://www.w3.org/2001/XMLSchema#integer"))),
            ox.Triple(entity, ox.NamedNode(ONT + "qualifiedBy"), restriction),
            ox.Triple(restriction, ox.NamedNode(ONT + "onProperty"), linked),
            ox.Triple(restriction, ox.NamedNode(ONT + "value"), ox.Literal(str(i))),
        ]
    return out


def local_store(triples: int, version: int) -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.add_quads([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH))
                         for t in generate(triples, version)])
    return store


def digest(remote: RemoteStore) -> tuple[int, str]:
    count = remote.count_triples(GRAPH)
    query = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }} }}"
    lines = sorted(f"{r['s']} {r['p']} {r['o']}" for r in remote.select(query))
    return count, hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def publish(remote: RemoteStore, triples: int, version: int, chunk: int, verbose: bool) -> dict[str, float]:
    """Publish a generated graph; returns seconds per phase and in all ("total")."""
    local = local_store(triples, version)
    last = [0.0]
    phases: dict[str, float] = {}
    current = ["preparing", time.perf_counter()]

    def progress(step: str, done: int, total: int) -> None:
        phase = step.split()[0]
        if phase != current[0]:
            now = time.perf_counter()
            phases[current[0]] = phases.get(current[0], 0.0) + now - current[1]
            current[:] = [phase, now]
        if verbose:
            print(f"{step} {done} {total}", flush=True)
        elif time.monotonic() - last[0] > 5 or done == total:
            last[0] = time.monotonic()
            print(f"  {step}: {done:,}/{total:,}", flush=True)

    started = time.perf_counter()
    publish_to_remote(local, remote, base_iri=BASE, chunk_triples=chunk, progress=progress)
    phases["total"] = time.perf_counter() - started
    phases.pop("published", None)
    return phases


def timed(remote: RemoteStore, pid: int, triples: int, version: int, chunk: int, what: str) -> None:
    cpu = cpu_seconds(pid)
    phases = publish(remote, triples, version, chunk, verbose=False)
    cpu = cpu_seconds(pid) - cpu
    parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items() if name != "total")
    print(f"{what}: {phases['total']:.1f} s wall ({parts}); server CPU {cpu:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=ENGINES, default="oxigraph")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # one publish of version 3
    args = parser.parse_args()
    if args.child:  # the engine from the KG_REMOTE_* variables the parent set
        with RemoteStore.from_settings(load_settings(remote_timeout=3600)) as remote:
            publish(remote, args.triples, 3, args.chunk, verbose=True)  # type: ignore[arg-type]
        return
    with engine_server(args.engine) as server:
        pid, remote = server.process.pid, server.store(timeout=3600)
        print(f"publishing {args.triples:,} triples to {LABELS[args.engine]} at {server.base} in chunks of "
              f"{args.chunk:,}", flush=True)
        timed(remote, pid, args.triples, 1, args.chunk, "first publish")
        timed(remote, pid, args.triples, 2, args.chunk, "republish, English labels changed")
        before = digest(remote)
        print(f"live graph: {before[0]:,} triples", flush=True)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("KG_")} | server.environment()
        child = subprocess.Popen([sys.executable, __file__, "--child", "--triples", str(args.triples),
                                  "--chunk", str(args.chunk)], stdout=subprocess.PIPE, text=True, env=environment)
        assert child.stdout is not None
        for line in child.stdout:
            parts = line.split()
            if line.startswith("pushing") and int(parts[-2]) >= int(parts[-1]) // 2:
                os.kill(child.pid, signal.SIGKILL)
                print(f"killed the third publish at {int(parts[-2]):,}/{int(parts[-1]):,} triples pushed")
                break
        child.wait()
        after = digest(remote)
        staged = remote.staging_graphs()
        print(f"live graph after the kill: {after[0]:,} triples, digest {after[1]} "
              f"({'unchanged' if after == before else 'CHANGED'}); staging graphs left: {len(staged)}")
        remote.close()
        if after != before:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
