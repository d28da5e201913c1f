"""GET /queries and /queries/{name}: the catalogue, the three answer formats, errors, OpenAPI."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

ID = "https://w3id.org/fikg/id/"

PARTIES_3_3 = ["省工业和信息化厅", "省发展改革委", "省科技厅", "省委网信办", "省农业农村厅", "省商务厅", "省能源局",
               "省交通运输厅", "省住房城乡建设厅", "省教育厅", "省卫生健康委", "省国资委", "省药监局", "省文化和旅游厅"]


def test_catalogue_lists_every_query_with_parameter_schemas(real_client: TestClient) -> None:
    catalogue = {q["name"]: q for q in real_client.get("/queries").json()}
    assert len(catalogue) >= 11
    measure = catalogue["agencies-of-measure"]["parameters"][0]
    assert (measure["name"], measure["required"], measure["example"]) == ("measure", True, "三(三)")
    kind = catalogue["industries"]["parameters"][0]
    assert kind["schema"] == {"type": "string", "enum": ["growth", "frontier", "direction", "all"], "default": "all",
                              "examples": ["growth"]}
    assert catalogue["agencies-of-measure"]["titles"]["zh"] == "某项措施的责任单位"


def test_every_example_url_answers(real_client: TestClient) -> None:
    for query in real_client.get("/queries").json():
        response = real_client.get(query["example_url"])
        assert response.status_code == 200, (query["name"], response.text)
        # links between documents need another document: the seed alone cites none of those in the graph
        assert response.json() or query["name"] == "related-documents", query["name"]


def test_rows_as_json(real_client: TestClient) -> None:
    rows = real_client.get("/queries/agencies-of-measure", params={"measure": "三(三)"}).json()
    assert [r["label_zh"] for r in rows] == PARTIES_3_3
    assert rows[0]["position"] == 1 and rows[0]["is_lead"] is True


@pytest.mark.parametrize(("accept", "fmt", "media_type"), [
    ("text/csv", None, "text/csv"), (None, "csv", "text/csv"),
    ("application/sparql-results+json", None, "application/sparql-results+json"),
    (None, "srj", "application/sparql-results+json"),
    ("application/json", None, "application/json"), ("*/*", None, "application/json"),
])
def test_formats_by_accept_or_parameter(real_client: TestClient, accept: str | None, fmt: str | None,
                                        media_type: str) -> None:
    params = {"measure": "三(三)", **({"format": fmt} if fmt else {})}
    response = real_client.get("/queries/agencies-of-measure", params=params,
                               headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    if media_type == "text/csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["label_zh"] for r in rows] == PARTIES_3_3
    elif media_type == "application/sparql-results+json":
        bindings = response.json()["results"]["bindings"]
        assert bindings[0]["label_zh"] == {"type": "literal", "value": "省工业和信息化厅", "xml:lang": "zh"}


def test_unacceptable_format_is_406(real_client: TestClient) -> None:
    response = real_client.get("/queries/regions", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_unknown_entity_is_404_with_suggestions(real_client: TestClient) -> None:
    response = real_client.get("/queries/industry-of-technology", params={"technology": "海水淡化"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["suggestions"] == [
        {"label": "海水制氢", "iri": ID + "technology/hydrogen-production-from-seawater", "value": "海水制氢",
         "kind": "technology"}]


def test_targets_by_kind_one_row_per_target(real_client: TestClient) -> None:
    milestones = real_client.get("/queries/targets", params={"kind": "milestone", "due_by": "2025"}).json()
    assert len(milestones) == 6 and {r["year"] for r in milestones} == {2025}
    quantitative = real_client.get("/queries/targets", params={"kind": "quantitative"}).json()
    assert len(quantitative) == len({r["iri"] for r in quantitative}) == 6
    counted = {r["iri"].rsplit("/", 1)[1]: len(r["counts"].split()) for r in quantitative}
    assert counted["2025-future-industry-platform-carriers"] == 3


@pytest.mark.parametrize(("path", "status"), [
    ("/queries/no-such-query", 404), ("/queries/industries?kind=middling", 400), ("/queries/search", 400),
    ("/queries/targets?due_by=soon", 400), ("/queries/regions?inferred=perhaps", 400),
    ("/queries/regions?format=xlsx", 400), ("/queries/search?text=x&colour=red", 400),
])
def test_bad_requests(real_client: TestClient, path: str, status: int) -> None:
    response = real_client.get(path)
    assert response.status_code == status, response.text


def test_inferred_false_leaves_out_derived_coverage(real_client: TestClient) -> None:
    path = "/queries/agencies-for-technology?technology=海水制氢"
    assert real_client.get(path).json()
    assert real_client.get(path + "&inferred=false").json() == []


def test_openapi_documents_each_query_with_its_example(real_client: TestClient) -> None:
    paths = real_client.get("/openapi.json").json()["paths"]
    operation = paths["/queries/agencies-of-measure"]["get"]
    measure = next(p for p in operation["parameters"] if p["name"] == "measure")
    assert measure["example"] == "三(三)" and measure["required"] is True
    assert "/queries/agencies-of-measure?measure=" in operation["description"]
    assert {"/queries/industries", "/queries/targets", "/queries/search"} <= set(paths)
