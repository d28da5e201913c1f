"""The resolver's label index at scale: a full build against the catch-up after a one-label write.

Run by hand (about a minute at 1M):

    python3 bench/label_index.py --triples 1000000

Loads a generated graph (bench/generate.py) into an in-memory store, builds the index as the app's start
does (:func:`kg.resolution.index.warm_label_index` runs this in the background), then commits one new
label as the write gate records it and times :func:`kg.resolution.index.label_index` bringing the index up
to date (what the first named query after a write waits for, if the background catch-up has not finished).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.rdf.model import Literal, NamedNode, Quad
from kg.rdf.vocab import DEFAULT_BASE
from kg.resolution import index as label_index_module
from kg.store.embedded import EmbeddedStore
from kg.store.versions import committed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory) / "graph.nt"
        subprocess.run([sys.executable, str(Path(__file__).with_name("generate.py")), "--triples", str(args.triples),
                        "--output", str(data)], check=True)
        store = EmbeddedStore(None)
        store.load(data, graph="https://w3id.org/fikg/graph/generated", media_type="application/n-triples")
    started = time.perf_counter()
    first = label_index_module.label_index(store, DEFAULT_BASE)
    full = time.perf_counter() - started
    label = Quad(NamedNode(DEFAULT_BASE.rstrip("/") + "/id/technology/bench-new"),
                 NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("基准新技术", language="zh"),
                 NamedNode("https://w3id.org/fikg/graph/generated"))
    store.add_quads([label])
    committed(store, [label], [])
    started = time.perf_counter()
    second = label_index_module.label_index(store, DEFAULT_BASE)
    caught_up = time.perf_counter() - started
    assert second.exact[("label", "基准新技术")]
    print(f"{store.quad_count():,} triples, {len(first.names):,} names: full build {full:.2f} s, "
          f"catch-up after a one-label write {caught_up:.2f} s")


if __name__ == "__main__":
    main()
