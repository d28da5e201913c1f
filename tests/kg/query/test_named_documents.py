"""Named queries over several documents built together (issue 23): answers scoped to their document.

The seed (苏政发〔2023〕104号) and an invented national document (tests/data/documents/national-test.ttl) that
plants the cross-document case: it alone names 先进半导体, has a measure for all future industries of its own,
and its own 超导材料 concept aligned with Jiangsu's by skos:exactMatch.
"""

from __future__ import annotations

import pytest

from kg.errors import UnknownEntityError
from kg.query.named import json_rows
from kg.store.embedded import EmbeddedStore
from tests.helpers.documents import NATIONAL, SEED, multi_document_store
from tests.kg.query.test_named import CATALOG

ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"
TEST_AGENCIES = {ID + "agency/test-ministry", ID + "agency/test-commission"}


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return multi_document_store()


def run(store: EmbeddedStore, name: str, **params: str) -> list[dict]:
    return json_rows(CATALOG.get(name).run(store, params).rows())


def test_a_technology_only_another_document_names_gets_no_jiangsu_agency(store: EmbeddedStore) -> None:
    """The issue's case: Jiangsu's measures for all future industries no longer reach 先进半导体."""
    rows = run(store, "agencies-for-technology", technology="先进半导体")
    assert {r["iri"] for r in rows} == TEST_AGENCIES
    assert {(r["label_zh"], r["basis"]) for r in rows} == {("测试部", "explicit"), ("测试部", "general"),
                                                           ("测试委", "general")}
    assert {r["document"] for r in rows} == {NATIONAL} and {r["document_number"] for r in rows} == {"测试部〔2025〕1号"}
    assert run(store, "agencies-for-technology", technology="先进半导体", document="苏政发〔2023〕104号") == []


def test_no_general_coverage_crosses_documents_in_the_derived_graph(store: EmbeddedStore) -> None:
    prefixes = f"PREFIX fikg: <{FIKG}> PREFIX eli: <http://data.europa.eu/eli/ontology#> "
    documents: dict[str, set[str]] = {}
    for row in store.select(prefixes + "SELECT ?node ?document WHERE { { ?node fikg:provision ?provision } UNION "
                            "{ ?node fikg:sourceProvision ?provision } ?provision eli:is_part_of+ ?document . "
                            "?document a fikg:PolicyDocument }"):
        documents.setdefault(row["node"].value, set()).add(row["document"].value)
    general = store.select(prefixes + "SELECT ?technology ?measure WHERE { ?coverage a fikg:GeneralCoverage ; "
                           "fikg:technology ?technology ; fikg:viaMeasure ?measure }")
    assert len(general) > 3000
    assert all(documents[r["measure"].value] & documents[r["technology"].value] for r in general)
    crossing = store.select(f"""PREFIX fikg: <{FIKG}> SELECT ?agent WHERE {{
        ?agent fikg:coversTechnologyGenerally <{ID}technology/test-advanced-semiconductors> }}""")
    assert {r["agent"].value for r in crossing} == TEST_AGENCIES


def test_the_same_name_in_two_documents_answers_each_within_its_own(store: EmbeddedStore) -> None:
    """超导材料 is a concept of both documents: each is covered by its own document's agencies only."""
    rows = run(store, "agencies-for-technology", technology="超导材料")
    national = [r for r in rows if r["technology"] == ID + "material/test-superconducting-materials"]
    jiangsu = [r for r in rows if r["technology"] == ID + "material/superconducting-materials"]
    assert national and jiangsu
    assert {r["iri"] for r in national} == TEST_AGENCIES and {r["document"] for r in national} == {NATIONAL}
    assert not TEST_AGENCIES & {r["iri"] for r in jiangsu} and {r["document"] for r in jiangsu} == {SEED}
    scoped = run(store, "agencies-for-technology", technology="超导材料", document="苏政发〔2023〕104号")
    assert {r["technology"] for r in scoped} == {ID + "material/superconducting-materials"}


@pytest.mark.parametrize("document", ["测试部〔2025〕1号", "测试部关于推动未来产业创新发展的实施意见（测试用虚构文件）",
                                      "id:document/test-national-2025-1", NATIONAL])
def test_the_document_parameter_takes_a_number_a_title_a_curie_or_an_iri(store: EmbeddedStore, document: str) -> None:
    rows = run(store, "industries", document=document)
    assert [(r["label_zh"], r["position"]) for r in rows] == [("未来信息", 1), ("未来材料", 2)]
    assert {r["document"] for r in rows} == {NATIONAL}


