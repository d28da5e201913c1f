"""With the remote engine down: a friendly 503 page (zh/en) on the pages, problem+json on the APIs, both with
Retry-After, and neither naming the engine's address."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.unavailable import OUTAGE_DETAIL
from kg.settings import Settings
from tests.helpers.stores import OxigraphServer

DATA = "<http://ex/s> <http://ex/p> <http://ex/o> <https://w3id.org/fikg/graph/tiny> .\n"


@pytest.fixture
def down(settings: Settings) -> Iterator[tuple[TestClient, str]]:
    """An app over a real Oxigraph server that answered at start and is then stopped."""
    server = OxigraphServer()
    try:
        httpx.post(server.store_url, content=DATA, headers={"Content-Type": "application/n-quads"},
                   timeout=30).raise_for_status()
        with TestClient(create_app(server.settings(settings).with_(remote_timeout=2))) as client:
            assert client.get("/readyz").status_code == 200
            server.stop()
            yield client, server.base
    finally:
        server.stop()


@pytest.mark.parametrize(("language", "says"), [({"Accept-Language": "zh-CN,zh;q=0.9"}, "暂时无法访问"),
                                                ({"Accept-Language": "en"}, "Temporarily unavailable")])
def test_pages_answer_a_friendly_page(down, language: dict, says: str) -> None:
    client, address = down
    page = client.get("/", headers={"Accept": "text/html", **language})
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert says in page.text and page.headers["Retry-After"] == "30"
    assert address.split("//")[1] not in page.text and "Traceback" not in page.text


def test_apis_answer_problem_json_without_the_engine_address(down) -> None:
    client, address = down
    for answer in (client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}),  # the fast path
                   client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}),
                   client.get("/store", params={"graph": "https://w3id.org/fikg/graph/tiny"})):
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.headers["Retry-After"] == "30" and answer.json()["detail"] == OUTAGE_DETAIL
        assert answer.json()["request_id"] == answer.headers["X-Request-ID"]
        assert address.split("//")[1] not in answer.text
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["detail"] == "the SPARQL engine is unreachable"
