"""api/server_url.py: the server's own URL, from ``KG_BASE_URL`` or the request, and the routes that use it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from starlette.requests import Request

from api.main import create_app
from api.server_url import server_url
from kg.build.pipeline import build
from kg.settings import load_settings
from kg.store.embedded import EmbeddedStore
from tests.helpers.project import make_project


def request_to(url: str) -> Request:
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    return Request({"type": "http", "method": "GET", "scheme": scheme, "server": (host, 80), "path": "/" + path,
                    "root_path": "", "query_string": b"", "headers": [(b"host", host.encode())]})


def test_the_setting_wins_over_the_request_and_no_slash_ends_it() -> None:
    plain = load_settings(environ={})
    proxied = load_settings(environ={"KG_BASE_URL": "https://data.example.gov/kg/"})
    assert server_url(request_to("http://127.0.0.1:8000/changes"), plain) == "http://127.0.0.1:8000"
    assert server_url(request_to("http://127.0.0.1:8000/changes"), proxied) == "https://data.example.gov/kg"


def test_the_feed_the_context_and_void_name_the_configured_server(tmp_path) -> None:
    settings = load_settings(environ={"KG_BASE_URL": "https://data.example.gov/kg"},
                             project_dir=make_project(tmp_path / "project"), store_path=":memory:", reasoning=False,
                             query_workers=1, feed_page_changes=1)
    store = EmbeddedStore(None)
    build(settings, store=store)
    with TestClient(create_app(settings, store=store)) as client:
        assert client.get("/changes").links["next"]["url"].startswith("https://data.example.gov/kg/changes?after=")
        assert client.get("/changes/ldes", headers={"Accept": "text/turtle"}).links["next"]["url"].startswith(
            "https://data.example.gov/kg/changes/ldes?after=")
        void = client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text
        assert "<https://data.example.gov/kg/sparql>" in void and "testserver" not in void
