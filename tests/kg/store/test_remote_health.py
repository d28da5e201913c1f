"""kg.remote_health over a real Oxigraph server: reachable, empty, native union refused; one log line per change."""

from __future__ import annotations

import logging

import httpx
import pytest

from kg.errors import RemoteUnavailableError, StoreError
from kg.store.remote import RemoteStore
from kg.store.remote_health import EngineHealth, check_engine
from tests.helpers.stores import POOL, free_port

DATA = "<http://ex/s> <http://ex/p> <http://ex/o> <https://w3id.org/fikg/graph/tiny> .\n"


@pytest.fixture
def server():
    server = POOL.acquire()
    yield server
    POOL.release(server)


def fill(server) -> None:
    httpx.post(server.store_url, content=DATA, headers={"Content-Type": "application/n-quads"},
               timeout=30).raise_for_status()


def test_an_empty_engine_is_reachable_but_not_ready(server) -> None:
    with server.store() as store:
        check = check_engine(store)
    assert (check.reachable, check.empty, check.ready) == (True, True, False)
    assert "kg build" in check.problem


def test_an_engine_with_data_is_ready(server) -> None:
    fill(server)
    with server.store(union="parameter") as store:
        assert check_engine(store).ready


def test_native_union_over_an_engine_that_does_not_give_it_is_refused(server) -> None:
    fill(server)  # `oxigraph serve` without --union-default-graph: the default graph is its own
    with server.store(union="native") as store, pytest.raises(StoreError, match="not the union"):
        check_engine(store)


def test_an_unreachable_engine_is_reported_without_its_address() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with RemoteStore(url, timeout=2) as store:
        check = check_engine(store)
    assert (check.reachable, check.ready) == (False, False)
    assert url not in check.problem and "127.0.0.1" in check.cause


def test_each_change_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    health = EngineHealth("http://engine.internal/query")
    with caplog.at_level(logging.INFO, logger="kg.remote"):
        health.answered()
        for _ in range(5):
            health.unreachable("connection refused")
        for _ in range(5):
            health.answered()
        health.unreachable("it answered 503")
    lines = [r.getMessage() for r in caplog.records if r.name == "kg.remote"]
    assert len(lines) == 3
    assert "went away: connection refused" in lines[0] and "answers again" in lines[1] and "503" in lines[2]


def test_requests_tell_the_store_health(server, caplog: pytest.LogCaptureFixture) -> None:
    fill(server)
    with server.store() as store:
        store.select_default_graph("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        assert store.health.up is True
        store.query_url = f"http://127.0.0.1:{free_port()}/query"  # as if the engine went away
        with caplog.at_level(logging.INFO, logger="kg.remote"), pytest.raises(RemoteUnavailableError):
            store.select_default_graph("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        assert store.health.up is False
    assert sum("went away" in r.getMessage() for r in caplog.records) == 1
