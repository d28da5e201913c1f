"""Query execution with limits: a pool of network-less worker processes, killed at a timeout.

pyoxigraph cannot cancel a running query, so queries over the embedded store run in worker
processes (:mod:`kg.query.worker`). When a query runs past ``settings.query_timeout`` its worker is
killed — the query stops using CPU at once — and :class:`QueryTimeoutError` is raised; the next
query gets a fresh worker.

Workers are forked by a :class:`Zygote` that holds the current data once: an on-disk store read
into memory (when it has at most ``settings.serve_memory_max_triples`` triples), or an in-memory
store shipped as an N-Quads snapshot file; a larger on-disk store is opened read-only by each
worker. The workers share the zygote's copy (copy-on-write), so memory does not grow with their
number, and replacing a killed worker is one fork. Every task carries the data's
:class:`~kg.query.worker.Source` (location and version); a write through :mod:`kg.writes.gate` or a new
publication changes it: a new zygote loads the new data and the old workers retire.

Limits, each with its setting (see also docs/security.md):

- **no network** (``worker_sandbox``): unless ``allow_service`` is set, the zygote installs a seccomp
  filter (:mod:`kg.query.sandbox`) before it forks, so no worker can open an Internet socket, whatever
  query it is given; a zygote that cannot install it makes every query fail with a StoreError.
- **fairness** (``query_workers``, ``query_workers_max``): ``query_workers`` workers are kept warm;
  when all are busy the pool forks more, up to ``query_workers_max`` (default four times as many),
  so a few runaway queries do not make every other query wait for their timeout. A query running
  longer than a second drops to the lowest CPU priority (:mod:`kg.query.worker_limits`), so the cheap
  queries forked meanwhile get the CPU first; that worker retires after answering. Beyond
  ``query_workers_max`` busy workers, queries wait for a free one (first come, first served).
- **memory** (``query_memory_mb``): what a worker allocates for one query is watched and capped
  (:mod:`kg.query.worker_limits`); past it the worker stops and :class:`QueryResourceError` is raised.
- **result size** (``max_rows``, ``max_result_bytes``): the row cap holds for every format; a result
  over ``max_result_bytes`` is refused with :class:`QueryResourceError` before anything is sent.
  Results are written into the answer's spool file by the worker and streamed from it
  (:mod:`kg.query.result_spool`, :mod:`kg.query.answer`), so no process holds a large result in memory and
  a slow client holds a file, not a worker.

:meth:`QueryExecutor.execute_async` serves an event loop (the API) without a thread per query:
it waits for a worker slot and talks to the worker on the loop (:mod:`kg.query.worker_channel`).
:meth:`~QueryExecutor.execute` does the same from a thread. :meth:`~QueryExecutor.select` answers the
write path's questions (SPARQL Update's dataset, a pending change) as rows of terms. Other stores (a
remote engine) run the query in the calling thread (from the loop: in anyio's thread pool, as
FastAPI runs blocking code); the engine enforces its own limits there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import threading
import time
from collections import deque
from itertools import count
from typing import Any, Literal, NoReturn

import anyio.to_thread

from kg import telemetry
from kg.errors import (
    QueryParameterError,
    QueryTimeoutError,
    StoreError,
)
from kg.query import worker
from kg.query.answer import QueryAnswer, capped
from kg.query.named import asserted_graphs
from kg.query.tasks import QueryRequest, make_task, raise_failure, read_reply, remove_spool, worker_limits
from kg.query.worker_channel import Waiter, WorkerProcess, Zygote
from kg.query.worker_sources import WorkerSources
from kg.rdf.model import Term
from kg.settings import Settings
from kg.sparql.screening import Screening, screen_query, valid_iri
from kg.store import versions
from kg.store.base import Store

SCREEN_INLINE_CHARS = 4_096  # longer texts are screened in a thread, off the event loop (4 KB: ~15 ms at worst)
DefaultGraph = Literal["store", "union"] | tuple[str, ...] | list[str]

__all__ = ["QueryAnswer", "QueryExecutor", "QueryRequest", "WorkerProcess", "Zygote"]


class QueryExecutor:
    """Runs queries with the settings' time limit, row cap and SERVICE policy."""

    def __init__(self, settings: Settings, *, workers: int | None = None) -> None:
        self.settings = settings
        self.size = max(1, workers or settings.query_workers or os.cpu_count() or 2)
        self._lock = threading.Lock()
        self._idle: list[WorkerProcess] = []
        self._busy = 0
        self._waiters: deque[Waiter] = deque()
        self._zygote: Zygote | None = None
        self._retired: list[Zygote] = []
        self._sources = WorkerSources(settings.serve_memory_max_triples)
        self._graphs: dict[tuple[int, int], tuple[str, ...]] = {}
        self._closed = False
        self.max_size = max(self.size, settings.query_workers_max or 4 * self.size)
        self._results = tempfile.TemporaryDirectory(prefix="kg-results-")
        self._result_names = count(1)
        self.limits = worker_limits(settings)

    def screen(self, sparql: str, base_iri: str | None = None) -> Screening:
        """:func:`~kg.sparql.screening.screen_query` with these settings (short texts are remembered there)."""
        return screen_query(sparql, self.settings, base_iri=base_iri)

    async def screen_async(self, sparql: str, base_iri: str | None = None) -> Screening:
        """:meth:`screen` for an event loop: a long text is parsed in a thread, so the loop keeps serving."""
        if len(sparql) <= SCREEN_INLINE_CHARS:
            return self.screen(sparql, base_iri)
        return await anyio.to_thread.run_sync(self.screen, sparql, base_iri)

    def asserted_graphs(self, store: Store) -> tuple[str, ...]:
        """:func:`~kg.query.named.asserted_graphs`, once per embedded store and data version."""
        if not store.in_process:
            return tuple(asserted_graphs(store, self.settings.base_iri))
        key = (self._serial(store), versions.data_version(store))
        graphs = self._graphs.get(key)
        if graphs is None:
            graphs = tuple(asserted_graphs(store, self.settings.base_iri))
            self._graphs = {key: graphs}
        return graphs

    @telemetry.timed
    def execute(self, store: Store, request: QueryRequest) -> QueryAnswer:
        """Answer a query; QuerySyntaxError, ForbiddenOperationError, QueryTimeoutError, QueryResourceError
        or StoreError. A large answer is in a spool file: close it (or read it to the end) when done."""
        self._check(request)
        if not store.in_process:
            return self._execute_here(store, request)
        return self._execute(store, request, self.settings.max_rows or None)

    @telemetry.timed
    async def execute_async(self, store: Store, request: QueryRequest) -> QueryAnswer:
        """:meth:`execute` for an event loop: waits for workers without holding a thread."""
        if request.screening is None:
            await self.screen_async(request.sparql, request.base_iri)
        self._check_graphs(request)
        if not store.in_process:
            return await anyio.to_thread.run_sync(self._execute_here, store, request)  # 40 threads, as before
        source = self._current_source(store) or await anyio.to_thread.run_sync(self._source, store)
        task, deadline = self._task(source, request, self.settings.max_rows or None)
        process = self._acquire(deadline, asyncio.get_running_loop())
        if isinstance(process, Waiter):
            process = await self._wait(process, deadline)
        try:
            process = self._ready(process, source)
            reply = await process.ask_async(task, max(0.0, deadline - time.monotonic()))
        except BaseException as exc:
            self._failed(process, task, exc)
            raise AssertionError("unreachable") from exc
        return self._answer(process, task, reply)

    @telemetry.timed
    def select(self, store: Store, sparql: str, *, default_graph: DefaultGraph = "union",
               pending: tuple[str, str] | None = None, timeout: float | None = None) -> list[dict[str, Term]]:
        """The rows of a SELECT as :mod:`kg.rdf.model` terms, evaluated in a sandboxed worker (the write path's door).

        ``default_graph``: ``"union"`` (of all graphs, as /sparql), ``"store"`` (the store's own
        default graph: SPARQL Update's dataset) or a list of graph IRIs. ``pending``: a change not
        yet in the store, as N-Quads to add and N-Quads to remove (blank nodes with the labels the
        store gives them), applied to the worker's private copy before the query runs; that worker
        is discarded after answering. Right after a write the workers' copy is one version old: a
        worker forked from it applies the writes since (:func:`kg.store.versions.changes_since`)
        to its own copy first, rather than waiting for the whole store to be loaded again. Blank
        nodes in the rows keep the store's labels. No row cap: the rows are all there, or
        :class:`QueryResourceError` (``max_result_bytes``, ``query_memory_mb``) or
        :class:`QueryTimeoutError` (``timeout``, default ``query_timeout``).
        """
        graphs = () if isinstance(default_graph, str) else tuple(default_graph)
        if isinstance(default_graph, str) and default_graph not in ("store", "union"):
            raise ValueError(f"default_graph must be 'store', 'union' or a list of IRIs, not {default_graph!r}")
        request = QueryRequest(sparql, _TSV, graphs, union_default=default_graph != "store", pending=pending)
        self._check(request)
        if not store.in_process:
            raise StoreError("QueryExecutor.select evaluates in the embedded store's workers only")
        answer = self._execute(store, request, None, timeout, catch_up=True)
        try:
            return answer.result().rows()
        finally:
            answer.close()

    def _execute(self, store: Store, request: QueryRequest, max_rows: int | None,
                 timeout: float | None = None, *, catch_up: bool = False) -> QueryAnswer:
        source, changes = self._caught_up(store) if catch_up else (self._source(store), ())
        task, deadline = self._task(source, request, max_rows, timeout, changes)
        process = self._acquire(deadline, None)
        try:
            process = self._ready(process, source)
            reply = process.ask(task, max(0.0, deadline - time.monotonic()))
        except BaseException as exc:
            self._failed(process, task, exc)
            raise AssertionError("unreachable") from exc
        return self._answer(process, task, reply)

    def worker_pids(self) -> list[int]:
        """Process ids of the idle workers that have started (for monitoring and tests)."""
        with self._lock:
            return [process.pid for process in self._idle if process.pid is not None]

    def pool_sizes(self) -> tuple[int, int, int]:
        """Busy workers, idle workers, and queries waiting for a worker (for monitoring)."""
        with self._lock:
            return self._busy, len(self._idle), len(self._waiters)

    def close(self) -> None:
        """Stop every idle worker and the zygotes, remove the snapshots (busy workers stop when they return)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            waiters, self._waiters = list(self._waiters), deque()
            zygotes = [*self._retired, *([self._zygote] if self._zygote else [])]
            self._zygote, self._retired = None, []
        for waiter in waiters:
            waiter.grant(None)
        for process in idle:
            process.stop()
        for zygote in zygotes:
            zygote.retire()
        for zygote in zygotes:
            zygote.reap(wait=True)
        self._sources.close()
        self._results.cleanup()

    def __enter__(self) -> QueryExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # One query.
    def _check(self, request: QueryRequest) -> None:
        if request.screening is None:
            self.screen(request.sparql, request.base_iri)
        self._check_graphs(request)

    def _check_graphs(self, request: QueryRequest) -> None:
        for graph in (*request.default_graphs, *request.named_graphs):
            if not valid_iri(graph):
                raise QueryParameterError(f"not an absolute IRI: {graph[:200]!r}")

    def _task(self, source: worker.Source, request: QueryRequest, max_rows: int | None,
              timeout: float | None = None, changes: tuple[tuple[str, str], ...] = ()) -> tuple[worker.Task, float]:
        """The task for ``request`` on ``source``'s data, with ``changes`` (then the request's pending change)
        applied to the worker's copy first."""
        spool = os.path.join(self._results.name, f"{next(self._result_names)}.result")
        return make_task(self.settings, source, request, max_rows, spool, timeout, changes)

    def _failed(self, process: WorkerProcess | None, task: worker.Task, exc: BaseException) -> NoReturn:
        """Discard the worker of a query that did not get its answer, and raise what the caller sees."""
        if process is not None:
            telemetry.worker_lost(exc)
        self._discard(process)
        remove_spool(task)
        raise_failure(self.settings, exc)

    def _answer(self, process: WorkerProcess, task: worker.Task, reply: worker.Reply) -> QueryAnswer:
        if reply.error == "memory" and process.pid:
            process.kill()  # it exits by itself; make sure before the slot is reused
        self._release(process, retire=reply.retire or reply.error == "memory")
        return read_reply(self.settings, task, reply)

    # The pool: at most ``max_size`` busy workers and ``size`` idle ones, forked on demand; a freed slot
    # goes to the longest waiter.
    def _acquire(self, deadline: float, loop: asyncio.AbstractEventLoop | None) -> Any:
        """An idle worker, None (fork one), or (with ``loop``) a :class:`Waiter` to await."""
        with self._lock:
            if self._closed:
                raise StoreError("the query executor is closed")
            if self._idle:
                self._busy += 1
                return self._idle.pop()
            if self._busy < self.max_size:
                self._busy += 1
                return None
            waiter = Waiter(loop)
            self._waiters.append(waiter)
        if loop is not None:
            return waiter
        waiter.event.wait(max(0.0, deadline - time.monotonic()))
        return self._granted(waiter)

    async def _wait(self, waiter: Waiter, deadline: float) -> WorkerProcess | None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiter.future), max(0.0, deadline - time.monotonic()))  # type: ignore[arg-type]
        return self._granted(waiter)

    def _granted(self, waiter: Waiter) -> WorkerProcess | None:
        with self._lock:
            if not waiter.granted:
                self._waiters.remove(waiter)
                raise QueryTimeoutError("every query worker stayed busy until the time limit")
            if self._closed:
                raise StoreError("the query executor is closed")
        return waiter.process

    def _hand_over(self, process: WorkerProcess | None) -> bool:
        """Give a freed slot (with ``process``, or to fork a new one) to a waiter; under the lock."""
        if not self._waiters:
            return False
        self._waiters.popleft().grant(process)
        return True

    def _release(self, process: WorkerProcess, *, retire: bool = False) -> None:
        with self._lock:
            current = self._zygote is not None and process.source == self._zygote.source
            if not self._closed and current and not retire:
                if self._hand_over(process):
                    return
                if len(self._idle) < self.size:
                    self._busy -= 1
                    self._idle.append(process)
                    return
            if not self._hand_over(None):
                self._busy -= 1
        process.stop()  # closed, its data is out of date, it retires, or enough workers are idle

    def _discard(self, process: WorkerProcess | None) -> None:
        if process is not None:
            process.kill()
        with self._lock:
            if not self._hand_over(None):
                self._busy -= 1

    def _ready(self, process: WorkerProcess | None, source: worker.Source) -> WorkerProcess:
        """``process`` if it holds ``source``'s data, else a new worker forked from that data's zygote."""
        if process is not None and process.source == source:
            return process
        if process is not None:
            process.stop()  # its data is out of date
        return self._fork(source)

    def _fork(self, source: worker.Source) -> WorkerProcess:
        """A new worker from the zygote of ``source`` (started here when the data changed)."""
        retired: list[WorkerProcess] = []
        with self._lock:
            if self._closed:
                raise StoreError("the query executor is closed")
            if self._zygote is None or self._zygote.source != source:
                if self._zygote is not None:
                    self._zygote.retire()
                    self._retired.append(self._zygote)
                self._retired = [old for old in self._retired if not old.reap()]
                try:
                    telemetry.DATA_LOADS.inc()
                    self._zygote = Zygote(source, self.limits)
                except OSError as exc:
                    self._zygote = None
                    raise StoreError(f"cannot start the query zygote: {exc}") from exc
                retired = [p for p in self._idle if p.source != source]
                self._idle = [p for p in self._idle if p.source == source]
            zygote = self._zygote
        for process in retired:
            process.stop()
        try:
            telemetry.WORKERS_STARTED.inc()
            return zygote.fork()
        except OSError as exc:
            raise StoreError(f"cannot start a query worker: {exc}") from exc

    # Where workers find the data (kg.worker_sources).
    def _serial(self, store: Store) -> int:
        return self._sources.serial(store)

    def _current_source(self, store: Store) -> worker.Source | None:
        return self._sources.current(store)

    def _source(self, store: Store) -> worker.Source:
        return self._sources.source(store)

    def _caught_up(self, store: Store) -> tuple[worker.Source, tuple[tuple[str, str], ...]]:
        """The running zygote's older copy of the data and the writes since, or the current source
        (:meth:`kg.query.worker_sources.WorkerSources.caught_up`)."""
        with self._lock:
            zygote = self._zygote
        return self._sources.caught_up(store, zygote.source if zygote is not None else None)

    def _execute_here(self, store: Store, request: QueryRequest) -> QueryAnswer:
        result = store.query(request.sparql, dict(request.bindings) or None,
                             default_graphs=list(request.default_graphs) or None,
                             named_graphs=list(request.named_graphs) or None)
        limit = self.settings.max_rows or None
        if limit is None or result.kind == "ask":
            return QueryAnswer(result.serialize(request.media_type), request.media_type)
        return capped(result, request.media_type, limit)


_TSV = "text/tab-separated-values"
