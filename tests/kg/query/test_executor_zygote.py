"""Workers forked from one zygote per data version (shared copy), and the event-loop path of the executor."""

from __future__ import annotations

import asyncio
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.errors import QueryTimeoutError
from kg.query.executor import QueryExecutor, QueryRequest
from kg.settings import Settings
from kg.writes import gate
from tests.helpers.execution import COUNT, JSON, RUNAWAY, TIMEOUT
from tests.helpers.loops import run_loop


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def rows(answer) -> int:
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def executor(settings: Settings):
    with QueryExecutor(settings.with_(query_timeout=TIMEOUT), workers=2) as pool:
        yield pool


async def ask_all(executor: QueryExecutor, store, queries: list[str]) -> list:
    return await asyncio.gather(*(executor.execute_async(store, QueryRequest(q, JSON)) for q in queries),
                                return_exceptions=True)


def test_workers_are_forked_by_one_zygote_and_a_killed_one_is_replaced_by_a_fork(executor, memory_store) -> None:
    answers = run_loop(ask_all(executor, memory_store, [COUNT] * 6))  # six at once: both workers start
    assert len({rows(a) for a in answers}) == 1
    workers = executor.worker_pids()
    zygote = executor._zygote.process.pid
    assert len(workers) == 2
    assert {parent_of(pid) for pid in workers} == {zygote}
    with pytest.raises(QueryTimeoutError):
        executor.execute(memory_store, QueryRequest(RUNAWAY, JSON))
    killed = set(workers) - set(executor.worker_pids())
    assert len(killed) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(killed.pop(), 0)
    run_loop(ask_all(executor, memory_store, [COUNT] * 4))
    replacement = set(executor.worker_pids()) - set(workers)
    assert replacement and {parent_of(pid) for pid in replacement} == {zygote}


def test_a_write_starts_a_new_zygote_and_the_old_workers_retire(executor, memory_store, settings: Settings) -> None:
    before = rows(executor.execute(memory_store, QueryRequest(COUNT, JSON)))
    old_zygote, (old_worker,) = executor._zygote.process, executor.worker_pids()
    gate.apply_update(memory_store, "INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 'c' } }",
                      settings, executor=executor)
    after = rows(executor.execute(memory_store, QueryRequest(COUNT, JSON)))
    assert after > before
    assert executor._zygote.process.pid != old_zygote.pid
    assert old_worker not in executor.worker_pids()
    deadline = time.monotonic() + 10
    while old_zygote.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert old_zygote.poll() is not None  # the old zygote exited once nothing more could be forked from it


def test_on_an_event_loop_a_runaway_is_stopped_while_the_others_are_answered(settings: Settings, memory_store) -> None:
    async def scenario(executor: QueryExecutor) -> tuple[list, float, float]:
        runaway = asyncio.ensure_future(executor.execute_async(memory_store, QueryRequest(RUNAWAY, JSON)))
        await asyncio.sleep(0.2)
        cheap = await ask_all(executor, memory_store, [COUNT] * 5)  # one worker left for five queries
        answered = time.monotonic()
        try:
            await runaway
        except QueryTimeoutError as exc:
            return [exc, *cheap], answered, time.monotonic()
        return [None, *cheap], answered, time.monotonic()

    with QueryExecutor(settings.with_(query_timeout=TIMEOUT), workers=2) as executor:
        (stopped, *cheap), answered, finished = run_loop(scenario(executor))
        assert isinstance(stopped, QueryTimeoutError)
        assert answered < finished, "the cheap queries waited for the runaway"
        assert len({rows(answer) for answer in cheap}) == 1
        assert rows(executor.execute(memory_store, QueryRequest(COUNT, JSON))) == rows(cheap[0])


def test_queued_queries_past_the_time_limit_get_a_timeout_not_a_hang(settings: Settings, memory_store) -> None:
    with QueryExecutor(settings.with_(query_timeout=1.0, query_workers_max=1), workers=1) as executor:
        executor.execute(memory_store, QueryRequest(COUNT, JSON))  # the data is ready: the runaway goes first
        outcomes = run_loop(ask_all(executor, memory_store, [RUNAWAY, COUNT]))
        assert isinstance(outcomes[0], QueryTimeoutError)
        assert isinstance(outcomes[1], QueryTimeoutError)  # it waited for the only worker the whole time
        assert rows(executor.execute(memory_store, QueryRequest(COUNT, JSON))) > 0


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_large_queries_alternate_between_the_loop_and_threads_on_one_worker(settings: Settings, memory_store,
                                                                         loop: str) -> None:
    """Review D11: uvloop turns the worker socket non-blocking; each path now sets the mode it needs."""
    import uvloop

    large = "ASK {} #" + "x" * (1 << 20)  # far more than a socket buffer
    factory = uvloop.new_event_loop if loop == "uvloop" else asyncio.new_event_loop

    def on_loop(executor: QueryExecutor) -> bytes:
        with asyncio.Runner(loop_factory=factory) as runner:
            return runner.run(executor.execute_async(memory_store, QueryRequest(large, JSON))).body

    with QueryExecutor(settings, workers=1) as executor, ThreadPoolExecutor(1) as thread:
        for _ in range(2):
            assert b"true" in thread.submit(on_loop, executor).result()
            assert b"true" in executor.execute(memory_store, QueryRequest(large, JSON)).body
        assert len(executor.worker_pids()) == 1  # one worker served both paths
