"""The executor's end of the query workers: the zygote that forks them, the socket to each one, and a
caller's wait for a free worker (:class:`Waiter`).

A :class:`WorkerProcess` is used by one caller at a time, from a thread (:meth:`~WorkerProcess.ask`)
or from an event loop (:meth:`~WorkerProcess.ask_async`). Each path sets the socket's mode it needs
before using it: blocking for a thread (``sendall`` and ``select``), non-blocking for a loop, where
the task is sent with ``loop.sock_sendall`` and the reply read when the loop sees the socket
readable. (uvloop's ``add_reader`` switches a socket to non-blocking behind Python's back; a blocking
``sendall`` of a task larger than the socket buffer then failed with EAGAIN: queries over ~208 KB
got a 500.)

Frames are :func:`kg.query.worker.frame`'s: an 8-byte length, then a pickle of plain tuples. A worker's
first message is its process id, or ``("refused", reason)`` when its zygote could not install the
network filter (:mod:`kg.query.sandbox`); that becomes a :class:`~kg.errors.StoreError` naming the setting.
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
import threading
import time
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.query import worker

_WORKER_SCRIPT = Path(worker.__file__).resolve()


class WorkerProcess:
    """One worker forked by a :class:`~kg.query.executor.Zygote`, and the socket to it."""

    def __init__(self, sock: socket.socket, source: worker.Source) -> None:
        self.sock = sock
        self.source = source
        self.pid: int | None = None  # known once the worker's first message arrived
        self._buffer = bytearray()

    def ask(self, task: worker.Task, timeout: float) -> worker.Reply:
        """Send a task and wait up to ``timeout`` seconds; TimeoutError if no reply came."""
        deadline = time.monotonic() + timeout
        self.sock.setblocking(True)
        if self.pid is None:
            self.pid = _started(self._receive(deadline))
        self.sock.sendall(worker.frame(task.wire()))
        return worker.Reply(*self._receive(deadline))

    async def ask_async(self, task: worker.Task, timeout: float) -> worker.Reply:
        """:meth:`ask` without blocking the event loop."""
        deadline = time.monotonic() + timeout
        self.sock.setblocking(False)
        loop = asyncio.get_running_loop()
        if self.pid is None:
            self.pid = _started(await self._receive_async(deadline))
        await asyncio.wait_for(loop.sock_sendall(self.sock, worker.frame(task.wire())),
                               max(0.0, deadline - time.monotonic()))
        return worker.Reply(*await self._receive_async(deadline))

    def kill(self) -> None:
        """Stop the worker now (mid-query if need be); its zygote reaps it."""
        if self.sock.fileno() == -1:
            return  # already stopped
        self._read_available()  # a worker that has started sent its id: learn it before killing
        if isinstance(self.pid, int):
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
                for _ in range(200):  # gone within milliseconds; a caller may check at once
                    os.kill(self.pid, 0)
                    time.sleep(0.005)
        self.sock.close()

    def stop(self) -> None:
        """Close the socket: the worker exits when it reads the end."""
        self.sock.close()

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
        try:
            chunk = self.sock.recv(1 << 18)
        except BlockingIOError:
            return  # woken without data (non-blocking mode): wait for the next readiness
        if not chunk:
            raise EOFError
        self._buffer += chunk

    def _read_available(self) -> None:
        with contextlib.suppress(OSError, EOFError):
            while self.pid is None and select.select([self.sock], [], [], 0)[0]:
                self._fill()
                complete, message = self._frame()
                if complete:
                    self.pid = message if isinstance(message, int) else -1  # type: ignore[assignment]

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
            if done.done():
                return
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


def _started(message: object) -> int:
    """The process id a worker sends first, or the StoreError of a zygote that could not sandbox it."""
    if isinstance(message, int):
        return message
    reason = message[1] if isinstance(message, tuple) and len(message) == 2 else message
    raise StoreError(f"queries are refused: the query workers cannot be cut off from the network ({reason}). "
                     "Setting worker_sandbox = \"off\" (KG_WORKER_SANDBOX=off) runs them without that wall: "
                     "never on a public server")


class Zygote:
    """A ``kg/query/worker.py zygote`` process holding one source's data; :meth:`fork` makes a worker sharing it."""

    def __init__(self, source: worker.Source, limits: worker.Limits) -> None:
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
        self.control.send(pickle.dumps((tuple(source), tuple(limits))))  # one packet (SOCK_SEQPACKET)

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


class Waiter:
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
            self.loop.call_soon_threadsafe(_resolve_future, self.future)


def _resolve_future(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)
