"""Measures: six key and three safeguard measures, responsible parties in the text's order."""

from __future__ import annotations

import pytest

# written out from the text, clause （…按职责分工负责） of each measure
RESPONSIBLE = {
    "三(一)": ["省科技厅", "省发展改革委", "省工业和信息化厅", "省知识产权局"],
    "三(二)": ["省工业和信息化厅", "省科技厅", "省发展改革委", "省国资委", "相关设区市人民政府"],
    "三(三)": ["省工业和信息化厅", "省发展改革委", "省科技厅", "省委网信办", "省农业农村厅", "省商务厅",
             "省能源局", "省交通运输厅", "省住房城乡建设厅", "省教育厅", "省卫生健康委", "省国资委", "省药监局",
             "省文化和旅游厅"],
    "三(四)": ["省委组织部", "省委人才办", "省教育厅", "省国资委", "人民银行江苏省分行", "金融监管总局江苏局",
             "江苏证监局", "省财政厅", "省科技厅", "省工业和信息化厅", "省发展改革委"],
    "三(五)": ["省发展改革委", "省工业和信息化厅", "省科技厅", "省商务厅"],
    "三(六)": ["省发展改革委", "省科技厅", "省工业和信息化厅", "省市场监管局", "省知识产权局", "各设区市人民政府"],
    "四(一)": ["省推进战略性新兴产业发展工作领导小组成员单位"],
    "四(二)": ["省财政厅", "省发展改革委", "省科技厅", "省工业和信息化厅", "省税务局", "各设区市人民政府"],
    "四(三)": ["省统计局", "省发展改革委", "省科技厅", "省工业和信息化厅", "各设区市人民政府"],
}
TITLES = {
    "三(一)": "突出产业创新策源", "三(二)": "推动强企育链集群", "三(三)": "强化场景应用牵引",
    "三(四)": "加大关键要素支撑", "三(五)": "深化产业开放合作", "三(六)": "创新未来产业治理",
    "四(一)": "加强组织领导", "四(二)": "加大支持力度", "四(三)": "加强统计监测",
}
COLLECTIVE = {"相关设区市人民政府", "各设区市人民政府", "省推进战略性新兴产业发展工作领导小组成员单位"}


def test_measures_and_their_titles(sparql):
    rows = sparql("""
        SELECT ?num ?title ?cls WHERE {
          ?m fikg:provision ?p ; rdfs:label ?title ; a ?cls . ?p fikg:sectionNumber ?num .
          FILTER(lang(?title) = "zh") FILTER(?cls IN (fikg:KeyMeasure, fikg:SafeguardMeasure))
        }""")
    assert {r["num"]: r["title"] for r in rows} == TITLES
    kinds = {r["num"]: r["cls"].rsplit("#", 1)[1] for r in rows}
    assert {n for n, c in kinds.items() if c == "KeyMeasure"} == {n for n in TITLES if n.startswith("三")}
    assert {n for n, c in kinds.items() if c == "SafeguardMeasure"} == {n for n in TITLES if n.startswith("四")}


@pytest.mark.parametrize("number", sorted(RESPONSIBLE))
def test_responsible_parties_in_text_order(sparql, number):
    rows = sparql(f"""
        SELECT ?pos ?zh ?lead WHERE {{
          ?m fikg:provision/fikg:sectionNumber "{number}" ; fikg:hasResponsibility ?r .
          ?r fikg:agent ?a ; fikg:position ?pos ; fikg:isLead ?lead ; fikg:measure ?m .
          ?a rdfs:label ?zh . FILTER(lang(?zh) = "zh")
        }} ORDER BY ?pos""")
    assert [r["zh"] for r in rows] == RESPONSIBLE[number]
    assert [int(r["pos"]) for r in rows] == list(range(1, len(rows) + 1))
    assert [r["lead"] == "true" for r in rows] == [True] + [False] * (len(rows) - 1)


def test_collective_parties_are_not_agencies(sparql):
    rows = sparql("""
        SELECT ?zh ?party ?agency WHERE {
          ?r fikg:agent ?a . ?a rdfs:label ?zh . FILTER(lang(?zh) = "zh")
          BIND(EXISTS { ?a a fikg:CollectiveParty } AS ?party)
          BIND(EXISTS { ?a a/rdfs:subClassOf* org:Organization } AS ?agency)
        }""")
    for r in rows:
        is_party, is_agency = r["party"] == "true", r["agency"] == "true"
        assert is_party != is_agency, r
        assert is_party == (r["zh"] in COLLECTIVE), r


def test_distinct_collective_parties_are_distinct_resources(sparql):
    rows = sparql("""
        SELECT DISTINCT ?a WHERE { ?a a fikg:CollectiveParty ; rdfs:label ?zh .
          FILTER(?zh IN ("各设区市人民政府"@zh, "相关设区市人民政府"@zh, "各设区市"@zh, "相关设区市"@zh,
                         "省推进战略性新兴产业发展工作领导小组成员单位"@zh)) }""")
    assert len(rows) == 5


def test_every_measure_has_actions_and_a_generality_flag(sparql):
    rows = sparql("""
        SELECT ?m (COUNT(?a) AS ?n) (SAMPLE(?g) AS ?general) WHERE {
          ?m fikg:provision ?p ; fikg:hasAction ?a ; fikg:appliesToAllFutureIndustries ?g
        } GROUP BY ?m""")
    assert len(rows) == 9
    assert all(int(r["n"]) >= 3 for r in rows)


def test_measures_naming_industries(sparql):
    rows = sparql("""
        SELECT ?num ?zh WHERE {
          ?m fikg:provision/fikg:sectionNumber ?num ; fikg:namesIndustry ?i . ?i rdfs:label ?zh .
          FILTER(lang(?zh) = "zh")
        }""")
    named: dict[str, set[str]] = {}
    for r in rows:
        named.setdefault(r["num"], set()).add(r["zh"])
    assert named == {
        "三(二)": {"氢能", "细胞和基因技术"},
        "三(三)": {"氢能", "新型储能", "量子科技", "通用智能", "未来网络", "细胞和基因技术", "前沿新材料"},
    }


def test_general_measures(sparql):
    rows = sparql("""
        SELECT ?num WHERE { ?m fikg:provision/fikg:sectionNumber ?num ; fikg:appliesToAllFutureIndustries true }""")
    assert {r["num"] for r in rows} == {"三(一)", "三(四)", "三(五)", "三(六)", "四(一)", "四(二)", "四(三)"}


def test_actions_are_worded_as_in_their_sentence(sparql):
    rows = sparql("""
        SELECT ?zh ?text WHERE {
          ?a a fikg:Action ; rdfs:label ?zh ; fikg:sourceSentence/fikg:text ?text . FILTER(lang(?zh) = "zh")
        }""")
    assert len(rows) > 150
    for r in rows:
        assert r["zh"] in r["text"], r
