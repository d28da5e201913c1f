"""One error format (M1): problem+json for every error status, the HTML error page for the pages, the
SHACL report for refused writes; details that quote at most an excerpt of what the client sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kg.errors import EXCERPT_CHARS, excerpt, shorten
from tests.helpers.api import AUTH, TOKEN, open_client, tiny_settings

PROBLEM = "application/problem+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Iterator[TestClient]:
    with open_client(tiny_settings(tmp_path_factory.mktemp("errors"), write_token=TOKEN), store_kind) as client:
        yield client


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_unknown_paths_and_methods(client: TestClient) -> None:
    assert "nothing is served" in problem(client.get("/no/such/path"), 404)["detail"]
    refused = client.delete("/sparql")
    assert "DELETE is not allowed" in problem(refused, 405)["detail"]
    assert refused.headers["allow"] == "GET, HEAD, POST"


def test_a_browser_gets_the_html_error_page_for_a_page_or_an_unknown_path(client: TestClient) -> None:
    for url in ("/no/such/path", "/search/../../x"):
        page = client.get(url, headers={"Accept": BROWSER})
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert "<h1>404" in page.text and page.headers["content-security-policy"]
    too_long = client.get("/search", params={"q": "<b>" * 100}, headers={"Accept": BROWSER})
    assert too_long.status_code == 400 and too_long.headers["content-type"].startswith("text/html")
    assert "<b>" not in too_long.text  # neither echoed nor unescaped
    api = client.get("/queries/no-such-query", headers={"Accept": BROWSER})  # an API route stays problem+json
    problem(api, 404)


def test_request_validation_is_400_without_the_input(client: TestClient) -> None:
    body = problem(client.get("/search/suggest", params={"q": "secret-" + "x" * 300}), 400)
    assert "secret" not in body["detail"] and "query.q" in body["detail"]


def test_http_exceptions_keep_their_headers(client: TestClient) -> None:
    unauthorised = client.post("/update", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert problem(unauthorised, 401) and unauthorised.headers["www-authenticate"].startswith("Bearer")
    not_acceptable = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert problem(not_acceptable, 406) and "Accept" in not_acceptable.headers["vary"]
    unsupported = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    problem(unsupported, 415)


def test_kg_errors_keep_their_position(client: TestClient) -> None:
    body = problem(client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}), 400)
    assert body["title"] == "QuerySyntaxError" and body["line"] == 1


def test_a_cors_preflight_refusal_is_problem_json(client: TestClient) -> None:
    refused = client.options("/update", headers={"Origin": "http://elsewhere", "Access-Control-Request-Method": "PUT",
                                                 "Access-Control-Request-Headers": "Authorization"})
    assert "Disallowed CORS" in problem(refused, 400)["detail"]
    assert refused.headers["access-control-allow-origin"] == "*"


def test_an_unexpected_error_is_a_500_without_internals(client: TestClient) -> None:
    def fail() -> None:
        raise RuntimeError("internal detail /etc/secret")

    client.app.add_api_route("/test-only-failure", fail)
    try:
        failing = TestClient(client.app, raise_server_exceptions=False)
        body = problem(failing.get("/test-only-failure"), 500)
        assert "secret" not in body["detail"] and body["title"] == "Internal Server Error"
    finally:
        client.app.router.routes = [r for r in client.app.router.routes
                                    if getattr(r, "path", "") != "/test-only-failure"]


# Excerpts: what an error quotes of the input.
def test_parser_messages_quote_an_excerpt_of_the_document(client: TestClient) -> None:
    token = "SECRET" + "x" * 300_000
    refused = client.put("/store", params={"graph": "http://ex/g"}, content=f"{token} <http://ex/p> 1 .".encode(),
                         headers={"Content-Type": "text/turtle", **AUTH})
    detail = problem(refused, 400)["detail"]
    assert "SECRET" in detail and "is not a valid subject" in detail and len(detail) < 4 * EXCERPT_CHARS


def test_long_parameters_are_quoted_as_an_excerpt(client: TestClient) -> None:
    iri = "not an iri " + "y" * 50_000
    for answer in (client.get("/store", params={"graph": iri}),
                   client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": iri}),
                   client.get("/sparql", params={"query": "SELECT * WHERE { <" + "z" * 50_000 + "> ?p }"})):
        assert len(problem(answer, 400)["detail"]) <= 3 * EXCERPT_CHARS + 1


@pytest.mark.parametrize(("message", "expected"), [
    ("short", "short"),
    ("a " + "x" * 500 + " b", "a " + "x" * EXCERPT_CHARS + "… b"),
    ("word " * 300, excerpt("word " * 300, 3 * EXCERPT_CHARS)),
])
def test_shorten(message: str, expected: str) -> None:
    assert shorten(message) == expected
