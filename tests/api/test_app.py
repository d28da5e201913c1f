"""The minimal API over a built store (on disk, or published to an Oxigraph server): /sparql answers."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from api.main import create_app
from kg.build.pipeline import build
from kg.settings import Settings
from kg.store.remote import GRAPH_LIST_SECONDS


def test_sparql_get_ask_over_published_store(app_settings: Settings) -> None:
    build(app_settings)
    with TestClient(create_app(app_settings)) as client:
        response = client.get("/sparql", params={"query": "ASK {}"},
                              headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.json() == {"head": {}, "boolean": True}


def test_server_follows_a_new_publication(app_settings: Settings, project) -> None:
    """A publication by another process shows at once, or within GRAPH_LIST_SECONDS where the union is the
    listed graphs (Virtuoso: a new graph joins the list when it is next asked for)."""
    build(app_settings)
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}

    def count(client: TestClient) -> str:
        response = client.get("/sparql", params=query, headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"][0]["n"]["value"]

    with TestClient(create_app(app_settings.with_(query_timeout=120))) as client:  # worker start-up on a busy host
        assert count(client) == "23"
        (project / "data" / "more.ttl").write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n")
        build(app_settings)
        deadline = time.monotonic() + GRAPH_LIST_SECONDS + 5
        while count(client) != "24" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert count(client) == "24"


def test_malformed_query_is_400_with_position(app_settings: Settings) -> None:
    build(app_settings)
    with TestClient(create_app(app_settings)) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.json()["line"] == 1


def test_the_resolvers_index_is_warmed_when_the_app_starts(app_settings: Settings, monkeypatch) -> None:
    """The first named query does not wait for the label index: the lifespan builds it in the background (the tiny
    project has no named queries: the index is asked for as the resolver asks)."""
    from kg.resolution import index as index_module

    build(app_settings)
    with TestClient(create_app(app_settings)) as client:
        client.app.state.index_warming.join(timeout=60)
        monkeypatch.setattr(index_module, "build_index", lambda *args: (_ for _ in ()).throw(AssertionError("built")))
        index = index_module.label_index(client.app.state.live_store.get(), app_settings.base_iri)
        assert "https://w3id.org/fikg/id/technology/silicon-carbide" in index.entries
