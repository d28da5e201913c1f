"""Targets: quantitative ones have a year or period, a quantity, a comparator, a unit and a counted kind."""

from __future__ import annotations

# (year or period, quantity, comparator, what is counted), from the text
EXPECTED = {
    # 建设10个未来产业（技术）研究院、未来技术学院、未来产业科技园等平台载体
    ("2025", "10", "exactly", "未来产业（技术）研究院"),
    ("2025", "50", "exactly", "未来产业领军人才（团队）"),  # 引育50个未来产业领军人才（团队）
    ("annual", "15", "atLeast", "前瞻技术研发项目"),  # 每年实施 15 个以上前瞻技术研发项目
    ("2030", "20", "exactly", "省级未来产业先导区"),  # 到2030年，建设20个省级未来产业先导区
    ("2030", "50", "atLeast", "开放应用场景"),  # 到2030年，建设50个以上开放应用场景
    ("2030", "100", "atLeast", "未来产业创新人才（团队）"),  # 未来产业创新人才（团队）100个以上
}


def test_every_quantitative_target_is_complete(sparql):
    rows = sparql("""
        SELECT ?t ?year ?period ?qty ?comp ?unit (COUNT(?c) AS ?counted) WHERE {
          ?t a fikg:QuantitativeTarget .
          OPTIONAL { ?t fikg:targetYear ?year } OPTIONAL { ?t fikg:period ?period }
          OPTIONAL { ?t fikg:quantity ?qty } OPTIONAL { ?t fikg:comparator ?comp }
          OPTIONAL { ?t fikg:unit ?unit } OPTIONAL { ?t fikg:counts ?c }
        } GROUP BY ?t ?year ?period ?qty ?comp ?unit""")
    assert len(rows) == 6
    for r in rows:
        assert ("year" in r) != ("period" in r), r
        assert "qty" in r and "comp" in r and "unit" in r, r
        assert int(r["counted"]) >= 1, r


def test_expected_targets(sparql):
    rows = sparql("""
        SELECT ?when ?qty ?comp ?zh WHERE {
          ?t a fikg:QuantitativeTarget ; fikg:quantity ?qty ; fikg:comparator ?c ; fikg:counts ?k .
          { ?t fikg:targetYear ?when } UNION { ?t fikg:period ?when }
          ?k rdfs:label ?zh . FILTER(lang(?zh) = "zh")
          BIND(STRAFTER(STR(?c), "#") AS ?comp)
        }""")
    got = {(r["when"], r["qty"], r["comp"], r["zh"]) for r in rows}
    assert got >= EXPECTED
    # the platform target counts exactly the three kinds the text names before 等
    platform = {r["zh"] for r in rows if r["qty"] == "10"}
    assert platform == {"未来产业（技术）研究院", "未来技术学院", "未来产业科技园"}


def test_at_least_exactly_where_the_text_says_yishang(sparql):
    rows = sparql("""
        SELECT ?zh ?c WHERE { ?t a fikg:QuantitativeTarget ; fikg:exactWording ?zh ; fikg:comparator ?c }""")
    for r in rows:
        assert ("以上" in r["zh"]) == r["c"].endswith("#atLeast"), r


def test_year_values_are_integers(data):
    from rdflib import URIRef
    from rdflib.namespace import XSD

    for _s, _p, o in data.triples((None, URIRef("https://w3id.org/fikg/ontology#targetYear"), None)):
        assert o.datatype == XSD.integer


def test_milestones_for_2025_2030_2035(sparql):
    rows = sparql("""
        SELECT ?year (COUNT(?m) AS ?n) WHERE { ?m a fikg:Milestone ; fikg:targetYear ?year } GROUP BY ?year""")
    assert {r["year"]: int(r["n"]) for r in rows} == {"2025": 6, "2030": 5, "2035": 5}


def test_targets_hang_off_their_measure_or_main_goals(sparql):
    rows = sparql("""
        SELECT ?t ?num WHERE {
          ?t a fikg:QuantitativeTarget . ?x fikg:hasTarget ?t .
          { ?x fikg:sectionNumber ?num } UNION { ?x fikg:provision/fikg:sectionNumber ?num }
        }""")
    assert sorted(r["num"] for r in rows) == sorted(["一(二)", "一(二)", "三(一)", "三(二)", "三(三)", "三(四)"])
