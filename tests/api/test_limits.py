"""The request guard: the body cap on every route that reads a body (/labels included, D10), the Host
header (D15), and UTF-8 in paths and query strings (M2): refused with a short problem+json before any
route runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.helpers.api import AUTH, TOKEN, open_client, tiny_settings

CAP = 100_000
BODY_ROUTES = [("POST", "/sparql", "application/sparql-query"), ("POST", "/update", "application/sparql-update"),
               ("PUT", "/store?graph=http://ex/g", "text/turtle"), ("POST", "/store?graph=http://ex/g", "text/turtle"),
               ("POST", "/store", "text/turtle"), ("POST", "/labels", "application/json"),
               ("POST", "/sparql", "application/x-www-form-urlencoded")]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Iterator[TestClient]:
    settings = tiny_settings(tmp_path_factory.mktemp("limits"), write_token=TOKEN, max_body_bytes=CAP)
    with open_client(settings, store_kind) as client:
        yield client


def assert_short_problem(response, status: int) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == "application/problem+json"
    assert len(response.content) < 1000, "an error is short, whatever the request held"


@pytest.mark.parametrize(("method", "url", "kind"), BODY_ROUTES)
def test_a_body_over_the_cap_is_413_declared_or_streamed(client: TestClient, method: str, url: str, kind: str) -> None:
    body = b'["' + b"a" * CAP + b'"]'
    headers = {"Content-Type": kind, **AUTH}
    assert_short_problem(client.request(method, url, content=body, headers=headers), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap counts the bytes as they come
        for start in range(0, len(body), 8192):
            yield body[start:start + 8192]

    assert_short_problem(client.request(method, url, content=chunks(), headers=headers), 413)


def test_labels_within_the_cap_still_answers(client: TestClient) -> None:
    answer = client.post("/labels", json=["https://w3id.org/fikg/id/technology/silicon-carbide"])
    assert answer.status_code == 200 and answer.json()["https://w3id.org/fikg/id/technology/silicon-carbide"]["href"]


def test_a_large_form_body_is_read_off_the_event_loop_and_answered(client: TestClient) -> None:
    query = "ASK {} #" + "x" * 80_000  # over the inline threshold of api.protocol, under the cap
    assert client.post("/sparql", data={"query": query}).json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("host", ["a b", "x<y", 'a"b', "a{b}", "a%zz", "[::1"])
def test_a_host_that_cannot_form_a_base_iri_is_400(client: TestClient, host: str) -> None:
    for method, url in (("GET", "/sparql?query=ASK%7B%7D"), ("POST", "/sparql?query=ASK%7B%7D"), ("GET", "/"),
                        ("GET", "/.well-known/void"), ("GET", "/sparql")):
        answer = client.request(method, url, headers={"Host": host})
        assert_short_problem(answer, 400)
        assert "Host" in answer.json()["detail"]
    update = client.post("/update", content=b"CLEAR GRAPH <http://ex/none>",
                         headers={"Host": host, "Content-Type": "application/sparql-update", **AUTH})
    assert_short_problem(update, 400)


def test_two_host_headers_are_400(client: TestClient) -> None:
    answer = client.get("/", headers=[("Host", "a"), ("Host", "b")])
    assert_short_problem(answer, 400)


@pytest.mark.parametrize("url", ["/search?q=%FF", "/search/suggest?q=%C3%28", "/query?query=SELECT%20%FF",
                                 "/queries/industries?kind=%FF", "/entity/technology/%FF", "/id/%ED%A0%80/x",
                                 "/sparql?query=ASK%7B%7D%23%FF", "/store?graph=http://ex/%FF"])
def test_invalid_utf8_in_the_url_is_400_not_u_fffd(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert_short_problem(answer, 400)
    assert "UTF-8" in answer.json()["detail"]


def test_percent_escapes_of_valid_utf8_still_work(client: TestClient) -> None:
    assert client.get("/search/suggest?q=%E7%A2%B3%E5%8C%96%E7%A1%85").status_code == 200  # 碳化硅
    assert client.get("/sparql?query=ASK%7B%7D%23%E6%B0%A2").status_code == 200
