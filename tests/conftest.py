"""Shared fixtures: a tiny project (ontology + data) in a temporary directory, and stores over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.query.executor import QueryExecutor
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.built_graph import built_store
from tests.helpers.project import make_project


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "embedded_only(reason): skipped on the remote store, for the reason given")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``embedded_only`` are skipped in their remote variants (``store_kind`` other than embedded)."""
    for item in items:
        marker = item.get_closest_marker("embedded_only")
        callspec = getattr(item, "callspec", None)
        if marker and callspec is not None and callspec.params.get("store_kind", "embedded") != "embedded":
            reason = marker.args[0] if marker.args else "intrinsically embedded"
            item.add_marker(pytest.mark.skip(reason=f"embedded store only: {reason}"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture
def settings(project: Path) -> Settings:
    """Settings for an on-disk store inside the tiny project (no environment leaks in)."""
    return load_settings(environ={}, project_dir=project, store_path=project / "var" / "store")


@pytest.fixture
def memory_store(project: Path) -> EmbeddedStore:
    """An in-memory store built from the tiny project."""
    store = EmbeddedStore(None)
    build(load_settings(environ={}, project_dir=project, store_path=":memory:"), store=store)
    return store


@pytest.fixture
def executor(project: Path) -> Iterator[QueryExecutor]:
    """Sandboxed query workers, as the app's lifespan makes them: the write gate evaluates WHERE clauses there."""
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", query_workers=1)
    with QueryExecutor(settings, workers=1) as pool:
        yield pool


@pytest.fixture(scope="session")
def real_store() -> EmbeddedStore:
    """The real graph (ontology/, data/, built with its inferences), once per session: read-only, do not write to it."""
    return built_store()
