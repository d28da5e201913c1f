"""Clients of the app over the tiny project, and what API tests send and read back."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from kg.build.pipeline import build
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project
from tests.helpers.stores import app_client

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


DIRECT = {"Content-Type": "application/sparql-query"}


def tiny_settings(root: Path, **changes) -> Settings:
    return load_settings(environ={}, project_dir=make_project(root), store_path=":memory:", query_workers=2,
                         **changes)


def open_client(settings: Settings, store_kind: str = "embedded") -> TestClient:
    """The app over the tiny project, built in memory, then in a store of ``store_kind``."""
    store = EmbeddedStore(None)
    build(settings, store=store)
    return app_client(store_kind, settings, store)


def number(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


TOKEN = "s3cret-write-token"


AUTH = {"Authorization": f"Bearer {TOKEN}"}


TECHNOLOGY = "https://w3id.org/fikg/ontology#Technology"


DATA_COUNT = COUNT  # the store holds the data only: the audit of writes is read from the journal (kg.writes.audit)


def total(client: TestClient) -> int:
    return number(client.get("/sparql", params={"query": DATA_COUNT}))
