"""Dereferenceable IRIs: conneg for every format, 303 for browsers, the ontology, VoID, and a crawl."""

from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from kg.store.embedded import EmbeddedStore

BASE = "https://w3id.org/fikg/"
LONG = bool(os.environ.get("KG_LONG_TESTS"))
IRI = BASE + "id/industry/hydrogen-energy"
PARSERS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
           "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-triples": ox.RdfFormat.N_TRIPLES}


def path_of(iri: str) -> str:
    """Where this server answers for a minted IRI (the base mapped onto the host; fragments dropped)."""
    return "/" + iri.split("#", 1)[0][len(BASE):]


def triples_of(body: bytes, media_type: str) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(body, format=PARSERS[media_type])}


@pytest.mark.parametrize("media_type", sorted(PARSERS))
def test_conneg_for_every_rdf_format(real_client: TestClient, media_type: str) -> None:
    response = real_client.get("/id/industry/hydrogen-energy", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "Accept" in response.headers["vary"]
    triples = triples_of(response.content, media_type)
    labels = {t.object.value for t in triples if t.subject == ox.NamedNode(IRI)
              and t.predicate.value.endswith("#label")}
    assert labels == {"氢能", "hydrogen energy"}


@pytest.mark.parametrize(("fmt", "media_type"), [("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                                                  ("rdf", "application/rdf+xml"), ("nt", "application/n-triples")])
def test_format_parameter_overrides_accept(real_client: TestClient, fmt: str, media_type: str) -> None:
    response = real_client.get(f"/id/industry/hydrogen-energy?format={fmt}", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith(media_type)


def test_browsers_get_303_to_the_page(real_client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = real_client.get("/id/industry/hydrogen-energy", headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/entity/industry/hydrogen-energy"


def test_any_type_gets_turtle_and_unknown_is_404(real_client: TestClient) -> None:
    assert real_client.get("/id/industry/hydrogen-energy").headers["content-type"].startswith("text/turtle")
    assert real_client.get("/id/industry/no-such-thing").status_code == 404
    assert real_client.get("/id/industry/hydrogen-energy", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("media_type", sorted(PARSERS))
def test_ontology_in_rdf(real_client: TestClient, media_type: str) -> None:
    response = real_client.get("/ontology", headers={"Accept": media_type})
    assert response.status_code == 200
    triples = triples_of(response.content, media_type)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    owl_class = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
    assert ox.Triple(ox.NamedNode(BASE + "ontology#Industry"), rdf_type, owl_class) in triples


def test_ontology_reference_docs_for_browsers(real_client: TestClient) -> None:
    response = real_client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")


def test_void_description(real_client: TestClient, real_store: EmbeddedStore) -> None:
    response = real_client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = triples_of(response.content, "text/turtle")
    by_predicate: dict[str, set] = {}
    for t in triples:
        if t.subject == ox.NamedNode(BASE + "dataset"):
            by_predicate.setdefault(t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], set()).add(t.object)
    assert ox.NamedNode("https://creativecommons.org/licenses/by/4.0/") in by_predicate["license"]
    assert by_predicate["publisher"] and by_predicate["exampleResource"]
    assert {int(o.value) for o in by_predicate["triples"]} == {sum(g.triples for g in real_store.graphs())}
    assert {o.value for o in by_predicate["sparqlEndpoint"]} == {"http://testserver/sparql"}
    assert {o.value.rsplit("/", 1)[-1] for o in by_predicate["dataDump"]} == {"dataset.nq", "dataset.ttl",
                                                                               "dataset.jsonld"}
    checksums = {t.object.value for t in triples if t.predicate.value.endswith("checksumValue")}
    assert {d["sha256"] for d in real_client.get("/dumps").json()} == checksums


def test_every_minted_iri_dereferences(real_client: TestClient, real_store: EmbeddedStore) -> None:
    """The crawl: every IRI under the base that occurs in the graph answers on this server.

    Of the 4000-odd coverage nodes the build derives (one shape, one rule) every 25th is fetched,
    unless KG_LONG_TESTS is set (then all: about three minutes on two cores)."""
    minted = set()
    for quad in real_store.quads():
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                minted.add(term.value)
    paths = sorted({path_of(iri) for iri in minted} - {path_of(g) for g in _graph_names(real_store)})
    assert len(paths) > 5000
    coverage = [path for path in paths if path.startswith("/id/coverage/")]
    paths = [path for path in paths if not path.startswith("/id/coverage/")] + coverage[:: 1 if LONG else 25]
    failures = []
    for path in paths:
        response = real_client.get(path, headers={"Accept": "application/n-triples"})
        if response.status_code != 200 or not response.content:
            failures.append((path, response.status_code))
    assert failures == []


def _graph_names(store: EmbeddedStore) -> list[str]:
    """Graph names are where the store keeps data (served by /store), not resources in the data."""
    used = {quad.subject.value for quad in store.quads() if isinstance(quad.subject, ox.NamedNode)}
    return [g.iri for g in store.graphs() if g.iri not in used]
