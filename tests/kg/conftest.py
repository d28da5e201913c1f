"""Fixtures for the kg tests that need the real graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.shapes import TECHNOLOGY_SHAPE


@pytest.fixture
def gated(project: Path, memory_store: EmbeddedStore) -> tuple[EmbeddedStore, Settings]:
    """The tiny store, and settings whose project has a shape that every technology needs a label."""
    (project / "shapes").mkdir()
    (project / "shapes" / "technology.ttl").write_text(TECHNOLOGY_SHAPE)
    return memory_store, load_settings(environ={}, project_dir=project, store_path=":memory:")
