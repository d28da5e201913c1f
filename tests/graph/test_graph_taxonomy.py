"""The technology taxonomy and the lists that end with 等: exactly the members the text names."""

from __future__ import annotations

import pytest


def _mentioned(sparql, clause_start: str, cls: str) -> set[str]:
    rows = sparql(f"""
        SELECT ?zh WHERE {{
          ?a a fikg:Action ; rdfs:label ?text ; fikg:mentions ?e . FILTER(STRSTARTS(?text, "{clause_start}"))
          ?e a fikg:{cls} ; rdfs:label ?zh . FILTER(lang(?zh) = "zh")
        }}""")
    return {r["zh"] for r in rows}


@pytest.mark.parametrize(("clause_start", "cls", "members"), [
    # 大力发展电力电子器件、微波射频器件、光电子器件等产品
    ("大力发展电力电子器件", "Product", {"电力电子器件", "微波射频器件", "光电子器件"}),
    # 超前布局发展氧化镓、金刚石等超宽禁带半导体材料
    ("超前布局发展氧化镓", "Material", {"氧化镓", "金刚石", "超宽禁带半导体材料"}),
    # 加快发展高速全光通信、新一代移动通信、算力网络、卫星互联网等领域
    ("加快发展高速全光通信", "TechnologyField", {"高速全光通信", "新一代移动通信", "算力网络", "卫星互联网"}),
    # 引导苏州实验室、紫金山实验室、太湖实验室等重大创新平台
    ("以产业应用需求为牵引", "Laboratory", {"苏州实验室", "紫金山实验室", "太湖实验室"}),
    # 加快工业生产、文化旅游、…、智慧城市等领域应用场景建设
    ("加快工业生产", "ApplicationDomain", {"工业生产", "文化旅游", "融合媒体", "教育培训", "体育健康", "商贸创意",
                                       "演艺娱乐", "安全应急", "残障辅助", "智慧城市"}),
    # 瞄准量子科技、深海深地空天、类人机器人、先进核能等前沿领域
    ("瞄准量子科技", "FrontierFutureIndustry", {"量子科技", "深海深地空天", "类人机器人", "先进核能"}),
    # 深入对接京津冀、粤港澳等未来产业先发地区
    ("深入对接京津冀", "Region", {"京津冀", "粤港澳"}),
    # 探索“观察期”“包容期”等新型监管举措
    ("探索“观察期”", "PolicyInstrument", {"观察期", "包容期", "新型监管举措"}),
])
def test_lists_hold_exactly_the_members_named(sparql, clause_start, cls, members):
    assert _mentioned(sparql, clause_start, cls) == members


def test_split_compounds_keep_the_original_wording(sparql):
    rows = sparql("""
        SELECT ?zh ?alt WHERE {
          ?m a fikg:Material ; rdfs:label ?zh ; fikg:exactWording "碳化硅、氮化镓单晶衬底及外延材料"@zh ;
             skos:altLabel ?alt . FILTER(lang(?zh) = "zh")
          FILTER NOT EXISTS { ?m fikg:editorAltLabel ?alt }  # the text's own short forms, not the editor's
        }""")
    assert {(r["zh"], r["alt"]) for r in rows} == {("碳化硅单晶衬底及外延材料", "碳化硅"),
                                                   ("氮化镓单晶衬底及外延材料", "氮化镓")}


def test_concepts_named_in_an_item_belong_to_its_industry(sparql):
    rows = sparql("""
        SELECT ?c ?item_industry ?industry WHERE {
          ?c a/rdfs:subClassOf* skos:Concept ; fikg:sourceProvision ?item .
          ?item a fikg:Item ; fikg:aboutIndustry ?item_industry .
          OPTIONAL { ?c fikg:belongsToIndustry ?industry }
          FILTER NOT EXISTS { ?c a/rdfs:subClassOf* fikg:PolicyInstrument }
        }""")
    assert len(rows) > 90
    for r in rows:
        assert r.get("industry") == r["item_industry"], r


def test_broader_and_narrower_are_inverse_and_in_one_industry(sparql):
    rows = sparql("""
        SELECT ?n ?b WHERE {
          ?n skos:broader ?b .
          FILTER NOT EXISTS { ?b skos:narrower ?n }
        }""")
    assert rows == []
    rows = sparql("""
        SELECT ?n ?b WHERE {
          ?n skos:broader ?b ; fikg:belongsToIndustry ?i1 . ?b fikg:belongsToIndustry ?i2 . FILTER(?i1 != ?i2)
        }""")
    assert rows == []


def test_every_taxonomy_concept_is_in_its_scheme(sparql):
    rows = sparql("""
        SELECT ?c WHERE {
          ?c a/rdfs:subClassOf* skos:Concept .
          FILTER NOT EXISTS { ?c skos:inScheme ?s }
        }""")
    assert rows == []
