"""Derived answers follow writes at once (issue 17): a technology inserted under 氢能 through ``/update`` is
answered by ``agencies-for-technology`` immediately, and loses that coverage when moved to another industry.

Runs over a copy of the real graph in each kind of store, through the whole app (token, gate with the
project's SHACL shapes, derivation, commit); the derived graph then equals what a full build derives.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.derivation.whole import derive
from kg.rdf.model import NamedNode
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.stores import app_client

TOKEN = "derivation-write-token"
UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
ID = "https://w3id.org/fikg/id/"
GRAPH = "https://w3id.org/fikg/graph/jiangsu-2023-104"
TECHNOLOGY = f"{ID}technology/derivation-test-hydrogen-membrane"
HYDROGEN = f"{ID}industry/hydrogen-energy"
INSERT = f"""PREFIX fikg: <https://w3id.org/fikg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT DATA {{ GRAPH <{GRAPH}> {{
  <{TECHNOLOGY}> a owl:NamedIndividual, fikg:Technology ;
    rdfs:label "hydrogen separation membranes (test)"@en, "氢分离膜（测试）"@zh ;
    skos:inScheme <{ID}concept-scheme/technologies> ;
    fikg:belongsToIndustry <{HYDROGEN}> ;
    fikg:sourceProvision <{ID}provision/jiangsu-2023-104-2-1-3> ;
    fikg:sourceSentence <{ID}sentence/jiangsu-2023-104-2-1-3-s2> . }} }}"""


@pytest.fixture
def client(real_store: EmbeddedStore, store_kind: str) -> Iterator[TestClient]:
    copy = EmbeddedStore(None)
    copy.add_quads(real_store.quads())
    settings = load_settings(environ={}, store_path=":memory:", write_token=TOKEN, query_workers=1)
    with app_client(store_kind, settings, copy) as client:
        yield client


def agencies(client: TestClient) -> set[tuple[str, str]]:
    response = client.get("/queries/agencies-for-technology", params={"technology": TECHNOLOGY},
                          headers={"Accept": "application/json"})
    assert response.status_code in (200, 404), response.text
    rows = response.json() if response.status_code == 200 else []
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    return {(row["iri"], row.get("via_industry", "")) for row in rows}


def test_a_technology_inserted_under_hydrogen_is_covered_at_once_and_loses_it_when_moved(client: TestClient) -> None:
    assert agencies(client) == set()
    response = client.post("/update", content=INSERT, headers=UPDATE)
    assert response.status_code == 200, response.text
    covered = agencies(client)
    assert HYDROGEN in {via for _, via in covered}  # explicit: a measure names 氢能 (general ones come too)
    moved = INSERT.replace("INSERT DATA", f"DELETE DATA {{ GRAPH <{GRAPH}> {{ <{TECHNOLOGY}> "
                           f"<https://w3id.org/fikg/ontology#belongsToIndustry> <{HYDROGEN}> }} }} ;\nINSERT DATA")
    moved = moved.replace(HYDROGEN + "> ;\n    fikg:sourceProvision", f"{ID}industry/new-type-energy-storage> ;\n"
                          "    fikg:sourceProvision")
    response = client.post("/update", content=moved, headers=UPDATE)
    assert response.status_code == 200, response.text
    assert HYDROGEN not in {via for _, via in agencies(client)}


@pytest.mark.embedded_only("compares the engine's derived graph with a full derivation of a copy")
def test_after_writes_the_derived_graph_is_what_a_build_derives(client: TestClient) -> None:
    assert client.post("/update", content=INSERT, headers=UPDATE).status_code == 200
    store = client.store
    settings = load_settings(environ={}, store_path=":memory:")
    inferred = NamedNode("https://w3id.org/fikg/graph/inferred")
    copy = EmbeddedStore(None)
    copy.add_quads(q for q in store.quads() if q.graph_name != inferred)
    derive(copy, settings, lambda *_: None)
    assert {q.triple for q in store.quads(inferred.value)} == {q.triple for q in copy.quads(inferred.value)}


@pytest.mark.embedded_only("a remote store cannot remove the ontology's blank-node triples exactly: 400 "
                           "(kg.store.delta.check_expressible)")
def test_clear_all_by_a_writer_empties_the_data_and_its_derivations(client: TestClient) -> None:
    """Issue 17 item 5: derived from nothing is nothing; the write is in the audit like any other."""
    response = client.post("/update", content="CLEAR ALL", headers=UPDATE)
    assert response.status_code == 200, response.text
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                       headers={"Accept": "application/sparql-results+json"})
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "0"
    own_edit = f"INSERT DATA {{ GRAPH <https://w3id.org/fikg/graph/inferred> {{ <{TECHNOLOGY}> a <{ID}x> }} }}"
    assert client.post("/update", content=own_edit, headers=UPDATE).status_code == 403
    assert [w["operation"] for w in client.get("/audit").json()["writes"]][-1:] == ["update"]
