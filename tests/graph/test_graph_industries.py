"""Industries as the text lists them: ten growth industries in two orders, four frontier ones, sectors."""

from __future__ import annotations

# 一(二): 加快培育第三代半导体、未来网络、氢能、新型储能、细胞和基因技术、合成生物、通用智能、虚拟现实、前沿新材料、
#         零碳负碳（碳捕集利用及封存）等10个成长型未来产业
GROWTH_LIST_ORDER = [
    "第三代半导体", "未来网络", "氢能", "新型储能", "细胞和基因技术",
    "合成生物", "通用智能", "虚拟现实", "前沿新材料", "零碳负碳（碳捕集利用及封存）",
]
# 二(一): 1. 第三代半导体 … 8. 前沿新材料 9. 零碳负碳（碳捕集利用及封存） 10. 虚拟现实
GROWTH_SECTION_ORDER = [
    "第三代半导体", "未来网络", "氢能", "新型储能", "细胞和基因技术",
    "合成生物", "通用智能", "前沿新材料", "零碳负碳（碳捕集利用及封存）", "虚拟现实",
]
FRONTIER = ["量子科技", "深海深地空天", "类人机器人", "先进核能"]
# 三(三): 赋能重构农业、制造业、商务、能源、交通、建筑、教育、康养、文旅等行业
EMPOWERED_SECTORS = ["农业", "制造业", "商务", "能源", "交通", "建筑", "教育", "康养", "文旅"]


def _ordered(sparql, cls: str, prop: str) -> list[str]:
    rows = sparql(f"""
        SELECT ?zh ?pos WHERE {{
          ?i a fikg:{cls} ; fikg:{prop} ?pos ; rdfs:label ?zh . FILTER(lang(?zh) = "zh")
        }} ORDER BY ?pos""")
    return [r["zh"] for r in rows]


def test_growth_industries_in_list_order(sparql):
    assert _ordered(sparql, "GrowthFutureIndustry", "listPosition") == GROWTH_LIST_ORDER


def test_growth_industries_in_section_order(sparql):
    assert _ordered(sparql, "GrowthFutureIndustry", "sectionPosition") == GROWTH_SECTION_ORDER


def test_the_two_orders_differ_only_where_the_text_differs():
    assert GROWTH_LIST_ORDER[:7] == GROWTH_SECTION_ORDER[:7]
    assert GROWTH_LIST_ORDER[7:] != GROWTH_SECTION_ORDER[7:]


def test_each_growth_industry_has_its_item_provision(sparql):
    rows = sparql("""
        SELECT ?zh ?num WHERE {
          ?p fikg:aboutIndustry ?i ; fikg:sectionNumber ?num . ?i a fikg:GrowthFutureIndustry ; rdfs:label ?zh .
          FILTER(lang(?zh) = "zh")
        }""")
    got = {r["zh"]: r["num"] for r in rows}
    assert got == {zh: f"二(一){n}" for n, zh in enumerate(GROWTH_SECTION_ORDER, start=1)}


def test_frontier_industries(sparql):
    assert _ordered(sparql, "FrontierFutureIndustry", "listPosition") == FRONTIER


def test_growth_and_frontier_are_future_industries_and_disjoint(ontology):
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDFS

    f = "https://w3id.org/fikg/ontology#"
    assert (URIRef(f + "GrowthFutureIndustry"), RDFS.subClassOf, URIRef(f + "FutureIndustry")) in ontology
    assert (URIRef(f + "FrontierFutureIndustry"), RDFS.subClassOf, URIRef(f + "FutureIndustry")) in ontology
    assert (URIRef(f + "GrowthFutureIndustry"), OWL.disjointWith, URIRef(f + "FrontierFutureIndustry")) in ontology


def test_no_other_future_industries(sparql):
    rows = sparql("""
        SELECT DISTINCT ?i WHERE { { ?i a fikg:GrowthFutureIndustry } UNION { ?i a fikg:FrontierFutureIndustry } }""")
    assert len(rows) == 14


def test_empowered_sectors_named_by_measure_three_three(sparql):
    rows = sparql("""
        SELECT ?zh WHERE {
          ?a a fikg:Action ; fikg:mentions ?s ; rdfs:label ?text . FILTER(CONTAINS(?text, "赋能重构"))
          ?s a fikg:Sector ; rdfs:label ?zh . FILTER(lang(?zh) = "zh")
        }""")
    assert sorted(r["zh"] for r in rows) == sorted(EMPOWERED_SECTORS)


def test_growth_industry_system_membership(sparql):
    rows = sparql("""
        SELECT ?i WHERE { ?s a fikg:IndustrySystem ; fikg:hasMember ?i }""")
    assert len(rows) == 14
