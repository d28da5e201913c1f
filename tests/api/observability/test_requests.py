"""The request observer: ids in the X-Request-ID header, in problem+json and in the error log; route templates."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.observability.requests import query_hash, route_template
from kg.errors import StoreError
from kg.query.executor import QueryExecutor
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

ASK = {"query": "ASK { ?s ?p ?o }"}


@pytest.fixture
def client(settings: Settings, memory_store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=memory_store), raise_server_exceptions=False) as client:
        yield client


def test_every_answer_carries_a_request_id(client: TestClient) -> None:
    ids = {client.get("/sparql", params=ASK).headers["X-Request-ID"] for _ in range(3)}
    ids.add(client.get("/healthz").headers["X-Request-ID"])
    ids.add(client.get("/no/such/page").headers["X-Request-ID"])
    assert len(ids) == 5 and all(ids)


@pytest.mark.parametrize(("sent", "kept"), [("proxy-7f3a.12_b", True), ("x" * 64, True), ("x" * 65, False),
                                           ("a b", False), ("a;b", False), ("", False)])
def test_a_client_id_is_kept_only_when_it_is_a_short_token(client: TestClient, sent: str, kept: bool) -> None:
    answer = client.get("/sparql", params=ASK, headers={"X-Request-ID": sent})
    assert (answer.headers["X-Request-ID"] == sent) is kept


def test_problem_json_carries_the_request_id(client: TestClient) -> None:
    cors_refusal = {"Origin": "http://elsewhere", "Access-Control-Request-Method": "PUT"}
    for answer in (client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}),  # routed app
                   client.get("/queries/no-such-query"),  # a KgError
                   client.get("/no/such/path"), client.request("PUT", "/sparql"),  # Starlette's 404 and 405
                   client.get("/sparql", headers={"Host": "a b"}),  # the request guard
                   client.options("/update", headers=cors_refusal),  # the CORS preflight refusal
                   client.post("/admin/backup", json={})):  # HTTPException (403: no admin token here)
        assert answer.headers["content-type"] == "application/problem+json", answer.text
        assert answer.json()["request_id"] == answer.headers["X-Request-ID"], answer.request.url


def test_a_500_is_logged_once_with_the_request_id(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    async def failing(self, store, request):
        raise StoreError("the disk is on fire")

    monkeypatch.setattr(QueryExecutor, "execute_async", failing)
    with caplog.at_level(logging.INFO):
        answer = client.get("/sparql", params=ASK)
    request_id = answer.headers["X-Request-ID"]
    assert answer.status_code == 500 and answer.json()["request_id"] == request_id
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lines) == 1 and request_id in lines[0] and "the disk is on fire" in lines[0]


def test_an_unexpected_exception_is_logged_with_the_request_id(client: TestClient, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    async def buggy(self, store, request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(QueryExecutor, "execute_async", buggy)
    with caplog.at_level(logging.INFO, logger="api.requests"):
        answer = client.get("/sparql", params=ASK)
    mine = [r.getMessage() for r in caplog.records if r.name == "api.requests"]
    assert answer.status_code == 500
    assert mine == [f"request {answer.headers['X-Request-ID']}: GET /sparql answered 500 (RuntimeError: a bug)"]


def test_route_templates_and_query_hashes() -> None:
    assert route_template({"path": "/sparql"}) == "/sparql"  # the fast path: no route in the scope
    assert route_template({"path": "/x"}) == "(unmatched)"
    assert query_hash("ASK {}") == query_hash("ASK {}") != query_hash("ASK { }")
    assert len(query_hash("ASK {}")) == 16 and query_hash(None) is None
