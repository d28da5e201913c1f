"""The query worker: a separate process that answers SPARQL queries over a snapshot of the store.

Workers are forked by a zygote (``python kg/query/worker.py zygote FD``, run by path so it does not import
the whole ``kg`` package): the zygote loads one data :class:`Source` into memory once, then forks a
worker for each socket the executor sends it, so every worker shares the zygote's copy of the data
(copy-on-write: queries only read it). Messages cross the sockets as pickled plain tuples behind a
length (:func:`send_frame`, :func:`Task.wire`, ``Reply(*raw)``), so neither side needs the other's
module to unpickle them; a worker's first message is its process id.

A worker can be killed at any moment, which is how a query that runs past its time limit is stopped:
pyoxigraph cannot cancel a query, but the operating system can end the process running it.

Each task names its data :class:`Source`; a worker whose task names another source than the one it
holds opens that one itself (a write or a new publication bumps the source's version). Results are
serialised natively by pyoxigraph here and travel back as bytes. This module imports nothing but
pyoxigraph and the standard library, so a zygote starts in a fraction of a second.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import socket
import struct
import sys
import time
from typing import NamedTuple

import pyoxigraph as ox

if __package__:  # imported as kg.worker
    from kg.query.result_spool import ResultTooLargeError, Spool, rdf_format, results_format, write_result
    from kg.query.sandbox import SandboxError, deny_network
    from kg.query.worker_limits import QueryGuard
else:  # run by path (python kg/query/worker.py): its directory is on sys.path, and the kg package is not imported
    from result_spool import ResultTooLargeError, Spool, rdf_format, results_format, write_result
    from sandbox import SandboxError, deny_network
    from worker_limits import QueryGuard

_HEADER = struct.Struct("!Q")


class Source(NamedTuple):
    """Where a worker finds the data: an on-disk store opened read-only, or an N-Quads snapshot file."""

    kind: str  # "disk", "disk-memory" (read into memory) or "snapshot"
    location: str
    version: int


class Task(NamedTuple):
    """One query to answer, with the media type to serialise the result in.

    ``union_default``: without ``default_graphs``, the default graph is the union of all graphs
    (queries) or the store's own default graph (False: SPARQL Update's dataset). ``pending``: changes,
    each N-Quads to add and to remove (blank-node labels as the store gives them), applied in order to
    the worker's private copy of the data first; the worker retires after answering. ``spool``: where a result larger
    than :data:`~kg.query.result_spool.INLINE_BYTES` is written; ``max_bytes``: the result's size limit.
    """

    source: tuple  # a Source, as a plain tuple on the wire
    sparql: str
    media_type: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int | None = None
    base_iri: str | None = None
    bindings: tuple[tuple[str, str], ...] = ()  # (variable, term in N-Triples syntax), bound as values
    union_default: bool = True
    pending: tuple[tuple[str, str], ...] | None = None  # ((N-Quads to add, N-Quads to remove), …)
    spool: str = ""
    max_bytes: int | None = None

    def wire(self) -> tuple:
        """The task as nested plain tuples."""
        return (tuple(self.source), *self[1:])


class Reply(NamedTuple):
    """The outcome: the result (``body``, or ``spooled`` in the task's spool file, ``size`` bytes in all),
    else ``error`` ("syntax", "evaluation", "store", "memory", "too-large") with ``message``; ``retire``: the worker
    will not take another task."""

    body: bytes = b""
    truncated: bool = False
    error: str | None = None
    message: str = ""
    size: int = 0
    spooled: bool = False
    retire: bool = False


class Limits(NamedTuple):
    """What the zygote applies to itself and its workers (sent with the source when it starts)."""

    sandbox: bool = True  # no network (kg.sandbox); False only when SERVICE is allowed or the sandbox is off
    memory: int | None = None  # bytes a query may allocate (kg.worker_limits)
    demote_after: float | None = 1.0  # seconds before a running query gets the lowest CPU priority


def open_read_only(location: str, *, copy: bool = False, attempts: int = 20) -> ox.Store:
    """Open an on-disk store read-only (``copy``: into memory), retrying while a writer swaps its files.

    A read-write instance rewrites RocksDB's MANIFEST when it opens and removes files when it
    compacts; a read-only open racing with that sees "MANIFEST … may be corrupted" or a missing
    .sst. The writer's state is consistent a moment later, so retry briefly before giving up.
    """
    for attempt in range(attempts):
        try:
            disk = ox.Store.read_only(location)
            if not copy:
                return disk
            memory = ox.Store()
            memory.bulk_extend(disk)
            return memory
        except (OSError, RuntimeError, ValueError):  # pyoxigraph reports RocksDB corruption in several types
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def open_source(source: tuple) -> ox.Store:
    """A store over the source's data; ``disk-memory``: an in-memory copy of the on-disk store."""
    kind, location, _ = source
    if kind == "disk":
        return open_read_only(location)
    if kind == "disk-memory":
        return open_read_only(location, copy=True)
    store = ox.Store()
    store.extend(ox.parse(path=location, format=ox.RdfFormat.N_QUADS))  # load() would rename the blank nodes
    return store


def answer(store: ox.Store, task: Task) -> Reply:
    """Run the task's query and write its result (:func:`kg.query.result_spool.write_result`)."""
    spool = Spool(task.spool, max_bytes=task.max_bytes)
    try:
        truncated = write_result(lambda: _run(store, task), spool, task.media_type, task.max_rows)
    except BaseException:
        spool.discard()
        raise
    body = spool.finish()
    return Reply(body, truncated, size=spool.size, spooled=spool.spooled)


def first_rows(lines: bytes, graph: bool, max_rows: int) -> tuple[bytes, bool]:
    """The first ``max_rows`` rows of a TSV result (``graph``: triples of N-Triples) and whether any were cut."""
    return first_lines(lines, max_rows if graph else max_rows + 1)  # TSV: the header line, then the rows


def from_lines(kept: bytes, graph: bool, media_type: str) -> bytes:
    """What :func:`first_rows` kept, written in ``media_type``."""
    if graph:
        triples = [quad.triple for quad in ox.parse(kept, format=ox.RdfFormat.N_TRIPLES)]
        return ox.serialize(triples, format=rdf_format(media_type)) or b""
    return ox.parse_query_results(kept, format=ox.QueryResultsFormat.TSV).serialize(format=results_format(media_type))


def _run(store: ox.Store, task: Task) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    options: dict[str, object] = {"base_iri": task.base_iri}
    if task.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in task.default_graphs]
    elif task.union_default:
        options["use_default_graph_as_union"] = True
    if task.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in task.named_graphs]
    if task.bindings:
        options["substitutions"] = {ox.Variable(name): parse_term(text) for name, text in task.bindings}
    return store.query(task.sparql, **options)


