"""Named queries over the real graph: each answer checked against the text of 苏政发〔2023〕104号.

Every test runs twice: on the seed alone, and on the seed built together with the other documents
(tests/helpers/documents.py) asking for 苏政发〔2023〕104号 (``document=``): its gold answers must not change
when other documents are present (issue 23).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryParameterError, UnknownEntityError, UnknownQueryError
from kg.query.named import Catalog, json_rows, parse_named_query
from kg.store.embedded import EmbeddedStore
from tests.helpers.built_graph import built_store
from tests.helpers.documents import SEED, multi_document_store

ROOT = Path(__file__).resolve().parents[3]
ID = "https://w3id.org/fikg/id/"
CATALOG = Catalog(ROOT / "queries")
REQUIRED = {"agencies-for-technology", "technologies-of-industry", "industry-of-technology", "agencies-of-measure",
            "measures-of-agency", "industries", "targets", "platforms", "regions", "search", "sources"}
PARTIES_3_3 = ["省工业和信息化厅", "省发展改革委", "省科技厅", "省委网信办", "省农业农村厅", "省商务厅", "省能源局",
               "省交通运输厅", "省住房城乡建设厅", "省教育厅", "省卫生健康委", "省国资委", "省药监局", "省文化和旅游厅"]


SEED_NUMBER = "苏政发〔2023〕104号"
_SCOPED: set[int] = set()  # the stores whose answers are asked for the seed's document


@pytest.fixture(params=["seed alone", "with other documents"])
def real_store(request: pytest.FixtureRequest) -> EmbeddedStore:
    if request.param == "seed alone":
        return request.getfixturevalue("real_store_alone")
    store = multi_document_store()
    _SCOPED.add(id(store))
    return store


@pytest.fixture
def real_store_alone() -> EmbeddedStore:
    return built_store()


def run(store: EmbeddedStore, name: str, **params: str) -> list[dict]:
    if id(store) in _SCOPED:
        params.setdefault("document", SEED_NUMBER)
    return json_rows(CATALOG.get(name).run(store, params).rows())


def test_catalogue_has_every_required_query_with_titles_and_examples() -> None:
    assert {q.name for q in CATALOG} >= REQUIRED
    for query in CATALOG:
        assert query.titles.get("en") and query.titles.get("zh"), query.name
        assert len(query.description) > 40, query.name
        for param in query.parameters:
            assert param.example is not None, (query.name, param.name)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_query_answers_its_example_with_iri_and_labels(real_store: EmbeddedStore, name: str) -> None:
    rows = run(real_store, name, **CATALOG.get(name).example_values())
    assert rows, name
    assert all({"iri", "label_zh", "label_en"} <= row.keys() for row in rows), name
    assert all(row["document"] == SEED and row["document_number"] == SEED_NUMBER for row in rows), name


@pytest.mark.parametrize("measure", ["三(三)", "三（三）", "强化场景应用牵引",
                                     "Strengthen the pull of application scenarios",
                                     ID + "measure/strengthen-application-scenario-pull"])
def test_agencies_of_measure_in_text_order(real_store: EmbeddedStore, measure: str) -> None:
    rows = run(real_store, "agencies-of-measure", measure=measure)
    assert [r["label_zh"] for r in rows] == PARTIES_3_3
    assert [r["position"] for r in rows] == list(range(1, 15))
    assert [r["is_lead"] for r in rows] == [True] + [False] * 13


def test_industry_of_seawater_hydrogen_is_hydrogen_energy(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "industry-of-technology", technology="海水制氢")
    assert [(r["label_zh"], r["kind"]) for r in rows] == [("氢能", "growth")]
    rows = run(real_store, "industry-of-technology", technology="Gallium Oxide")  # en, any case
    assert [r["label_zh"] for r in rows] == ["第三代半导体"]


def test_technologies_of_industry_go_down_the_taxonomy(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "technologies-of-industry", industry="氢能")
    labels = {r["label_zh"] for r in rows}
    # 二(一)3: 可再生能源制氢关键技术 (with 海水制氢 under it), 固态储氢材料 (石墨烯, 高活性轻金属 under it)
    assert {"可再生能源制氢关键技术", "海水制氢", "固态储氢材料", "石墨烯", "高活性轻金属"} <= labels
    assert "氢燃料电池汽车" not in labels  # an application scenario, not a technology
    assert {r["kind"] for r in rows} <= {"Technology", "Material", "Product", "TechnologyField"}
    seawater = next(r for r in rows if r["label_zh"] == "海水制氢")
    assert seawater["broader"] == ID + "technology/key-technologies-for-producing-hydrogen-from-renewable-energy"


def test_agencies_for_technology_explicit_then_general(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "agencies-for-technology", technology="海水制氢")
    bases = [r["basis"] for r in rows]
    assert bases == sorted(bases) and set(bases) == {"explicit", "general"}
    explicit = {(r["section"], r["label_zh"]) for r in rows if r["basis"] == "explicit"}
    # 三(二) names 氢能 (so it covers 海水制氢); 三(三) too, with all fourteen parties.
    assert {("三(三)", party) for party in PARTIES_3_3} <= explicit
    assert ("三(二)", "相关设区市人民政府") in explicit
    assert {r["section"] for r in rows if r["basis"] == "explicit"} == {"三(二)", "三(三)"}
    assert all(r["measure"].startswith(ID + "measure/") for r in rows)


def test_silicon_carbide_has_only_general_coverage(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "agencies-for-technology", technology=ID + "material/silicon-carbide-substrates-and-"
               "epitaxial-materials")
    assert rows and {r["basis"] for r in rows} == {"general"}
    assert {"三(一)", "三(四)", "三(五)", "三(六)", "四(一)", "四(二)", "四(三)"} == {r["section"] for r in rows}


def test_general_only_coverage_says_why_and_cites_its_measures(real_store: EmbeddedStore) -> None:
    """No measure of the document names 第三代半导体 (no fikg:namesIndustry of it, none of its technologies
    named): every row is general and says why, citing its measure and section."""
    rows = run(real_store, "agencies-for-technology", technology="第三代半导体")
    assert rows and {(r["basis"], r["coverage"]) for r in rows} == {("general", "general")}
    assert {r["reason"] for r in rows} == {"no measure of 苏政发〔2023〕104号 names 第三代半导体 or any of its "
                                           "technologies; these agencies cover it through measures for all future "
                                           "industries"}
    assert all(r["measure"].startswith(ID + "measure/") and r["section"] for r in rows)
    carbide = run(real_store, "agencies-for-technology", technology=ID + "material/silicon-carbide-substrates-and-"
                  "epitaxial-materials")
    assert {r["reason"] for r in carbide} == {"no measure of 苏政发〔2023〕104号 names 碳化硅单晶衬底及外延材料, a "
                                              "broader concept of it or its industry 第三代半导体; these agencies "
                                              "cover it through measures for all future industries"}


def test_explicit_coverage_is_said_on_every_row_of_the_concept_and_needs_no_reason(real_store: EmbeddedStore) -> None:
    """三(二) names 氢能, so 海水制氢 (under 可再生能源制氢关键技术, in 氢能) is covered explicitly: its general
    rows too say that a measure names it, and no row gives a reason."""
    for name in ("海水制氢", "氢能"):
        rows = run(real_store, "agencies-for-technology", technology=name)
        assert {r["coverage"] for r in rows} == {"explicit"} and {r["basis"] for r in rows} == {"explicit", "general"}
        assert not any("reason" in r for r in rows)


def test_coverage_needs_the_inferred_graph(real_store: EmbeddedStore) -> None:
    query = CATALOG.get("agencies-for-technology")
    assert query.run(real_store, {"technology": "海水制氢"}, inferred=False).rows() == []
    assert query.run(real_store, {"technology": "海水制氢"}, inferred=True).rows()


def test_measures_of_agency_in_text_order(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "measures-of-agency", agency="省科技厅")
    sections = ["三(一)", "三(二)", "三(三)", "三(四)", "三(五)", "三(六)", "四(二)", "四(三)"]
    assert [r["section"] for r in rows] == sections
    assert [r["position"] for r in rows] == [1, 2, 3, 9, 3, 2, 3, 3]
    assert [r["is_lead"] for r in rows] == [True] + [False] * 7


@pytest.mark.parametrize(("kind", "expected"), [
    ("growth", ["第三代半导体", "未来网络", "氢能", "新型储能", "细胞和基因技术", "合成生物", "通用智能", "虚拟现实",
                "前沿新材料", "零碳负碳（碳捕集利用及封存）"]),
    ("frontier", ["量子科技", "深海深地空天", "类人机器人", "先进核能"]),
])
def test_industries_in_document_order(real_store: EmbeddedStore, kind: str, expected: list[str]) -> None:
    rows = run(real_store, "industries", kind=kind)
    assert [r["label_zh"] for r in rows] == expected
    assert [r["position"] for r in rows] == list(range(1, len(expected) + 1))


def test_all_industries_growth_then_frontier(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "industries")  # default kind=all
    assert [r["position"] for r in rows] == list(range(1, 15))
    assert rows[7]["label_zh"] == "虚拟现实" and rows[7]["section_position"] == 10  # the two orders differ
    assert rows[10]["label_zh"] == "量子科技"


def test_targets_due_by_2025(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "targets", due_by="2025")
    by_target = {r["label_zh"]: r for r in rows}
    talents = by_target["引育50个未来产业领军人才（团队）"]
    assert (talents["year"], talents["quantity"], talents["comparator"], talents["unit"]) == (2025, 50, "exactly", "个")
    annual = next(r for r in rows if r.get("period") == "annual")  # 每年实施15个以上: always due
    assert (annual["quantity"], annual["comparator"], annual["section"]) == (15, "atLeast", "三(一)")
    assert annual["measure"] == ID + "measure/highlight-industrial-innovation-sources"
    assert all(r.get("year", 2025) <= 2025 for r in rows)


def test_targets_of_2030(real_store: EmbeddedStore) -> None:
    rows = [r for r in run(real_store, "targets", kind="quantitative") if r.get("year") == 2030]
    found = {(r["quantity"], r["comparator"], r["counts_label_zh"]) for r in rows}
    # 到2030年，建设50个以上开放应用场景 (三(三)); 建设20个省级未来产业先导区 (三(二)); 100个以上创新人才 (三(四))
    assert (50, "atLeast", "开放应用场景") in found
    assert (20, "exactly", "省级未来产业先导区") in found
    assert any(q == 100 and c == "atLeast" for q, c, _ in found)


def test_targets_one_row_each_with_what_it_counts_as_a_list(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "targets", kind="quantitative")
    assert len(rows) == len({r["iri"] for r in rows}) == 6
    carriers = next(r for r in rows if r["iri"] == ID + "target/2025-future-industry-platform-carriers")
    # 到2025年，建设10个左右未来技术学院、未来产业（技术）研究院、未来产业科技园 (三(二)): three kinds, one target
    assert set(carriers["counts_label_zh"].split("、")) == {"未来技术学院", "未来产业（技术）研究院", "未来产业科技园"}
    assert len(carriers["counts"].split()) == 3
    assert {r["target_kind"] for r in rows} == {"quantitative"}


def test_milestones_of_2025_2030_2035_are_reachable(real_store: EmbeddedStore) -> None:
    milestones = run(real_store, "targets", kind="milestone")
    assert len(milestones) == 16 and {r["target_kind"] for r in milestones} == {"milestone"}
    assert {r["year"] for r in milestones} == {2025, 2030, 2035}
    assert all(r["section"] == "一(二)" and "quantity" not in r and "counts" not in r for r in milestones)
    assert "未来产业形成较大规模" in {r["label_zh"] for r in milestones}
    assert {r["year"] for r in run(real_store, "targets", kind="milestone", due_by="2030")} == {2025, 2030}
    everything = run(real_store, "targets")  # kind=all by default
    assert len(everything) == 22 and [r.get("year", 0) for r in everything] == sorted(
        r.get("year", 0) for r in everything)


def test_platforms_serving_an_industry(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "platforms", industry="通用智能")
    assert {r["label_zh"] for r in rows} == {"国家新一代人工智能开放创新平台", "国家新一代人工智能公共算力开放创新平台"}
    everything = run(real_store, "platforms")
    labs = {r["label_zh"] for r in everything if r["kind"] == "Laboratory"}
    assert {"紫金山实验室", "苏州实验室", "太湖实验室"} <= labs
    assert len({r["iri"] for r in everything}) > len(rows)


def test_regions_with_what_is_asked_of_them(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "regions")
    nanjing = [r for r in rows if r["label_zh"] == "南京"]
    assert nanjing[0]["kind"] == "City"
    assert "支持南京、苏州打造未来网络新概念新技术新应用的发源地和引领者" in {r["ask_label_zh"] for r in nanjing}
    assert {"南京", "苏州", "长三角", "京津冀", "粤港澳"} <= {r["label_zh"] for r in rows}


def test_search_ranks_exact_then_prefix_then_contained(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "search", text="新型储能")
    assert rows[0]["label_zh"] == "新型储能" and rows[0]["rank"] == 1
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    assert run(real_store, "search", text="HYDROGEN ENERGY")[0]["iri"] == ID + "industry/hydrogen-energy"
    assert run(real_store, "search", text="no such words anywhere") == []


def test_sources_give_sentences_and_provisions(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "sources", entity="海水制氢")
    assert all(r["section"] == "二(一)3" for r in rows)
    assert any("海水制氢" in r["text"] for r in rows)
    facts = {(r["property"].rsplit("#", 1)[-1], r["object"]) for r in rows if r["fact"] == "states"}
    assert ("belongsToIndustry", ID + "industry/hydrogen-energy") in facts


def test_unknown_entity_suggests_close_labels(real_store: EmbeddedStore) -> None:
    rows = run(real_store, "industry-of-technology", technology="海水制氢气")  # close enough: the similar tier
    assert {(r["technology_matched_label"], r["technology_match"]) for r in rows} == {("海水制氢", "similar")}
    with pytest.raises(UnknownEntityError) as caught:
        run(real_store, "industry-of-technology", technology="海水淡化")
    assert [(s.label, s.value) for s in caught.value.suggestions] == [("海水制氢", "海水制氢")]


@pytest.mark.parametrize(("name", "params", "message"), [
    ("industries", {"kind": "middling"}, "must be one of"),
    ("targets", {"due_by": "soon"}, "must be an integer"),
    ("targets", {"kind": "qualitative"}, "must be one of"),
    ("search", {}, "required"),
    ("search", {"text": "x", "colour": "red"}, "unknown parameter"),
])
def test_bad_parameters_are_clear_errors(real_store: EmbeddedStore, name: str, params: dict, message: str) -> None:
    with pytest.raises(QueryParameterError, match=message):
        run(real_store, name, **params)


def test_unknown_query_name() -> None:
    with pytest.raises(UnknownQueryError):
        CATALOG.get("no-such-query")


def test_header_continuation_lines_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# title: T\n# title@zh: 标题\n# description: first line\n#   second: line\n"
                    "# param: kind choice(a|b) optional default=a example=b -- which\nSELECT * WHERE {}\n")
    query = parse_named_query(path)
    assert query.titles == {"en": "T", "zh": "标题"}
    assert query.description == "first line second: line"
    (param,) = query.parameters
    assert (param.default, param.example, param.choices, param.description) == ("a", "b", ["a", "b"], "which")
    assert param.schema() == {"type": "string", "enum": ["a", "b"], "default": "a", "examples": ["b"]}
