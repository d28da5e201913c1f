"""Query execution with limits: a pool of worker processes that can be killed at a timeout.

pyoxigraph cannot cancel a running query, so queries over the embedded store run in worker
processes (:mod:`kg.worker`). When a query runs past ``settings.query_timeout`` its worker is
killed — the query stops using CPU at once — and :class:`QueryTimeoutError` is raised; the next
query starts a fresh worker. Other queries keep being answered by the other workers meanwhile.

Workers see the current data: an on-disk store is opened read-only by each worker at the
published generation; an in-memory store is shipped as an N-Quads snapshot file. Every task
carries the data's :class:`~kg.worker.Source` (location and version); a write through
:mod:`kg.gate` or a new publication changes it, and each worker reopens on its next task.

Other stores (a remote engine) run the query in the calling thread: the engine enforces its
own limits there.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from itertools import count
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kg import gate, worker
from kg.embedded import EmbeddedStore
from kg.errors import QueryParameterError, QuerySyntaxError, QueryTimeoutError, StoreError
from kg.model import Term
from kg.screening import screen_query, valid_iri
from kg.settings import Settings
from kg.store import QueryResult, Store

_WORKER_SCRIPT = Path(worker.__file__).resolve()


@dataclass(frozen=True)
class QueryRequest:
    """A query as the protocol gives it: text, dataset and the media type wanted for the result."""

    sparql: str
    media_type: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None  # relative IRIs in the query resolve against it
    bindings: tuple[tuple[str, Term], ...] = ()  # variables bound to values (named-query parameters)


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
    """One ``kg/worker.py`` process and the connection to it."""

    def __init__(self) -> None:
        parent, child = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, str(_WORKER_SCRIPT), str(child.fileno())],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, close_fds=True,
            )
        finally:
            child.close()
        self.connection = Connection(parent.detach())

    def ask(self, task: worker.Task, timeout: float) -> worker.Reply:
        """Send a task and wait up to ``timeout`` seconds; TimeoutError if no reply came."""
        self.connection.send(task.wire())
        if not self.connection.poll(timeout):
            raise TimeoutError
        return worker.Reply(*self.connection.recv())

    def kill(self) -> None:
        """Stop the process now (mid-query if need be) and reap it."""
        self.process.kill()
        self.process.wait()
        self.connection.close()

    def stop(self) -> None:
        """Close the connection, let the process exit, kill it if it does not."""
        self.connection.close()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class QueryExecutor:
    """Runs queries with the settings' time limit, row cap and SERVICE policy."""

    def __init__(self, settings: Settings, *, workers: int | None = None) -> None:
        self.settings = settings
        self.size = max(1, workers or settings.query_workers or os.cpu_count() or 2)
        self._idle: list[WorkerProcess] = []
        self._busy = 0
        self._ready = threading.Condition()
        self._snapshots = tempfile.TemporaryDirectory(prefix="kg-snapshots-")
        self._snapshot_lock = threading.Lock()
        self._snapshot: tuple[int, int, worker.Source] | None = None  # (store serial, version, source)
        self._serials: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
        self._next_serial = count(1)
        self._sizes: dict[tuple[str, int], int] = {}
        self._closed = False

    def execute(self, store: Store, request: QueryRequest) -> QueryAnswer:
        """Answer a query; QuerySyntaxError, ForbiddenOperationError, QueryTimeoutError or StoreError."""
        screen_query(request.sparql, self.settings)
        for graph in (*request.default_graphs, *request.named_graphs):
            if not valid_iri(graph):
                raise QueryParameterError(f"not an absolute IRI: {graph!r}")
        if not isinstance(store, EmbeddedStore):
            return self._execute_here(store, request)
        task = worker.Task(self._source(store), request.sparql, request.media_type, request.default_graphs,
                           request.named_graphs, self.settings.max_rows or None, request.base_iri,
                           tuple((name, str(term)) for name, term in request.bindings))
        deadline = time.monotonic() + self.settings.query_timeout
        process = self._acquire(deadline)
        try:
            reply = process.ask(task, max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            self._discard(process, kill=True)
            raise QueryTimeoutError(
                f"the query ran longer than {self.settings.query_timeout:g} s and was stopped") from None
        except (EOFError, OSError) as exc:
            self._discard(process, kill=True)
            raise StoreError(f"the query worker failed: {exc or 'it exited'}") from exc
        self._release(process)
        if reply.error == "syntax":
            raise QuerySyntaxError(reply.message)
        if reply.error is not None:
            raise StoreError(reply.message)
        return QueryAnswer(reply.body, request.media_type, reply.truncated)

    def worker_pids(self) -> list[int]:
        """Process ids of the idle workers (for monitoring and tests)."""
        with self._ready:
            return [process.process.pid for process in self._idle]

    def close(self) -> None:
        """Stop every idle worker and remove the snapshots (busy ones are killed when they return)."""
        with self._ready:
            self._closed = True
            idle, self._idle = self._idle, []
            self._ready.notify_all()
        for process in idle:
            process.stop()
        self._snapshots.cleanup()

    def __enter__(self) -> QueryExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # The pool: at most ``size`` workers, started on demand.
    def _acquire(self, deadline: float) -> WorkerProcess:
        with self._ready:
            while not self._idle and self._busy >= self.size:
                if self._closed or not self._ready.wait(max(0.0, deadline - time.monotonic())):
                    raise QueryTimeoutError("every query worker stayed busy until the time limit")
            if self._closed:
                raise StoreError("the query executor is closed")
            self._busy += 1
            if self._idle:
                return self._idle.pop()
        try:
            return WorkerProcess()
        except OSError as exc:
            self._discard(None, kill=False)
            raise StoreError(f"cannot start a query worker: {exc}") from exc

    def _release(self, process: WorkerProcess) -> None:
        with self._ready:
            self._busy -= 1
            if not self._closed:
                self._idle.append(process)
                self._ready.notify()
                return
        process.stop()

    def _discard(self, process: WorkerProcess | None, *, kill: bool) -> None:
        if process is not None and kill:
            process.kill()
        with self._ready:
            self._busy -= 1
            self._ready.notify()

    # Where workers find the data.
    def _source(self, store: EmbeddedStore) -> worker.Source:
        version = gate.data_version(store)
        if store.path is not None:
            return worker.Source("disk-memory" if self._fits_in_memory(store) else "disk", str(store.path), version)
        with self._snapshot_lock:
            serial = self._serials.setdefault(store, next(self._next_serial))
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
        return QueryAnswer(result.serialize(request.media_type), request.media_type)
