"""The 422 of a refused write on the real graph reports the write's own violations, and only those.

A write touching a real entity is validated on the subgraph its checks read (kg.validation.impact); when
that includes blank nodes (the ``owl:Axiom`` annotations of the entity's relations) every node of the
subgraph is validated and the results are kept for the affected nodes. The report graph the API serves
(Turtle, JSON-LD) must be the same kept results: it once held every result of the subgraph, hundreds of
violations of nodes the subgraph holds without their types.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.namespace import SH

from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.stores import app_client

TOKEN = "write-report-token"
SHAPES = "https://w3id.org/fikg/shapes#"
SIC = "https://w3id.org/fikg/id/material/silicon-carbide-substrates-and-epitaxial-materials"
ALT_LABEL = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {{ GRAPH <https://w3id.org/fikg/graph/notes> {{ <{SIC}> skos:altLabel "SiC 衬底"@zh }} }}"""


@pytest.fixture
def client(real_store: EmbeddedStore) -> Iterator[TestClient]:
    copy = EmbeddedStore(None)
    copy.add_quads(real_store.quads(), bulk=True)
    settings = load_settings(environ={}, store_path=":memory:", write_token=TOKEN, query_workers=1)
    with app_client("embedded", settings, copy) as client:
        yield client


def test_an_unmarked_alternative_label_is_refused_with_that_one_violation(client: TestClient) -> None:
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                        headers={"Accept": "application/sparql-results+json"}).json()
    response = client.post("/update", content=ALT_LABEL, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}", "Accept": "text/turtle"})
    assert response.status_code == 422
    report = rdflib.Graph().parse(data=response.text, format="turtle")
    results = list(report.subjects(rdflib.RDF.type, SH.ValidationResult))
    assert [str(report.value(r, SH.sourceConstraint)) for r in results] == [SHAPES + "UnmarkedLabelConstraint"]
    assert str(report.value(results[0], SH.focusNode)) == SIC
    assert (None, SH.conforms, rdflib.Literal(False)) in report
    problem = client.post("/update", content=ALT_LABEL, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}",
        "Accept": "application/problem+json"}).json()
    assert [v["focus"] for v in problem["violations"]] == [SIC]
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                       headers={"Accept": "application/sparql-results+json"}).json()
    assert after == before  # nothing of the refused write was applied


def test_the_same_label_marked_as_the_editor_s_is_accepted(client: TestClient) -> None:
    mark = '; <https://w3id.org/fikg/ontology#editorAltLabel> "SiC 衬底"@zh'
    marked = ALT_LABEL.replace('"SiC 衬底"@zh', f'"SiC 衬底"@zh {mark}')
    response = client.post("/update", content=marked, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text[:2000]
