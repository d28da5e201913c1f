"""GET /metrics: counters move with traffic, routes are templates, the fast path is counted, the store sampled."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.main import create_app
from kg.build.pipeline import build
from kg.settings import Settings
from tests.helpers.shapes import TECHNOLOGY_SHAPE

TOKEN = "metrics-write-token"
UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
TECHNOLOGY = "https://w3id.org/fikg/ontology#Technology"


def samples(client: TestClient) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(answer.text) for s in family.samples}


def sample(values: dict, name: str, **labels: str) -> float:
    return values.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    settings = settings.with_(reasoning=False, write_token=TOKEN, metrics_sample_interval=0.1)
    (settings.project_dir / "shapes").mkdir()
    (settings.project_dir / "shapes" / "technology.ttl").write_text(TECHNOLOGY_SHAPE)
    build(settings)
    with TestClient(create_app(settings)) as client:
        yield client


def test_requests_are_counted_by_route_template_and_status(client: TestClient) -> None:
    before = samples(client)
    client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})  # the fast path
    client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
    client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})  # 400, answered by the routed app
    client.get("/entity/technology/silicon-carbide")
    client.get("/entity/technology/no-such-thing")
    client.get("/no/such/path")
    client.request("BREW", "/sparql")
    after = samples(client)

    def moved(route: str, status: str, method: str = "GET") -> float:
        labels = {"route": route, "status": status, "method": method}
        return sample(after, "kg_http_requests_total", **labels) - sample(before, "kg_http_requests_total", **labels)

    assert moved("/sparql", "200") == 1 and moved("/sparql", "200", "POST") == 1 and moved("/sparql", "400") == 1
    assert moved("/entity/{kind}/{slug}", "200") == 1 and moved("/entity/{kind}/{slug}", "404") == 1
    assert moved("(unmatched)", "404") == 1 and moved("/sparql", "405", "other") == 1
    assert not any("silicon-carbide" in str(key) for key in after)  # paths never become labels
    latency = ("kg_http_request_duration_seconds_count", (("method", "GET"), ("route", "/sparql")))
    assert after[latency] - before.get(latency, 0) == 2


def test_writes_and_refusals_by_shape_are_counted(client: TestClient) -> None:
    before = samples(client)
    assert client.post("/update", content="INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/b> 1 } }",
                       headers=UPDATE).status_code == 200
    bad = f"INSERT DATA {{ GRAPH <http://ex/g> {{ <http://ex/t> a <{TECHNOLOGY}> }} }}"
    refused = client.post("/update", content=bad, headers={**UPDATE, "Accept": "application/problem+json"})
    assert refused.status_code == 422
    after = samples(client)
    shape = "[http://www.w3.org/2000/01/rdf-schema#label] MinCountConstraintComponent"
    for name, labels, step in (("kg_writes_total", {"outcome": "accepted"}, 1),
                               ("kg_writes_total", {"outcome": "refused"}, 1),
                               ("kg_write_refusals_total", {"shape": shape}, 1)):
        assert sample(after, name, **labels) - sample(before, name, **labels) == step


def test_the_store_is_sampled_in_the_background_and_the_journal_appears(client: TestClient) -> None:

    def sampled_after(condition, seconds: float = 10) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            values = samples(client)
            if condition(values):
                return values
            time.sleep(0.05)
        raise AssertionError("the sample did not change")

    first = sampled_after(lambda v: sample(v, "kg_store_quads_total") == 23)
    assert sample(first, "kg_store_quads", graph="https://w3id.org/fikg/graph/tiny") == 11
    assert sample(first, "kg_journal_length") == 1  # the build's publication
    client.post("/update", content="INSERT DATA { GRAPH <http://ex/new> { <http://ex/a> <http://ex/b> 1 } }",
                headers=UPDATE)
    after_write = sampled_after(lambda v: sample(v, "kg_store_quads", graph="http://ex/new") == 1)
    assert sample(after_write, "kg_query_workers_idle") >= 0 and sample(after_write, "kg_ready") in (0, 1)
    sampled_after(lambda v: sample(v, "kg_journal_length") == 2)  # and the write


def test_metrics_can_be_turned_off(settings: Settings) -> None:
    with TestClient(create_app(settings.with_(metrics=False, store_path=":memory:"))) as client:
        assert client.get("/metrics").status_code == 404
        assert client.get("/healthz").status_code == 200
