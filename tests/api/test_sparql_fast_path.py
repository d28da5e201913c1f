"""GET/HEAD /sparql?query=… taken by the fast path answers exactly as the routed application does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from api.routers.sparql import QueryFastPath
from kg.embedded import EmbeddedStore
from kg.settings import Settings
from tests.conftest import INDUSTRY

JSON = "application/sparql-results+json"
CASES = [  # (method, params, headers)
    ("GET", {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 5"}, {"Accept": JSON}),
    ("GET", {"query": f"DESCRIBE <{INDUSTRY}>"}, {"Accept": "text/turtle"}),
    ("GET", {"query": "ASK { ?s ?p ?o }"}, {"Accept": "*/*", "Origin": "https://example.org"}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, {"Accept": "application/json"}),
    ("GET", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "inferred": "false"}, {"Accept": "text/csv"}),
    ("GET", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "inferred": "maybe"}, {}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": "not an iri"}, {}),
    ("HEAD", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"}, {"Accept": JSON}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p }"}, {"Accept": JSON}),
    ("GET", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": JSON}),  # 406
    ("GET", {"query": "DROP ALL"}, {"Accept": JSON}),
    ("GET", {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, {"Accept": JSON}),
    ("GET", {"query": ["ASK {}", "ASK {}"]}, {"Accept": JSON}),
]


def without_fast_path(app: FastAPI) -> FastAPI:
    app.user_middleware = [m for m in app.user_middleware if m.cls is not QueryFastPath]
    return app


@pytest.fixture
def clients(settings: Settings, memory_store: EmbeddedStore) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(settings, store=memory_store)) as fast, \
            TestClient(without_fast_path(create_app(settings, store=memory_store))) as routed:
        yield fast, routed


@pytest.mark.parametrize(("method", "params", "headers"), CASES)
def test_the_fast_path_answers_as_the_routed_app(clients, method: str, params: dict, headers: dict) -> None:
    fast, routed = clients
    a = fast.request(method, "/sparql", params=params, headers=headers)
    b = routed.request(method, "/sparql", params=params, headers=headers)
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert {k: v for k, v in a.headers.items() if k != "date"} == {k: v for k, v in b.headers.items() if k != "date"}


def test_the_fast_path_is_installed_inside_cors(settings: Settings, memory_store: EmbeddedStore) -> None:
    names = [m.cls.__name__ for m in create_app(settings, store=memory_store).user_middleware]
    assert names.index("CORSMiddleware") < names.index("QueryFastPath")  # listed outermost first
