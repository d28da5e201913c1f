"""/healthz and /readyz: liveness without the store; readiness false while opening, while a real publication is
swapped in, and while a remote engine is unreachable or empty; a misconfigured engine refused at start."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.observability import health
from kg.build.pipeline import build
from kg.errors import StoreError
from kg.query.executor import QueryExecutor
from kg.settings import Settings
from tests.helpers.stores import POOL, free_port

DATA = "<http://ex/s> <http://ex/p> <http://ex/o> <https://w3id.org/fikg/graph/tiny> .\n"


@pytest.fixture
def disk(settings: Settings) -> Settings:
    settings = settings.with_(reasoning=False)
    build(settings)
    return settings


def ready_within(client: TestClient, seconds: float = 30) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = client.get("/readyz")
        if answer.status_code == 200:
            return answer
        time.sleep(0.05)
    raise AssertionError(f"not ready after {seconds} s: {answer.text}")


def test_healthz_answers_without_touching_the_store(disk: Settings) -> None:
    app = create_app(disk)
    with TestClient(app) as client:
        def broken() -> None:
            raise AssertionError("/healthz must not touch the store")

        app.state.live_store.get = broken
        answer = client.get("/healthz")
    assert (answer.status_code, answer.json()) == (200, {"status": "ok"})


def test_readyz_is_503_while_the_store_is_being_opened(disk: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = threading.Event()
    original = QueryExecutor.execute

    def slow_first_query(self, store, request):  # the workers' first load, held until the test lets it go
        loaded.wait(30)
        return original(self, store, request)

    monkeypatch.setattr(QueryExecutor, "execute", slow_first_query)
    with TestClient(create_app(disk)) as client:
        waiting = client.get("/readyz")
        loaded.set()
        ready = ready_within(client)
    assert waiting.status_code == 503 and waiting.headers["content-type"] == "application/problem+json"
    assert waiting.json()["detail"] == "the store is being opened" and waiting.headers["Retry-After"] == "5"
    assert waiting.json()["request_id"] == waiting.headers["X-Request-ID"]
    assert ready.json() == {"status": "ready"}


def test_readyz_is_503_while_a_new_publication_is_swapped_in(disk: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "FOLLOW_INTERVAL", 3600)  # the follower sleeps: the test does its step itself
    app = create_app(disk)
    with TestClient(app) as client:
        ready_within(client)
        (disk.project_dir / "data" / "more.ttl").write_text(
            "<https://w3id.org/fikg/id/industry/x> <http://www.w3.org/2000/01/rdf-schema#label> \"X\"@en .\n")
        build(disk)  # a real build: a new generation, published by swapping the link
        swapping = client.get("/readyz")
        health.warm(app.state, swap=True)  # what the follower does when it sees the new link
        ready = client.get("/readyz")
        count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                           headers={"Accept": "text/csv"})
    assert swapping.status_code == 503 and "being swapped in" in swapping.json()["detail"]
    assert ready.status_code == 200 and app.state.readiness.swaps == 1
    assert count.text.split() == ["n", "24"]


def test_readyz_follows_an_engine_that_is_empty_then_filled(settings: Settings,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "ENGINE_INTERVAL", 0.1)
    server = POOL.acquire()
    try:
        with TestClient(create_app(server.settings(settings))) as client:
            empty = client.get("/readyz")
            httpx.post(server.store_url, content=DATA, headers={"Content-Type": "application/n-quads"},
                       timeout=30).raise_for_status()
            ready = ready_within(client, 10)
    finally:
        POOL.release(server)
    assert empty.status_code == 503 and "holds no data" in empty.json()["detail"]
    assert ready.status_code == 200


def test_readyz_is_503_with_an_unreachable_engine_and_never_names_it(settings: Settings) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with TestClient(create_app(settings.with_(store="remote", remote_query_url=url, remote_timeout=2))) as client:
        answer = client.get("/readyz")
        alive = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["detail"] == "the SPARQL engine is unreachable"
    assert "127.0.0.1" not in answer.text and alive.status_code == 200


def test_native_union_against_an_engine_without_it_is_refused_at_start(settings: Settings) -> None:
    server = POOL.acquire()
    try:
        httpx.post(server.store_url, content=DATA, headers={"Content-Type": "application/n-quads"},
                   timeout=30).raise_for_status()
        app = create_app(server.settings(settings).with_(remote_union="native"))
        with pytest.raises(StoreError, match="not the union"), TestClient(app):
            pass
    finally:
        POOL.release(server)


def test_probes_need_no_authentication(disk: Settings) -> None:
    with TestClient(create_app(disk.with_(write_token="secret", admin_token="admin"))) as client:
        assert client.get("/healthz").status_code == 200
        assert ready_within(client).status_code == 200


