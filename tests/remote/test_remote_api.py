"""The API over each real engine: SPARQL GET/POST, named graphs, updates, and failures of the remote."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.rdf.model import NamedNode
from kg.settings import Settings
from kg.store.remote import RemoteStore
from tests.helpers.project import DATA, SIC
from tests.remote.conftest import Server, free_port

TINY = "https://w3id.org/fikg/graph/tiny"
JSON = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def client(remote_settings: Settings, remote_store: RemoteStore) -> Iterator[TestClient]:
    remote_store.load(DATA / "tiny-data.ttl", graph=TINY)
    with TestClient(create_app(remote_settings, store=remote_store)) as test_client:
        yield test_client


def count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_ask_and_select(client: TestClient) -> None:
    assert client.get("/sparql", params={"query": "ASK {}"}, headers=JSON).json() == {"head": {}, "boolean": True}
    assert count(client.get("/sparql", params={"query": COUNT}, headers=JSON)) == 11


def test_post_form_and_direct_body(client: TestClient) -> None:
    assert count(client.post("/sparql", data={"query": COUNT}, headers=JSON)) == 11
    direct = client.post("/sparql", content=COUNT, headers={**JSON, "Content-Type": "application/sparql-query"})
    assert count(direct) == 11


def test_content_negotiation_over_remote_results(client: TestClient) -> None:
    query = "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> \"碳化硅\"@zh }"
    csv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv") and SIC in csv.text
    graph = client.get("/sparql", params={"query": f"DESCRIBE <{SIC}>"}, headers={"Accept": "text/turtle"})
    assert graph.status_code == 200 and "碳化硅" in graph.text


def test_protocol_named_graphs(client: TestClient, remote_store: RemoteStore) -> None:
    remote_store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle", graph="http://ex/g")
    assert count(client.get("/sparql", params={"query": COUNT}, headers=JSON)) == 12
    only_g = client.get("/sparql", params={"query": COUNT, "default-graph-uri": "http://ex/g"}, headers=JSON)
    assert count(only_g) == 1
    named = client.get("/sparql", headers=JSON, params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": TINY})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [TINY]


def test_updates_are_seen_by_the_next_query(client: TestClient, remote_store: RemoteStore) -> None:
    remote_store.update(f"DELETE WHERE {{ GRAPH <{TINY}> {{ <{SIC}> ?p ?o }} }}")
    assert count(client.get("/sparql", params={"query": COUNT}, headers=JSON)) < 11


def test_malformed_query_is_400_with_the_engines_message(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    body = response.json()  # the engine's message: Oxigraph's "expected …", Virtuoso's "syntax error at …"
    assert body["title"] == "QuerySyntaxError" and body["line"] == 1
    assert "expected" in body["detail"] or "syntax error" in body["detail"]


def test_remote_down_is_a_clear_503(remote_settings: Settings) -> None:
    down = RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=5)
    started = time.monotonic()
    with TestClient(create_app(remote_settings, store=down)) as client:
        response = client.get("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 503
    assert response.json()["title"] == "RemoteUnavailableError" and "unreachable" in response.json()["detail"]
    assert time.monotonic() - started < 3


def test_slow_remote_is_a_503_at_our_timeout(remote_settings: Settings, server: Server) -> None:
    slow = RemoteStore(server.query_url, timeout=0.5)
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { 1 2 3 4 5 6 7 8 9 10 } " + " ".join(
        f"VALUES ?v{i} {{ 1 2 3 4 5 6 7 8 9 10 }}" for i in range(9)) + " }"
    started = time.monotonic()
    with TestClient(create_app(remote_settings, store=slow)) as client:
        response = client.get("/sparql", params={"query": runaway})
    assert response.status_code == 503 and response.json()["title"] == "QueryTimeoutError"
    assert time.monotonic() - started < 5


def test_union_modes(server: Server, remote_store: RemoteStore) -> None:
    remote_store.load(DATA / "tiny-data.ttl", graph=TINY)
    remote_store.load_data("<http://ex/a> <http://ex/b> <http://ex/c> .", "text/turtle",
                           graph="urn:fikg:staging:run:0:add")  # a publication's staging graph
    listed = RemoteStore(server.query_url, union="list")
    native = RemoteStore(server.query_url, union="native")
    assert int(listed.select(COUNT)[0]["n"].value) == 11  # the data's graphs only
    assert listed.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }") == [{"g": NamedNode(TINY)}]
    if remote_store.profile.name == "oxigraph":  # its default graph is its own, empty
        assert int(native.select(COUNT)[0]["n"].value) == 0
    else:  # Virtuoso's default dataset is every graph, its own metadata included: why it lists the graphs
        assert int(native.select(COUNT)[0]["n"].value) > 1000