def apply_pending(store: ox.Store, source: tuple, pending: tuple[tuple[str, str], ...]) -> ox.Store:
    """``store`` with the pending changes applied in order (an in-memory copy first when it is on disk)."""
    if source[0] == "disk":
        store = open_read_only(source[1], copy=True)
    for added, removed in pending:
        for quad in ox.parse(removed.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
            store.remove(quad)
        store.extend(ox.parse(added.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    return store


def parse_term(text: str) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """One RDF term written in N-Triples syntax (how bound values cross the connection)."""
    quads = list(ox.parse(f"<urn:x:s> <urn:x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))
    if len(quads) != 1:
        raise ValueError(f"not one RDF term: {text!r}")
    return quads[0].object


def first_lines(data: bytes, count: int) -> tuple[bytes, bool]:
    """The first ``count`` lines of ``data`` and whether anything was cut (TSV and N-Triples escape
    line breaks inside literals, so each line is one row or triple)."""
    end = 0
    for _ in range(count):
        end = data.find(b"\n", end) + 1
        if end == 0:
            return data, False
    return data[:end], end < len(data)


def send_frame(sock: socket.socket, message: object) -> None:
    """Send one message: its pickle behind an 8-byte big-endian length."""
    sock.sendall(frame(message))


def frame(message: object) -> bytes:
    """One message as it crosses a socket: its pickle behind an 8-byte big-endian length."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(payload)) + payload


def recv_frame(sock: socket.socket) -> object:
    """Receive one message sent by :func:`send_frame`; EOFError when the other end closed."""
    (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
    return pickle.loads(_recv_exactly(sock, size))


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def preload(source: tuple) -> ox.Store | None:
    """The store a zygote holds for its workers: in memory for ``disk-memory`` and ``snapshot``.

    ``disk`` is not opened here: RocksDB starts threads, and a process with threads must not fork.
    """
    if source[0] == "disk":
        return None
    try:
        return open_source(source)
    except (OSError, ValueError, RuntimeError):
        return None  # each worker tries again itself and reports the error with its first task


_UNLIMITED = Limits(sandbox=False, demote_after=None)


def serve(sock: socket.socket, source: tuple | None = None, store: ox.Store | None = None,
          limits: Limits = _UNLIMITED) -> None:
    """Answer tasks until the other end closes (or a task asks for retirement); ``store`` holds ``source``'s data."""
    current = source if store is not None else None

    def exceeded() -> None:
        message = f"the query needed more than {limits.memory} bytes of memory"
        sock.sendall(frame(tuple(Reply(error="memory", message=message))))

    # The address-space backstop is left out for RocksDB (``disk``), whose mappings are not the query's doing.
    on_disk = source is not None and source[0] == "disk"
    backstop = None if limits.memory is None or on_disk else 2 * limits.memory + (512 << 20)
    guard = QueryGuard(limits.memory, limits.demote_after, exceeded, backstop=backstop)
    while True:
        try:
            task = Task(*recv_frame(sock))
        except (EOFError, OSError):
            return
        guard.start()
        try:
            if task.source != current or store is None:
                store, current = None, None  # release the old snapshot before opening the new one
                store, current = open_source(task.source), task.source
            target = store if task.pending is None else apply_pending(store, current, task.pending)
            reply = answer(target, task)
        except SyntaxError as exc:
            reply = Reply(error="syntax", message=str(exc))
        except ResultTooLargeError as exc:
            reply = Reply(error="too-large", message=str(exc))
        except MemoryError as exc:  # bare: an allocation failed (RLIMIT_AS); with a message: an engine's own limit
            reply = Reply(error="store" if exc.args else "memory", message=str(exc) or "out of memory")
        except RuntimeError as exc:  # the engine's evaluation errors (an unknown function, …)
            reply = Reply(error="evaluation", message=str(exc))
        except (OSError, ValueError, TypeError) as exc:
            reply = Reply(error="store", message=str(exc))
        with guard.lock:
            retire = guard.finish() or task.pending is not None
            try:
                send_frame(sock, tuple(reply._replace(retire=retire)))
            except OSError:
                return
        if retire:
            return


def zygote(control: socket.socket) -> None:
    """Load the data once, then fork a worker for each socket the executor passes (copy-on-write sharing).

    The first message on ``control`` is the :class:`Source` and the :class:`Limits`; then each message
    carries one socket. The network filter (:mod:`kg.query.sandbox`) is installed before anything else, so
    every worker inherits it; if it cannot be, each worker's first message says why (and it exits)
    instead of its process id. Exits when ``control`` closes.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    raw_source, raw_limits = pickle.loads(control.recv(1 << 16))  # one packet (SOCK_SEQPACKET)
    source, limits = tuple(raw_source), Limits(*raw_limits)
    refusal = None
    if limits.sandbox:
        try:
            deny_network()
        except SandboxError as exc:
            refusal = str(exc)
    store = preload(source) if refusal is None else None
    gc.freeze()  # the loaded objects stay out of the collector's reach: a worker's GC does not copy their pages
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 16, 16)
        except OSError:
            return
        if not fds:
            return
        for fd in fds:
            pid = os.fork()
            if pid == 0:
                try:
                    control.close()
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    for other in fds:
                        if other != fd:
                            os.close(other)
                    sock = socket.socket(fileno=fd)
                    send_frame(sock, ("refused", refusal) if refusal else os.getpid())
                    if refusal is None:
                        serve(sock, source, store, limits)
                finally:
                    os._exit(0)
            os.close(fd)


def main(argv: list[str]) -> None:
    """``worker.py FD`` serves tasks on FD; ``worker.py zygote FD`` forks workers for the sockets sent on FD."""
    if argv[1] == "zygote":
        zygote(socket.socket(fileno=int(argv[2])))
    else:
        sock = socket.socket(fileno=int(argv[1]))
        send_frame(sock, os.getpid())
        serve(sock)


if __name__ == "__main__":
    main(sys.argv)
