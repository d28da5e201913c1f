"""What `kg serve` checks before it says it serves: one server per on-disk store, and the port bound.

:func:`store_claimed` holds an exclusive ``flock`` on a file beside the on-disk store (``<store>.serve.lock``,
holding the server's pid) for as long as the server runs: a second ``kg serve`` over the same store is
refused in one line that names the first one's pid (the kernel drops the lock when a server dies, even by
``kill -9``, so a stale file never blocks). :func:`bound_socket` binds the listening socket before uvicorn
starts, so a port in use is one line too, and :class:`AnnouncingServer` prints "serving on …" only once
the socket is bound and the app has started, with the home page's URL.
"""

from __future__ import annotations

import errno
import fcntl
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from kg.errors import StoreError


@contextmanager
def store_claimed(path: Path) -> Iterator[None]:
    """Hold the store at ``path`` for this server; StoreError when another kg serve holds it."""
    lock = path.with_name(path.name + ".serve.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreError(f"the store is in use by another kg serve (pid {pid}): {path}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def bound_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` (IPv6 for an address with a colon); StoreError when it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        why = "it is in use" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise StoreError(f"cannot listen on {host}:{port}: {why}") from None
    sock.set_inheritable(True)
    return sock


class AnnouncingServer(uvicorn.Server):
    """uvicorn's server, calling ``announce`` once it listens and the app has started."""

    def __init__(self, config: uvicorn.Config, announce: Callable[[], None]) -> None:
        super().__init__(config)
        self.announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.announce()


def home_url(host: str, port: int) -> str:
    """The home page's URL as a person opens it (a wildcard address becomes localhost)."""
    shown = "localhost" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}/"
