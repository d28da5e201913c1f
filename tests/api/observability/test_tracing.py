"""OpenTelemetry: one span per request named by route (the fast path's too), query text hashed, token never
recorded; and nothing of OpenTelemetry's SDK or instrumentation loaded when no exporter is configured."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from api.main import create_app
from api.observability.requests import query_hash
from api.observability.tracing import Tracing, redacted_query_string
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[3]
QUERY = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 2"
TOKEN = "tracing-secret-token"


@pytest.fixture
def traced(settings: Settings, memory_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SERVER_REQUEST", ".*")  # an operator asks for all
    exporter = InMemorySpanExporter()
    app = create_app(settings.with_(write_token=TOKEN), store=memory_store)
    app.state.tracing = Tracing(exporter)  # as trace_exporter = "otlp" would, with a test exporter
    with TestClient(app) as client:
        yield client, exporter


def everything(spans) -> str:
    return json.dumps([{"name": s.name, "attributes": dict(s.attributes or {})} for s in spans], default=str)


def test_requests_are_spans_named_by_route_with_the_query_hashed(traced) -> None:
    client, exporter = traced
    assert client.get("/sparql", params={"query": QUERY}).status_code == 200  # the fast path
    assert client.post("/sparql", data={"query": QUERY}).status_code == 200
    client.get("/entity/technology/silicon-carbide")
    client.get("/healthz")
    spans = exporter.get_finished_spans()
    assert [s.name for s in spans] == ["GET /sparql", "POST /sparql", "GET /entity/{kind}/{slug}"]  # no probes
    assert all(s.attributes["kg.query.hash"] == query_hash(QUERY) for s in spans[:2])
    assert spans[2].attributes["http.route"] == "/entity/{kind}/{slug}"
    text = everything(spans)
    assert "rdf-schema#label" not in text and "LIMIT" not in text and f"sha256%3A{query_hash(QUERY)}" in text


def test_the_write_token_is_never_in_a_span(traced) -> None:
    client, exporter = traced
    answer = client.post("/update", content="INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 1 } }",
                         headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    text = everything(exporter.get_finished_spans())
    assert TOKEN not in text and "INSERT" not in text
    assert "http.request.header.authorization" in text  # captured as asked, and sanitised


def test_query_strings_keep_other_parameters() -> None:
    redacted = redacted_query_string("query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fex%2Fg")
    assert redacted == f"query=sha256%3A{query_hash('ASK {}')}&default-graph-uri=http%3A%2F%2Fex%2Fg"


def test_without_an_exporter_opentelemetry_is_not_loaded(settings: Settings) -> None:
    script = f"""
import sys
from fastapi.testclient import TestClient
from api.main import create_app
from pathlib import Path
from kg.settings import load_settings
settings = load_settings(environ={{}}, project_dir=Path({str(settings.project_dir)!r}), store_path=":memory:")
with TestClient(create_app(settings)) as client:
    assert client.get("/healthz").status_code == 200
loaded = sorted(m for m in sys.modules if m.startswith(("opentelemetry.sdk", "opentelemetry.instrumentation",
                                                       "api.observability.tracing")))
print(loaded)
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
