"""Query execution with limits: a pool of worker processes that can be killed at a timeout.

pyoxigraph cannot cancel a running query, so queries over the embedded store run in worker
processes (:mod:`kg.worker`). When a query runs past ``settings.query_timeout`` its worker is
killed — the query stops using CPU at once — and :class:`QueryTimeoutError` is raised; the next
query gets a fresh worker. Other queries keep being answered by the other workers meanwhile.

Workers are forked by a :class:`Zygote` that holds the current data once: an on-disk store read
into memory (when it has at most ``settings.serve_memory_max_triples`` triples), or an in-memory
store shipped as an N-Quads snapshot file; a larger on-disk store is opened read-only by each
worker. The workers share the zygote's copy (copy-on-write), so memory does not grow with their
number, and replacing a killed worker is one fork. Every task carries the data's
:class:`~kg.worker.Source` (location and version); a write through :mod:`kg.gate` or a new
publication changes it: a new zygote loads the new data and the old workers retire.

:meth:`QueryExecutor.execute_async` serves an event loop (the API) without a thread per query:
it waits for a worker slot and reads the worker's socket on the loop. :meth:`~QueryExecutor.execute`
does the same from a thread. Other stores (a remote engine) run the query in the calling thread
(from the loop: in anyio's thread pool, as FastAPI runs blocking code); the engine enforces its own
limits there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any, NoReturn

import anyio.to_thread
import pyoxigraph as ox

from kg import gate, worker
from kg.embedded import EmbeddedStore
from kg.errors import QueryParameterError, QuerySyntaxError, QueryTimeoutError, StoreError
from kg.model import Term
from kg.queries import asserted_graphs
from kg.settings import Settings
from kg.sparql.screening import Screening, screen_query, valid_iri
from kg.store import QueryResult, Store

_WORKER_SCRIPT = Path(worker.__file__).resolve()
SCREEN_INLINE_CHARS = 4_096  # longer texts are screened in a thread, off the event loop (4 KB: ~15 ms at worst)


@dataclass(frozen=True)
class QueryRequest:
    """A query as the protocol gives it: text, dataset and the media type wanted for the result."""

    sparql: str
    media_type: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None  # relative IRIs in the query resolve against it
    bindings: tuple[tuple[str, Term], ...] = ()  # variables bound to values (named-query parameters)
    screening: Screening | None = None  # set by a caller that screened the text already (not parsed twice)


@dataclass(frozen=True)
class QueryAnswer:
    """The serialised result; ``truncated`` when the row cap cut it."""

    body: bytes
    media_type: str
    truncated: bool = False

    def result(self) -> QueryResult:
        """The answer parsed back into a :class:`QueryResult` (for SPARQL results formats)."""
        fmt = ox.QueryResultsFormat.from_media_type(self.media_type)
        if fmt is None:
            raise ValueError(f"not a SPARQL results media type: {self.media_type}")
        return QueryResult(ox.parse_query_results(self.body, format=fmt))


class WorkerProcess:
    """One worker forked by a :class:`Zygote`, and the socket to it.

    Used by one caller at a time, from a thread (:meth:`ask`) or from an event loop (:meth:`ask_async`).
    The socket stays blocking: the event loop only reads when the socket is readable.
    """

    def __init__(self, sock: socket.socket, source: worker.Source) -> None:
        self.sock = sock
        self.source = source
        self.pid: int | None = None  # known once the worker's first message arrived
        self._buffer = bytearray()

    def ask(self, task: worker.Task, timeout: float) -> worker.Reply:
        """Send a task and wait up to ``timeout`` seconds; TimeoutError if no reply came."""
        deadline = time.monotonic() + timeout
        if self.pid is None:
            self.pid = self._receive(deadline)
        worker.send_frame(self.sock, task.wire())
        return worker.Reply(*self._receive(deadline))

    async def ask_async(self, task: worker.Task, timeout: float) -> worker.Reply:
        """:meth:`ask` without blocking the event loop."""
        deadline = time.monotonic() + timeout
        if self.pid is None:
            self.pid = await self._receive_async(deadline)
        worker.send_frame(self.sock, task.wire())  # the worker is reading: this does not wait
        return worker.Reply(*await self._receive_async(deadline))

    def kill(self) -> None:
        """Stop the worker now (mid-query if need be); its zygote reaps it."""
        if self.sock.fileno() == -1:
            return  # already stopped
        self._read_available()  # a worker that has started sent its id: learn it before killing
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
                for _ in range(200):  # gone within milliseconds; a caller may check at once
                    os.kill(self.pid, 0)
                    time.sleep(0.005)
        self.sock.close()

    def stop(self) -> None:
        """Close the socket: the worker exits when it reads the end."""
        self.sock.close()

    # Frames: an 8-byte length, then a pickle (kg.worker.send_frame).
    def _frame(self) -> tuple[bool, object]:
        header = worker._HEADER.size
        if len(self._buffer) < header:
            return False, None
        (size,) = worker._HEADER.unpack_from(self._buffer)
        if len(self._buffer) < header + size:
            return False, None
        message = pickle.loads(self._buffer[header:header + size])
        del self._buffer[:header + size]
        return True, message

    def _fill(self) -> None:
        chunk = self.sock.recv(1 << 18)
        if not chunk:
            raise EOFError
        self._buffer += chunk

    def _read_available(self) -> None:
        with contextlib.suppress(OSError, EOFError):
            while self.pid is None and select.select([self.sock], [], [], 0)[0]:
                self._fill()
                complete, message = self._frame()
                if complete:
                    self.pid = message  # type: ignore[assignment]

    def _receive(self, deadline: float) -> Any:
        while True:
            complete, message = self._frame()
            if complete:
                return message
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.sock], [], [], remaining)[0]:
                raise TimeoutError
            self._fill()

    async def _receive_async(self, deadline: float) -> Any:
        complete, message = self._frame()
        if complete:
            return message
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Any] = loop.create_future()

        def readable() -> None:
            try:
                self._fill()
                complete, message = self._frame()
            except (OSError, EOFError) as exc:
                done.set_exception(exc)
                return
            if complete:
                done.set_result(message)

        loop.add_reader(self.sock.fileno(), readable)
        try:
            return await asyncio.wait_for(done, max(0.0, deadline - time.monotonic()))
        finally:
            loop.remove_reader(self.sock.fileno())


class Zygote:
    """A ``kg/worker.py zygote`` process holding one source's data; :meth:`fork` makes a worker sharing it."""

    def __init__(self, source: worker.Source) -> None:
        self.source = source
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = subprocess.Popen(
                [sys.executable, str(_WORKER_SCRIPT), "zygote", str(child.fileno())],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, close_fds=True,
            )
        finally:
            child.close()
        self.control = parent
        self.control.send(pickle.dumps(tuple(source)))  # one datagram-like packet (SOCK_SEQPACKET)

    def fork(self) -> WorkerProcess:
        """A new worker; it starts once the zygote has loaded the data (its first message says so)."""
        ours, theirs = socket.socketpair()
        try:
            socket.send_fds(self.control, [b"f"], [theirs.fileno()])
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        return WorkerProcess(ours, self.source)

    def retire(self) -> None:
        """No more forks: the zygote forks what it was asked for, then exits (its workers go on)."""
        self.control.close()

    def reap(self, *, wait: bool = False) -> bool:
        """Whether the zygote has exited (``wait``: kill it if it lingers)."""
        if not wait:
            return self.process.poll() is not None
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return True


