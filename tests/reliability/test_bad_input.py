"""Bad input: each request gets a clear 4xx, the store is unchanged, and the server keeps answering.

Over the real app (TestClient) on the tiny project, with a write token, a 2 s query timeout and a
256 kB body cap. A local listener records every connection made to it, to prove that nothing in a
request (JSON-LD @context, SERVICE, LOAD, XML entities) makes the server fetch an address.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from kg.build.pipeline import build
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project
from tests.reliability.conftest import AUTH, TOKENS

GRAPH = "https://w3id.org/fikg/graph/uploads"
TIMEOUT = 2.0
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# A cross product of the data with itself 12 times, and a path that walks it in every direction.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"
PATHOLOGICAL_PATH = ("SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x>|^!<urn:x>)*/(!<urn:x>|^!<urn:x>)* ?b . "
                     "?c (!<urn:x>|^!<urn:x>)* ?d . ?e ?f ?g . ?h ?i ?j }")
NAMED_QUERIES = {
    "label-of.rq": "# title: Label of an entity\n# param: entity entity required -- IRI or label\n"
                   "# param: lang string optional default=en -- language\n"
                   "SELECT ?entity ?lang ?label WHERE { ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?label "
                   "FILTER(LANG(?label) = ?lang) }\n",
    "slow.rq": "# title: A cross product\n# param: lang string optional default=en -- unused\n"
               "SELECT ?lang (COUNT(*) AS ?n) WHERE { "
               + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " } GROUP BY ?lang\n",
}


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection (nothing should ever connect)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections: list[tuple] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, address = self.socket.accept()
            except TimeoutError:
                continue
            self.connections.append(address)
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    recorder = Listener()
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, EmbeddedStore]]:
    project = make_project(tmp_path_factory.mktemp("bad-input") / "project")
    (project / "queries").mkdir()
    for name, text in NAMED_QUERIES.items():
        (project / "queries" / name).write_text(text)
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", reasoning=False,
                             write_token=TOKENS["ministry"], query_timeout=TIMEOUT, query_workers=2,
                             max_body_bytes=256 * 1024)
    store = EmbeddedStore(None)
    build(settings, store=store)
    with TestClient(create_app(settings, store=store)) as client:
        yield client, store


@pytest.fixture
def client(setup, listener: Listener) -> Iterator[TestClient]:
    """The client; after the test, the store must be unchanged, the server up and nothing fetched."""
    client, store = setup
    before = set(store.quads())
    yield client
    assert set(store.quads()) == before, "a refused request changed the store"
    answer = client.get("/sparql", params={"query": COUNT})
    assert answer.status_code == 200, "the server stopped answering"
    assert listener.connections == [], "the server connected to an address from a request"


def assert_clear_4xx(response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert response.text.strip(), "a refusal says why"


def query(client: TestClient, text: str):
    return client.post("/sparql", content=text.encode("utf-8"), headers={"Content-Type": "application/sparql-query"})


def update(client: TestClient, text: str | bytes):
    body = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/update", content=body, headers={"Content-Type": "application/sparql-update", **AUTH})


def upload(client: TestClient, body: str | bytes, media_type: str, graph: str = GRAPH):
    content = body.encode("utf-8") if isinstance(body, str) else body
    return client.put("/store", params={"graph": graph}, content=content,
                      headers={"Content-Type": media_type, **AUTH})


# Malformed, enormous and deeply nested SPARQL.
@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p }", "SELEKT * { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o ", "", "}}}}",
    "SELECT * WHERE { ?s ?p 'unterminated }", "PREFIX x: SELECT * {}",
])
def test_malformed_queries_are_400_with_a_position(client: TestClient, text: str) -> None:
    assert_clear_4xx(query(client, text), 400)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://ex/a> <http://ex/b> }", "DELETE WHERE { ?s ?p }", "INSERT DATA { <http://ex/a> }",
    "INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 'c' } ; ; }",
])
def test_malformed_updates_are_400(client: TestClient, text: str) -> None:
    assert_clear_4xx(update(client, text), 400)


@pytest.mark.parametrize("depth", [200, 3000, 20000])
def test_deeply_nested_queries_and_updates_are_refused_before_parsing(client: TestClient, depth: int) -> None:
    """Thousands of nested groups overflow the parser's stack: refused by the screening instead."""
    assert_clear_4xx(query(client, "SELECT * WHERE " + "{" * depth + "?s ?p ?o" + "}" * depth), 400)
    assert_clear_4xx(query(client, "SELECT * { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"), 400)
    assert_clear_4xx(update(client, "INSERT { <http://ex/a> <http://ex/b> 1 } WHERE " + "{" * depth + "}" * depth),
                     400)


def test_enormous_bodies_are_413(client: TestClient) -> None:
    huge = "SELECT * WHERE { " + "?s ?p ?o . " * 40_000 + "}"
    assert_clear_4xx(query(client, huge), 413)
    assert_clear_4xx(update(client, "INSERT DATA { " + "<http://ex/a> <http://ex/b> 'c' . " * 20_000 + "}"), 413)
    assert_clear_4xx(upload(client, "<http://ex/a> <http://ex/b> 'c' .\n" * 20_000, "text/turtle"), 413)


