"""The monitoring part of the generated graph: each quantitative target's indicator, the Data Cube
structure, the (empty) monitoring data set of the document and the calendar years of its span.

Indicators are document facts: each is cited to the sentence of its target, and its wording names what
the target counts (checked here). The data structure definition, its component specifications, the data
set and the reference periods are the project's scaffolding for observations, not statements of the
text, so they carry labels but no citation (see ontology/README.md, Monitoring). Observations are not
part of the generated graph: they are loaded later, into the data set or one like it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

if TYPE_CHECKING:
    from build_graph import Builder

FIKG = Namespace("https://w3id.org/fikg/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
ID = "https://w3id.org/fikg/id/"
STRUCTURE = URIRef(ID + "structure/target-monitoring")
TIME_ZONE = "+08:00"  # China Standard Time: a Jiangsu year starts at 00:00 on 1 January in Beijing

# target slug -> (indicator slug, zh label, en label, accumulation); the zh label names what the target counts
INDICATORS: dict[str, tuple[str, str, str, str]] = {
    "2025-future-industry-platform-carriers": (
        "future-industry-platform-carriers-built",
        "建成的未来产业（技术）研究院、未来技术学院、未来产业科技园等平台载体数",
        "number of platform carriers built: future industry (technology) research institutes, future technology "
        "colleges, future industry science parks and the like", "cumulative"),
    "2025-future-industry-leading-talents": (
        "future-industry-leading-talents-attracted-and-cultivated", "引育的未来产业领军人才（团队）数",
        "number of future industry leading talents (teams) attracted and cultivated", "cumulative"),
    "annual-forward-looking-technology-projects": (
        "forward-looking-technology-projects-implemented-in-the-year", "当年实施的前瞻技术研发项目数",
        "number of forward-looking technology R&D projects implemented in the year", "perPeriod"),
    "2030-provincial-future-industry-pilot-zones": (
        "provincial-future-industry-pilot-zones-built", "建成的省级未来产业先导区数",
        "number of provincial future industry pilot zones built", "cumulative"),
    "2030-open-application-scenarios": (
        "open-application-scenarios-built", "建成的开放应用场景数",
        "number of open application scenarios built", "cumulative"),
    "2030-future-industry-innovation-talents": (
        "future-industry-innovation-talents-trained", "系统培养的具有交叉复合背景的未来产业创新人才（团队）数",
        "number of future industry innovation talents (teams) with interdisciplinary backgrounds trained",
        "cumulative"),
}

# (slug, zh, en, property, kind of property, required)
COMPONENTS = [
    ("indicator", "目标监测：指标（维度）", "target monitoring: indicator (dimension)", FIKG.refIndicator,
     QB.dimension, None),
    ("period", "目标监测：参考期（维度）", "target monitoring: reference period (dimension)", FIKG.refPeriod,
     QB.dimension, None),
    ("value", "目标监测：观测值（度量）", "target monitoring: observed value (measure)", SDMX_MEASURE.obsValue,
     QB.measure, None),
    ("status", "目标监测：观测状态（属性，必填）", "target monitoring: observation status (attribute, required)",
     SDMX_ATTRIBUTE.obsStatus, QB.attribute, True),
    ("source", "目标监测：来源（属性，选填）", "target monitoring: source (attribute, optional)", DCTERMS.source,
     QB.attribute, False),
]


def instant(year: int) -> Literal:
    """00:00 on 1 January of ``year`` in China Standard Time."""
    return Literal(f"{year}-01-01T00:00:00{TIME_ZONE}", datatype=XSD.dateTime)


def build_monitoring(b: Builder, targets: list[dict], document: tuple[str, str, str], span: tuple[int, int]) -> None:
    """Indicators for ``targets`` (records with iri, slug, sent, period, unit, counted zh labels), the
    structure, the monitoring data set of ``document`` (slug, number in zh and en) covering the years of
    ``span`` (year of issue, last target year), and those years."""
    doc, number_zh, number_en = document
    issue_year, last_year = span
    assert {t["slug"] for t in targets} == set(INDICATORS), "every quantitative target needs an indicator"
    for t in targets:
        slug, zh, en, accumulation = INDICATORS[t["slug"]]
        assert (accumulation == "perPeriod") == (t["period"] == "annual"), t["slug"]  # 每年 counts each year
        for counted in t["counted"]:
            assert counted in zh, (counted, zh)  # the indicator counts what its target counts
        iri = URIRef(f"{ID}indicator/{slug}")
        b.add(iri, RDF.type, FIKG.CountIndicator)
        b.add(iri, RDF.type, OWL.NamedIndividual)
        b.labels(iri, zh, en)
        b.add(iri, FIKG.unit, Literal(t["unit"]))
        b.rel(iri, FIKG.accumulation, FIKG[accumulation], t["sent"])
        b.cite(iri, t["sent"])
        b.rel(t["iri"], FIKG.indicator, iri, t["sent"])
    build_structure(b)
    dataset = URIRef(f"{ID}dataset/{doc}-target-monitoring")
    b.add(dataset, RDF.type, QB.DataSet)
    b.add(dataset, RDF.type, OWL.NamedIndividual)
    b.labels(dataset, f"{number_zh}量化目标监测", f"Monitoring of the quantitative targets of {number_en}")
    b.add(dataset, DCTERMS.description, Literal(
        f"Observations of the indicators of the quantitative targets of {number_en}, for its span "
        f"{issue_year}–{last_year} (from the year of issue to the last target year). Empty in the generated "
        f"graph: observations are loaded into it.", lang="en"))
    b.add(dataset, DCTERMS.description, Literal(
        f"{number_zh}各量化目标所对应指标的观测值，覆盖其期限{issue_year}—{last_year}年（从发布年份到最后的目标年份）。"
        "生成的图谱中为空，观测值另行载入。", lang="zh"))
    b.add(dataset, QB.structure, STRUCTURE)
    b.add(dataset, FIKG.periodStart, instant(issue_year))
    b.add(dataset, FIKG.periodEnd, instant(last_year + 1))
    for year in range(issue_year, last_year + 1):
        period = URIRef(f"{ID}period/{year}")
        b.add(period, RDF.type, FIKG.CalendarYear)
        b.add(period, RDF.type, OWL.NamedIndividual)
        b.labels(period, f"{year}年", str(year))
        b.add(period, FIKG.periodStart, instant(year))
        b.add(period, FIKG.periodEnd, instant(year + 1))


def build_structure(b: Builder) -> None:
    """The data structure definition: two dimensions, one measure, a required and an optional attribute."""
    b.add(STRUCTURE, RDF.type, QB.DataStructureDefinition)
    b.add(STRUCTURE, RDF.type, OWL.NamedIndividual)
    b.labels(STRUCTURE, "目标监测数据结构", "target monitoring data structure")
    for slug, zh, en, prop, kind, required in COMPONENTS:
        component = URIRef(f"{ID}component/target-monitoring-{slug}")
        b.add(STRUCTURE, QB.component, component)
        b.add(component, RDF.type, QB.ComponentSpecification)
        b.add(component, RDF.type, OWL.NamedIndividual)
        b.labels(component, zh, en)
        b.add(component, kind, prop)
        if required is not None:
            b.add(component, QB.componentRequired, Literal(required))
