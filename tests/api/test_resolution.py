"""Entity resolution over REST: every phrasing of tests/data/phrasings.tsv through the named queries, over each kind
of store; multi-concept answers name their concept in each row; a wrong kind answers for what it names; a miss is
a 404 problem with suggestions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.embedded import EmbeddedStore
from kg.queries import Catalog, json_rows

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/fikg/id/"
with (ROOT / "tests" / "data" / "phrasings.tsv").open(encoding="utf-8", newline="") as _f:
    PHRASINGS = list(csv.DictReader(_f, delimiter="\t", quoting=csv.QUOTE_NONE))
TECHNOLOGY = [r for r in PHRASINGS if r["parameter"] == "technology"]
OTHERS = [r for r in PHRASINGS if r["parameter"] != "technology"]
CATALOG = Catalog(ROOT / "queries")
QUERY_OF = {"industry": "technologies-of-industry", "measure": "agencies-of-measure", "agency": "measures-of-agency"}


def expand(curies: str) -> set[str]:
    return {ID + c.removeprefix("id:") for c in curies.split()}


def ids(rows: list[dict[str, str]]) -> list[str]:
    return [f"{r['parameter']}={r['phrasing']}" for r in rows]


def get(client: TestClient, query: str, **params: str):
    return client.get(f"/queries/{query}", params=params, headers={"Accept": "application/json"})


@pytest.mark.parametrize("row", TECHNOLOGY, ids=ids(TECHNOLOGY))
def test_technology_phrasing_finds_its_concepts_industries_and_agencies(real_client: TestClient,
                                                                         row: dict[str, str]) -> None:
    industry = get(real_client, "industry-of-technology", technology=row["phrasing"])
    agencies = get(real_client, "agencies-for-technology", technology=row["phrasing"])
    if row["match"] == "none":
        for response in (industry, agencies):
            assert response.status_code == 404
            assert response.headers["content-type"].startswith("application/problem+json")
            assert isinstance(response.json()["suggestions"], list)
        return
    assert industry.status_code == 200 and agencies.status_code == 200, industry.text + agencies.text
    rows, covered = industry.json(), agencies.json()
    assert {r["technology"] for r in rows} == expand(row["expected"])
    assert {r["iri"] for r in rows} == expand(row["industries"])
    assert {r["technology"] for r in covered} == expand(row["expected"])  # every concept answered, none dropped
    for answer in rows + covered:
        assert answer["technology_label_zh"] and answer["technology_matched_label"]
        if row["match"] == "kind":
            assert answer["technology_kind"] == "industry"
        else:
            assert answer["technology_match"] == row["match"] and answer["technology_kind"] != "industry"


@pytest.mark.parametrize("row", OTHERS, ids=ids(OTHERS))
def test_industry_measure_and_agency_phrasings_answer_for_their_entity(real_client: TestClient,
                                                                        row: dict[str, str]) -> None:
    parameter = row["parameter"]
    response = get(real_client, QUERY_OF[parameter], **{parameter: row["phrasing"]})
    assert response.status_code == 200, response.text
    rows = response.json()
    if not rows:  # the document lists no technologies under a frontier industry: resolved, and truly empty
        frontier = {r["iri"] for r in get(real_client, "industries", kind="frontier").json()}
        assert parameter == "industry" and expand(row["expected"]) <= frontier
        return
    assert {r[parameter] for r in rows} == expand(row["expected"])
    assert {r[f"{parameter}_match"] for r in rows} == {row["match"]}


def test_a_name_of_two_concepts_answers_for_both(real_client: TestClient) -> None:
    rows = get(real_client, "agencies-for-technology", technology="SiC").json()
    concepts = {r["technology"]: r["technology_label_en"] for r in rows}
    assert set(concepts) == {ID + "material/silicon-carbide-substrates-and-epitaxial-materials",
                             ID + "technology/sic-gan-substrate-epitaxy-preparation"}
    assert {r["technology_matched_label"] for r in rows} == {"SiC"}
    order = [r["technology"] for r in rows]
    assert order == sorted(order)  # grouped by concept


def test_an_industry_given_as_a_technology_answers_the_industrys_coverage(real_client: TestClient) -> None:
    rows = get(real_client, "agencies-for-technology", technology="氢能").json()
    assert {(r["technology"], r["technology_kind"]) for r in rows} == {(ID + "industry/hydrogen-energy", "industry")}
    assert {r["basis"] for r in rows} == {"explicit", "general"}
    explicit = [r for r in rows if r["basis"] == "explicit"]
    assert {r["via_industry"] for r in explicit} == {ID + "industry/hydrogen-energy"}
    assert rows == sorted(rows, key=lambda r: r["basis"] != "explicit")  # explicit first
    assert get(real_client, "agencies-for-technology", technology="氢能", inferred="false").json()  # not derived


@pytest.mark.parametrize("technology", ["氢能", "SiC", "CCUS", "量子科技"])
def test_every_store_kind_answers_as_the_embedded_store(real_client: TestClient, real_store: EmbeddedStore,
                                                        technology: str) -> None:
    """Row for row: the industry branches once lost rows on Virtuoso 7 (a BIND beside a measure naming two
    industries)."""
    for query in ("agencies-for-technology", "industry-of-technology"):
        expected = json_rows(CATALOG.get(query).run(real_store, {"technology": technology}).rows())
        answered = get(real_client, query, technology=technology).json()
        assert sorted(map(repr, answered)) == sorted(map(repr, expected)), query


def test_a_miss_is_404_with_clickable_values(real_client: TestClient) -> None:
    response = get(real_client, "agencies-for-technology", technology="海水淡化")
    assert response.status_code == 404
    body = response.json()
    assert body["title"] == "UnknownEntityError" and "海水淡化" in body["detail"]
    [suggestion] = body["suggestions"]
    follow = get(real_client, "agencies-for-technology", technology=suggestion["value"])
    assert follow.status_code == 200 and {r["technology"] for r in follow.json()} == {suggestion["iri"]}


def test_a_wrong_kind_iri_is_refused_not_answered_empty(real_client: TestClient) -> None:
    response = get(real_client, "measures-of-agency", agency="id:technology/hydrogen-production-from-seawater")
    assert response.status_code == 404
    assert "not 'agency'" in response.json()["detail"]


def test_csv_answers_name_the_concept_too(real_client: TestClient) -> None:
    response = real_client.get("/queries/industry-of-technology", params={"technology": "GaN", "format": "csv"})
    header, *lines = response.text.splitlines()
    assert header.split(",")[:6] == ["technology", "technology_label_zh", "technology_label_en", "technology_kind",
                                     "technology_match", "technology_matched_label"]
    assert len(lines) == 2
