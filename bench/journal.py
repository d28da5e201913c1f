"""The journal's costs: a durable append (fsync), opening (indexing) and replaying it, and a build's publication.

    python3 bench/journal.py /tmp/journal-bench [--appends 200] [--triples 100000]

Appends ``--appends`` small changes (two triples each, as an API write) to an on-disk journal and
reports the append latency (write + fsync) at p50 and p95; then appends one build-sized publication
of ``--triples`` quads (every quad as ``A``, as a first build), and times opening the journal anew
(the index is read from the file) and replaying it into memory (what a build does to measure its
publication, and what a replica does from the feed).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.journal import Journal, replay  # noqa: E402
from kg.rdf.model import Literal, NamedNode, Quad  # noqa: E402

GRAPH = NamedNode("https://w3id.org/fikg/graph/bench")
P = NamedNode("http://ex/p")


def quads(start: int, count: int) -> list[Quad]:
    return [Quad(NamedNode(f"http://ex/s{n}"), P, Literal(f"value {n}", language="en"), GRAPH)
            for n in range(start, start + count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--appends", type=int, default=200)
    parser.add_argument("--triples", type=int, default=100_000)
    args = parser.parse_args()
    shutil.rmtree(args.directory, ignore_errors=True)
    journal = Journal(args.directory)
    started = time.perf_counter()
    journal.append(added=quads(0, args.triples), removed=[], client="kg build", operation="build")
    publication = time.perf_counter() - started
    latencies = []
    for n in range(args.appends):
        started = time.perf_counter()
        journal.append(added=quads(args.triples + 2 * n, 2), removed=[], client="bench", operation="update")
        latencies.append(time.perf_counter() - started)
    size = (args.directory / "journal.rdfp").stat().st_size
    started = time.perf_counter()
    reopened = Journal(args.directory)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    engine = replay(reopened)
    replayed = time.perf_counter() - started
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"publication of {args.triples} quads appended in {publication:.2f} s; journal {size / 1e6:.1f} MB")
    print(f"append of a 2-triple change (write + fsync): p50 {statistics.median(latencies) * 1000:.2f} ms, "
          f"p95 {p95 * 1000:.2f} ms over {args.appends}")
    print(f"open (index {len(reopened)} transactions): {opened:.2f} s; replay into memory: {replayed:.2f} s "
          f"({len(engine)} quads)")


if __name__ == "__main__":
    main()
