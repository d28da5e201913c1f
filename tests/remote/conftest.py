"""Real SPARQL engines for the session, and stores over them: every remote test runs on each engine.

``oxigraph``: ``oxigraph serve`` from the PyPI package, on disk in a temporary directory.
``virtuoso``: Virtuoso 7 from Debian's package (installed when missing), with a throw-away database
(tests/helpers/virtuoso.py). Both listen on 127.0.0.1 on free ports and stop their runaway queries after 5 s,
and are stopped when the session ends. The ``server`` fixture is parametrised over both; each test
gets the engine empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.settings import Settings, load_settings
from kg.store.remote import RemoteStore
from tests.helpers.stores import OxigraphServer, Server, free_port
from tests.helpers.virtuoso import VirtuosoServer

ENGINES = ("oxigraph", "virtuoso")
__all__ = ["ENGINES", "Server", "free_port", "known_gap"]


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


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[Server]:
    """Virtuoso 7 with a throw-away database, for the whole session (MaxQueryExecutionTime 5 s)."""
    try:
        server = VirtuosoServer(timeout_s=5)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=ENGINES)
def server(request: pytest.FixtureRequest) -> Server:
    """Each engine's session server, emptied for this test."""
    engine: Server = request.getfixturevalue(request.param)
    engine.clear()
    return engine


def known_gap(request: pytest.FixtureRequest, engine: str, reason: str) -> None:
    """Mark this test a strict xfail when it runs on ``engine`` (so a fix shows up as a failure)."""
    if engine in request.node.callspec.params.values():
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))


@pytest.fixture
def remote_store(server: Server) -> Iterator[RemoteStore]:
    store = server.store()
    yield store
    store.close()


@pytest.fixture
def remote_settings(project: Path, server: Server) -> Settings:
    """Settings of the tiny project over the server (KG_STORE=remote)."""
    return server.settings(load_settings(environ={}, project_dir=project, store="remote", store_path=":memory:",
                                         remote_timeout=30)).with_(remote_timeout=30)
