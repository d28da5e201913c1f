"""GET /versions (api/routers/releases.py): releases listed in JSON, HTML and RDF, usable as ?version=, in VoID."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from fastapi.testclient import TestClient

from kg.journal import open_journal
from kg.journal.releases import release_head
from kg.rdf.vocab import ONTOLOGY_GRAPH, graph_iri
from tests.helpers.project import SIC
from tests.helpers.versioned_app import versioned_client

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
OWL = rdflib.OWL
ASK_OLD_NAME = f'ASK {{ <{SIC}> <http://www.w3.org/2000/01/rdf-schema#label> "Silicon carbide"@en }}'


@pytest.fixture
def app(tmp_path) -> Iterator[tuple[TestClient, list[str]]]:
    """The versioned app, its current version (after the writes) released as "2026.12"."""
    with versioned_client(tmp_path / "project") as (client, ids):
        settings = client.app.state.settings
        journal = open_journal(settings, client.app.state.test_store)
        release_head(journal, "2026.12", "首次发布 first release", graph_iri(settings.base_iri, ONTOLOGY_GRAPH))
        yield client, ids


def test_versions_lists_the_releases_and_the_current_version(app) -> None:
    client, (_, _, noted) = app
    listing = client.get("/versions").json()
    assert listing["current"]["change"] == noted
    (release,) = listing["releases"]
    assert release["name"] == "2026.12" and release["change"] == noted and release["ontology_changed"]
    assert release["note"] == "首次发布 first release" and release["sparql"].endswith("/sparql?version=2026.12")
    assert client.get("/versions/2026.12").json()["change"] == noted
    assert client.get("/versions/nope").status_code == 404
    page = client.get("/versions", headers={"Accept": "text/html"}, params={"lang": "zh"})
    assert "首次发布 first release" in page.text and "2026.12" in page.text


def test_the_rdf_description_and_void_name_the_release_and_the_ontology_version(app) -> None:
    client, _ = app
    for path in ("/versions", "/.well-known/void"):
        graph = rdflib.Graph().parse(data=client.get(path, headers={"Accept": "text/turtle"}).text, format="turtle")
        release = rdflib.URIRef("http://testserver/versions/2026.12")
        assert (None, DCAT.hasVersion, release) in graph, path
        assert (release, DCAT.version, rdflib.Literal("2026.12")) in graph
        ontology = rdflib.URIRef("http://testserver/ontology?version=2026.12")
        assert (ontology, OWL.versionInfo, rdflib.Literal("2026.12")) in graph
    served = client.get("/ontology", params={"version": "2026.12"}, headers={"Accept": "text/turtle"})
    assert served.status_code == 200 and served.headers["x-kg-release"] == "2026.12"


def test_a_release_name_is_a_version(app) -> None:
    client, _ = app
    answer = client.get("/sparql", params={"query": ASK_OLD_NAME, "version": "2026.12"},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.json()["boolean"] is False and answer.headers["x-kg-release"] == "2026.12"
