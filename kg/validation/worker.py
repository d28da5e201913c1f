"""SHACL validation of a write in a separate process that is killed at the write's deadline.

Validation is CPU-bound Python (rdflib, pyshacl or pyshacl-turbo) and cannot be interrupted inside a
thread; run in the API process it would also hold the interpreter's lock against every request. So
the gate hands it to one long-lived child process (this module's :func:`main`) that has the
engines imported and the shapes loaded and compiled once (kept per shapes directory and its files'
times). A request carries the store after the write — the small subgraph :mod:`kg.validation.impact` reads, or a
whole staged copy — as N-Quads, the terms the write touched and the shapes directory; the child runs
:func:`kg.validation.shacl.validate_affected` on it and answers with the report (its results and its
``sh:ValidationReport`` graph as Turtle).

When the deadline passes first, the child is killed (its CPU stops at once), a fresh one is started
and warmed up with the same shapes for the next write, and :class:`~kg.errors.WriteTimeoutError` is
raised. A child that dies on its own is replaced too, and the write gets :class:`ShapesError`.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

import rdflib

from kg.errors import KgError, ShapesError
from kg.validation.impact import Touched
from kg.validation.shacl import ValidationReport
from kg.write_limits import Deadline

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])  # the child imports the same kg as this process
_CHILD = "import sys; sys.path[0] = sys.argv[1]; from kg.validation.worker import main; main(sys.argv[2:])"


class ValidationWorker:
    """The child process and the two pipes to it; one validation at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None
        self._shapes_dir: tuple[str, str] | None = None  # the shapes and engine the child was last asked about

    @property
    def pid(self) -> int | None:
        """The child's process id (None before the first start)."""
        return self._process.pid if self._process is not None else None

    def validate(self, nquads: bytes, changed: Touched, shapes_dir: Path, deadline: Deadline,
                 engine: str = "auto") -> ValidationReport:
        """The report on the store ``nquads`` (after a write touching ``changed``), by ``deadline``, with the
        SHACL ``engine`` the settings name."""
        if not self._lock.acquire(timeout=deadline.remaining()):
            raise deadline.error("waiting for the validator")
        try:
            self._start(str(shapes_dir), engine)
            process, requests, replies = self._process, self._requests, self._replies
            assert process is not None and requests is not None and replies is not None
            watchdog = threading.Timer(deadline.remaining(), process.kill)  # also stops a blocked send
            watchdog.start()
            try:
                requests.send_bytes(pickle.dumps(("validate", nquads, changed, str(shapes_dir), engine)))
                reply = pickle.loads(replies.recv_bytes())
            except (EOFError, OSError) as exc:
                self._replace()
                if deadline.passed():
                    raise deadline.error("validating the change (the validator was stopped)") from None
                raise ShapesError(f"the validation process ended unexpectedly: {exc}") from exc
            finally:
                watchdog.cancel()
            if process.poll() is not None:  # killed just as it answered
                self._replace()
        finally:
            self._lock.release()
        if reply[0] == "error":
            raise ShapesError(reply[1])
        _, conforms, results, report_turtle = reply
        return ValidationReport(conforms, results, _graph(report_turtle))

    def warm(self, shapes_dir: Path, engine: str = "auto") -> None:
        """Start the child if needed and have it load and compile ``shapes_dir`` for ``engine`` now, without
        waiting."""
        with self._lock:
            self._start(str(shapes_dir), engine)

    def stop(self) -> None:
        """Stop the child (a new one starts with the next validation)."""
        with self._lock:
            self._discard()

    def _start(self, shapes_dir: str, engine: str) -> None:
        if self._process is not None and self._process.poll() is not None:
            self._discard()
        if self._process is None:
            child_requests, parent_requests = os.pipe()
            parent_replies, child_replies = os.pipe()
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-c", _CHILD, _PACKAGE_ROOT, str(child_requests), str(child_replies)],
                    pass_fds=(child_requests, child_replies), stdin=subprocess.DEVNULL)
            finally:
                os.close(child_requests)
                os.close(child_replies)
            self._requests = Connection(parent_requests, readable=False)
            self._replies = Connection(parent_replies, writable=False)
            self._shapes_dir = None
        if (shapes_dir, engine) != self._shapes_dir:
            assert self._requests is not None
            self._requests.send_bytes(pickle.dumps(("warm", shapes_dir, engine)))
            self._shapes_dir = (shapes_dir, engine)

    def _replace(self) -> None:
        """Discard the child and start a fresh one warmed with the same shapes, for the next write."""
        warmed = self._shapes_dir
        self._discard()
        if warmed is not None:
            try:
                self._start(*warmed)
            except OSError:
                self._discard()  # the next validation tries again

    def _discard(self) -> None:
        process, self._process = self._process, None
        for connection in (self._requests, self._replies):
            if connection is not None:
                connection.close()
        self._requests = self._replies = None
        self._shapes_dir = None
        if process is not None:
            process.kill()
            process.wait()


def _graph(turtle: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle, format="turtle")


WORKER = ValidationWorker()
atexit.register(WORKER.stop)


# The child

def _serve(requests: Connection, replies: Connection) -> None:
    """Answer requests until the parent closes its end of the pipe."""
    while True:
        try:
            message = pickle.loads(requests.recv_bytes())
        except EOFError:
            return
        if message[0] == "warm":
            with contextlib.suppress(Exception):  # a failure is reported by the validation that needs the shapes
                _warm(message[1], message[2])
            continue
        _, nquads, changed, shapes_dir, engine = message
        try:
            reply = _validate(nquads, changed, shapes_dir, engine)
        except KgError as exc:
            reply = ("error", str(exc))
        except Exception as exc:  # anything else the engines raise becomes the write's ShapesError too
            reply = ("error", f"SHACL validation could not run: {exc}")
        replies.send_bytes(pickle.dumps(reply))


def _validate(nquads: bytes, changed: Touched, shapes_dir: str, engine: str) -> tuple:
    from kg.store.embedded import EmbeddedStore
    from kg.validation.shacl import load_shapes, validate_affected

    store = EmbeddedStore(None)
    store.load_data(nquads, "application/n-quads", trusted=True)  # the gate's own copy, not a client's
    report = validate_affected(store, changed, load_shapes(Path(shapes_dir)), engine=engine)
    return "report", report.conforms, report.results, report.graph.serialize(format="turtle")


def _warm(shapes_dir: str, engine: str) -> None:
    """Load the shapes (kg.validation keeps them per directory and file times) and have the engine
    compile them, by validating an empty graph, now rather than on the first write."""
    from kg.validation.shacl import load_shapes, validate_graph

    validate_graph(rdflib.Graph(), load_shapes(Path(shapes_dir)), engine=engine)


def main(argv: list[str]) -> None:
    requests = Connection(int(argv[0]), writable=False)
    replies = Connection(int(argv[1]), readable=False)
    _serve(requests, replies)


if __name__ == "__main__":
    main(sys.argv[1:])
