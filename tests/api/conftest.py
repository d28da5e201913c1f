"""Fixtures for the API tests that need the real graph."""

from __future__ import annotations

import pytest
from built_graph import built_store

from kg.embedded import EmbeddedStore


@pytest.fixture(scope="session")
def real_store() -> EmbeddedStore:
    """The real graph, built once per session (read-only: do not write to it)."""
    return built_store()
