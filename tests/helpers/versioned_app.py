"""An app over a built tiny project whose journal holds a few versions: the publication, then writes that
rename silicon carbide and add a note (for the tests of ?version=, ?asOf=, /diff and /versions)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from kg.build.pipeline import build
from kg.journal import open_journal
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import SIC, make_project

NOTES = "https://w3id.org/fikg/graph/notes"
WRITE = {"Authorization": "Bearer secret", "Content-Type": "application/sparql-update"}
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RENAME = (f'DELETE {{ GRAPH ?g {{ <{SIC}> <{LABEL}> "Silicon carbide"@en }} }} '
          f'INSERT {{ GRAPH ?g {{ <{SIC}> <{LABEL}> "SiC"@en }} }} '
          f'WHERE {{ GRAPH ?g {{ <{SIC}> <{LABEL}> "Silicon carbide"@en }} }}')
NOTE = f"INSERT DATA {{ GRAPH <{NOTES}> {{ <{SIC}> <http://ex/note> \"checked\" . _:n <http://ex/d> 2 }} }}"


def versioned_settings(root: Path, **overrides) -> Settings:
    return load_settings(environ={}, project_dir=make_project(root), store_path=":memory:", reasoning=False,
                         query_workers=1, write_tokens="ministry:secret", **overrides)


@contextmanager
def versioned_client(root: Path, **overrides) -> Iterator[tuple[TestClient, list[str]]]:
    """The client, and the change ids: [publication, rename, note]."""
    settings = versioned_settings(root, **overrides)
    store = EmbeddedStore(None)
    build(settings, store=store)
    with TestClient(create_app(settings, store=store)) as client:
        for update in (RENAME, NOTE):
            assert client.post("/update", content=update, headers=WRITE).status_code == 200
        client.app.state.test_store = store
        yield client, [entry.id for entry in open_journal(settings, store).entries()]
