"""Documents compared (issue 23): shared through one entity or skos:exactMatch, else a document's own."""

from __future__ import annotations

import pytest

from kg.errors import QueryParameterError, UnknownEntityError
from kg.resources.comparison import compare_documents, resolve_documents
from kg.store.embedded import EmbeddedStore
from tests.helpers.documents import NATIONAL, SEED, multi_document_store

BASE = "https://w3id.org/fikg/"
ID = BASE + "id/"
CHANGZHOU = ID + "document/changzhou-2025-9"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return multi_document_store()


def aspect(comparison, name: str):
    return next(a for a in comparison.aspects if a.name == name)


def test_documents_are_named_by_number_title_or_iri_in_the_order_given(store: EmbeddedStore) -> None:
    named = resolve_documents(store, ["测试部〔2025〕1号", "省政府关于加快培育发展未来产业的指导意见"], BASE)
    assert named == (NATIONAL, SEED)
    with pytest.raises(QueryParameterError, match="two to 4"):
        resolve_documents(store, ["苏政发〔2023〕104号"], BASE)
    with pytest.raises(QueryParameterError, match="must differ"):
        resolve_documents(store, ["苏政发〔2023〕104号", SEED], BASE)
    with pytest.raises(UnknownEntityError):
        resolve_documents(store, ["苏政发〔2023〕104号", "no such document"], BASE)


def test_a_concept_aligned_by_exact_match_is_shared_the_others_are_each_documents_own(store: EmbeddedStore) -> None:
    comparison = compare_documents(store, (SEED, NATIONAL))
    technologies = aspect(comparison, "technologies")
    assert [sorted(m.iri for m in row.members) for row in technologies.shared] == [
        [ID + "material/superconducting-materials", ID + "material/test-superconducting-materials"]]
    national_own = {m.labels.zh for row in technologies.own for m in row.of(NATIONAL)}
    assert national_own == {"先进半导体"}
    assert all(len(row.documents) == 1 for row in technologies.own)
    assert aspect(comparison, "agencies").shared == ()  # no Jiangsu agency is the test ministry's
    assert {m.labels.zh for row in aspect(comparison, "targets").own for m in row.of(NATIONAL)} == {
        "到2030年突破先进半导体关键技术100项"}


def test_a_city_and_its_province_share_the_industries_the_city_aligns(store: EmbeddedStore) -> None:
    comparison = compare_documents(store, (SEED, CHANGZHOU))
    industries = aspect(comparison, "industries")
    shared = {row.of(SEED)[0].labels.zh: row.of(CHANGZHOU)[0].labels.zh for row in industries.shared}
    assert shared == {"氢能": "氢能（常政发〔2025〕9号）", "新型储能": "新型储能（常政发〔2025〕9号）",
                      "第三代半导体": "第三代半导体（常政发〔2025〕9号）"}
    own = aspect(comparison, "industries").own
    assert "先进核能" in {m.labels.zh for row in own for m in row.of(SEED)}
    assert comparison.numbers == {SEED: "苏政发〔2023〕104号", CHANGZHOU: "常政发〔2025〕9号"}
    payload = comparison.as_json()
    assert [d["number"] for d in payload["documents"]] == ["苏政发〔2023〕104号", "常政发〔2025〕9号"]
    assert len(payload["aspects"]["industries"]["shared"]) == len(aspect(comparison, "industries").shared)
