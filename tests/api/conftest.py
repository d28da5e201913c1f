"""Fixtures for the API tests that need the real graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from built_graph import built_store, real_settings
from fastapi.testclient import TestClient

from api.main import create_app
from kg.embedded import EmbeddedStore


@pytest.fixture(scope="session")
def real_store() -> EmbeddedStore:
    """The real graph, built once per session (read-only: do not write to it)."""
    return built_store()


@pytest.fixture(scope="session")
def real_client(real_store: EmbeddedStore) -> Iterator[TestClient]:
    """The app over the real graph (read-only use)."""
    with TestClient(create_app(real_settings(), store=real_store)) as client:
        yield client
