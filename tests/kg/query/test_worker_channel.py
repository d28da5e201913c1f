"""Review M4: a worker killed mid-query leaves no "Exception in callback … InvalidStateError" in the log,
on asyncio's loop or uvloop's; the caller gets a StoreError and the next query a new worker."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.errors import StoreError
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

JSON = "application/sparql-results+json"
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . "
           "?p ?q ?r . ?s ?t ?u }")


async def crash_mid_query(executor: QueryExecutor, store: EmbeddedStore) -> str:
    (await executor.execute_async(store, QueryRequest("ASK {}", JSON))).close()
    [pid] = executor.worker_pids()  # the idle worker the next query takes
    running = asyncio.ensure_future(executor.execute_async(store, QueryRequest(RUNAWAY, JSON)))
    await asyncio.sleep(0.3)
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(StoreError, match="the query worker failed"):
        await running
    for _ in range(3):  # the loop runs the socket's callbacks that were pending
        await asyncio.sleep(0.05)
    answer = await executor.execute_async(store, QueryRequest("ASK { ?s ?p ?o }", JSON))
    answer.close()
    return answer.media_type


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_a_worker_killed_mid_query_logs_no_callback_error(settings: Settings, memory_store: EmbeddedStore,
                                                          caplog: pytest.LogCaptureFixture, loop: str) -> None:
    policy = None
    if loop == "uvloop":
        uvloop = pytest.importorskip("uvloop")
        policy = uvloop.EventLoopPolicy()
    errors: list[dict] = []
    with QueryExecutor(settings.with_(query_timeout=30), workers=1) as executor, \
            caplog.at_level(logging.DEBUG, logger="asyncio"):
        def run() -> str:  # in a thread of its own: playwright may keep a loop running in the main thread
            new_loop = policy.new_event_loop() if policy else asyncio.new_event_loop()
            new_loop.set_exception_handler(lambda _, context: errors.append(context))
            try:
                return new_loop.run_until_complete(crash_mid_query(executor, memory_store))
            finally:
                new_loop.close()

        with ThreadPoolExecutor(1) as thread:
            assert thread.submit(run).result() == JSON
    assert errors == []
    assert not [r for r in caplog.records if "InvalidStateError" in r.getMessage() or "callback" in r.getMessage()]
