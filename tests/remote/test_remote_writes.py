"""Writes and named queries through the API, on the embedded store and on each real engine.

The same requests go to both; the answers must be the same, and hostile parameter values must
change nothing on either.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.build.pipeline import build
from kg.settings import load_settings
from kg.store.base import Store
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import SIC
from tests.remote.conftest import ENGINES, Server

TOKEN = "remote-write-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = {"Content-Type": "application/sparql-update", **AUTH}
QUERIES = Path(__file__).parents[2] / "queries"
HOSTILE = ['"} ; DROP ALL ; #', "') } } ; CLEAR ALL ; SELECT * { (", "line\nbreak", "碳化", "\\\" back \\ slash",
           "<http://ex/a> } ; DROP ALL", "‮ \u2028 \U0001f600"]


@pytest.fixture(params=["embedded", *ENGINES])
def client(request: pytest.FixtureRequest, project: Path) -> Iterator[TestClient]:
    """The API over the tiny project (with the search query), built into each kind of store."""
    (project / "queries").mkdir(exist_ok=True)
    shutil.copy(QUERIES / "search.rq", project / "queries" / "search.rq")
    (project / "data" / "individuals.ttl").write_text(  # search.rq looks among named individuals
        f"<{SIC}> a <http://www.w3.org/2002/07/owl#NamedIndividual> .\n", encoding="utf-8")
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", write_token=TOKEN)
    if request.param == "embedded":
        store: Store = EmbeddedStore(None)
        build(settings, store=store)
    else:
        server: Server = request.getfixturevalue(request.param)
        server.clear()
        settings = server.settings(settings.with_(store="remote"))
        build(settings)  # publishes to the server through staging graphs
        store = server.store()
    with TestClient(create_app(settings, store=store)) as test_client:
        yield test_client
    store.close()


def total(client: TestClient) -> int:
    response = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_update_commits_and_a_bad_one_changes_nothing(client: TestClient) -> None:
    insert = "INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 'c' } }"
    assert client.post("/update", content=insert, headers=UPDATE).status_code == 200
    ask = client.get("/sparql", params={"query": "ASK { <http://ex/a> <http://ex/b> 'c' }"},
                     headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is True
    after = total(client)
    broken = client.post("/update", content="INSERT DATA { <http://ex/a> <http://ex/b> 'd' } ; DELETE WHERE { ?s }",
                         headers=UPDATE)
    assert broken.status_code == 400
    assert total(client) == after


def test_graph_store_put_get_delete(client: TestClient) -> None:
    graph = {"graph": "http://ex/put"}
    put = client.put("/store", params=graph, content="<http://ex/a> <http://ex/b> <http://ex/c> .",
                     headers={"Content-Type": "text/turtle", **AUTH})
    assert put.status_code in {200, 201, 204}, put.text
    got = client.get("/store", params=graph, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and "<http://ex/c>" in got.text
    assert client.delete("/store", params=graph, headers=AUTH).status_code in {200, 204}
    assert client.get("/store", params=graph, headers={"Accept": "application/n-triples"}).status_code == 404
    gone = client.get("/sparql", params={"query": "ASK { ?s ?p <http://ex/c> }"},
                      headers={"Accept": "application/sparql-results+json"})
    assert gone.json()["boolean"] is False


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_named_query_parameters_change_nothing(client: TestClient, value: str) -> None:
    before = total(client)
    response = client.get("/queries/search", params={"text": value}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    iris = {row.get("iri") for row in response.json()}
    assert (SIC in iris) == (value == "碳化")
    assert total(client) == before
