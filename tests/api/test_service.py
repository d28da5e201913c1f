"""The Service Description at GET /sparql without a query (SPARQL 1.1 Service Description)."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient

from tests.helpers.api import open_client, tiny_settings

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, store_kind: str):
    with open_client(tiny_settings(tmp_path_factory.mktemp("service")), store_kind) as client:
        yield client


def description(client: TestClient, accept: str = "text/turtle") -> rdflib.Graph:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    return rdflib.Graph().parse(data=response.text, format="json-ld" if "json" in accept else "turtle")


def test_describes_the_endpoint_languages_and_features(client: TestClient) -> None:
    graph = description(client)
    service = graph.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert service == rdflib.URIRef("http://testserver/sparql")
    assert graph.value(service, SD.endpoint) == service
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no write token: no updates
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))
    assert SD.BasicFederatedQuery not in set(graph.objects(service, SD.feature))


def test_lists_every_result_format(client: TestClient) -> None:
    formats = set(description(client).objects(None, SD.resultFormat))
    expected = {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG"}
    assert formats == {FORMATS[name] for name in expected}


def test_lists_named_graphs_with_their_triple_counts(client: TestClient) -> None:
    graph = description(client, "application/ld+json")
    counts = {str(graph.value(named, SD.name)): int(graph.value(graph.value(named, SD.graph), VOID.triples))
              for named in graph.subjects(rdflib.RDF.type, SD.NamedGraph)}
    assert set(counts) == {"https://w3id.org/fikg/graph/ontology", "https://w3id.org/fikg/graph/tiny"}
    (dataset,) = graph.objects(None, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    assert int(graph.value(default, VOID.triples)) == sum(counts.values()) == 23


def test_head_and_406(client: TestClient) -> None:
    head = client.head("/sparql")
    assert head.status_code == 200 and head.content == b"" and "Accept" in head.headers["vary"]
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_updates_are_described_when_writes_are_on(tmp_path: Path) -> None:
    with open_client(tiny_settings(tmp_path, write_token="t", allow_service=True)) as client:
        graph = description(client)
    assert SD.SPARQL11Update in set(graph.objects(None, SD.supportedLanguage))
    assert SD.BasicFederatedQuery in set(graph.objects(None, SD.feature))
