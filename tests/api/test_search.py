"""api/routers/search.py: GET /search (JSON and the page) and GET /search/suggest over each kind of store."""

from __future__ import annotations

from fastapi.testclient import TestClient

ID = "https://w3id.org/fikg/id/"
SEAWATER = ID + "technology/hydrogen-production-from-seawater"
SOLID_STORAGE = ID + "material/solid-state-hydrogen-storage-materials"
JSON = {"Accept": "application/json"}


def test_search_answers_json_hits_with_tier_labels_and_matched_text(real_client: TestClient) -> None:
    body = real_client.get("/search", params={"q": "海水制氢"}, headers=JSON).json()
    first = body["hits"][0]
    assert first["iri"] == SEAWATER and first["kind"] == "technology" and first["tier"] == "exact"
    assert first["labels"] == {"zh": "海水制氢", "en": "hydrogen production from seawater"}
    assert first["matched"] == "海水制氢" and first["href"] == "/entity/technology/hydrogen-production-from-seawater"
    assert len(body["hits"]) <= 10
    assert [h["rank"] for h in body["hits"]] == sorted(h["rank"] for h in body["hits"])


def test_a_term_inside_a_sentence_is_found_with_the_entities_it_states(real_client: TestClient) -> None:
    body = real_client.get("/search", params={"q": "固态储氢", "kind": "sentence", "format": "json"}).json()
    assert body["hits"] and all(h["tier"] == "sentence" and "固态储氢" in h["matched"] for h in body["hits"])
    cited = {e["iri"] for h in body["hits"] for e in h["entities"]}
    assert SOLID_STORAGE in cited
    hit = body["hits"][0]
    assert hit["sentence"] == hit["iri"] and hit["iri"].startswith(ID + "sentence/")


def test_kind_and_limit_narrow_the_answer_and_an_unknown_kind_is_400(real_client: TestClient) -> None:
    hits = real_client.get("/search", params={"q": "hydrogen", "kind": "technology", "limit": 3},
                           headers=JSON).json()["hits"]
    assert 0 < len(hits) <= 3 and {h["kind"] for h in hits} <= {"technology", "material", "product", "field"}
    bad = real_client.get("/search", params={"q": "氢", "kind": "spaceship"}, headers=JSON)
    assert bad.status_code == 400 and "technology" in bad.text
    assert real_client.get("/search", params={"q": "氢", "limit": 0}, headers=JSON).status_code == 400
    assert real_client.get("/search", params={"q": " "}, headers=JSON).json()["hits"] == []


def test_the_search_page_lists_names_and_sentences(real_client: TestClient) -> None:
    page = real_client.get("/search", params={"q": "颠覆性创新", "lang": "zh"}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "原文句子" in page.text and "<mark>颠覆性创新</mark>" in page.text
    assert 'href="/entity/action/jiangsu-2023-104-1-1-a08"' in page.text


def test_suggest_answers_at_most_ten_links_by_prefix(real_client: TestClient) -> None:
    hits = real_client.get("/search/suggest", params={"q": "海水", "lang": "zh"}).json()
    assert hits[0]["iri"] == SEAWATER and hits[0]["label"] == "海水制氢" and hits[0]["lang"] == "zh"
    assert hits[0]["href"] == "/entity/technology/hydrogen-production-from-seawater"
    assert len(real_client.get("/search/suggest", params={"q": "a"}).json()) == 10
    segment = real_client.get("/search/suggest", params={"q": "制氢", "lang": "en"}).json()
    assert SEAWATER in [h["iri"] for h in segment]
    assert real_client.get("/search/suggest", params={"q": "x" * 201}).status_code == 400
