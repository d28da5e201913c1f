"""The SHACL gate over HTTP with the project's shapes and the real sources: a write that breaks a shape gets
422 with the report and changes nothing; a conforming write commits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient

from api.main import create_app
from cli.report import load_for_validation
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "shapes-test-token"
UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
PREFIXES = """PREFIX fikg: <https://w3id.org/fikg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX id: <https://w3id.org/fikg/id/>
"""
GRAPH = "https://w3id.org/fikg/graph/jiangsu-2023-104"
MEASURE = "https://w3id.org/fikg/id/measure/strengthen-application-scenario-pull"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = load_settings(environ={}, project_dir=ROOT, store_path=":memory:", write_token=TOKEN,
                             query_workers=1)
    store: EmbeddedStore = load_for_validation(settings, None)
    with TestClient(create_app(settings, store=store)) as client:
        yield client


def count(client: TestClient) -> int:
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_removing_every_responsible_party_of_a_measure_is_refused_with_422_and_the_report(client) -> None:
    before = count(client)
    # Both directions: fikg:measure is the inverse of fikg:hasResponsibility, so a measure whose parties still
    # name it keeps them (the derived graph states hasResponsibility again, with the write).
    update = PREFIXES + (f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ <{MEASURE}> fikg:hasResponsibility ?r }} }} ;\n"
                         f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?r fikg:measure <{MEASURE}> }} }}")
    response = client.post("/update", content=update, headers={**UPDATE, "Accept": "text/turtle"})
    assert response.status_code == 422, response.text
    report = rdflib.Graph().parse(data=response.text, format="turtle")
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, SH.focusNode, rdflib.URIRef(MEASURE)) in report
    assert (None, SH.sourceShape, rdflib.URIRef("https://w3id.org/fikg/shapes#MeasureResponsibilityShape")) in report
    assert count(client) == before


def test_a_duplicate_chinese_label_is_refused_as_problem_json(client) -> None:
    before = count(client)
    update = PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        id:technology\\/copy a fikg:Technology ; rdfs:label "海水制氢"@zh, "a copy"@en ;
            fikg:belongsToIndustry id:industry\\/hydrogen-energy }} }}"""
    response = client.post("/update", content=update, headers={**UPDATE, "Accept": "application/problem+json"})
    assert response.status_code == 422, response.text
    problem = response.json()
    violations = {v["shape"] for v in problem["violations"] if v["severity"] == "Violation"}
    assert violations == {"https://w3id.org/fikg/shapes#EntityShape"}  # and an orphan warning
    assert count(client) == before


def test_a_conforming_write_commits(client) -> None:
    before = count(client)
    update = PREFIXES + f"""INSERT DATA {{ GRAPH <{GRAPH}> {{
        <{MEASURE}> rdfs:comment "checked by the SHACL gate"@en }} }}"""
    response = client.post("/update", content=update, headers=UPDATE)
    assert response.status_code == 200, response.text
    assert count(client) == before + 1
