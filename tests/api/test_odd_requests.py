"""A battery of odd requests in the spirit of the review's probe 53 (security-2026-12): no answer is a 5xx,
and every error is problem+json, or the HTML error page for the pages.

Over both stores: reads against the real graph (odd Accept headers × routes, dataset parameters,
methods, graph names, named queries with odd values, odd kinds and slugs, /labels shapes, Host
headers, invalid UTF-8), writes against the tiny project with a token (odd content types, payloads,
updates, graph names). Each test sends its group and lists every answer that breaks the rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from tests.helpers.api import AUTH, TOKEN, open_client, tiny_settings

PROBLEM = "application/problem+json"
PAGES = ("/", "/query", "/targets", "/search", "/entity/")  # routes answered in HTML
ERROR_BYTES = 4000  # an error says what is wrong in a few lines, whatever the client sent
PAGE_BYTES = 8000  # the same, in the pages' HTML
ODD_IRIS = ["", "x", "not an iri", "http://ex/a b", 'http://ex/"q"', "http://ex/{x}", "javascript:alert(1)",
            "urn:x", "http://ex/" + "a" * 20_000]
ENGINE_ONLY_IRIS = ["http://a/%zz", "http://[::1", "http://a%zz/"]  # D14: refused by the engine's IRI parser
ACCEPTS = [None, "*/*", "text/html", "application/json", PROBLEM, "image/png", "text/turtle;q=0", "garbage",
           "application/sparql-results+json;q=abc", ",,,;;;", "text/*", "*/*;q=0", "a/b, " * 500]
READ_ROUTES = ["/", "/query", "/targets", "/search?q=hydrogen", "/search/suggest?q=氢", "/sparql",
               "/sparql?query=ASK%7B%7D", "/sparql?query=CONSTRUCT%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201",
               "/store?graph=https://w3id.org/fikg/graph/jiangsu-2023-104", "/queries", "/queries/industries",
               "/id/industry/hydrogen-energy", "/entity/industry/hydrogen-energy", "/ontology", "/.well-known/void",
               "/context.jsonld", "/api/industry", "/api/industry/hydrogen-energy", "/dumps", "/docs",
               "/openapi.json", "/static/site.css", "/no/such/path", "/queries/no-such-query"]
ODD_VALUES = ["", " ", "x" * 5000, "http://a/%zz", "javascript:alert(1)", "<script>alert(1)</script>",
              "' } ; DROP ALL ; #", '" } } DELETE WHERE { ?s ?p ?o } #', "\\u0022 }", "?x", "$x", "1e999", "-1",
              "NaN", "2023-13-45", "true", "海水", "\u0000", "%00", "%FF", "\U0001F600" * 100]
ODD_SEGMENTS = ["industry", "x", "..", "%2e%2e", "a b", "<script>", "javascript:alert(1)", "海", "%00", "-",
                "a" * 3000, "%25zz", "hydrogen-energy%0d%0aX-Injected:%201"]


@dataclass
class Battery:
    """Sends requests and keeps every answer that breaks the rules (or the exception it raised)."""

    client: TestClient
    offences: list[str] = field(default_factory=list)
    sent: int = 0

    def send(self, method: str, url: str, **options: object) -> None:
        self.sent += 1
        label = f"{method} {url[:120]} {str(options)[:200]}"
        try:
            response = self.client.request(method, url, **options)
        except Exception as exc:  # the TestClient raises what the app did not answer
            self.offences.append(f"{label} -> raised {type(exc).__name__}: {str(exc)[:200]}")
            return
        problem = offence(method, url, response)
        if problem:
            self.offences.append(f"{label} -> {response.status_code} {problem}: {response.text[:200]!r}")

    def check(self) -> None:
        assert not self.offences, f"{len(self.offences)} of {self.sent} answers break the rules:\n" + "\n".join(
            self.offences[:40])


def offence(method: str, url: str, response) -> str | None:
    """What is wrong with an answer, if anything."""
    status, kind = response.status_code, response.headers.get("content-type", "").split(";")[0]
    if status >= 500:
        return "a server error"
    if status < 400:
        return None
    if len(response.content) > (PAGE_BYTES if kind == "text/html" else ERROR_BYTES) and status != 422:
        return f"an error of {len(response.content)} bytes"
    path = url.split("?")[0]
    page = path in PAGES or path.startswith("/entity/")
    if kind == "text/html" and (page or status == 404):
        return None
    if status == 422 and kind in ("text/turtle", "application/ld+json"):
        return None  # the SHACL report of a refused write, negotiated
    if kind != PROBLEM:
        return f"an error in {kind or 'no content type'}"
    body = response.json() if method != "HEAD" else {"status": status, "title": "", "detail": ""}
    if body.get("status") != status or not {"title", "detail"} <= body.keys():
        return "a problem+json body without status, title and detail"
    return None


@pytest.fixture
def reads(real_client: TestClient) -> Iterator[Battery]:
    battery = Battery(real_client)
    yield battery
    battery.check()


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory, store_kind: str) -> Iterator[TestClient]:
    settings = tiny_settings(tmp_path_factory.mktemp("odd"), write_token=TOKEN, max_body_bytes=1_000_000)
    with open_client(settings, store_kind) as client:
        yield client


@pytest.fixture
def writes(writer: TestClient) -> Iterator[Battery]:
    battery = Battery(writer)
    yield battery
    battery.check()


def test_odd_accept_headers_on_every_route(reads: Battery) -> None:
    for route in READ_ROUTES:
        for accept in ACCEPTS:
            reads.send("GET", route, headers={"Accept": accept} if accept is not None else {})


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "PATCH", "TRACE", "PUT", "DELETE", "POST"])
def test_odd_methods(reads: Battery, method: str) -> None:
    for route in READ_ROUTES[:12]:
        reads.send(method, route)
    reads.send("OPTIONS", "/sparql", headers={"Origin": "http://evil", "Access-Control-Request-Method": "PUT",
                                              "Access-Control-Request-Headers": "Authorization"})


def test_dataset_and_flag_parameters(reads: Battery) -> None:
    iris = ODD_IRIS + ENGINE_ONLY_IRIS
    for name in ("default-graph-uri", "named-graph-uri"):
        for iri in iris:
            reads.send("GET", "/sparql", params={"query": "ASK {}", name: iri})
            reads.send("POST", "/sparql", data={"query": "ASK {}", name: iri})
    for name, value in [("inferred", "maybe"), ("inferred", ""), ("format", "xyz"), ("query", ""), ("lang", "xx")]:
        reads.send("GET", "/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1", name: value})
    reads.send("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    reads.send("GET", "/queries/industries", params={"format": "xyz"})
    reads.send("GET", "/queries/industries", params={"inferred": "perhaps"})
    reads.send("GET", "/id/industry/hydrogen-energy", params={"format": "exe"})


def test_odd_graph_names_on_reads(reads: Battery) -> None:
    for iri in ODD_IRIS + ENGINE_ONLY_IRIS:
        reads.send("GET", "/store", params={"graph": iri})
        reads.send("HEAD", "/store", params={"graph": iri})
    for query in ("", "?default&graph=http://ex/g", "?graph=http://ex/a&graph=http://ex/b", "?default=1"):
        reads.send("GET", "/store" + query)


def test_named_queries_with_odd_values(reads: Battery, real_client: TestClient) -> None:
    catalog = real_client.get("/queries").json()
    for query in catalog:
        names = [parameter["name"] for parameter in query.get("parameters", [])] or ["unknown"]
        for name in names:
            for value in ODD_VALUES:
                reads.send("GET", f"/queries/{query['name']}", params={name: value})
        reads.send("GET", f"/queries/{query['name']}", params={"no_such_parameter": "1"})


def test_odd_kinds_and_slugs(reads: Battery) -> None:
    for kind in ODD_SEGMENTS:
        reads.send("GET", f"/api/{kind}")
        for slug in ODD_SEGMENTS:
            for prefix in ("/entity", "/id", "/api"):
                reads.send("GET", f"{prefix}/{kind}/{slug}", headers={"Accept": "text/html"})
    for path in ("/data/x", "/data/..%2f..%2fetc", "/ontology/modules/x", "/ontology/9.9.9", "/dumps/x",
                 "/static/../kg/settings.py", "/context/0.0.1.jsonld"):
        reads.send("GET", path)


def test_labels_shapes(reads: Battery) -> None:
    iri = "https://w3id.org/fikg/id/industry/hydrogen-energy"
    for body in (b"", b"[]", b"{}", b'"x"', b"[1]", b"[[]]", b"null", b"[" * 10_000, b'["\xff"]', b"not json",
                 json.dumps(["javascript:alert(1)", iri]).encode(), json.dumps([iri] * 2001).encode(),
                 json.dumps(["x" * 100_000]).encode()):
        reads.send("POST", "/labels", content=body, headers={"Content-Type": "application/json"})
    reads.send("POST", "/labels?lang=xx", json=[iri])
    reads.send("POST", "/labels", content=b"[]", headers={"Content-Type": "text/plain"})


def test_hosts_and_undecodable_urls(reads: Battery) -> None:
    hosts = ["a b", "", "evil.com:99999", "a@b", "[::1]:80", "x" * 300, "a%zz", "[::1"]
    for host in hosts:
        for route in ("/", "/sparql", "/sparql?query=ASK%7B%7D", "/.well-known/void", "/id/industry/hydrogen-energy"):
            reads.send("GET", route, headers={"Host": host})
        reads.send("POST", "/sparql", data={"query": "ASK {}"}, headers={"Host": host})
    for url in ("/search?q=%FF", "/query?query=%C3%28", "/queries/industries?kind=%FF", "/sparql?query=ASK%7B%7D%23%FF",
                "/entity/%FF/x", "/id/industry/%C3%28", "/search/suggest?q=%ED%A0%80"):
        reads.send("GET", url, headers={"Accept": "text/html"})


# Writes, with the token, over the tiny project.
GRAPH = "http://ex/graph/odd"
ODD_TYPES = ["", "text/plain", "application/sparql-query; charset=latin-1", "multipart/form-data; boundary=x",
             "application/x-www-form-urlencoded", "application/json", "text/turtle; charset=utf-16",
             "application/n-quads", "application/trig", "image/png", "text/turtle;;;", "*/*"]
ODD_PAYLOADS = {
    "text/turtle": [b"", b"garbage", b"<http://ex/a> <http://ex/b> .", b"\xff\xfe",
                    b"<http://ex/a> <http://ex/b> " + b"<<( <http://ex/a> <http://ex/b> " * 20_000 + b"1"
                    + b" )>>" * 20_000 + b" .", b'<http://ex/a> <http://ex/b> "' + b"x" * 100_000,
                    b"@prefix : <http://ex/> . :a :b " + b"[ :b " * 5000 + b"1" + b" ]" * 5000 + b" ."],
    "application/rdf+xml": [b"<!DOCTYPE x " + b"[a]" * 40, b"<!--" * 40_000, b"<r/>",
                            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'],
    "application/ld+json": [b"{", b"[" * 10_000, b'{"@context": "http://127.0.0.1:9/c.jsonld", "@id": "http://ex/a"}',
                            b'{"@id": "javascript:alert(1)", "http://ex/p": "x"}'],
    "application/n-triples": [b"<http://ex/a> <http://ex/b> 'c' .", b"<a> <b> <c> ."],
}
ODD_UPDATES = ["", "CLEAR ALL", "DROP ALL", "MOVE DEFAULT TO <https://w3id.org/fikg/graph/audit>",
               "INSERT DATA { GRAPH <https://w3id.org/fikg/graph/audit> { <http://ex/a> <http://ex/b> 1 } }",
               "LOAD <http://127.0.0.1:9/>", "CREATE GRAPH <https://w3id.org/fikg/graph/tiny>",
               "INSERT DATA { <http://ex/a> <http://ex/b> " + "[ <http://ex/b> " * 300 + "1" + " ]" * 300 + " }",
               "DELETE WHERE { ?s ?p ?o }", "SELECT * {}", "INSERT DATA { <http://ex/a> <http://ex/b> '\\uD800' }",
               "WITH <http://a/%zz> INSERT { <http://ex/a> <http://ex/b> 1 } WHERE {}"]


def test_odd_content_types(writes: Battery) -> None:
    for kind in ODD_TYPES:
        headers = {"Content-Type": kind, **AUTH} if kind else dict(AUTH)
        writes.send("POST", "/sparql", content=b"ASK {}", headers=headers)
        writes.send("POST", "/update", content=b"CLEAR GRAPH <http://ex/none>", headers=headers)
        writes.send("PUT", "/store", params={"graph": GRAPH}, content=b"<http://ex/a> <http://ex/b> 1 .",
                    headers=headers)
        writes.send("POST", "/store", content=b"<http://ex/a> <http://ex/b> 1 .", headers=headers)


def test_odd_payloads(writes: Battery) -> None:
    for kind, payloads in ODD_PAYLOADS.items():
        for payload in payloads:
            for method in ("PUT", "POST"):
                writes.send(method, "/store", params={"graph": GRAPH}, content=payload,
                            headers={"Content-Type": kind, **AUTH})
    writes.send("PUT", "/store", params={"graph": GRAPH}, content=b"x" * 1_000_001,
                headers={"Content-Type": "text/turtle", **AUTH})


def test_odd_updates(writes: Battery) -> None:
    for update in ODD_UPDATES:
        writes.send("POST", "/update", content=update.encode(),
                    headers={"Content-Type": "application/sparql-update", **AUTH})
    for iri in ODD_IRIS + ENGINE_ONLY_IRIS:
        for name in ("using-graph-uri", "using-named-graph-uri"):
            writes.send("POST", "/update", data={"update": "INSERT { <http://ex/a> <http://ex/b> 1 } WHERE {}",
                                                  name: iri}, headers=AUTH)


def test_odd_graph_names_on_writes(writes: Battery) -> None:
    for iri in ODD_IRIS + ENGINE_ONLY_IRIS + ["https://w3id.org/fikg/graph/audit"]:
        writes.send("PUT", "/store", params={"graph": iri}, content=b"<http://ex/a> <http://ex/b> 1 .",
                    headers={"Content-Type": "text/turtle", **AUTH})
        writes.send("DELETE", "/store", params={"graph": iri}, headers=AUTH)
    for host in ["a b", "evil.com:99999", "a%zz"]:
        writes.send("POST", "/update", content=b"CLEAR GRAPH <http://ex/none>",
                    headers={"Content-Type": "application/sparql-update", "Host": host, **AUTH})


def test_iris_the_engine_refuses_are_400_everywhere(reads: Battery, real_client: TestClient) -> None:
    """D14 and D15: what only the engine's IRI parser refuses is a 400, in parameters and in the Host header."""
    for iri in ENGINE_ONLY_IRIS:
        for answer in (real_client.get("/store", params={"graph": iri}),
                       real_client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": iri}),
                       real_client.get("/sparql", params={"query": "ASK {}", "named-graph-uri": iri})):
            assert answer.status_code == 400 and answer.headers["content-type"] == PROBLEM, answer.text
    for method in ("GET", "POST"):
        answer = real_client.request(method, "/sparql", params={"query": "ASK {}"}, headers={"Host": "a%zz"})
        assert answer.status_code == 400 and "Host" in answer.json()["detail"], answer.text