def test_industries_of_every_document_are_numbered_within_each(store: EmbeddedStore) -> None:
    rows = run(store, "industries")
    by_document = {d: [r["position"] for r in rows if r["document"] == d] for d in (SEED, NATIONAL)}
    assert by_document == {SEED: list(range(1, 15)), NATIONAL: [1, 2]}


def test_targets_measures_and_parties_of_one_document(store: EmbeddedStore) -> None:
    targets = run(store, "targets", document="测试部〔2025〕1号")
    assert [(t["year"], t["quantity"], t["unit"], t["section"]) for t in targets] == [(2030, 100, "项", "二")]
    assert targets[0]["measure"] == ID + "measure/test-advanced-semiconductor-breakthroughs"
    every = run(store, "targets")  # every document's, each naming its document
    assert sum(t["document"] == SEED for t in every) == 22 and sum(t["document"] == NATIONAL for t in every) == 1
    measures = run(store, "measures-of-agency", agency="测试部")
    assert {(r["label_zh"], r["position"], r["document"]) for r in measures} == {
        ("突破先进半导体关键技术", 1, NATIONAL), ("统筹支持未来产业", 1, NATIONAL)}
    assert run(store, "measures-of-agency", agency="测试部", document="苏政发〔2023〕104号") == []


def test_names_are_resolved_among_the_documents_entities_first(store: EmbeddedStore) -> None:
    """The same name may be another kind of concept in another document (氢能: an industry of the seed, a
    technology of another text): with document, the name is that document's concept."""
    rows = run(store, "agencies-for-technology", technology="氢能", document="苏政发〔2023〕104号")
    assert {r["technology"] for r in rows} == {ID + "industry/hydrogen-energy"}
    assert {r["technology_kind"] for r in rows} == {"industry"} and {r["document"] for r in rows} == {SEED}
    # a name the document does not have is resolved over every document (and answers nothing there)
    assert run(store, "agencies-for-technology", technology="先进半导体", document="苏政发〔2023〕104号") == []


def test_search_and_sources_name_their_document(store: EmbeddedStore) -> None:
    rows = run(store, "search", text="超导材料")
    assert {(r["iri"], r["document"]) for r in rows if r["rank"] == 1} == {
        (ID + "material/superconducting-materials", SEED), (ID + "material/test-superconducting-materials", NATIONAL)}
    assert {r["document"] for r in run(store, "search", text="超导材料", document="测试部〔2025〕1号")} == {NATIONAL}
    sources = run(store, "sources", entity="id:technology/test-advanced-semiconductors")
    assert sources and {r["document"] for r in sources} == {NATIONAL}


def test_a_document_that_is_not_there_is_a_clear_error_with_suggestions(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownEntityError) as caught:
        run(store, "industries", document="no such document")
    assert caught.value.parameter == "document"


def test_related_documents_both_ways_with_the_sentence_stating_each_link(store: EmbeddedStore) -> None:
    rows = run(store, "related-documents", document="苏政发〔2023〕104号")
    incoming = {(r["relation"], r["iri"]) for r in rows if r["direction"] == "incoming"}
    assert ("cites", NATIONAL) in incoming
    assert {r["direction"] for r in rows} == {"incoming"}  # the seed's text cites no other document
    cited = next(r for r in rows if r["iri"] == NATIONAL)
    assert cited["number"] == "测试部〔2025〕1号" and cited["in_graph"] is True and cited["section"] == "一"
    assert "苏政发〔2023〕104号" in cited["text"]
    outgoing = run(store, "related-documents", document="测试部〔2025〕1号")
    assert [(r["direction"], r["relation"], r["iri"]) for r in outgoing] == [("outgoing", "cites", SEED)]


def test_a_documents_directions_are_its_industries(store: EmbeddedStore) -> None:
    """A city's industries, not classed as growth or frontier ones, are listed as directions in its order."""
    rows = run(store, "industries", document="常政发〔2025〕9号")
    assert [(r["position"], r["group"]) for r in rows] == [(n, "direction") for n in range(1, 6)]
    assert rows[1]["label_zh"].startswith("氢能")
    assert run(store, "industries", document="常政发〔2025〕9号", kind="growth") == []