def test_a_large_query_under_the_cap_is_answered_or_stopped(client: TestClient) -> None:
    values = " ".join(f"<http://ex/v{i}>" for i in range(5_000))
    answer = query(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?v {{ {values} }} }}")
    assert answer.status_code == 200 and answer.json()["results"]["bindings"][0]["n"]["value"] == "5000"


@pytest.mark.parametrize("text", [CROSS_PRODUCT, PATHOLOGICAL_PATH])
def test_runaway_queries_are_stopped_by_the_timeout(client: TestClient, text: str) -> None:
    started = time.monotonic()
    answer = query(client, text)
    assert_clear_4xx(answer, 503)
    assert time.monotonic() - started < TIMEOUT + 10
    assert "stopped" in answer.json()["detail"]


# Uploads: malformed documents in every accepted format.
@pytest.mark.parametrize(("body", "media_type"), [
    ("<http://ex/a> <http://ex/b> .", "text/turtle"),
    ("@prefix : <http://ex/> . :a :b :c", "text/turtle"),
    ("<http://ex/a> <http://ex/b> <http://ex/c>", "application/n-triples"),
    ("_:a <http://ex/b> 'single quotes are Turtle, not N-Triples' .", "application/n-triples"),
    ('{"@id": "http://ex/a", "http://ex/b": ', "application/ld+json"),
    ('{"@context": {"@vocab": 5}, "@id": "http://ex/a"}', "application/ld+json"),
    ("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description>", "application/rdf+xml"),
    ("<not-rdf/>", "application/rdf+xml"),
])
def test_malformed_uploads_are_400(client: TestClient, body: str, media_type: str) -> None:
    assert_clear_4xx(upload(client, body, media_type), 400)


RDF_XML = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ {entities} ]>\n'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
           '<rdf:Description rdf:about="http://ex/a"><ex:p>{reference}</ex:p></rdf:Description></rdf:RDF>')


def test_xml_external_entities_are_refused_and_never_read(client: TestClient, listener: Listener) -> None:
    for declaration in ('<!ENTITY xxe SYSTEM "file:///etc/passwd">', f'<!ENTITY xxe SYSTEM "{listener.url}">',
                        f'<!ENTITY % xxe SYSTEM "{listener.url}"> %xxe;',
                        '<!ENTITY xxe PUBLIC "-//x//y" "file:///etc/hostname">'):
        answer = upload(client, RDF_XML.format(entities=declaration, reference="&xxe;"), "application/rdf+xml")
        assert_clear_4xx(answer, 400)
        assert "root:" not in answer.text


def test_billion_laughs_is_refused_before_expansion(client: TestClient) -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    started = time.monotonic()
    answer = upload(client, RDF_XML.format(entities=entities, reference="&lol9;"), "application/rdf+xml")
    assert_clear_4xx(answer, 400)
    assert "nested entities" in answer.text and time.monotonic() - started < 5
    wide = '<!ENTITY big "' + "x" * 100_000 + '">'
    answer = upload(client, RDF_XML.format(entities=wide, reference="&big;" * 120), "application/rdf+xml")
    assert_clear_4xx(answer, 400)


def test_plain_entities_as_protege_writes_them_still_load(setup, listener: Listener) -> None:
    client, store = setup
    namespaces = '<!ENTITY ex "http://ex/"> <!ENTITY amp2 "&amp;">'
    answer = upload(client, RDF_XML.format(entities=namespaces, reference="&ex;value"), "application/rdf+xml",
                    graph="https://w3id.org/fikg/graph/entities")
    try:
        assert answer.status_code == 201, answer.text
        assert store.ask("ASK { <http://ex/a> <http://ex/p> 'http://ex/value' }")
    finally:
        client.delete("/store", params={"graph": "https://w3id.org/fikg/graph/entities"}, headers=AUTH)


@pytest.mark.parametrize(("body", "media_type"), [
    ('{"@id": "http://ex/a", "http://ex/b": ' + '{"http://ex/b": ' * 5000 + "1" + "}" * 5001,
     "application/ld+json"),
    ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
     '<rdf:Description rdf:about="http://ex/a">' + "<ex:p><rdf:Description>" * 3000 + "<ex:q>1</ex:q>"
     + "</rdf:Description></ex:p>" * 3000 + "</rdf:Description></rdf:RDF>", "application/rdf+xml"),
])
def test_deeply_nested_uploads_are_refused_before_parsing(client: TestClient, body: str, media_type: str) -> None:
    """The JSON-LD and RDF/XML parsers recurse: thousands of levels would crash the server."""
    answer = upload(client, body, media_type)
    assert_clear_4xx(answer, 400)
    assert "levels" in answer.text


def test_a_remote_json_ld_context_is_never_fetched(client: TestClient, listener: Listener) -> None:
    for context in (listener.url + "context.jsonld", [listener.url + "a.jsonld"], {"@import": listener.url}):
        document = {"@context": context, "@id": "http://ex/a", "name": "x"}
        answer = client.put("/store", params={"graph": GRAPH}, json=document,
                            headers={"Content-Type": "application/ld+json", **AUTH})
        assert_clear_4xx(answer, 400)
    time.sleep(0.3)  # a connection attempt would have been recorded by now (checked by the fixture)


