"""The kinds of store the API tests run over, and the real engines behind the remote kinds.

``embedded``: the data in a pyoxigraph store in memory, as the tests always had it.
``remote``: the same data copied into a real ``oxigraph serve`` (the PyPI package's server) on
127.0.0.1 and a free port, and the app opened over it with ``KG_STORE=remote`` settings.
``virtuoso``: the same in a real Virtuoso 7 (Debian's package, :mod:`tests.helpers.virtuoso`).

Servers are pooled: a test that is done with one gives it back emptied, so the suite starts a
handful of servers, not one per test. The pools are emptied at the end of the session.
:func:`free_port`, :class:`OxigraphServer` and :class:`tests.helpers.virtuoso.VirtuosoServer` are also what
tests/remote/ starts its servers with.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import httpx
from fastapi.testclient import TestClient

from api.main import create_app
from kg.settings import Settings
from kg.store.base import Store
from kg.store.remote import RemoteStore

STORE_KINDS = ("embedded", "remote", "virtuoso")
REMOTE_KINDS = ("remote", "virtuoso")
SERVER_TIMEOUT_S = 10  # the servers stop runaway queries themselves after this long


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server(Protocol):
    """A running SPARQL engine the tests can point the app at (Oxigraph server or Virtuoso)."""

    base: str
    process: subprocess.Popen
    query_url: str
    update_url: str
    store_url: str

    def clear(self) -> None: ...
    def load_dataset(self, nquads: bytes) -> None: ...
    def store(self, **options: Any) -> RemoteStore: ...
    def settings(self, settings: Settings) -> Settings: ...
    def environment(self) -> dict[str, str]: ...
    def stop(self) -> None: ...


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        raise RuntimeError("the `oxigraph` server is missing: python3 -m pip install -e '.[test]' installs it")
    return found


class OxigraphServer:
    """One ``oxigraph serve`` process on 127.0.0.1 (on disk at ``location``, else in memory)."""

    def __init__(self, location: Path | None = None, *, timeout_s: int = SERVER_TIMEOUT_S,
                 seconds_to_start: float = 30.0) -> None:
        port = free_port()
        command = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", str(timeout_s)]
        if location is not None:
            command += ["--location", str(location)]
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            self._wait_until_up(seconds_to_start)
        except BaseException:
            self.stop()
            raise

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def _wait_until_up(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}: "
                                   f"{self.process.stderr.read() if self.process.stderr else ''}")
            try:
                if httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=1).is_success:
                    return
            except httpx.TransportError:
                time.sleep(0.02)
        raise RuntimeError(f"oxigraph serve did not answer at {self.base} within {seconds} s")

    def clear(self) -> None:
        """Remove every graph, the default graph's triples included."""
        httpx.post(self.update_url, data={"update": "DROP ALL"}, timeout=60).raise_for_status()

    def load_dataset(self, nquads: bytes) -> None:
        """Add N-Quads as they are (one Graph Store request)."""
        httpx.post(self.store_url, content=nquads, headers={"Content-Type": "application/n-quads"},
                   timeout=120).raise_for_status()

    def store(self, **options: Any) -> RemoteStore:
        """A RemoteStore over this server (Protocol, Update and Graph Store endpoints)."""
        return RemoteStore(self.query_url, update_url=self.update_url, store_url=self.store_url,
                           **{"timeout": 30.0, **options})

    def settings(self, settings: Settings) -> Settings:
        """``settings`` pointed at this server (``KG_STORE=remote``); the remote timeout is the query timeout."""
        return settings.with_(store="remote", remote_query_url=self.query_url, remote_update_url=self.update_url,
                              remote_store_url=self.store_url, remote_timeout=settings.query_timeout)

    def environment(self) -> dict[str, str]:
        """The ``KG_REMOTE_*`` variables that point the CLI at this server."""
        return {"KG_STORE": "remote", "KG_REMOTE_QUERY_URL": self.query_url, "KG_REMOTE_UPDATE_URL": self.update_url,
                "KG_REMOTE_STORE_URL": self.store_url}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.stderr is not None:
            self.process.stderr.close()


class ServerPool:
    """Servers of one kind (in-memory Oxigraph servers, or Virtuoso) handed out empty and taken back."""

    def __init__(self, start: Callable[[], Server]) -> None:
        self._start = start
        self._idle: list[Server] = []
        self._all: list[Server] = []
        self._lock = threading.Lock()

    def acquire(self, *, fresh: bool = False) -> Server:
        """An idle server, or a new one (always a new one with ``fresh``)."""
        with self._lock:
            while self._idle and not fresh:
                server = self._idle.pop()
                if server.process.poll() is None:
                    return server
        server = self._start()
        with self._lock:
            self._all.append(server)
        return server

    def release(self, server: Server) -> None:
        try:
            server.clear()
        except httpx.HTTPError:
            server.stop()  # a server that cannot be emptied is not reused
            return
        with self._lock:
            self._idle.append(server)

    def close(self) -> None:
        with self._lock:
            servers, self._all, self._idle = self._all, [], []
        for server in servers:
            server.stop()


def _start_virtuoso() -> Server:
    from tests.helpers.virtuoso import VirtuosoServer

    return VirtuosoServer()


POOLS = {"remote": ServerPool(OxigraphServer), "virtuoso": ServerPool(_start_virtuoso)}
POOL = POOLS["remote"]
for _pool in POOLS.values():
    atexit.register(_pool.close)


class StoreClient(TestClient):
    """A TestClient over the app; leaving it also closes the store and gives its server back."""

    def __init__(self, app: Any, store: Store, server: Server | None, pool: ServerPool | None = None) -> None:
        super().__init__(app)
        self.store, self.server, self.pool = store, server, pool

    def __exit__(self, *exc: object) -> None:
        try:
            super().__exit__(*exc)
        finally:
            self.release()

    def release(self) -> None:
        """Close the store and return the server to the pool (idempotent)."""
        if self.server is not None and self.pool is not None:
            self.store.close()
            self.pool.release(self.server)
            self.server = None


def over(kind: str, settings: Settings, data: Store, *, fresh: bool = False) -> tuple[Settings, Store, Server | None]:
    """``data`` as a store of ``kind``: itself (embedded), or copied into a pooled server of that kind
    (a server started for it with ``fresh``)."""
    if kind == "embedded":
        return settings, data, None
    if kind not in POOLS:
        raise ValueError(f"unknown store kind {kind!r}")
    server = POOLS[kind].acquire(fresh=fresh)
    remote = server.store(timeout=settings.query_timeout)
    payload = data.export("application/n-quads")
    if payload.strip():
        server.load_dataset(payload)
    return server.settings(settings), remote, server


def app_client(kind: str, settings: Settings, data: Store, *, fresh: bool = False) -> StoreClient:
    """A TestClient over the app, with ``data`` in a store of ``kind`` (on a new server with ``fresh``)."""
    settings, store, server = over(kind, settings, data, fresh=fresh)
    return StoreClient(create_app(settings, store=store), store, server, POOLS.get(kind))
