"""The query worker: a separate process that answers SPARQL queries over a snapshot of the store.

Workers are forked by a zygote (``python kg/worker.py zygote FD``, run by path so it does not import
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

_HEADER = struct.Struct("!Q")


class Source(NamedTuple):
    """Where a worker finds the data: an on-disk store opened read-only, or an N-Quads snapshot file."""

    kind: str  # "disk", "disk-memory" (read into memory) or "snapshot"
    location: str
    version: int


class Task(NamedTuple):
    """One query to answer, with the media type to serialise the result in."""

    source: tuple  # a Source, as a plain tuple on the wire
    sparql: str
    media_type: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int | None = None
    base_iri: str | None = None
    bindings: tuple[tuple[str, str], ...] = ()  # (variable, term in N-Triples syntax), bound as values

    def wire(self) -> tuple:
        """The task as nested plain tuples."""
        return (tuple(self.source), *self[1:])


class Reply(NamedTuple):
    """The outcome: ``body`` on success, else ``error`` ("syntax", "store") with ``message``."""

    body: bytes = b""
    truncated: bool = False
    error: str | None = None
    message: str = ""


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
    store.load(path=location, format=ox.RdfFormat.N_QUADS)
    return store


def answer(store: ox.Store, task: Task) -> Reply:
    """Run the task's query and serialise its result, keeping at most ``max_rows`` rows or triples.

    Every format spends at least one byte per row, so a body no longer than ``max_rows`` bytes
    cannot hold too many rows: then the first serialisation is the answer. Longer ones are run
    again through a one-row-per-line format (TSV, N-Triples), counted, cut and converted.
    """
    result = _run(store, task)
    if isinstance(result, ox.QueryBoolean):
        return Reply(result.serialize(format=_results_format(task.media_type)))
    graph = isinstance(result, ox.QueryTriples)
    target = _rdf_format(task.media_type) if graph else _results_format(task.media_type)
    body = result.serialize(format=target) or b""
    if task.max_rows is None or len(body) <= task.max_rows:
        return Reply(body)
    lines = _run(store, task).serialize(format=ox.RdfFormat.N_TRIPLES if graph else ox.QueryResultsFormat.TSV)
    kept, truncated = first_rows(lines or b"", graph, task.max_rows)
    if not truncated:
        return Reply(body)
    return Reply(from_lines(kept, graph, task.media_type), truncated=True)


def first_rows(lines: bytes, graph: bool, max_rows: int) -> tuple[bytes, bool]:
    """The first ``max_rows`` rows of a TSV result (``graph``: triples of N-Triples) and whether any were cut."""
    return first_lines(lines, max_rows if graph else max_rows + 1)  # TSV: the header line, then the rows


def from_lines(kept: bytes, graph: bool, media_type: str) -> bytes:
    """What :func:`first_rows` kept, written in ``media_type``."""
    if graph:
        triples = [quad.triple for quad in ox.parse(kept, format=ox.RdfFormat.N_TRIPLES)]
        return ox.serialize(triples, format=_rdf_format(media_type)) or b""
    return ox.parse_query_results(kept, format=ox.QueryResultsFormat.TSV).serialize(format=_results_format(media_type))


def _run(store: ox.Store, task: Task) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    options: dict[str, object] = {"base_iri": task.base_iri}
    if task.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in task.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if task.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in task.named_graphs]
    if task.bindings:
        options["substitutions"] = {ox.Variable(name): parse_term(text) for name, text in task.bindings}
    return store.query(task.sparql, **options)


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


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not a SPARQL results media type: {media_type}")
    return fmt


def _rdf_format(media_type: str) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not an RDF media type: {media_type}")
    return fmt


def send_frame(sock: socket.socket, message: object) -> None:
    """Send one message: its pickle behind an 8-byte big-endian length."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(payload)) + payload)


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


def serve(sock: socket.socket, source: tuple | None = None, store: ox.Store | None = None) -> None:
    """Answer tasks until the other end closes; ``store`` already holds ``source``'s data."""
    current = source if store is not None else None
    while True:
        try:
            task = Task(*recv_frame(sock))
        except (EOFError, OSError):
            return
        try:
            if task.source != current or store is None:
                store, current = None, None  # release the old snapshot before opening the new one
                store, current = open_source(task.source), task.source
            reply = answer(store, task)
        except SyntaxError as exc:
            reply = Reply(error="syntax", message=str(exc))
        except (OSError, ValueError, RuntimeError, TypeError) as exc:
            reply = Reply(error="store", message=str(exc))
        try:
            send_frame(sock, tuple(reply))
        except OSError:
            return


def zygote(control: socket.socket) -> None:
    """Load the data once, then fork a worker for each socket the executor passes (copy-on-write sharing).

    The first message on ``control`` is the :class:`Source`; then each message carries one socket.
    A forked worker first sends its process id, then serves tasks. Exits when ``control`` closes.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    source = tuple(pickle.loads(control.recv(1 << 16)))  # one packet (SOCK_SEQPACKET)
    store = preload(source)
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
                    send_frame(sock, os.getpid())
                    serve(sock, source, store)
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
