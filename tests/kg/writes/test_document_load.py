"""kg.writes.document_load: LOAD (only with allow_load) fetches and parses in a process of its own, bounded by
the body cap and the write's deadline, with the screened parse; the result is what the engine's LOAD makes."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest

from kg.errors import ForbiddenOperationError, UpdateError, WriteTimeoutError
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore
from kg.writes import gate

TURTLE = b"""@prefix e: <http://e/> .
e:a e:p 1 ; e:knows [ e:p 2 ; e:knows _:c ] .
_:c e:p 3 .
<rel> e:p "relative" .
"""
NESTED = b"<http://e/a> <http://e/p> " + b"<<( " * 300 + b"<http://e/a> <http://e/p> 1" + b" )>>" * 300 + b" ."
GRAPH = "http://ex/graph/loaded"


class Documents(http.server.BaseHTTPRequestHandler):
    """The documents LOAD is pointed at; ``requests`` counts what was asked."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Documents.requests.append(self.path)
        if self.path == "/slow.ttl":
            time.sleep(5)
        body, kind, status = {
            "/data.ttl": (TURTLE, "text/turtle", 200), "/slow.ttl": (TURTLE, "text/turtle", 200),
            "/big.ttl": (b"#" * 4096 + b"\n" + TURTLE, "text/turtle", 200),
            "/text": (b"SECRET_INTERNAL_TOKEN", "text/plain", 200),
            "/nested.ttl": (NESTED, "text/turtle", 200),
        }.get(self.path, (b"not here", "text/plain", 404))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Documents)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def loading(project: Path) -> tuple[EmbeddedStore, Settings]:
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:", validate=False, allow_load=True,
                             max_body_bytes=2048)
    store = EmbeddedStore(None)
    store.update("INSERT DATA { <http://e/a> <http://e/p> 1 }")
    return store, settings


def canonical(store: ox.Store | EmbeddedStore, graph: str) -> ox.Dataset:
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph)) if isinstance(store, ox.Store) \
        else store.quads_in(ox.NamedNode(graph))
    found = ox.Dataset(quads)
    found.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return found


def test_load_inserts_what_the_engine_s_own_load_inserts(loading, executor, site: str) -> None:
    store, settings = loading
    update = f"LOAD <{site}/data.ttl> INTO GRAPH <{GRAPH}> ; LOAD <{site}/data.ttl>"
    oracle = ox.Store()
    oracle.extend(store.quads())
    oracle.update(update)
    result = gate.apply_update(store, update, settings, executor=executor)
    assert canonical(store, GRAPH) == canonical(oracle, GRAPH) and len(canonical(store, GRAPH)) == 6
    assert result.added == 11  # six in the graph, five in the default graph (e:a e:p 1 was there)
    assert ox.NamedNode(f"{site}/rel") in {q.subject for q in store.quads()}  # resolved against its address


def test_what_cannot_be_fetched_or_read_is_an_update_error_and_silent_changes_nothing(loading, executor,
                                                                                       site: str) -> None:
    store, settings = loading
    before = set(store.quads())
    for path, reason in (("/missing", "HTTP 404"), ("/big.ttl", "max_body_bytes"), ("/text", "subject of a triple"),
                         ("/nested.ttl", "nested")):
        with pytest.raises(UpdateError, match=reason) as refused:
            gate.apply_update(store, f"LOAD <{site}{path}> INTO GRAPH <{GRAPH}>", settings, executor=executor)
        assert "SECRET_INTERNAL_TOKEN" not in str(refused.value)
        silent = gate.apply_update(store, f"LOAD SILENT <{site}{path}> INTO GRAPH <{GRAPH}>", settings,
                                   executor=executor)
        assert (silent.added, silent.removed) == (0, 0)  # committed as a write that changed nothing (journaled)
    assert set(store.quads()) == before


def test_a_load_past_the_deadline_is_stopped_and_changes_nothing(loading, executor, site: str) -> None:
    store, settings = loading
    before = set(store.quads())
    started = time.monotonic()
    with pytest.raises(WriteTimeoutError, match="LOAD"):
        gate.apply_update(store, f"LOAD <{site}/slow.ttl>", settings.with_(update_timeout=2), executor=executor)
    assert time.monotonic() - started < 4.5 and set(store.quads()) == before


def test_load_is_refused_unless_allowed(loading, executor, site: str) -> None:
    store, settings = loading
    asked = len(Documents.requests)
    with pytest.raises(ForbiddenOperationError, match="allow_load"):
        gate.apply_update(store, f"LOAD <{site}/data.ttl>", settings.with_(allow_load=False), executor=executor)
    assert len(Documents.requests) == asked
