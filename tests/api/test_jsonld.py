"""JSON-LD over HTTP: the published context, framed documents that expand to their triples, dumps."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from fastapi.testclient import TestClient

from kg.resources import jsonld as export
from kg.store.embedded import EmbeddedStore
from tests.helpers.built_graph import real_settings
from tests.helpers.stores import app_client

ID = "https://w3id.org/fikg/id/"


def test_context_is_published_and_versioned(real_client: TestClient) -> None:
    current = real_client.get("/context.jsonld")
    versioned = real_client.get(f"/context/{export.CONTEXT_VERSION}.jsonld")
    assert current.status_code == versioned.status_code == 200
    assert current.headers["content-type"] == "application/ld+json"
    assert current.json() == versioned.json() == {"@context": export.build_context()}
    assert current.json()["@context"]["label"]["@container"] == "@language"


def test_industry_document_expands_to_the_triples_it_was_framed_from(real_client: TestClient,
                                                                       real_store: EmbeddedStore) -> None:
    document = real_client.get("/api/industry/hydrogen-energy").json()
    assert document["@context"] == export.served_context_url("http://testserver")  # on this server
    assert {"technologies", "namedByMeasures"} <= document.keys()
    expected = export.entity_triples(real_store, ID + "industry/hydrogen-energy")
    assert export.expand_to_triples(document) == expected


def test_every_industry_and_measure_round_trips(real_client: TestClient, real_store: EmbeddedStore) -> None:
    for kind in ("industry", "measure"):
        listing = real_client.get(f"/api/{kind}").json()
        assert export.expand_to_triples(listing) == export.kind_triples(real_store, kind)
        for node in listing["@graph"]:
            slug = node["@id"].rsplit("/", 1)[1]
            document = real_client.get(f"/api/{kind}/{slug}").json()
            assert export.expand_to_triples(document) == export.entity_triples(real_store, f"{ID}{kind}/{slug}")


def test_unknown_kind_and_entity_are_404(real_client: TestClient) -> None:
    assert real_client.get("/api/no-such-kind").status_code == 404
    assert real_client.get("/api/industry/no-such-industry").status_code == 404


def test_dumps_with_size_and_checksum(real_client: TestClient, real_store: EmbeddedStore) -> None:
    listing = {d["name"]: d for d in real_client.get("/dumps").json()}
    assert set(listing) == set(export.DUMP_FORMATS)
    for entry in listing.values():
        response = real_client.get(entry["url"])
        assert response.status_code == 200
        assert len(response.content) == entry["size"]
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
        assert response.headers["etag"] == f'"{entry["sha256"]}"'
        assert real_client.get(entry["url"], headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    quads = ox.parse(real_client.get("/dumps/dataset.nq").content, format=ox.RdfFormat.N_QUADS)
    assert sum(1 for _ in quads) == sum(g.triples for g in real_store.graphs())
    assert real_client.get("/dumps/dataset.xlsx").status_code == 404


def test_the_api_index_lists_every_kind_with_a_list_that_answers(real_client: TestClient) -> None:
    index = real_client.get("/api")
    assert index.status_code == 200 and index.headers["content-type"] == "application/ld+json"
    members = {m["title"]: m for m in index.json()["member"]}
    assert {"industry", "technology", "agency", "measure"} <= members.keys()
    assert members["industry"]["@id"] == "http://testserver/api/industry" and members["industry"]["totalItems"] > 0
    for kind in ("industry", "technology", "agency"):
        assert real_client.get(members[kind]["@id"]).status_code == 200


def test_the_context_is_on_the_server_kg_base_url_names(real_store: EmbeddedStore) -> None:
    settings = real_settings().with_(base_url="https://kg.example.gov.cn/fikg/")
    with app_client("embedded", settings, real_store) as client:
        document = client.get("/api/industry/hydrogen-energy").json()
        index = client.get("/api").json()
    assert document["@context"] == "https://kg.example.gov.cn/fikg/context/1.0.0.jsonld"
    assert index["@id"] == "https://kg.example.gov.cn/fikg/api"
