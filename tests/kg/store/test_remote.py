"""RemoteStore failure behaviour and plumbing, against small local HTTP servers standing in for an engine.

The stand-in answers as an Oxigraph server would, so the stores are opened with ``engine="oxigraph"``
(no ``Server`` header to recognise). Behaviour against real engines (an Oxigraph server, Virtuoso) is in
tests/remote/.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.errors import QuerySyntaxError, QueryTimeoutError, RemoteUnavailableError, StoreError
from kg.rdf.model import Literal
from kg.settings import load_settings
from kg.store.remote import RemoteStore
from tests.helpers.stores import free_port

ASK_TRUE = b'{"head":{},"boolean":true}'


@dataclass
class Behaviour:
    """What the stand-in engine answers, and what it received."""

    status: int = 200
    body: bytes = ASK_TRUE
    content_type: str = "application/sparql-results+json"
    delay: float = 0.0
    requests: list[dict] = field(default_factory=list)


@pytest.fixture
def engine() -> Iterator[tuple[str, Behaviour]]:
    behaviour = Behaviour()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            behaviour.requests.append({"headers": dict(self.headers), "body": self.rfile.read(length)})
            time.sleep(behaviour.delay)
            try:
                self.send_response(behaviour.status)
                self.send_header("Content-Type", behaviour.content_type)
                self.send_header("Content-Length", str(len(behaviour.body)))
                self.end_headers()
                self.wfile.write(behaviour.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", behaviour
    server.shutdown()
    server.server_close()


def test_remote_down_is_unavailable_at_once() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=5)
    started = time.monotonic()
    with pytest.raises(RemoteUnavailableError, match="unreachable"):
        store.ask("ASK {}")
    assert time.monotonic() - started < 2


def test_slow_remote_hits_our_timeout(engine: tuple[str, Behaviour]) -> None:
    url, behaviour = engine
    behaviour.delay = 3.0
    store = RemoteStore(url, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"within 0\.3 s"):
        store.ask("ASK {}")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(("status", "error", "words"), [
    (400, QuerySyntaxError, "expected GRAPH at 1:20"),
    (401, StoreError, "refused access"),
    (500, StoreError, "answered 500: expected GRAPH"),
    (503, RemoteUnavailableError, "unavailable"),
])
def test_engine_errors_become_typed_errors(engine: tuple[str, Behaviour], status: int, error: type,
                                           words: str) -> None:
    url, behaviour = engine
    behaviour.status, behaviour.body, behaviour.content_type = status, b"expected GRAPH at 1:20", "text/plain"
    with pytest.raises(error, match=words):
        RemoteStore(url, engine="oxigraph").ask("ASK {}")


def test_bad_query_keeps_the_engine_position(engine: tuple[str, Behaviour]) -> None:
    url, behaviour = engine
    behaviour.status, behaviour.body = 400, b"error at 2:7: expected one of LATERAL"
    with pytest.raises(QuerySyntaxError) as info:
        RemoteStore(url, engine="oxigraph").ask("ASK {\n ?s ?p }")
    assert (info.value.line, info.value.column) == (2, 7)


def test_bearer_token_is_sent(engine: tuple[str, Behaviour]) -> None:
    url, behaviour = engine
    assert RemoteStore(url, token="s3cret", engine="oxigraph").ask("ASK {}")
    assert behaviour.requests[0]["headers"]["Authorization"] == "Bearer s3cret"


def test_basic_credentials_are_sent(engine: tuple[str, Behaviour]) -> None:
    url, behaviour = engine
    assert RemoteStore(url, user="reader", password="pw", engine="oxigraph").ask("ASK {}")
    assert behaviour.requests[0]["headers"]["Authorization"] == "Basic cmVhZGVyOnB3"


def test_bound_values_travel_in_a_values_block(engine: tuple[str, Behaviour]) -> None:
    url, behaviour = engine
    RemoteStore(url, engine="oxigraph").ask("ASK { ?s ?p ?o }", o=Literal('"} ; DROP ALL ; #'))
    body = behaviour.requests[0]["body"].decode("utf-8")
    assert "VALUES" in body and "DROP+ALL" in body and "union-default-graph" in body


def test_unreadable_answer_is_a_store_error(engine: tuple[str, Behaviour]) -> None:
    url, behaviour = engine
    behaviour.body = b"<html>proxy login</html>"
    with pytest.raises(StoreError, match="unreadable answer"):
        RemoteStore(url, engine="oxigraph").ask("ASK {}")


def test_writes_need_an_update_url(engine: tuple[str, Behaviour]) -> None:
    with pytest.raises(StoreError, match="KG_REMOTE_UPDATE_URL"):
        RemoteStore(engine[0], engine="oxigraph").drop_graph("http://ex/g")


def test_settings_choose_the_remote(engine: tuple[str, Behaviour]) -> None:
    settings = load_settings(environ={"KG_STORE": "remote", "KG_REMOTE_QUERY_URL": engine[0],
                                      "KG_REMOTE_TOKEN": "t", "KG_REMOTE_TIMEOUT": "2"})
    store = RemoteStore.from_settings(settings)
    assert (store.query_url, store.timeout) == (engine[0], 2.0)
    with pytest.raises(StoreError, match="KG_REMOTE_QUERY_URL"):
        RemoteStore.from_settings(load_settings(environ={"KG_STORE": "remote"}))
    with pytest.raises(StoreError, match="remote_union"):
        RemoteStore(engine[0], union="sometimes")
    with pytest.raises(StoreError, match="remote_engine"):
        RemoteStore(engine[0], engine="stardog")


def test_an_unknown_engine_gets_the_generic_profile_and_the_listed_union(engine: tuple[str, Behaviour]) -> None:
    """No Server header that names an engine: nothing is assumed beyond SPARQL 1.1 (the union by listing)."""
    url, behaviour = engine
    store = RemoteStore(url)
    assert (store.profile.name, store.union) == ("generic", "list")
    assert b"ASK" in behaviour.requests[0]["body"]  # the one request that asked for the Server header


def test_the_listed_union_reuses_the_graph_list_until_a_write(engine: tuple[str, Behaviour]) -> None:
    """``list`` mode: the data's graphs go with each query; the list is asked again after a write through
    the store (or after GRAPH_LIST_SECONDS), not before every query."""
    url, behaviour = engine
    behaviour.body = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": [
        {"g": {"type": "uri", "value": "http://ex/g"}}, {"g": {"type": "uri", "value": "urn:fikg:staging:r:0:add"}}]}}
                                ).encode()
    store = RemoteStore(url, update_url=url, engine="generic")
    for _ in range(3):
        store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    listings = [r for r in behaviour.requests if b"GROUP+BY" in r["body"]]
    assert len(listings) == 1 and len(behaviour.requests) == 4
    sent = behaviour.requests[-1]["body"].decode()
    assert "default-graph-uri=http%3A%2F%2Fex%2Fg" in sent and "named-graph-uri=http%3A%2F%2Fex%2Fg" in sent
    assert "staging" not in sent  # staging graphs are not data
    store.update("INSERT DATA { GRAPH <http://ex/h> { <http://ex/a> <http://ex/b> <http://ex/c> } }")
    store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len([r for r in behaviour.requests if b"GROUP+BY" in r["body"]]) == 2