# Server-side request forgery: SERVICE and LOAD at loopback and private addresses.
@pytest.mark.parametrize("address", ["http://127.0.0.1:{port}/sparql", "http://localhost:{port}/",
                                     "http://10.0.0.1/sparql", "http://169.254.169.254/latest/meta-data/",
                                     "http://[::1]:{port}/", "file:///etc/passwd"])
def test_service_and_load_are_refused(client: TestClient, listener: Listener, address: str) -> None:
    target = address.format(port=listener.port)
    assert_clear_4xx(query(client, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"), 403)
    assert_clear_4xx(query(client, f"SELECT * WHERE {{ sErViCe SILENT <{target}> {{ ?s ?p ?o }} }}"), 403)
    assert_clear_4xx(update(client, f"LOAD <{target}>"), 403)
    assert_clear_4xx(update(client, f"load silent <{target}> into graph <{GRAPH}>"), 403)
    assert_clear_4xx(update(client, f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{target}> "
                                    "{ ?s ?p ?o } }"), 403)


# Encodings and IRIs.
def test_invalid_utf8_is_400(client: TestClient) -> None:
    assert_clear_4xx(client.post("/sparql", content=b"SELECT * WHERE { ?s ?p '\xff\xfe' }",
                                 headers={"Content-Type": "application/sparql-query"}), 400)
    assert_clear_4xx(update(client, b"INSERT DATA { <http://ex/a> <http://ex/b> '\xc3\x28' }"), 400)
    assert_clear_4xx(client.get("/sparql?query=SELECT%20*%20%7B%7D%20%23%FF"), 400)
    assert_clear_4xx(upload(client, b"<http://ex/a> <http://ex/b> '\xff' .", "text/turtle"), 400)
    assert_clear_4xx(client.post("/sparql", content=COUNT.encode("utf-16"),
                                 headers={"Content-Type": "application/sparql-query; charset=utf-16"}), 415)


@pytest.mark.parametrize("iri", ["http://ex/a b", 'http://ex/"quoted"', "http://ex/<angle>", "http://ex/a>b",
                                 "not an iri", "http://ex/{x}", "http://ex/a\nb"])
def test_bad_iris_are_400(client: TestClient, iri: str) -> None:
    assert_clear_4xx(upload(client, "<http://ex/a> <http://ex/b> 'c' .", "text/turtle", graph=iri), 400)
    assert_clear_4xx(client.get("/sparql", params={"query": COUNT, "default-graph-uri": iri}), 400)
    assert_clear_4xx(client.get("/sparql", params={"query": COUNT, "named-graph-uri": iri}), 400)
    assert_clear_4xx(client.post("/update", data={"update": "INSERT { <http://ex/a> <http://ex/b> 1 } WHERE {}",
                                                  "using-graph-uri": iri}, headers=AUTH), 400)
    assert_clear_4xx(update(client, f"INSERT DATA {{ <{iri}> <http://ex/b> 'c' }}"), 400)


@pytest.mark.parametrize("path", ['/id/technology/a"b', "/id/technology/<script>", "/entity/technology/a%20b",
                                  "/api/technology/%22%3E%3Cscript%3E", "/id/%00/x", "/dumps/..%2F..%2Fetc%2Fpasswd"])
def test_odd_paths_are_4xx_never_500(client: TestClient, path: str) -> None:
    answer = client.get(path, headers={"Accept": "text/html"})
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])
    if answer.headers.get("content-type", "").startswith("text/html"):
        assert "<script>" not in answer.text, "a path segment was echoed into HTML unescaped"


# Parameters aimed at injection: values are bound, never spliced into the query text.
@pytest.mark.parametrize("value", [
    "' } ; DROP ALL ; #", '" } } DELETE WHERE { ?s ?p ?o } #', "> } INSERT DATA { <http://ex/x> <http://ex/y> 1 } #",
    "en') || true || ('", "\\u0022 } #", "%00", "?lang", "$lang",
])
def test_named_query_parameters_cannot_inject(client: TestClient, value: str) -> None:
    answer = client.get("/queries/label-of", params={"entity": "Silicon carbide", "lang": value})
    assert answer.status_code == 200 and answer.json() == [], answer.text
    assert_clear_4xx(client.get("/queries/label-of", params={"entity": value}), 400, 404)


def test_named_query_with_a_real_value_still_works(client: TestClient) -> None:
    answer = client.get("/queries/label-of", params={"entity": "Silicon carbide", "lang": "en"})
    assert answer.status_code == 200 and [row["label"] for row in answer.json()] == ["Silicon carbide"]
    assert_clear_4xx(client.get("/queries/label-of", params={"entity": "Silicon carbide", "drop": "all"}), 400)


def test_a_slow_named_query_is_stopped_by_the_timeout(client: TestClient) -> None:
    started = time.monotonic()
    answer = client.get("/queries/slow")
    assert_clear_4xx(answer, 503)
    assert time.monotonic() - started < TIMEOUT + 10
