"""A real Oxigraph server for the session (``oxigraph serve`` from the PyPI package), and stores over it.

The server listens on 127.0.0.1 on a free port, keeps its data in a temporary directory, and is
stopped when the session ends. Each test gets it empty.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kg.remote import RemoteStore
from kg.settings import Settings, load_settings


@dataclass(frozen=True)
class Server:
    """Where a running Oxigraph server answers."""

    base: str

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def clear(self) -> None:
        httpx.post(self.update_url, data={"update": "DROP ALL"}, timeout=30).raise_for_status()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("the `oxigraph` server is missing: python3 -m pip install -e '.[test]' installs it")
    return found


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"oxigraph serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).is_success:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    pytest.fail(f"oxigraph serve did not answer at {base} within {seconds} s")


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An Oxigraph server on disk, for the whole session."""
    location = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--timeout-s", "5"],  # the engine stops runaway queries itself once our client gave up
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server = Server(f"http://127.0.0.1:{port}")
    try:
        wait_until_up(server.base, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def server(oxigraph: Server) -> Server:
    """The session's server, emptied for this test."""
    oxigraph.clear()
    return oxigraph


@pytest.fixture
def remote_store(server: Server) -> Iterator[RemoteStore]:
    store = RemoteStore(server.query_url, update_url=server.update_url, store_url=server.store_url, timeout=30)
    yield store
    store.close()


@pytest.fixture
def remote_settings(project: Path, server: Server) -> Settings:
    """Settings of the tiny project over the server (KG_STORE=remote)."""
    return load_settings(environ={}, project_dir=project, store="remote", store_path=":memory:",
                         remote_query_url=server.query_url, remote_update_url=server.update_url,
                         remote_store_url=server.store_url, remote_timeout=30)