class _Waiter:
    """A caller waiting for a worker slot: a thread (``event``) or a coroutine (``future`` on ``loop``)."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.event = threading.Event()
        self.loop = loop
        self.future: asyncio.Future[None] | None = loop.create_future() if loop else None
        self.granted = False
        self.process: WorkerProcess | None = None  # None with ``granted``: start a new worker

    def grant(self, process: WorkerProcess | None) -> None:
        self.granted, self.process = True, process
        if self.loop is None:
            self.event.set()
        else:
            self.loop.call_soon_threadsafe(_resolve, self.future)


def _resolve(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)


class QueryExecutor:
    """Runs queries with the settings' time limit, row cap and SERVICE policy."""

    def __init__(self, settings: Settings, *, workers: int | None = None) -> None:
        self.settings = settings
        self.size = max(1, workers or settings.query_workers or os.cpu_count() or 2)
        self._lock = threading.Lock()
        self._idle: list[WorkerProcess] = []
        self._busy = 0
        self._waiters: deque[_Waiter] = deque()
        self._zygote: Zygote | None = None
        self._retired: list[Zygote] = []
        self._snapshots = tempfile.TemporaryDirectory(prefix="kg-snapshots-")
        self._snapshot_lock = threading.Lock()
        self._snapshot: tuple[int, int, worker.Source] | None = None  # (store serial, version, source)
        self._serials: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
        self._next_serial = count(1)
        self._sizes: dict[tuple[str, int], int] = {}
        self._graphs: dict[tuple[int, int], tuple[str, ...]] = {}
        self._closed = False

    def screen(self, sparql: str, base_iri: str | None = None) -> Screening:
        """:func:`~kg.sparql.screening.screen_query` with these settings (short texts are remembered there)."""
        return screen_query(sparql, self.settings, base_iri=base_iri)

    async def screen_async(self, sparql: str, base_iri: str | None = None) -> Screening:
        """:meth:`screen` for an event loop: a long text is parsed in a thread, so the loop keeps serving."""
        if len(sparql) <= SCREEN_INLINE_CHARS:
            return self.screen(sparql, base_iri)
        return await anyio.to_thread.run_sync(self.screen, sparql, base_iri)

    def asserted_graphs(self, store: Store) -> tuple[str, ...]:
        """:func:`~kg.queries.asserted_graphs`, once per embedded store and data version."""
        if not isinstance(store, EmbeddedStore):
            return tuple(asserted_graphs(store, self.settings.base_iri))
        key = (self._serial(store), gate.data_version(store))
        graphs = self._graphs.get(key)
        if graphs is None:
            graphs = tuple(asserted_graphs(store, self.settings.base_iri))
            self._graphs = {key: graphs}
        return graphs

    def execute(self, store: Store, request: QueryRequest) -> QueryAnswer:
        """Answer a query; QuerySyntaxError, ForbiddenOperationError, QueryTimeoutError or StoreError."""
        self._check(request)
        if not isinstance(store, EmbeddedStore):
            return self._execute_here(store, request)
        source = self._source(store)
        task, deadline = self._task(source, request)
        process = self._acquire(deadline, None)
        try:
            process = self._ready(process, source)
            reply = process.ask(task, max(0.0, deadline - time.monotonic()))
        except BaseException as exc:
            self._failed(process, exc)
            raise AssertionError("unreachable") from exc
        return self._answer(process, reply, request)

    async def execute_async(self, store: Store, request: QueryRequest) -> QueryAnswer:
        """:meth:`execute` for an event loop: waits for workers without holding a thread."""
        if request.screening is None:
            await self.screen_async(request.sparql, request.base_iri)
        self._check_graphs(request)
        if not isinstance(store, EmbeddedStore):
            return await anyio.to_thread.run_sync(self._execute_here, store, request)  # 40 threads, as before
        source = self._current_source(store) or await anyio.to_thread.run_sync(self._source, store)
        task, deadline = self._task(source, request)
        process = self._acquire(deadline, asyncio.get_running_loop())
        if isinstance(process, _Waiter):
            process = await self._wait(process, deadline)
        try:
            process = self._ready(process, source)
            reply = await process.ask_async(task, max(0.0, deadline - time.monotonic()))
        except BaseException as exc:
            self._failed(process, exc)
            raise AssertionError("unreachable") from exc
        return self._answer(process, reply, request)

    def worker_pids(self) -> list[int]:
        """Process ids of the idle workers that have started (for monitoring and tests)."""
        with self._lock:
            return [process.pid for process in self._idle if process.pid is not None]

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
        self._snapshots.cleanup()

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

    def _task(self, source: worker.Source, request: QueryRequest) -> tuple[worker.Task, float]:
        task = worker.Task(source, request.sparql, request.media_type, request.default_graphs,
                           request.named_graphs, self.settings.max_rows or None, request.base_iri,
                           tuple((name, str(term)) for name, term in request.bindings))
        return task, time.monotonic() + self.settings.query_timeout

    def _failed(self, process: WorkerProcess | None, exc: BaseException) -> NoReturn:
        """Discard the worker of a query that did not get its answer, and raise what the caller sees."""
        self._discard(process)
        if isinstance(exc, TimeoutError):
            raise QueryTimeoutError(
                f"the query ran longer than {self.settings.query_timeout:g} s and was stopped") from None
        if isinstance(exc, (EOFError, OSError, pickle.UnpicklingError)):
            raise StoreError(f"the query worker failed: {exc or 'it exited'}") from exc
        raise exc  # e.g. the client went away (CancelledError): the worker was killed all the same

    def _answer(self, process: WorkerProcess, reply: worker.Reply, request: QueryRequest) -> QueryAnswer:
        self._release(process)
        if reply.error == "syntax":
            raise QuerySyntaxError(reply.message)
        if reply.error is not None:
            raise StoreError(reply.message)
        return QueryAnswer(reply.body, request.media_type, reply.truncated)

    # The pool: at most ``size`` workers, forked on demand; a freed slot goes to the longest waiter.
    def _acquire(self, deadline: float, loop: asyncio.AbstractEventLoop | None) -> Any:
        """An idle worker, None (fork one), or (with ``loop``) a :class:`_Waiter` to await."""
        with self._lock:
            if self._closed:
                raise StoreError("the query executor is closed")
            if self._idle:
                self._busy += 1
                return self._idle.pop()
            if self._busy < self.size:
                self._busy += 1
                return None
            waiter = _Waiter(loop)
            self._waiters.append(waiter)
        if loop is not None:
            return waiter
        waiter.event.wait(max(0.0, deadline - time.monotonic()))
        return self._granted(waiter)

    async def _wait(self, waiter: _Waiter, deadline: float) -> WorkerProcess | None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiter.future), max(0.0, deadline - time.monotonic()))  # type: ignore[arg-type]
        return self._granted(waiter)

    def _granted(self, waiter: _Waiter) -> WorkerProcess | None:
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

    def _release(self, process: WorkerProcess) -> None:
        with self._lock:
            current = self._zygote is not None and process.source == self._zygote.source
            if not self._closed and current:
                if not self._hand_over(process):
                    self._busy -= 1
                    self._idle.append(process)
                return
            if not self._hand_over(None):
                self._busy -= 1
        process.stop()  # closed, or its data is out of date

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
                    self._zygote = Zygote(source)
                except OSError as exc:
                    self._zygote = None
                    raise StoreError(f"cannot start the query zygote: {exc}") from exc
                retired = [p for p in self._idle if p.source != source]
                self._idle = [p for p in self._idle if p.source == source]
            zygote = self._zygote
        for process in retired:
            process.stop()
        try:
            return zygote.fork()
        except OSError as exc:
            raise StoreError(f"cannot start a query worker: {exc}") from exc

    # Where workers find the data.
    def _serial(self, store: Store) -> int:
        serial = self._serials.get(store)
        if serial is None:
            serial = self._serials.setdefault(store, next(self._next_serial))
        return serial

    def _current_source(self, store: EmbeddedStore) -> worker.Source | None:
        """The source without any slow step (counting a new version, writing a snapshot), else None."""
        version = gate.data_version(store)
        if store.path is not None:
            size = self._sizes.get((str(store.path), version))
            return None if size is None else self._source(store)
        snapshot = self._snapshot
        if snapshot is not None and snapshot[:2] == (self._serial(store), version):
            return snapshot[2]
        return None

    def _source(self, store: EmbeddedStore) -> worker.Source:
        version = gate.data_version(store)
        if store.path is not None:
            return worker.Source("disk-memory" if self._fits_in_memory(store) else "disk", str(store.path), version)
        with self._snapshot_lock:
            serial = self._serial(store)
            if self._snapshot is None or self._snapshot[:2] != (serial, version):
                self._snapshot = (serial, version, self._write_snapshot(store, serial, version))
            return self._snapshot[2]

    def _fits_in_memory(self, store: EmbeddedStore) -> bool:
        """Whether workers should answer from an in-memory copy (much faster than reading RocksDB).

        The on-disk store stays the durable copy: writes go to it, and bump the version workers reopen on.
        """
        limit = self.settings.serve_memory_max_triples
        if limit <= 0:
            return False
        key = (str(store.path), gate.data_version(store))
        if self._sizes.get(key) is None:
            self._sizes = {key: len(store.engine)}  # one count per store and version
        return self._sizes[key] <= limit

    def _write_snapshot(self, store: EmbeddedStore, serial: int, version: int) -> worker.Source:
        directory = Path(self._snapshots.name)
        path = directory / f"{serial}-{version}.nq"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(store.export("application/n-quads"))
        temporary.rename(path)
        for old in sorted(directory.glob("*.nq"), key=lambda p: p.stat().st_mtime)[:-2]:
            old.unlink(missing_ok=True)  # keep the two newest: a worker may still be reading the previous one
        return worker.Source("snapshot", str(path), version)

    def _execute_here(self, store: Store, request: QueryRequest) -> QueryAnswer:
        result = store.query(request.sparql, dict(request.bindings) or None,
                             default_graphs=list(request.default_graphs) or None,
                             named_graphs=list(request.named_graphs) or None)
        limit = self.settings.max_rows or None
        if limit is None or result.kind == "ask":
            return QueryAnswer(result.serialize(request.media_type), request.media_type)
        return _capped(result, request.media_type, limit)


def _capped(result: QueryResult, media_type: str, max_rows: int) -> QueryAnswer:
    """The result with at most ``max_rows`` rows or triples, through a one-row-per-line format.

    A remote engine's result is read once, so it is written as TSV (or N-Triples) first, cut, and
    converted to the format asked for; ``truncated`` says whether anything was cut.
    """
    graph = result.kind == "graph"
    lines = result.serialize("application/n-triples" if graph else "text/tab-separated-values")
    kept, truncated = worker.first_rows(lines, graph, max_rows)
    return QueryAnswer(worker.from_lines(kept, graph, media_type), media_type, truncated)
