"""Real clients against a real server: uvicorn on 127.0.0.1 and a free port, started here and stopped after.

SPARQLWrapper (JSON, XML, CSV, CONSTRUCT into rdflib, update), rdflib's SPARQLStore and
SPARQLUpdateStore, and plain httpx for the Graph Store Protocol.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import rdflib
import uvicorn
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from api.main import create_app
from kg.build.pipeline import build
from kg.store.embedded import EmbeddedStore
from tests.helpers.api import tiny_settings
from tests.helpers.project import INDUSTRY, SIC
from tests.helpers.stores import POOLS, free_port, over

TOKEN = "interop-token"
LABELS = "SELECT ?label WHERE { ?s a <https://w3id.org/fikg/ontology#Technology> ; " \
         "<http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANG(?label) = 'en') } ORDER BY ?label"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Iterator[str]:
    settings = tiny_settings(tmp_path_factory.mktemp("interop"), write_token=TOKEN)
    built = EmbeddedStore(None)
    build(settings, store=built)
    settings, store, oxigraph = over(store_kind, settings, built)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store=store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        if oxigraph is not None:
            store.close()
            POOLS[store_kind].release(oxigraph)


def wrapper(base_url: str, query: str, return_format: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client


def test_sparqlwrapper_json(base_url: str) -> None:
    result = wrapper(base_url, LABELS, JSON).queryAndConvert()
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == ["Gallium nitride", "Silicon carbide"]


def test_sparqlwrapper_xml_by_post(base_url: str) -> None:
    client = wrapper(base_url, LABELS, XML)
    client.setMethod(POST)
    document = client.queryAndConvert()  # an xml.dom.minidom document
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == ["Gallium nitride", "Silicon carbide"]


def test_sparqlwrapper_csv(base_url: str) -> None:
    text = wrapper(base_url, LABELS, CSV).queryAndConvert().decode("utf-8")
    assert text.splitlines() == ["label", "Gallium nitride", "Silicon carbide"]


@pytest.mark.parametrize("return_format", [TURTLE, XML])
def test_sparqlwrapper_construct_into_rdflib(base_url: str, return_format: str) -> None:
    query = f"CONSTRUCT WHERE {{ <{SIC}> ?p ?o }}"
    graph = wrapper(base_url, query, return_format).queryAndConvert()
    if isinstance(graph, bytes):
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert (rdflib.URIRef(SIC), rdflib.URIRef("https://w3id.org/fikg/ontology#industry"),
            rdflib.URIRef(INDUSTRY)) in graph


def test_sparqlwrapper_ask_and_errors(base_url: str) -> None:
    assert wrapper(base_url, "ASK { ?s ?p ?o }", JSON).queryAndConvert()["boolean"] is True
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed):
        wrapper(base_url, "SELECT * WHERE { ?s ?p }", JSON).queryAndConvert()


def test_rdflib_sparqlstore_reads(base_url: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{base_url}/sparql"))
    labels = sorted(str(row.label) for row in graph.query(LABELS))
    assert labels == ["Gallium nitride", "Silicon carbide"]
    assert rdflib.URIRef(INDUSTRY) in set(graph.objects(rdflib.URIRef(SIC),
                                                        rdflib.URIRef("https://w3id.org/fikg/ontology#industry")))


def test_rdflib_sparqlupdatestore_writes_with_the_token(base_url: str) -> None:
    store = SPARQLUpdateStore(f"{base_url}/sparql", f"{base_url}/update",
                              headers={"Authorization": f"Bearer {TOKEN}"})
    graph = rdflib.Graph(store=store, identifier=rdflib.URIRef("http://ex/interop/rdflib"))
    triple = (rdflib.URIRef("http://ex/a"), rdflib.URIRef("http://ex/p"), rdflib.Literal("from rdflib"))
    graph.add(triple)
    check = SPARQLWrapper(f"{base_url}/sparql")
    check.setQuery("ASK { GRAPH <http://ex/interop/rdflib> { <http://ex/a> <http://ex/p> 'from rdflib' } }")
    check.setReturnFormat(JSON)
    assert check.queryAndConvert()["boolean"] is True
    graph.remove(triple)
    assert check.queryAndConvert()["boolean"] is False


def test_sparqlwrapper_update_needs_the_token(base_url: str) -> None:
    from SPARQLWrapper.SPARQLExceptions import Unauthorized

    client = SPARQLWrapper(f"{base_url}/sparql", updateEndpoint=f"{base_url}/update")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { GRAPH <http://ex/interop/wrapper> { <http://ex/a> <http://ex/p> 1 } }")
    with pytest.raises(Unauthorized):
        client.query()
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    assert client.query().response.status == 200


def test_httpx_graph_store_round_trip(base_url: str) -> None:
    graph = "http://ex/interop/httpx"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        put = client.put("/store", params={"graph": graph}, content=b"<http://ex/s> <http://ex/p> <http://ex/o> .",
                         headers={"Content-Type": "text/turtle", **auth})
        assert put.status_code == 201
        post = client.post("/store", params={"graph": graph}, content=b"<http://ex/s> <http://ex/p> 'more' .",
                           headers={"Content-Type": "text/turtle", **auth})
        assert post.status_code == 204
        body = client.get("/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
        assert sorted(body.text.splitlines()) == ['<http://ex/s> <http://ex/p> "more" .',
                                                  "<http://ex/s> <http://ex/p> <http://ex/o> ."]
        assert client.head("/store", params={"graph": graph}).status_code == 200
        assert client.delete("/store", params={"graph": graph}).status_code == 401
        assert client.delete("/store", params={"graph": graph}, headers=auth).status_code == 204
        assert client.get("/store", params={"graph": graph}).status_code == 404


def test_service_description_over_http(base_url: str) -> None:
    response = httpx.get(f"{base_url}/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(f"{base_url}/sparql"), rdflib.RDF.type, sd.Service) in graph

