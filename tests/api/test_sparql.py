"""The SPARQL 1.1 Protocol query operation at /sparql, one test per protocol rule, over the real app and store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.build import build
from kg.embedded import EmbeddedStore
from kg.settings import Settings, load_settings
from tests.conftest import INDUSTRY, make_project
from tests.stores import app_client

JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DATA_GRAPH = "https://w3id.org/fikg/graph/tiny"
ONTOLOGY_GRAPH = "https://w3id.org/fikg/graph/ontology"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}


def tiny_settings(root: Path, **changes) -> Settings:
    return load_settings(environ={}, project_dir=make_project(root), store_path=":memory:", query_workers=2,
                         **changes)


def open_client(settings: Settings, store_kind: str = "embedded") -> TestClient:
    """The app over the tiny project, built in memory, then in a store of ``store_kind``."""
    store = EmbeddedStore(None)
    build(settings, store=store)
    return app_client(store_kind, settings, store)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Iterator[TestClient]:
    with open_client(tiny_settings(tmp_path_factory.mktemp("sparql")), store_kind) as client:
        yield client


def number(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# Query operation: GET, POST form, POST direct.
def test_query_via_get(client: TestClient) -> None:
    assert number(client.get("/sparql", params={"query": COUNT})) == 23


def test_query_via_url_encoded_post(client: TestClient) -> None:
    assert number(client.post("/sparql", content=f"query={COUNT}", headers=FORM)) == 23


def test_query_via_direct_post(client: TestClient) -> None:
    assert number(client.post("/sparql", content=COUNT, headers=DIRECT)) == 23


# Dataset: default-graph-uri and named-graph-uri.
def test_default_graph_uri_sets_the_default_graph(client: TestClient) -> None:
    data_only = number(client.get("/sparql", params={"query": COUNT, "default-graph-uri": DATA_GRAPH}))
    both = number(client.get("/sparql", params={"query": COUNT, "default-graph-uri": [DATA_GRAPH, ONTOLOGY_GRAPH]}))
    assert 0 < data_only < both == 23


def test_named_graph_uri_limits_the_named_graphs(client: TestClient) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert number(client.get("/sparql", params={"query": query})) == 2
    assert number(client.post("/sparql", content=query, headers=DIRECT,
                              params={"named-graph-uri": DATA_GRAPH})) == 1


def test_protocol_dataset_overrides_from_in_the_query(client: TestClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert number(client.get("/sparql", params={"query": query, "default-graph-uri": DATA_GRAPH})) == number(
        client.get("/sparql", params={"query": COUNT, "default-graph-uri": DATA_GRAPH}))


# Content negotiation (q-values, wildcards, aliases) for each query form.
@pytest.mark.parametrize(("accept", "expected"), [
    (None, JSON),
    ("*/*", JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml;q=0.5, text/csv;q=0.9", "text/csv"),
    ("text/*;q=0.2, application/sparql-results+json;q=0.1", "text/csv"),
    ("application/json", JSON),
    ("text/html, */*;q=0.1", JSON),
])
def test_select_results_are_negotiated(client: TestClient, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a ?c }"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    assert "Accept" in response.headers["vary"].split(", ")


@pytest.mark.parametrize(("accept", "expected", "marker"), [
    ("text/turtle", "text/turtle", b"Third-generation"),
    ("application/n-triples", "application/n-triples", INDUSTRY.encode()),
    ("application/rdf+xml", "application/rdf+xml", b"rdf:RDF"),
    ("application/ld+json", "application/ld+json", b"@id"),
    ("application/n-quads", "application/n-quads", INDUSTRY.encode()),
    ("application/trig", "application/trig", INDUSTRY.encode()),
    ("application/sparql-results+json;q=1, text/turtle;q=0.1", "text/turtle", b"Third-generation"),
])
def test_construct_and_describe_results_are_negotiated(client: TestClient, accept, expected, marker) -> None:
    for query in (f"DESCRIBE <{INDUSTRY}>", f"CONSTRUCT WHERE {{ <{INDUSTRY}> ?p ?o }}"):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == expected
        assert marker in response.content


def test_ask_answers_true_or_false(client: TestClient) -> None:
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json() == {"head": {}, "boolean": True}
    xml = client.get("/sparql", params={"query": "ASK { <http://ex/none> ?p ?o }"},
                     headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>false</boolean>" in xml.content


@pytest.mark.parametrize(("query", "accept"), [
    ("SELECT * WHERE { ?s ?p ?o }", "image/png"),
    ("SELECT * WHERE { ?s ?p ?o }", "text/turtle"),
    (f"DESCRIBE <{INDUSTRY}>", "application/sparql-results+json"),
    ("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json;q=0"),
])
def test_nothing_acceptable_is_406(client: TestClient, query: str, accept: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406


# Errors.
def test_malformed_query_is_400_with_the_parsers_line_and_column(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT *\nWHERE { ?s ?p }"})
    assert response.status_code == 400
    body = response.json()
    assert body["line"] == 2 and body["column"] > 0 and "expected" in body["detail"]


def test_project_prefixes_are_declared_and_an_explicit_one_wins(client: TestClient) -> None:
    asked = client.get("/sparql", params={"query": "ASK { ?t a fikg:Technology ; rdfs:label ?l }"},
                       headers={"Accept": "application/sparql-results+json"})
    assert asked.status_code == 200 and asked.json()["boolean"] is True
    own = "PREFIX fikg: <http://example.org/other#>\nASK { ?t a fikg:Technology }"
    assert client.get("/sparql", params={"query": own}, headers={"Accept": "application/sparql-results+json"}
                      ).json()["boolean"] is False


def test_an_undeclared_prefix_is_named_where_it_was_typed(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT *\nWHERE { ?s x:p ?o }"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "unknown prefix 'x:' at line 2 column 12" and (body["line"], body["column"]) == (2, 12)
    first_line = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}).json()
    assert first_line["line"] == 1 and first_line["column"] < 30  # the column of the text as typed


def test_update_sent_to_the_query_endpoint_is_400(client: TestClient) -> None:
    response = client.post("/sparql", content="INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }",
                           headers=DIRECT)
    assert response.status_code == 400 and "/update" in response.json()["detail"]
    assert number(client.get("/sparql", params={"query": COUNT})) == 23


def test_two_queries_in_one_request_are_400(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": ["ASK {}", "ASK {}"]})
    assert response.status_code == 400
    direct = client.post("/sparql", content="ASK {}", headers=DIRECT, params={"query": "ASK {}"})
    assert direct.status_code == 400


def test_missing_query_parameter_is_400(client: TestClient) -> None:
    assert client.get("/sparql", params={"default-graph-uri": DATA_GRAPH}).status_code == 400
    assert client.post("/sparql", content="default-graph-uri=x", headers=FORM).status_code == 400


@pytest.mark.parametrize("iri", ["not an iri", "http://a/%zz", "http://[::1"])  # the last two passed a regex (D14)
@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_invalid_dataset_iri_is_400(client: TestClient, parameter: str, iri: str) -> None:
    response = client.get("/sparql", params={"query": COUNT, parameter: iri})
    assert response.status_code == 400


@pytest.mark.parametrize("query", [
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:probe { ?s ?p ?o } }",  # the review's D1
    "SELECT * WHERE { BIND(<http://x/\\u0041#> AS ?x) SERVICE <http://127.0.0.1:9/hidden> { ?s ?p ?o } }",
])
def test_service_spelled_as_the_engine_reads_it_is_refused(client: TestClient, query: str) -> None:
    assert client.get("/sparql", params={"query": query}).status_code == 403
    assert client.post("/sparql", content=query, headers=DIRECT).status_code == 403


def test_a_query_over_a_structural_limit_is_400_naming_its_setting(client: TestClient) -> None:
    union = "SELECT * WHERE { " + " UNION ".join(["{ BIND(1 AS ?x) }"] * 20_000) + " }"  # crashed a worker (D4)
    response = client.post("/sparql", content=union, headers=DIRECT)
    assert response.status_code == 400 and "KG_MAX_UNION_BRANCHES" in response.json()["detail"]


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/json", "application/sparql-update", None,
    "application/sparql-query; charset=UTF-16",
])
def test_unsupported_request_types_are_415(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    body = "ASK {}".encode("utf-16") if content_type and "UTF-16" in content_type else b"ASK {}"
    assert client.post("/sparql", content=body, headers=headers).status_code == 415


def test_body_that_is_not_utf8_is_400(client: TestClient) -> None:
    assert client.post("/sparql", content="ASK {}".encode("utf-16"), headers=DIRECT).status_code == 400


def test_other_methods_are_405(client: TestClient) -> None:
    assert client.put("/sparql", content="ASK {}", headers=DIRECT).status_code == 405
    assert client.delete("/sparql").status_code == 405


def test_service_is_refused_without_the_word_in_a_literal_counting(client: TestClient) -> None:
    federated_query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"
    federated = client.get("/sparql", params={"query": federated_query})
    assert federated.status_code == 403
    literal = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:9/x> {}' }"})
    assert literal.status_code == 200


# HEAD, Vary, CORS.
def test_head_gives_the_headers_of_get_without_a_body(client: TestClient) -> None:
    get = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    head = client.head("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == str(len(get.content))
    assert "Accept" in head.headers["vary"].split(", ")


def test_cors_allows_reads_from_any_origin_without_credentials(client: TestClient) -> None:
    origin = {"Origin": "https://yasgui.example"}
    response = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = client.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == "*"
    refused = client.options("/update", headers={**origin, "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "authorization"})
    assert refused.status_code == 400  # a cross-origin write with a token is not allowed by the browser


def test_openapi_documents_the_protocol_routes(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/sparql", "/update", "/store"} <= set(paths)


# Limits: row cap, body cap, timeout.
def test_row_cap_truncates_and_says_so(tmp_path: Path, store_kind: str) -> None:
    with open_client(tiny_settings(tmp_path, max_rows=3), store_kind) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                           headers={"Accept": "application/n-triples"})
        small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})
    assert len(response.json()["results"]["bindings"]) == 3
    assert response.headers["x-sparql-maxrows"] == "3"
    assert len(graph.text.strip().splitlines()) == 3
    assert graph.headers["x-sparql-maxrows"] == "3"
    assert len(small.json()["results"]["bindings"]) == 2
    assert "x-sparql-maxrows" not in small.headers


def test_body_cap_is_413(tmp_path: Path, store_kind: str) -> None:
    with open_client(tiny_settings(tmp_path, max_body_bytes=100), store_kind) as client:
        padded = "ASK {}" + " " * 200
        assert client.post("/sparql", content=padded, headers=DIRECT).status_code == 413
        assert client.post("/sparql", content="ASK {}", headers=DIRECT).status_code == 200


def test_runaway_query_is_503_at_the_timeout_while_others_are_answered(tmp_path: Path, store_kind: str) -> None:
    import threading
    import time

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " }"
    outcome = {}
    timeout = 2.5
    with open_client(tiny_settings(tmp_path, query_timeout=timeout), store_kind) as client:
        number(client.get("/sparql", params={"query": COUNT}))  # one worker up

        def slow() -> None:
            started = time.monotonic()
            outcome["response"] = client.get("/sparql", params={"query": runaway})
            outcome["elapsed"] = time.monotonic() - started
            outcome["finished"] = time.monotonic()

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.2)
        assert [number(client.get("/sparql", params={"query": COUNT})) for _ in range(3)] == [23, 23, 23]
        answered_at = time.monotonic()
        thread.join(timeout=30)
    assert outcome["response"].status_code == 503
    assert "stopped" in outcome["response"].json()["detail"]
    assert answered_at < outcome["finished"], "the cheap queries waited for the runaway"
    assert timeout - 0.1 <= outcome["elapsed"] < timeout + 5


def test_inferred_parameter_leaves_out_the_derived_graph(tmp_path, store_kind: str) -> None:
    """?inferred=false answers from the asserted graphs only (the OWL 2 RL entailments disappear)."""
    import shutil

    from kg.build import build
    from kg.embedded import EmbeddedStore
    from kg.settings import load_settings
    from tests.conftest import DATA, make_project

    project = make_project(tmp_path / "p")
    shutil.copy(DATA / "taxonomy.ttl", project / "data" / "taxonomy.ttl")
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:")
    store = EmbeddedStore(None)
    build(settings, store=store)
    ask = ("ASK { <https://w3id.org/fikg/id/technology/substrate> "
           "<http://www.w3.org/2004/02/skos/core#broaderTransitive> "
           "<https://w3id.org/fikg/id/technology/semiconductors> }")
    accept = {"Accept": "application/sparql-results+json"}
    with app_client(store_kind, settings, store) as client:
        assert client.get("/sparql", params={"query": ask}, headers=accept).json()["boolean"] is True
        off = client.get("/sparql", params={"query": ask, "inferred": "false"}, headers=accept)
        assert off.json()["boolean"] is False
        bad = client.get("/sparql", params={"query": ask, "inferred": "maybe"}, headers=accept)
        assert bad.status_code == 400


def test_without_the_union_default_graph_queries_see_the_stores_own_default_graph(tmp_path: Path) -> None:
    """KG_UNION_DEFAULT_GRAPH=false: the default graph is the store's own, as in the W3C tests and Oxigraph."""
    settings = tiny_settings(tmp_path, union_default_graph=False, write_token="t")
    with open_client(settings) as client:
        def count() -> int:
            answer = client.get("/sparql", params={"query": COUNT}, headers={"Accept": JSON})
            return int(answer.json()["results"]["bindings"][0]["n"]["value"])

        assert count() == 0  # every source is in a named graph
        written = client.put("/store?default", content="<http://ex/a> <http://ex/b> <http://ex/c> .",
                             headers={"Content-Type": "text/turtle", "Authorization": "Bearer t"})
        assert written.status_code in (201, 204)
        assert count() == 1
        named = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DATA_GRAPH}> {{ ?s ?p ?o }} }}"
        answer = client.get("/sparql", params={"query": named}, headers={"Accept": JSON})
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) > 0
    assert load_settings(environ={"KG_UNION_DEFAULT_GRAPH": "false"}).union_default_graph is False
