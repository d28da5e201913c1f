"""GET /audit and /audit/sparql: the writes, read from the journal, with filters; read-only SPARQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.build.pipeline import build
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project

NOTES = "https://w3id.org/fikg/graph/notes"
OTHER = "https://w3id.org/fikg/graph/other"
PROV = "http://www.w3.org/ns/prov#"
WRITE = {"Authorization": "Bearer secret"}


@pytest.fixture
def client(tmp_path) -> Iterator[TestClient]:
    settings = load_settings(environ={}, project_dir=make_project(tmp_path / "project"), store_path=":memory:",
                             reasoning=False, query_workers=1, write_tokens="ministry:secret,analyst:other",
                             max_query_depth=5)
    store = EmbeddedStore(None)
    build(settings, store=store)
    with TestClient(create_app(settings, store=store)) as test_client:
        update = {"Content-Type": "application/sparql-update", **WRITE}
        insert = f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> <http://ex/b> 1 }} }}"
        assert test_client.post("/update", content=insert, headers=update).status_code == 200
        assert test_client.put("/store", params={"graph": OTHER}, content="<http://ex/a> <http://ex/b> 2 .",
                               headers={"Content-Type": "text/turtle", "Authorization": "Bearer other"}
                               ).status_code == 201
        yield test_client


def test_the_writes_are_listed_in_order_with_their_changes(client) -> None:
    writes = client.get("/audit").json()["writes"]
    assert [(w["client"], w["operation"], w["added"], w["removed"]) for w in writes] == [
        ("ministry", "update", 1, 0), ("analyst", "put", 1, 0)]
    assert writes[0]["graphs"] == [{"graph": NOTES, "added": 1, "removed": 0}]
    assert writes[0]["id"].startswith("uuid:") and writes[0]["time"] <= writes[1]["time"]


def test_filters_by_client_time_and_graph(client) -> None:
    writes = client.get("/audit").json()["writes"]
    assert [w["client"] for w in client.get("/audit", params={"client": "analyst"}).json()["writes"]] == ["analyst"]
    assert [w["client"] for w in client.get("/audit", params={"graph": NOTES}).json()["writes"]] == ["ministry"]
    since = client.get("/audit", params={"since": writes[1]["time"]}).json()["writes"]
    until = client.get("/audit", params={"until": writes[0]["time"]}).json()["writes"]
    assert (since, until) == (writes[1:], writes[:1])
    assert client.get("/audit", params={"since": "not a time"}).status_code in (400, 422)


def test_json_ld_in_prov_o(client) -> None:
    answer = client.get("/audit", headers={"Accept": "application/ld+json"})
    assert answer.headers["content-type"].startswith("application/ld+json")
    document = answer.json()
    assert document["@context"]["prov"] == PROV
    first = document["@graph"][0]
    assert "prov:Activity" in first["@type"] and first["wasAssociatedWith"]["label"] == "ministry"
    assert first["generated"][0]["graph"] == NOTES
    import rdflib

    graph = rdflib.Graph().parse(data=answer.text, format="json-ld")
    activities = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(PROV + "Activity")))
    assert len(activities) == 2


def test_sparql_over_the_audit_with_the_limits_of_sparql(client) -> None:
    count = ("SELECT (COUNT(?w) AS ?n) WHERE { GRAPH <https://w3id.org/fikg/graph/audit> { "
             f"?w a <{PROV}Activity> }} }}")
    answer = client.get("/audit/sparql", params={"query": count}, headers={"Accept": "application/sparql-results+json"})
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "2"
    posted = client.post("/audit/sparql", content=count, headers={"Content-Type": "application/sparql-query",
                                                                  "Accept": "text/csv"})
    assert posted.text.splitlines()[1] == "2"
    deep = "SELECT * WHERE { " + "{ " * 8 + "?s ?p ?o " + "} " * 8 + "}"
    refused = client.get("/audit/sparql", params={"query": deep})
    assert refused.status_code == 400 and "KG_MAX_QUERY_DEPTH" in refused.text  # the same screening as /sparql
    update = client.post("/audit/sparql", data={"query": "DROP ALL"})
    assert update.status_code in (400, 403)
    assert len(client.get("/audit").json()["writes"]) == 2


def test_the_data_holds_no_audit(client) -> None:
    everything = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), 'audit')) }"
    answer = client.get("/sparql", params={"query": everything}, headers={"Accept": "application/sparql-results+json"})
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "0"
