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
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import uvicorn

from kg.errors import StoreError
from kg.settings import Settings
from kg.store.base import Store


def serve_api(config: Settings, prepare: Callable[[], Store | None], *, proxy_headers: bool,
              forwarded_allow_ips: str | None) -> None:
    """`kg serve`: claim the on-disk store, bind the port, ``prepare`` the store (build it if there is none; an
    in-memory one is returned), then run the app, saying "serving on …" once it listens."""
    from api.http_protocol import PROTOCOL
    from api.main import create_app
    from api.observability.logs import uvicorn_log_config

    path = config.resolved_store_path if config.store == "embedded" else None
    with store_claimed(path) if path is not None else nullcontext():  # one kg serve per on-disk store
        sock = bound_socket(config.host, config.port)  # a port in use: one line, before anything is built
        store = prepare()
        home = home_url(config.host, config.port)
        server_config = uvicorn.Config(
            create_app(config, store=store), log_level=config.log_level, log_config=uvicorn_log_config(config),
            access_log=config.access_log and config.log_format != "json",  # JSON: one line of our own
            proxy_headers=proxy_headers, forwarded_allow_ips=forwarded_allow_ips,
            http=PROTOCOL)  # httptools when installed, as uvicorn's "auto"; unreadable requests: problem+json
        server = AnnouncingServer(server_config, lambda: print(
            f"serving on {home} (home page); SPARQL endpoint {home}sparql", file=sys.stderr, flush=True))
        server.run(sockets=[sock])


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
