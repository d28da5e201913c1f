"""Fuzzing: schemathesis over our OpenAPI schema, and hypothesis-generated SPARQL and RDF.

No request may get a 500, and the app must keep answering. Bounded: a few examples per operation
by default, many more with KG_LONG_TESTS=1 (the ``slow`` variants). The query timeout stops any
generated query that would run long, so no example can hang.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from kg.build.pipeline import build
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project
from tests.reliability.conftest import AUTH, LONG, TOKENS

EXAMPLES = 300 if LONG else 12
GENERATED = 1000 if LONG else 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG,
                suppress_health_check=list(HealthCheck))
STATE: dict[str, object] = {}


@pytest.fixture(scope="module")
def app_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    project = make_project(tmp_path_factory.mktemp("fuzz") / "project")
    config = load_settings(environ={}, project_dir=project, store_path=":memory:", reasoning=False,
                           write_token=TOKENS["ministry"], query_timeout=2, query_workers=2,
                           max_body_bytes=64 * 1024)
    store = EmbeddedStore(None)
    build(config, store=store)
    STATE.update(config=config, store=store)
    with TestClient(create_app(config, store=store), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def api_schema(app_client: TestClient):
    """The schema over an app of its own (schemathesis runs the app's lifespan itself)."""
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(STATE["config"], store=STATE["store"]))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@FUZZ
def test_no_operation_answers_500(case) -> None:
    response = case.call(headers=AUTH if case.method in {"POST", "PUT", "DELETE"} else None)
    assert response.status_code < 500 or response.status_code == 503, (case.method, case.path, response.text[:300])


SPARQL_TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "[", "]", ".", ";", ",",
                 "?s", "?p", "?o", "$x", "*", "<http://ex/a>", "<urn:x>", "<>", "'lit'", '"lit"@en', "1", "2.5",
                 "true", "a", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "AS", "VALUES", "UNDEF",
                 "GROUP", "BY", "ORDER", "LIMIT", "OFFSET", "COUNT", "DISTINCT", "REGEX", "STR", "|", "/", "^",
                 "+", "?", "!", "=", "&&", "||", "PREFIX", "ex:", "ex:b", "BASE", "#", "\n", "INSERT", "DELETE",
                 "DATA", "LOAD", "SERVICE", "DROP", "ALL", "CLEAR", "\"\"\"", "\\", "\u00a0", "碳化硅", "\x00"]
RDF_TOKENS = ["<http://ex/a>", "<http://ex/b>", "<>", "<a b>", "_:b", "[", "]", "(", ")", ".", ";", ",", "'x'",
              '"y"@zh', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "1", "true", "@prefix", "ex:", "ex:c",
              "a", "@base", "#", "\n", "{", "}", '"""', "\\u0000", "\\", "碳化硅"]


def token_soup(tokens: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens), max_size=40).map(" ".join)


@pytest.mark.parametrize("kind", ["query", "update"])
def test_generated_sparql_never_gets_a_500(app_client: TestClient, kind: str) -> None:
    @settings(max_examples=GENERATED, deadline=None, derandomize=not LONG, suppress_health_check=list(HealthCheck))
    @given(token_soup(SPARQL_TOKENS) | st.text(max_size=200))
    def check(text: str) -> None:
        path, media_type = ("/sparql", "application/sparql-query") if kind == "query" else (
            "/update", "application/sparql-update")
        answer = app_client.post(path, content=text.encode("utf-8", "surrogatepass"),
                                 headers={"Content-Type": media_type, **AUTH})
        assert answer.status_code in {200, 400, 403, 413, 415, 422, 503}, (text, answer.status_code, answer.text)

    check()
    assert app_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples", "application/ld+json",
                                        "application/rdf+xml"])
def test_generated_rdf_uploads_never_get_a_500(app_client: TestClient, media_type: str) -> None:
    wrappers = {"application/ld+json": st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
            st.sampled_from(["@id", "@type", "@context", "@value", "@graph", "@list", "http://ex/p", "name"]),
            inner, max_size=4), max_leaves=20).map(lambda value: __import__("json").dumps(value)),
        "application/rdf+xml": token_soup(["<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>",
                                           "</rdf:RDF>", "<rdf:Description rdf:about='http://ex/a'>",
                                           "</rdf:Description>", "<ex:p xmlns:ex='http://ex/'>", "</ex:p>", "x",
                                           "<!DOCTYPE r [<!ENTITY e 'v'>]>", "&e;", "<![CDATA[", "]]>", "&amp;"])}
    strategy = wrappers.get(media_type, token_soup(RDF_TOKENS))

    @settings(max_examples=GENERATED, deadline=None, derandomize=not LONG, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(body: str) -> None:
        answer = app_client.put("/store", params={"graph": "https://w3id.org/fikg/graph/fuzz"},
                                content=body.encode("utf-8", "surrogatepass"),
                                headers={"Content-Type": media_type, **AUTH})
        assert answer.status_code in {201, 204, 400, 413, 422}, (body, answer.status_code, answer.text)

    check()
    assert app_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_long_generated_sparql_run(app_client: TestClient) -> None:
    """The long run (KG_LONG_TESTS=1): thousands of generated queries against one app, no 500."""

    @settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
    @given(token_soup(SPARQL_TOKENS))
    def check(text: str) -> None:
        answer = app_client.post("/sparql", content=text.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query"})
        assert answer.status_code in {200, 400, 403, 503}, (text, answer.status_code, answer.text)

    check()
