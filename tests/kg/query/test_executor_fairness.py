"""Runaway queries do not starve cheap ones (review D6): the pool grows and long queries lose priority."""

from __future__ import annotations

import statistics
import threading
import time

from kg.errors import QueryTimeoutError
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from tests.helpers.execution import generated_store

JSON = "application/sparql-results+json"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 500⁴ rows to count
BASE_WORKERS = 2
RUNAWAY_TIMEOUT = 8.0


def test_ask_is_answered_quickly_while_twice_as_many_runaways_as_workers_run(settings: Settings) -> None:
    store = generated_store()
    limited = settings.with_(query_timeout=RUNAWAY_TIMEOUT)
    with QueryExecutor(limited, workers=BASE_WORKERS) as executor:
        executor.execute(store, QueryRequest("ASK {}", JSON))  # the zygote has the data
        outcomes: list[object] = []

        def runaway() -> None:
            try:
                outcomes.append(executor.execute(store, QueryRequest(RUNAWAY, JSON)))
            except QueryTimeoutError as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=runaway) for _ in range(2 * BASE_WORKERS)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)  # every runaway is running, and past the second after which it loses priority
        latencies = []
        for _ in range(20):
            started = time.perf_counter()
            assert b"true" in executor.execute(store, QueryRequest("ASK {}", JSON)).body
            latencies.append(time.perf_counter() - started)
        still_running = sum(thread.is_alive() for thread in threads)
        for thread in threads:
            thread.join()
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"ASK under {2 * BASE_WORKERS} runaways: p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    assert still_running == 2 * BASE_WORKERS  # the ASKs were measured while all runaways ran
    assert all(isinstance(outcome, QueryTimeoutError) for outcome in outcomes)
    assert p95 < 1.0, latencies  # the goal is 0.1 s; the figure is in the report


def test_the_pool_grows_only_to_its_bound_and_keeps_base_workers_idle(settings: Settings) -> None:
    store = generated_store(50)
    with QueryExecutor(settings.with_(query_timeout=5.0, query_workers_max=3), workers=1) as executor:
        assert (executor.size, executor.max_size) == (1, 3)
        executor.execute(store, QueryRequest("ASK {}", JSON))
        barrier = threading.Barrier(4)
        answers: list[object] = []

        def ask() -> None:
            barrier.wait()
            product = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }"
            answers.append(executor.execute(store, QueryRequest(product, JSON)))

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(answers) == 4
        assert len(executor.worker_pids()) == 1  # the extra workers stopped once done
        assert executor._busy == 0
