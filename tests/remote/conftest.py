"""A real Oxigraph server for the session (``oxigraph serve`` from the PyPI package), and stores over it.

The server listens on 127.0.0.1 on a free port, keeps its data in a temporary directory, and is
stopped when the session ends. Each test gets it empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.remote import RemoteStore
from kg.settings import Settings, load_settings
from tests.stores import OxigraphServer, free_port

Server = OxigraphServer  # where a running Oxigraph server answers (query_url, update_url, store_url)
__all__ = ["Server", "free_port"]


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An Oxigraph server on disk, for the whole session."""
    try:
        # --timeout-s: the engine stops runaway queries itself once our client gave up
        server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"), timeout_s=5)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield server
    finally:
        server.stop()


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
