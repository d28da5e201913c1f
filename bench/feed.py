"""The change feed's throughput: changes served per second by GET /changes and /changes/ldes, over HTTP.

    python3 bench/feed.py /tmp/feed-bench [--triples 100000] [--changes 5000] [--page 100]

Writes an on-disk journal holding a first publication of ``--triples`` quads (every quad as ``A``, as a
first build) and ``--changes`` small API changes (two triples each), then serves it with the real app
under uvicorn on 127.0.0.1 (a separate process; the store is an empty in-memory one: the feed reads the
journal only) and measures, with one client following ``rel="next"`` from the start:

- the first page (the publication alone: it is larger than the page's byte bound) — time and MB/s;
- the small changes, ``--page`` a page — changes/s and pages/s;
- the same walk on /changes/ldes (Turtle), whose first request also folds the whole journal into the
  entity ledger (its cost is reported apart);
- revalidation of a complete page (``If-None-Match`` → 304) — requests/s;
- a point-in-time query (``/sparql?version=``): the first one over a version (the journal replayed into an
  in-memory snapshot, the snapshot handed to a query worker, the query), then the same query again (the
  snapshot kept), and another version; and the replay alone, in this process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.journal import Journal, replay  # noqa: E402
from kg.rdf.model import Literal, NamedNode, Quad  # noqa: E402

GRAPH = NamedNode("https://w3id.org/fikg/graph/bench")
P = NamedNode("http://ex/p")
TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def quads(start: int, count: int) -> list[Quad]:
    return [Quad(NamedNode(f"http://ex/s{n // 4}"), TYPE if n % 4 == 0 else P,
                 NamedNode("http://ex/Thing") if n % 4 == 0 else Literal(f"value {n}", language="en"), GRAPH)
            for n in range(start, start + count)]


def fill(directory: Path, triples: int, changes: int) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    journal = Journal(directory / "journal")
    journal.append(added=quads(0, triples), removed=[], client="kg build", operation="build")
    for n in range(changes):
        journal.append(added=quads(triples + 2 * n, 2), removed=[], client="bench", operation="update")


def serve(directory: Path, port: int, page: int) -> subprocess.Popen:
    code = ("import uvicorn; from api.main import create_app; from kg.store.embedded import EmbeddedStore; "
            "from kg.settings import load_settings; "
            f"s = load_settings(environ={{}}, store_path=':memory:', journal={str(directory / 'journal')!r}, "
            f"reasoning=False, query_workers=1, feed_page_changes={page}); "
            f"uvicorn.run(create_app(s, store=EmbeddedStore(None)), host='127.0.0.1', port={port}, "
            "log_level='warning', access_log=False)")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/changes", params={"limit": 1}, timeout=60)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def walk(client: httpx.Client, url: str, headers: dict[str, str]) -> tuple[float, int, float, int, int]:
    """(first page seconds, its bytes, the rest's seconds, the rest's pages, the rest's bytes)."""
    started = time.perf_counter()
    answer = client.get(url, headers=headers)
    first, first_bytes = time.perf_counter() - started, len(answer.content)
    pages = size = 0
    started = time.perf_counter()
    while "next" in answer.links:  # an empty page (the end, for now) links nothing
        answer = client.get(answer.links["next"]["url"], headers=headers)
        pages += "next" in answer.links
        size += len(answer.content)
    return first, first_bytes, time.perf_counter() - started, pages, size


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def point_in_time(client: httpx.Client, base: str, directory: Path) -> None:
    """The cost of ?version=: first query over a version (replay + worker), again (kept), another version."""
    entries = Journal(directory / "journal", repair=False).entries()
    publication, middle = entries[0].id, entries[len(entries) // 2].id
    for label, version in (("the publication", publication), ("the same again", publication),
                           (f"change {len(entries) // 2} (publication + {len(entries) // 2 - 1} changes)", middle)):
        started = time.perf_counter()
        answer = client.get(f"{base}/sparql", params={"query": COUNT, "version": version},
                            headers={"Accept": "text/csv"})
        elapsed = time.perf_counter() - started
        assert answer.status_code == 200, answer.text
        print(f"point-in-time COUNT(*) as of {label}: {elapsed:.2f} s ({answer.text.split()[-1]} quads)")
    journal = Journal(directory / "journal", repair=False)
    started = time.perf_counter()
    replayed = replay(journal, upto=middle)
    print(f"replay alone, in process, up to change {len(entries) // 2}: {time.perf_counter() - started:.2f} s "
          f"({len(replayed)} quads)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=5000)
    parser.add_argument("--page", type=int, default=100)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--versions-only", action="store_true", help="only the point-in-time query's cost")
    args = parser.parse_args()
    fill(args.directory, args.triples, args.changes)
    server = serve(args.directory, args.port, args.page)
    base = f"http://127.0.0.1:{args.port}"
    try:
        with httpx.Client(timeout=600) as client:
            if args.versions_only:
                point_in_time(client, base, args.directory)
                return
            for name, url, headers in (("RDF Patch", f"{base}/changes", {}),
                                       ("LDES Turtle", f"{base}/changes/ldes", {"Accept": "text/turtle"})):
                first, first_bytes, rest, pages, size = walk(client, url, headers)
                print(f"{name}: first page (the {args.triples}-quad publication) {first:.2f} s, "
                      f"{first_bytes / 1e6:.1f} MB ({first_bytes / 1e6 / first:.0f} MB/s)")
                print(f"{name}: {args.changes} small changes in {pages} pages: {rest:.2f} s, "
                      f"{args.changes / rest:.0f} changes/s, {pages / rest:.0f} pages/s, {size / 1e6 / rest:.1f} MB/s")
            complete = client.get(f"{base}/changes", params={"limit": 1})
            etag = complete.headers["etag"]
            started = time.perf_counter()
            for _ in range(500):
                assert client.get(f"{base}/changes", params={"limit": 1},
                                  headers={"If-None-Match": etag}).status_code == 304
            print(f"revalidation of a complete page (304): {500 / (time.perf_counter() - started):.0f} requests/s")
            point_in_time(client, base, args.directory)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
