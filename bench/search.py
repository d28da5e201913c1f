"""Search quality on the real graph and autocomplete latency on a big one.

    python3 bench/search.py                  # recall@10 and MRR over bench/search_queries.tsv, then p50/p95 at 1M
    python3 bench/search.py --triples 100000 --rounds 2000

Quality: every row of ``bench/search_queries.tsv`` (query, relevant CURIEs, kind, note) is searched over
the graph of 苏政发〔2023〕104号 built in memory (ontology, data, rules; SHACL skipped); recall@10 is the
share of a row's relevant IRIs among the first ten hits, averaged over the rows, MRR the mean of
1/rank of the first relevant hit. Goal: recall@10 ≥ 0.95. Latency: a graph of ``--triples`` made by
``bench/generate.py`` is loaded into an embedded store (no reasoning: the names are what counts), its
search index built once (timed), then :meth:`SearchIndex.suggest` is timed for prefixes (one to four
characters) of real names, zh and en, in process and through the app (``GET /search/suggest``,
TestClient); goal p95 < 50 ms. A full search of 200 of them is timed too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.rdf.vocab import DEFAULT_BASE  # noqa: E402
from kg.resolution.index import entity_prefix  # noqa: E402
from kg.resolution.search import SearchIndex, search_index  # noqa: E402

QUERIES = ROOT / "bench" / "search_queries.tsv"
RECALL_GOAL, P95_GOAL_MS = 0.95, 50.0


@dataclass(frozen=True)
class Judged:
    """One gold row and what the search answered for it."""

    query: str
    kind: str
    relevant: frozenset[str]
    found: tuple[str, ...]  # the first ten hits' IRIs

    @property
    def recall(self) -> float:
        return len(self.relevant & set(self.found)) / len(self.relevant)

    @property
    def reciprocal_rank(self) -> float:
        return next((1 / (i + 1) for i, iri in enumerate(self.found) if iri in self.relevant), 0.0)


def gold_rows(path: Path = QUERIES, base: str = DEFAULT_BASE) -> list[tuple[str, frozenset[str], str]]:
    """(query, relevant IRIs, kind) of every row of the gold file."""
    prefix = entity_prefix(base)
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            query, relevant, kind, _note = line.split("\t")
            rows.append((query, frozenset(prefix + c.removeprefix("id:") for c in relevant.split()), kind))
    return rows


def judge(index: SearchIndex, rows: list[tuple[str, frozenset[str], str]]) -> list[Judged]:
    return [Judged(q, kind, relevant, tuple(h.iri for h in index.search(q, limit=10))) for q, relevant, kind in rows]


def quality(judged: list[Judged]) -> tuple[float, float]:
    """Mean recall@10 and MRR."""
    return statistics.fmean(j.recall for j in judged), statistics.fmean(j.reciprocal_rank for j in judged)


def _built():
    from kg.build.pipeline import build
    from kg.settings import load_settings
    from kg.store.embedded import EmbeddedStore

    settings = load_settings(environ={}, project_dir=ROOT, store_path=":memory:", validate=False)
    store = EmbeddedStore(None)
    build(settings, store=store)
    return store


def measure_quality() -> None:
    store = _built()
    judged = judge(search_index(store, DEFAULT_BASE), gold_rows())
    recall, mrr = quality(judged)
    for kind in sorted({j.kind for j in judged}):
        part = [j for j in judged if j.kind == kind]
        r, m = quality(part)
        print(f"  {kind:<9} {len(part):>3} queries  recall@10 {r:.3f}  MRR {m:.3f}")
    print(f"all       {len(judged):>3} queries  recall@10 {recall:.3f}  MRR {mrr:.3f}  (goal ≥ {RECALL_GOAL})")
    for j in judged:
        if j.recall < 1:
            print(f"  missed: {j.query!r} recall {j.recall:.2f}")


def measure_latency(triples: int, rounds: int) -> None:
    from bench.generate import write_graph
    from kg.store.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.nt"
        written = write_graph(path, triples)
        store = EmbeddedStore(None)
        store.load(path, graph=DEFAULT_BASE + "graph/generated", media_type="application/n-triples")
    started = time.perf_counter()
    index = search_index(store, DEFAULT_BASE)
    built = time.perf_counter() - started
    rng = random.Random(104)
    names = [name.text for _, name in index.labels.names]
    prefixes = [name[:rng.randint(1, 4)] for name in rng.choices(names, k=rounds)]
    times, answered = [], 0
    for prefix in prefixes:
        started = time.perf_counter()
        answered += bool(index.suggest(prefix))
        times.append((time.perf_counter() - started) * 1000)
    print(f"{written:,} triples: {len(index.labels.names):,} names, {len(index.sentences):,} sentences; "
          f"index built in {built:.1f} s")
    print(f"suggest over {rounds} prefixes ({answered} answered): {_percentiles(times)} "
          f"(goal p95 < {P95_GOAL_MS:.0f} ms)")
    print(f"GET /search/suggest (TestClient, whole app) over {rounds} prefixes: {_endpoint(store, prefixes)}")
    times = []
    for prefix in prefixes[:200]:
        started = time.perf_counter()
        index.search(prefix, limit=10)
        times.append((time.perf_counter() - started) * 1000)
    print(f"search (names and sentences, 10 hits) over {len(times)} of them: {_percentiles(times)}")


def _endpoint(store, prefixes: list[str]) -> str:
    """The autocomplete through the app (routing, dependencies, JSON), in process."""
    from fastapi.testclient import TestClient

    from api.main import create_app
    from kg.settings import load_settings

    settings = load_settings(environ={}, project_dir=ROOT, store_path=":memory:", validate=False)
    times = []
    with TestClient(create_app(settings, store=store)) as client:
        for prefix in prefixes:
            started = time.perf_counter()
            client.get("/search/suggest", params={"q": prefix}).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times)


def _percentiles(times: list[float]) -> str:
    return f"p50 {statistics.median(times):.2f} ms, p95 {statistics.quantiles(times, n=20)[18]:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    if not args.skip_quality:
        measure_quality()
    measure_latency(args.triples, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
