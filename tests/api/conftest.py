"""Fixtures for the API tests: every app-level test runs over both stores (``store_kind``).

``store_kind`` is ``embedded`` (pyoxigraph in memory) or ``remote`` (the same data in a real
``oxigraph serve``, see tests/stores.py). Tests that are intrinsically embedded-only are marked
``@pytest.mark.embedded_only("reason")`` and skipped in their remote variant.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.embedded import EmbeddedStore
from kg.settings import Settings
from tests.built_graph import built_store, real_settings
from tests.stores import POOL, STORE_KINDS, app_client


@pytest.fixture(scope="session", params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    """The kind of store the app runs over in this variant of the test."""
    return request.param


@pytest.fixture(scope="session")
def real_store() -> EmbeddedStore:
    """The real graph, built once per session (read-only: do not write to it). Tests compare against it."""
    return built_store()


@pytest.fixture(scope="session")
def real_client(real_store: EmbeddedStore, store_kind: str) -> Iterator[TestClient]:
    """The app over the real graph in each kind of store (read-only use)."""
    with app_client(store_kind, real_settings(), real_store) as client:
        yield client


@pytest.fixture
def app_settings(settings: Settings, store_kind: str) -> Iterator[Settings]:
    """The tiny project's settings for each kind of store: on disk here, or an empty Oxigraph server.

    ``kg build`` with them publishes (a new on-disk generation, or staging graphs swapped in on the
    server) and ``create_app`` with them opens the store they name.
    """
    if store_kind == "embedded":
        yield settings
        return
    server = POOL.acquire()
    try:
        yield server.settings(settings)
    finally:
        POOL.release(server)
