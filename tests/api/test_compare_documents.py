"""GET /compare-documents (issue 23): two documents side by side, as a page and as JSON; clear errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.helpers.documents import NATIONAL, SEED, multi_document_store, multi_settings

PAIR = "苏政发〔2023〕104号,测试部〔2025〕1号"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(multi_settings(), store=multi_document_store())) as test_client:
        yield test_client


def test_the_page_shows_both_documents_side_by_side_with_the_shared_concept_first(client: TestClient) -> None:
    page = client.get("/compare-documents", params={"documents": PAIR, "lang": "zh"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<th scope=\"col\"><span lang=\"zh\">苏政发〔2023〕104号</span></th>" in html
    technologies = html[html.index('id="aspect-technologies"'):html.index('id="aspect-targets"')]
    start = technologies.index('<tr class="shared">')
    shared_row = technologies[start:technologies.index("</tr>", start)]
    assert "/entity/material/superconducting-materials" in shared_row
    assert "/entity/material/test-superconducting-materials" in shared_row
    assert technologies.index('class="shared"') < technologies.index('class="own"')


def test_json_names_the_documents_and_each_aspect(client: TestClient) -> None:
    answer = client.get("/compare-documents", params={"documents": PAIR}, headers={"Accept": "application/json"})
    assert answer.status_code == 200
    body = answer.json()
    assert [d["iri"] for d in body["documents"]] == [SEED, NATIONAL]
    assert set(body["aspects"]) == {"industries", "technologies", "targets", "agencies"}
    assert len(body["aspects"]["technologies"]["shared"]) == 1
    assert client.get("/compare-documents", params={"documents": PAIR, "format": "json"}).json() == body


def test_the_form_lists_the_documents_and_bad_requests_are_clear(client: TestClient) -> None:
    form = client.get("/compare-documents", params={"lang": "zh"})
    assert form.status_code == 200 and "测试部〔2025〕1号" in form.text and 'name="documents"' in form.text
    one = client.get("/compare-documents", params={"documents": "苏政发〔2023〕104号"})
    assert one.status_code == 400 and "two to 4" in one.json()["detail"]
    unknown = client.get("/compare-documents", params={"documents": "苏政发〔2023〕104号,no such document"})
    assert unknown.status_code == 404 and "no such document" in unknown.json()["detail"]
