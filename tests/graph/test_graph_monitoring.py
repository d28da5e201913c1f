"""Target monitoring in the graph: every quantitative target has its indicator, and the Data Cube structure,
the document's monitoring data set and the calendar years of its span are there for observations."""

from __future__ import annotations

# target slug -> (indicator slug, accumulation): what each target of the text is measured by
EXPECTED = {
    "2025-future-industry-platform-carriers": ("future-industry-platform-carriers-built", "cumulative"),
    "2025-future-industry-leading-talents": ("future-industry-leading-talents-attracted-and-cultivated",
                                             "cumulative"),
    "annual-forward-looking-technology-projects": ("forward-looking-technology-projects-implemented-in-the-year",
                                                   "perPeriod"),  # 每年实施 15 个以上: each year on its own
    "2030-provincial-future-industry-pilot-zones": ("provincial-future-industry-pilot-zones-built", "cumulative"),
    "2030-open-application-scenarios": ("open-application-scenarios-built", "cumulative"),
    "2030-future-industry-innovation-talents": ("future-industry-innovation-talents-trained", "cumulative"),
}
ID = "https://w3id.org/fikg/id/"


def test_every_quantitative_target_has_its_indicator(sparql):
    rows = sparql("""
        SELECT ?t ?i ?acc ?unit ?target_unit WHERE {
          ?t a fikg:QuantitativeTarget ; fikg:unit ?target_unit .
          OPTIONAL { ?t fikg:indicator ?i . ?i a fikg:CountIndicator ; fikg:unit ?unit ; fikg:accumulation ?acc }
        }""")
    got = {r["t"].removeprefix(ID + "target/"): (r.get("i", "").removeprefix(ID + "indicator/"),
                                                  r.get("acc", "").rsplit("#", 1)[-1]) for r in rows}
    assert got == EXPECTED
    assert all(r["unit"] == r["target_unit"] == "个" for r in rows)


def test_an_indicator_is_cited_to_the_sentence_of_its_target(sparql):
    rows = sparql("""
        SELECT ?i ?sentence ?cited WHERE {
          ?t fikg:indicator ?i ; fikg:sourceSentence ?sentence .
          ?ax owl:annotatedSource ?t ; owl:annotatedProperty fikg:indicator ; owl:annotatedTarget ?i ;
              fikg:statedIn ?cited .
          FILTER EXISTS { ?i fikg:sourceSentence ?sentence }
        }""")
    assert len(rows) == len(EXPECTED)
    assert all(r["sentence"] == r["cited"] for r in rows)


def test_an_indicator_names_what_its_target_counts(sparql):
    rows = sparql("""
        SELECT ?i ?label ?counted WHERE {
          ?t fikg:indicator ?i ; fikg:counts/rdfs:label ?counted . ?i rdfs:label ?label .
          FILTER(lang(?label) = "zh" && lang(?counted) = "zh")
        }""")
    assert len(rows) == 8  # the platform target counts three kinds
    for r in rows:
        assert r["counted"] in r["label"], r


def test_the_data_structure_definition(sparql):
    rows = sparql("""
        PREFIX qb: <http://purl.org/linked-data/cube#>
        SELECT ?kind ?property ?required WHERE {
          <https://w3id.org/fikg/id/structure/target-monitoring> qb:component ?c .
          ?c ?kind ?property . FILTER(?kind IN (qb:dimension, qb:measure, qb:attribute))
          OPTIONAL { ?c qb:componentRequired ?required }
        }""")
    got = {(r["kind"].rsplit("#", 1)[-1], r["property"], r.get("required")) for r in rows}
    assert got == {
        ("dimension", "https://w3id.org/fikg/ontology#refIndicator", None),
        ("dimension", "https://w3id.org/fikg/ontology#refPeriod", None),
        ("measure", "http://purl.org/linked-data/sdmx/2009/measure#obsValue", None),
        ("attribute", "http://purl.org/linked-data/sdmx/2009/attribute#obsStatus", "true"),
        ("attribute", "http://purl.org/dc/terms/source", "false"),
    }


def test_the_monitoring_data_set_spans_the_policy_and_holds_no_observation(sparql):
    rows = sparql("""
        PREFIX qb: <http://purl.org/linked-data/cube#>
        SELECT ?ds ?start ?end (COUNT(?obs) AS ?observations) WHERE {
          ?ds a qb:DataSet ; qb:structure <https://w3id.org/fikg/id/structure/target-monitoring> ;
              fikg:periodStart ?start ; fikg:periodEnd ?end .
          OPTIONAL { ?obs qb:dataSet ?ds }
        } GROUP BY ?ds ?start ?end""")
    assert rows == [{"ds": ID + "dataset/jiangsu-2023-104-target-monitoring",
                     "start": "2023-01-01T00:00:00+08:00", "end": "2036-01-01T00:00:00+08:00",
                     "observations": "0"}]  # issued in 2023; 到2035年 is the last year the text names


def test_the_calendar_years_of_the_span(sparql):
    rows = sparql("""
        SELECT ?p ?start ?end WHERE { ?p a fikg:CalendarYear ; fikg:periodStart ?start ; fikg:periodEnd ?end }""")
    years = {int(r["p"].removeprefix(ID + "period/")): r for r in rows}
    assert sorted(years) == list(range(2023, 2036))
    for year, r in years.items():
        assert (r["start"], r["end"]) == (f"{year}-01-01T00:00:00+08:00", f"{year + 1}-01-01T00:00:00+08:00")
