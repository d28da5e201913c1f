"""SPARQL 1.1 Update at /update: bearer token, protocol rules, SHACL gate (422) and atomicity."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.helpers.api import (
    AUTH,
    DIRECT,
    TECHNOLOGY,
    TOKEN,
    open_client,
    tiny_settings,
    total,
)
from tests.helpers.shapes import SLOW_DATA, SLOW_SHAPE, TECHNOLOGY_SHAPE

UPDATE = {"Content-Type": "application/sparql-update", **AUTH}
INSERT = "INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 'c' } }"


@pytest.fixture
def client(tmp_path: Path, store_kind: str):
    settings = tiny_settings(tmp_path, write_token=TOKEN)
    (settings.project_dir / "shapes").mkdir()
    (settings.project_dir / "shapes" / "technology.ttl").write_text(TECHNOLOGY_SHAPE)
    with open_client(settings, store_kind) as client:
        yield client


def test_update_via_direct_post_commits_and_is_visible_to_queries(client: TestClient) -> None:
    response = client.post("/update", content=INSERT, headers=UPDATE)
    assert response.status_code == 200 and response.json() == {"added": 1, "removed": 0}
    assert total(client) == 24


def test_update_via_url_encoded_post(client: TestClient) -> None:
    response = client.post("/update", data={"update": INSERT}, headers=AUTH)
    assert response.status_code == 200
    assert total(client) == 24


def test_without_a_token_is_401_with_a_challenge_and_changes_nothing(client: TestClient) -> None:
    response = client.post("/update", content=INSERT, headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
    assert total(client) == 23


def test_a_wrong_token_is_403_and_is_never_echoed_or_logged(client: TestClient, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-token-xyz"
    response = client.post("/update", content=INSERT,
                           headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {wrong}"})
    assert response.status_code == 403
    client.post("/update", content=INSERT, headers=UPDATE)
    assert wrong not in response.text and TOKEN not in response.text
    assert TOKEN not in caplog.text and wrong not in caplog.text


def test_writes_are_off_without_a_configured_token(tmp_path: Path, store_kind: str) -> None:
    with open_client(tiny_settings(tmp_path), store_kind) as client:
        response = client.post("/update", content=INSERT, headers=UPDATE)
        assert response.status_code == 403 and "disabled" in response.json()["detail"]
        assert total(client) == 23


def test_read_only_refuses_updates(tmp_path: Path, store_kind: str) -> None:
    with open_client(tiny_settings(tmp_path, write_token=TOKEN, read_only=True), store_kind) as client:
        assert client.post("/update", content=INSERT, headers=UPDATE).status_code == 403


def test_protocol_errors(client: TestClient) -> None:
    assert client.get("/update", params={"update": INSERT}).status_code == 405
    assert client.post("/update", data={"update": [INSERT, INSERT]}, headers=AUTH).status_code == 400
    assert client.post("/update", data={"using-graph-uri": "http://ex/g"}, headers=AUTH).status_code == 400
    assert client.post("/update", content=INSERT, headers={**AUTH, "Content-Type": "text/plain"}).status_code == 415
    assert client.post("/update", content=INSERT, headers={**AUTH, **DIRECT}).status_code == 415
    query = client.post("/update", content="SELECT * WHERE { ?s ?p ?o }", headers=UPDATE)
    assert query.status_code == 400 and "/sparql" in query.json()["detail"]
    malformed = client.post("/update", content="INSERT DATA {\n <http://ex/a> }", headers=UPDATE)
    assert malformed.status_code == 400 and malformed.json()["line"] == 2
    assert total(client) == 23


def test_a_failing_second_operation_leaves_nothing_half_applied(client: TestClient) -> None:
    response = client.post("/update", content=INSERT + " ; CREATE GRAPH <https://w3id.org/fikg/graph/tiny>",
                           headers=UPDATE)
    assert response.status_code == 400
    assert total(client) == 23


def test_a_write_that_breaks_a_shape_is_422_with_the_shacl_report(client: TestClient) -> None:
    bad = f"INSERT DATA {{ GRAPH <http://ex/g> {{ <http://ex/t> a <{TECHNOLOGY}> }} }}"
    turtle = client.post("/update", content=INSERT + " ; " + bad, headers=UPDATE)
    assert turtle.status_code == 422 and turtle.headers["content-type"].startswith("text/turtle")
    assert "sh:ValidationReport" in turtle.text and "http://ex/t" in turtle.text
    jsonld = client.post("/update", content=bad, headers={**UPDATE, "Accept": "application/ld+json"})
    assert jsonld.status_code == 422 and "ValidationReport" in jsonld.text
    problem = client.post("/update", content=bad, headers={**UPDATE, "Accept": "application/problem+json"})
    assert problem.json()["violations"][0]["focus"] == "http://ex/t"
    assert total(client) == 23  # nothing of the update was applied, not even its conforming first part


def test_load_and_service_are_refused(client: TestClient) -> None:
    assert client.post("/update", content="LOAD <http://127.0.0.1:9/x.ttl>", headers=UPDATE).status_code == 403
    federated = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert client.post("/update", content=federated, headers=UPDATE).status_code == 403
    for spelled in ("PREFIX : <http://127.0.0.1:9/> LOAD:x INTO GRAPH <http://ex/g>",  # the review's D5
                    "INSERT DATA { <http://ex/a> <http://ex/b> <http://x/\\u0041#> } ; LOAD <http://127.0.0.1:9/x>"):
        assert client.post("/update", content=spelled, headers=UPDATE).status_code == 403


def test_updates_over_a_structural_limit_are_400_and_the_server_lives(client: TestClient) -> None:
    """The review's D4: these killed the server process (SIGSEGV in the engine's parser)."""
    where = "INSERT { GRAPH <http://ex/g> { <urn:a> <urn:b> ?x } } WHERE "
    union = where + "{ " + "UNION".join(["{BIND(1 AS ?x)}"] * 20_000) + " }"
    hidden = (where.replace("?x", "<http://x/\\u0041#>") + "{" * 20_000 + "}" * 20_000)
    for text, setting in ((union, "KG_MAX_UNION_BRANCHES"), (hidden, "KG_MAX_QUERY_DEPTH")):
        response = client.post("/update", content=text, headers=UPDATE)
        assert response.status_code == 400 and setting in response.json()["detail"]
    assert total(client) == 23


def test_using_graph_uri_sets_the_dataset_of_the_where_clause(client: TestClient) -> None:
    copy = "INSERT { GRAPH <http://ex/copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    response = client.post("/update", content=copy, headers=UPDATE,
                           params={"using-graph-uri": "https://w3id.org/fikg/graph/tiny"})
    assert response.status_code == 200 and response.json()["added"] > 0
    conflict = client.post("/update", content="WITH <http://ex/g> " + copy.replace("GRAPH <http://ex/copy>", ""),
                           headers=UPDATE, params={"using-graph-uri": "https://w3id.org/fikg/graph/tiny"})
    assert conflict.status_code == 400


def test_rdf_star_triple_terms_are_400_and_change_nothing(client: TestClient) -> None:
    """Review D16: a triple term in an update was a 500 (ShapesError) instead of a client error."""
    for update in ("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <<( <urn:a> <urn:b> <urn:c> )>> } }",
                   "INSERT { GRAPH <urn:g> { <urn:a> <urn:b> ?t } } "
                   "WHERE { BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) }"):
        response = client.post("/update", content=update, headers=UPDATE)
        assert response.status_code == 400, response.text
        assert "RDF-star triple terms are not supported" in response.json()["detail"]
    assert total(client) == 23


def test_a_write_past_update_timeout_is_503_and_changes_nothing(tmp_path: Path, store_kind: str) -> None:
    """Review D12: the validation is stopped at the limit; the next write is answered at once."""
    settings = tiny_settings(tmp_path, write_token=TOKEN, update_timeout=2)
    (settings.project_dir / "shapes").mkdir()
    (settings.project_dir / "shapes" / "slow.ttl").write_text(SLOW_SHAPE)
    slow = "INSERT DATA { GRAPH <http://ex/g> { " + SLOW_DATA + " } }"
    with open_client(settings, store_kind) as client:
        assert client.post("/update", content=INSERT, headers=UPDATE).status_code == 200  # the validator is warm
        stopped = client.post("/update", content=slow, headers=UPDATE)
        assert stopped.status_code == 503, stopped.text
        assert stopped.json()["title"] == "WriteTimeoutError" and "update_timeout" in stopped.json()["detail"]
        assert total(client) == 24
        assert client.post("/update", content=INSERT.replace("'c'", "'d'"), headers=UPDATE).status_code == 200


@pytest.mark.embedded_only("a remote engine evaluates WHERE clauses under its own limits")
def test_a_runaway_where_is_503_at_update_timeout_and_the_next_write_is_answered(tmp_path: Path,
                                                                                store_kind: str) -> None:
    """Review probe 26 (D12): a WHERE counting ~10⁹ rows ran 138 s in the server process, holding every writer."""
    settings = tiny_settings(tmp_path, write_token=TOKEN, update_timeout=2)
    cartesian = ("INSERT { GRAPH <http://ex/g> { <http://ex/x> <http://ex/count> ?n } } WHERE { SELECT "
                 "(STR(COUNT(*)) AS ?n) WHERE { " + " ".join(f"GRAPH ?g{n} {{ ?s{n} ?p{n} ?o{n} }}" for n in range(7))
                 + " } }")
    with open_client(settings, store_kind) as client:
        started = time.monotonic()
        stopped = client.post("/update", content=cartesian, headers=UPDATE)
        assert stopped.status_code == 503 and stopped.json()["title"] == "WriteTimeoutError", stopped.text
        assert time.monotonic() - started < 10 and total(client) == 23
        assert client.post("/update", content=INSERT, headers=UPDATE).status_code == 200


@pytest.mark.embedded_only("a remote engine evaluates WHERE clauses under its own limits")
def test_a_where_building_a_huge_term_is_507_from_the_worker(tmp_path: Path, store_kind: str) -> None:
    """Review probe 9 (D7) as an update: the term is built in a query worker, which its limit stops."""
    settings = tiny_settings(tmp_path, write_token=TOKEN, query_memory_mb=256, max_result_bytes=64 << 20)
    doublings = " ".join(f"BIND(CONCAT(?s{n}, ?s{n}) AS ?s{n + 1})" for n in range(25))
    update = (f"INSERT {{ GRAPH <http://ex/g> {{ <http://ex/x> <http://ex/p> ?s25 }} }} "
              f"WHERE {{ BIND('0123456789abcdef' AS ?s0) {doublings} }}")
    with open_client(settings, store_kind) as client:
        refused = client.post("/update", content=update, headers=UPDATE)
        assert refused.status_code == 507 and "KG_" in refused.json()["detail"], refused.text
        assert total(client) == 23
