"""Access: tokens (named, constant-time, never echoed or logged), read-only mode, the audit over HTTP,
security headers on pages, CORS without credentials."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.build.pipeline import build
from kg.errors import KgError
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project
from tests.reliability.conftest import TOKENS

NOTES = "https://w3id.org/fikg/graph/notes"
AUDIT = "https://w3id.org/fikg/graph/audit"
INSERT = f"INSERT DATA {{ GRAPH <{NOTES}> {{ <http://ex/a> <http://ex/b> 'c' }} }}"
TURTLE = "<http://ex/a> <http://ex/b> <http://ex/c> ."
WHO = ("SELECT ?client ?operation WHERE { GRAPH <https://w3id.org/fikg/graph/audit> { ?w "
       "<https://w3id.org/fikg/audit#operation> ?operation ; <http://www.w3.org/ns/prov#endedAtTime> ?t ; "
       "<http://www.w3.org/ns/prov#wasAssociatedWith>/<http://www.w3.org/2000/01/rdf-schema#label> ?client } } "
       "ORDER BY ?t")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def tiny(tmp_path, **changes) -> Settings:
    return load_settings(environ={}, project_dir=make_project(tmp_path / "project"), store_path=":memory:",
                         reasoning=False, query_workers=1, **changes)


def open_app(settings: Settings) -> tuple[TestClient, EmbeddedStore]:
    store = EmbeddedStore(None)
    build(settings, store=store)
    return TestClient(create_app(settings, store=store)), store


@pytest.fixture
def app(tmp_path) -> Iterator[tuple[TestClient, EmbeddedStore]]:
    settings = tiny(tmp_path, write_token="the-default-token",
                    write_tokens=",".join(f"{n}:{t}" for n, t in TOKENS.items()))
    client, store = open_app(settings)
    with client:
        yield client, store


def writes(client: TestClient, headers: dict[str, str]) -> list[httpx.Response]:
    """One of each kind of write."""
    update = {"Content-Type": "application/sparql-update", **headers}
    turtle = {"Content-Type": "text/turtle", **headers}
    return [client.post("/update", content=INSERT, headers=update),
            client.post("/update", data={"update": INSERT}, headers=headers),
            client.put("/store", params={"graph": NOTES}, content=TURTLE, headers=turtle),
            client.post("/store", params={"graph": NOTES}, content=TURTLE, headers=turtle),
            client.post("/store", content=TURTLE, headers=turtle),
            client.delete("/store", params={"graph": "https://w3id.org/fikg/graph/tiny"}, headers=headers)]


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401), (bearer("wrong-token"), 403), (bearer(TOKENS["ministry"] + "x"), 403),
    (bearer(TOKENS["ministry"][:-1]), 403), ({"Authorization": f"Basic {TOKENS['ministry']}"}, 401),
    ({"Authorization": "Bearer "}, 401), (bearer("ministry"), 403), (bearer(f"ministry:{TOKENS['ministry']}"), 403),
])
def test_writes_without_the_right_token_are_refused_and_change_nothing(app, headers, status) -> None:
    client, store = app
    before = set(store.quads())
    for answer in writes(client, headers):
        assert answer.status_code == status, answer.text
        assert TOKENS["ministry"] not in answer.text and "the-default-token" not in answer.text
    assert set(store.quads()) == before


def test_each_named_token_writes_and_the_audit_names_its_client(app) -> None:
    client, _ = app
    update = {"Content-Type": "application/sparql-update"}
    assert client.post("/update", content=INSERT, headers={**update, **bearer(TOKENS["ministry"])}).status_code == 200
    assert client.put("/store", params={"graph": NOTES}, content=TURTLE,
                      headers={"Content-Type": "text/turtle", **bearer(TOKENS["analyst"])}).status_code == 204
    assert client.delete("/store", params={"graph": NOTES}, headers=bearer("the-default-token")).status_code == 204
    rows = client.get("/audit/sparql", params={"query": WHO}, headers={"Accept": "application/sparql-results+json"})
    seen = [(r["client"]["value"], r["operation"]["value"]) for r in rows.json()["results"]["bindings"]]
    assert seen == [("ministry", "update"), ("analyst", "put"), ("default", "delete")]
    listed = client.get("/audit").json()["writes"]
    assert [(w["client"], w["operation"]) for w in listed] == seen


def test_the_audit_is_readable_but_not_writable_over_http(app) -> None:
    """The audit is read from the journal: not in the data, and no write can reach it. The graph name it
    is served under stays reserved (403); writes that name other graphs do what SPARQL Update says."""
    client, store = app
    client.post("/update", content=INSERT, headers={"Content-Type": "application/sparql-update",
                                                    **bearer(TOKENS["ministry"])})
    assert client.get("/store", params={"graph": AUDIT}).status_code == 404  # not in the data
    update = {"Content-Type": "application/sparql-update", **bearer(TOKENS["ministry"])}
    for text in (f"INSERT DATA {{ GRAPH <{AUDIT}> {{ <http://ex/a> <http://ex/b> 'forged' }} }}",
                 f"ADD <{NOTES}> TO <{AUDIT}>", f"COPY <{NOTES}> TO <{AUDIT}>"):
        answer = client.post("/update", content=text, headers=update)
        assert answer.status_code == 403, (text, answer.text)
    turtle = {"Content-Type": "text/turtle", **bearer(TOKENS["ministry"])}
    for graph in (AUDIT, "https://w3id.org/fikg/graph/inferred"):
        assert client.put("/store", params={"graph": graph}, content=TURTLE, headers=turtle).status_code == 403
        assert client.post("/store", params={"graph": graph}, content=TURTLE, headers=turtle).status_code == 403
        assert client.delete("/store", params={"graph": graph}, headers=bearer(TOKENS["ministry"])).status_code in (
            403, 404)
    assert client.post("/update", content="DROP ALL", headers=update).status_code == 200  # the data, not the audit
    assert list(store.quads()) == []
    assert [w["operation"] for w in client.get("/audit").json()["writes"]] == ["update", "update"]
    forged = f"INSERT DATA {{ GRAPH <{AUDIT}> {{ <http://ex/a> <http://ex/b> 1 }} }}"
    refused = client.post("/audit/sparql", content=forged, headers={"Content-Type": "application/sparql-query"})
    assert refused.status_code in (400, 403), refused.text
    assert len(client.get("/audit").json()["writes"]) == 2

def test_read_only_mode_refuses_every_write_even_with_a_valid_token(tmp_path) -> None:
    client, store = open_app(tiny(tmp_path, write_token="t0ken-for-read-only", read_only=True))
    with client:
        before = set(store.quads())
        assert all(a.status_code == 403 for a in writes(client, bearer("t0ken-for-read-only")))
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
        assert set(store.quads()) == before


def test_without_any_token_configured_writes_are_off(tmp_path) -> None:
    client, _ = open_app(tiny(tmp_path))
    with client:
        assert all(a.status_code == 403 for a in writes(client, bearer("anything")))


def test_malformed_token_settings_fail_at_startup_without_echoing_tokens() -> None:
    for value in ("no-name-secret", "bad name:secret-1", "a:secret-1,a:secret-2", ":secret-1", "a:"):
        with pytest.raises(KgError) as error:
            load_settings(environ={"KG_WRITE_TOKENS": value})
        assert "secret" not in str(error.value)
    assert load_settings(environ={"KG_WRITE_TOKENS": "a:x1, b:y2"}).writers() == {"a": "x1", "b": "y2"}


def test_tokens_never_reach_the_server_log(start_server, tmp_path) -> None:
    server = start_server(KG_LOG_LEVEL="debug")
    wrong = "wrong-token-that-must-not-be-logged"
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for token in (TOKENS["ministry"], wrong):
            client.post("/update", content=INSERT, headers={"Content-Type": "application/sparql-update",
                                                           **bearer(token)})
            client.put("/store", params={"graph": NOTES}, content="bad turtle", headers={
                "Content-Type": "text/turtle", **bearer(token)})
        client.get("/sparql", params={"query": "SELECT * {"}, headers=bearer(wrong))
    server.stop()
    log = server.log.read_text()
    assert "POST /update" in log, "the access log is on"
    assert TOKENS["ministry"] not in log and wrong not in log


PAGES = ["/", "/query", "/targets", "/search?q=silicon"]


@pytest.mark.parametrize("path", PAGES)
def test_html_pages_carry_security_headers(app, path: str) -> None:
    client, _ = app
    answer = client.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "http:" not in policy and "https:" not in policy and "'unsafe-eval'" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_cors_allows_reads_from_any_origin_without_credentials(app) -> None:
    client, _ = app
    origin = {"Origin": "https://elsewhere.example"}
    read = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert read.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in read.headers
    preflight = client.options("/update", headers={**origin, "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 400 or "authorization" not in preflight.headers.get(
        "access-control-allow-headers", "").lower()
    assert "access-control-allow-credentials" not in preflight.headers
    for method in ("PUT", "DELETE"):
        preflight = client.options("/store", headers={**origin, "Access-Control-Request-Method": method})
        assert method not in preflight.headers.get("access-control-allow-methods", "")
