"""Memory and result size are bounded (review D7): per-query memory, bytes of a result, the row cap in every format.

The reproductions of the review, with small limits: the 25 nested CONCAT doublings (a 537 MB row),
the cartesian product asked for as CSV. The workers' memory is sampled from /proc while they run.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryResourceError
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from tests.helpers.execution import doubling_row, generated_store, rss

MB = 1 << 20
CSV = "text/csv"
JSON = "application/sparql-results+json"
CARTESIAN = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"


class WorkerMemory:
    """The peak resident memory of a zygote's workers, sampled every 5 ms while the block runs."""

    def __init__(self, executor: QueryExecutor) -> None:
        self.zygote = executor._zygote.process.pid
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        children = Path(f"/proc/{self.zygote}/task/{self.zygote}/children")
        while not self._stop.is_set():
            for pid in children.read_text().split():
                self.peak = max(self.peak, rss(int(pid)))
            time.sleep(0.005)

    def __enter__(self) -> WorkerMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def test_a_query_over_its_memory_limit_is_stopped_with_a_clear_error(settings: Settings) -> None:
    store = generated_store(10)
    with QueryExecutor(settings.with_(query_memory_mb=128, query_timeout=60), workers=1) as executor:
        executor.execute(store, QueryRequest("ASK {}", JSON))
        baseline = rss(executor.worker_pids()[0])
        started = time.monotonic()
        with WorkerMemory(executor) as memory, pytest.raises(QueryResourceError) as refused:
            executor.execute(store, QueryRequest(doubling_row(25), CSV))
        elapsed = time.monotonic() - started
        assert "query_memory_mb = 128" in str(refused.value) and "KG_QUERY_MEMORY_MB" in str(refused.value)
        print(f"537 MB row, limit 128 MiB: refused after {elapsed:.2f} s, worker peak "
              f"{memory.peak / MB:.0f} MiB (baseline {baseline / MB:.0f} MiB)")
        assert memory.peak - baseline < 128 * MB + 200 * MB  # the limit, and one doubling's worth of margin
        assert executor.execute(store, QueryRequest("ASK {}", JSON)).body  # the next query is answered


def test_workers_carry_an_address_space_backstop(settings: Settings) -> None:
    store = generated_store(10)
    with QueryExecutor(settings.with_(query_memory_mb=64), workers=1) as executor:
        executor.execute(store, QueryRequest("ASK {}", JSON))
        limits = Path(f"/proc/{executor.worker_pids()[0]}/limits").read_text()
    line = next(line for line in limits.splitlines() if line.startswith("Max address space"))
    assert line.split()[3] != "unlimited"


def test_a_result_over_the_byte_limit_is_a_clean_error_and_memory_stays_flat(settings: Settings) -> None:
    store = generated_store(2000)  # the cartesian product: 4 million rows, ~300 MB of CSV
    limited = settings.with_(max_result_bytes=8 * MB, max_rows=0, query_timeout=60)
    with QueryExecutor(limited, workers=1) as executor:
        executor.execute(store, QueryRequest("ASK {}", JSON))
        baseline = rss(executor.worker_pids()[0])
        with WorkerMemory(executor) as memory, pytest.raises(QueryResourceError) as refused:
            executor.execute(store, QueryRequest(CARTESIAN, CSV))
        assert "max_result_bytes = 8388608" in str(refused.value) and "KG_MAX_RESULT_BYTES" in str(refused.value)
        print(f"cartesian CSV over an 8 MiB limit: worker peak {memory.peak / MB:.0f} MiB "
              f"(baseline {baseline / MB:.0f} MiB)")
        assert memory.peak - baseline < 32 * MB  # the result was never held in memory
        assert not list(Path(executor._results.name).iterdir())  # the partial spool file was removed


@pytest.mark.parametrize("media_type", ["text/csv", "text/tab-separated-values", "application/sparql-results+json",
                                        "application/sparql-results+xml"])
def test_the_row_cap_holds_for_large_results_in_every_format(settings: Settings, media_type: str) -> None:
    store = generated_store(500)  # 250,000 rows
    with QueryExecutor(settings.with_(max_rows=100_000, query_timeout=60), workers=1) as executor:
        answer = executor.execute(store, QueryRequest(CARTESIAN, media_type))
        assert answer.truncated and answer.spooled
        body = answer.body
        answer.close()
    if media_type == "text/csv":
        rows = len(list(csv.reader(io.StringIO(body.decode())))) - 1
    elif media_type == "text/tab-separated-values":
        rows = body.count(b"\n") - 1
    elif media_type.endswith("json"):
        rows = len(json.loads(body)["results"]["bindings"])
    else:
        rows = body.count(b"<result>")
    assert rows == 100_000


@pytest.mark.parametrize("media_type", ["application/n-triples", "text/turtle", "application/rdf+xml"])
def test_the_row_cap_holds_for_graph_results(settings: Settings, media_type: str) -> None:
    store = generated_store(500)
    construct = "CONSTRUCT { ?s ?p ?c } WHERE { ?s ?p ?o . ?c ?b ?x }"
    with QueryExecutor(settings.with_(max_rows=1000, query_timeout=60), workers=1) as executor:
        answer = executor.execute(store, QueryRequest(construct, media_type))
    triples = list(ox.parse(answer.body, format=ox.RdfFormat.from_media_type(media_type)))
    assert answer.truncated and len(triples) == 1000


def test_small_results_stay_in_memory_and_large_ones_are_spooled(settings: Settings) -> None:
    store = generated_store(2000)
    with QueryExecutor(settings, workers=1) as executor:
        small = executor.execute(store, QueryRequest("SELECT * { ?s ?p ?o } LIMIT 10", CSV))
        large = executor.execute(store, QueryRequest("SELECT * { ?s ?p ?o . ?a ?b ?c } LIMIT 50000", CSV))
        assert not small.spooled and large.spooled and not large.truncated
        assert large.size == len(large.body) and large.body.count(b"\n") == 50_001
        assert not list(Path(executor._results.name).iterdir())  # opened and unlinked at once
        large.close()
