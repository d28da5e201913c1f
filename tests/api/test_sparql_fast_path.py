"""GET/HEAD /sparql?query=… taken by the fast path answers exactly as the routed application does.

The fast path wraps the whole routed stack, inside only the request observer (``api.main.App``); the
routed application compared with is the same app with the fast path left out: CORS, errors and all.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.middleware.cors import CORSMiddleware
from fastapi.testclient import TestClient

from api.main import App, create_app
from api.observability.requests import RequestObserver
from api.routers.sparql import QueryFastPath
from kg.query.executor import QueryExecutor
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import INDUSTRY

JSON = "application/sparql-results+json"
ORIGIN = {"Origin": "https://example.org"}
SAME_ID = {"X-Request-ID": "compared-request"}  # both answers carry the request's id (api.observability)
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
    # CORS: simple requests from a page elsewhere, answered by the fast path and refused by the app
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, {"Accept": JSON, **ORIGIN}),
    ("GET", {"query": f"DESCRIBE <{INDUSTRY}>"}, {"Accept": "text/turtle", **ORIGIN}),
    ("HEAD", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"}, {"Accept": JSON, **ORIGIN}),
    ("HEAD", {"query": "ASK { ?s ?p ?o }"}, {}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 9"}, {"Accept": "text/tab-separated-values", **ORIGIN}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p }"}, {"Accept": JSON, **ORIGIN}),
    ("GET", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": JSON, **ORIGIN}),
    ("HEAD", {"query": "DROP ALL"}, {"Accept": JSON, **ORIGIN}),
    ("GET", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": "not an iri"}, ORIGIN),
]


def without_fast_path(app: App) -> App:
    """The same application answering everything through its routes (the stack inside the fast path)."""
    outer = app.build_middleware_stack()
    layer = outer
    while not isinstance(layer.app, QueryFastPath):
        layer = layer.app
    layer.app = layer.app.app
    app.middleware_stack = outer
    return app


def same_answer(a, b, *, content: bool = True) -> None:
    assert (a.status_code, a.content if content else None) == (b.status_code, b.content if content else None)
    ignored = {"date", "x-request-id"} if content else {"date", "content-length", "x-request-id"}
    assert {k: v for k, v in a.headers.items() if k not in ignored} == \
        {k: v for k, v in b.headers.items() if k not in ignored}


@pytest.fixture
def clients(settings: Settings, memory_store: EmbeddedStore) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(settings, store=memory_store), headers=SAME_ID) as fast, \
            TestClient(without_fast_path(create_app(settings, store=memory_store)), headers=SAME_ID) as routed:
        yield fast, routed


@pytest.mark.parametrize(("method", "params", "headers"), CASES)
def test_the_fast_path_answers_as_the_routed_app(clients, method: str, params: dict, headers: dict) -> None:
    fast, routed = clients
    same_answer(fast.request(method, "/sparql", params=params, headers=headers),
                routed.request(method, "/sparql", params=params, headers=headers))


def test_other_requests_go_through_the_whole_stack(clients) -> None:
    fast, routed = clients
    description = [fast.get("/sparql", headers={"Accept": "text/turtle", **ORIGIN}) for fast in clients]
    same_answer(*description, content=False)  # its blank nodes are labelled afresh each time
    assert description[0].headers["Access-Control-Allow-Origin"] == "*"
    assert "sd:Service" in description[0].text
    query = {"query": "ASK { ?s ?p ?o }"}
    same_answer(fast.post("/sparql", data=query, headers={"Accept": JSON, **ORIGIN}),
                routed.post("/sparql", data=query, headers={"Accept": JSON, **ORIGIN}))


@pytest.mark.parametrize("headers", [{"Accept": JSON}, {"Accept": JSON, **ORIGIN}])
def test_truncated_results_expose_their_header_as_the_app_does(settings: Settings, memory_store: EmbeddedStore,
                                                                headers: dict) -> None:
    capped = settings.with_(max_rows=2)
    query = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}
    with TestClient(create_app(capped, store=memory_store), headers=SAME_ID) as fast, \
            TestClient(without_fast_path(create_app(capped, store=memory_store)), headers=SAME_ID) as routed:
        a = fast.get("/sparql", params=query, headers=headers)
        same_answer(a, routed.get("/sparql", params=query, headers=headers))
    assert a.headers["X-SPARQL-MaxRows"] == "2"
    if "Origin" in headers:
        assert a.headers["Access-Control-Expose-Headers"] == ("X-SPARQL-MaxRows, X-Request-ID, Memento-Datetime, "
                                                             "X-KG-Version, X-KG-Release")
        assert a.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("headers", [{"Accept": JSON}, {"Accept": JSON, **ORIGIN}])
def test_an_unexpected_failure_is_the_same_500_as_from_the_app(settings: Settings, memory_store: EmbeddedStore,
                                                                monkeypatch: pytest.MonkeyPatch, headers: dict) -> None:
    async def broken(self: QueryExecutor, *args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(QueryExecutor, "execute_async", broken)
    query = {"query": "ASK { ?s ?p ?o }"}
    with TestClient(create_app(settings, store=memory_store), raise_server_exceptions=False, headers=SAME_ID) as fast, \
            TestClient(without_fast_path(create_app(settings, store=memory_store)),
                       raise_server_exceptions=False, headers=SAME_ID) as routed:
        a = fast.get("/sparql", params=query, headers=headers)
        same_answer(a, routed.get("/sparql", params=query, headers=headers))
    assert a.status_code == 500 and a.headers["content-type"] == "application/problem+json"
    assert "a bug" not in a.text and a.json()["request_id"] == SAME_ID["X-Request-ID"]  # no internals
    with TestClient(create_app(settings, store=memory_store)) as fast, pytest.raises(RuntimeError, match="a bug"):
        fast.get("/sparql", params=query, headers=headers)  # raised on, for the server's log


def test_the_fast_path_wraps_the_whole_stack_inside_the_request_observer(settings: Settings,
                                                                         memory_store: EmbeddedStore) -> None:
    app = create_app(settings, store=memory_store)
    with TestClient(app) as client:
        assert client.get("/openapi.json").json()["info"]["title"] == "Future Industries Knowledge Graph"
    assert isinstance(app.middleware_stack, RequestObserver)  # ids, metrics and logs for every request
    assert isinstance(app.middleware_stack.app, QueryFastPath)
    assert any(issubclass(m.cls, CORSMiddleware) for m in app.user_middleware)  # inside, for every other route


def test_the_fast_path_answers_its_requests_itself(settings: Settings, memory_store: EmbeddedStore) -> None:
    """Inside the request observer it still answers what it takes (the routed stack never sees those), and
    its error answers are the routed app's, for a browser's Accept too (problem+json: /sparql is no page)."""
    capped = settings.with_(max_result_bytes=64)
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    too_large = {"query": "SELECT * WHERE { ?s ?p ?o }"}
    with TestClient(create_app(capped, store=memory_store), headers=SAME_ID) as client, \
            TestClient(without_fast_path(create_app(capped, store=memory_store)), headers=SAME_ID) as routed:
        fast_path = client.app.middleware_stack.app
        stack, reached = fast_path.app, []

        async def seen(scope, receive, send) -> None:
            reached.append(scope["path"])
            await stack(scope, receive, send)

        fast_path.app = seen
        asked = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON})
        refused = client.get("/sparql", params=too_large, headers=browser)
        same_answer(refused, routed.get("/sparql", params=too_large, headers=browser))
        client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})  # a syntax error: the routed app's
    assert asked.status_code == 200 and asked.headers["X-Request-ID"] == SAME_ID["X-Request-ID"]
    assert refused.status_code == 507 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["request_id"] == SAME_ID["X-Request-ID"]
    assert reached == ["/sparql"]  # only the query it left to the application
